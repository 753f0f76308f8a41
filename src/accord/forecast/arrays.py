"""The arrays every forecast model reads: :class:`ForecastInput`, built once from a scenario.

Data flow: scenario -> :meth:`ForecastInput.from_scenario` -> ``model.run(arrays, rng)`` ->
:class:`~accord.forecast.result.ForecastResult`. Models never see a :class:`~accord.scenario.Scenario`, so
the uncertainty layer can hand them sampled arrays (a leading sample axis) without building scenarios.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError

__all__ = ["ForecastInput"]

FloatArray = NDArray[np.float64]


def _frozen(a: ArrayLike) -> FloatArray:
    out = np.array(a, dtype=float)
    out.flags.writeable = False
    return out


@dataclass(frozen=True, eq=False)
class ForecastInput:
    """A scenario as the arrays forecast models compute on.

    Parameters
    ----------
    actor_ids, issue_ids : tuple of str
    positions : ndarray, shape ([n_samples,] n_actors, n_issues)
        Positions on each issue's own scale; NaN where an actor takes no stance.
    saliences : ndarray, shape ([n_samples,] n_actors, n_issues)
        Saliences on 0-100 (only ratios matter to most models; the EUM, exchange model and SMP divide by
        100).
    capabilities : ndarray, shape ([n_samples,] n_actors)
    scale_lo, scale_hi : ndarray, shape (n_issues,)
        Ends of each issue's scale.
    status_quo : ndarray, shape (n_issues,)
        Reference point of each issue; NaN where there is none.
    actor_names, issue_names : tuple of str, optional
        Display names for explanation trails; default the ids.
    accommodation : ndarray, shape (n_actors, n_actors), optional
        KTAB's ideal-accommodation matrix (the SMP reads it; None: identity).
    model_params : mapping of model name -> mapping, optional
        Parameters the scenario file declares for a model (the KTAB importer's ``smp_params``);
        :func:`accord.forecast.run_model` passes them to the model's constructor, under any given there.

    Notes
    -----
    A leading sample axis on ``positions``, ``saliences`` and ``capabilities`` (all three, same
    ``n_samples``) makes a batch of inputs that share actors, issues and scales. Models that declare
    ``batched = True`` (compromise, median) forecast a batch in one numpy pass; the others refuse it
    (:meth:`require_single`), and :meth:`sample` gives one member of the batch.
    """

    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    positions: FloatArray
    saliences: FloatArray
    capabilities: FloatArray
    scale_lo: FloatArray
    scale_hi: FloatArray
    status_quo: FloatArray
    actor_names: tuple[str, ...] = ()
    issue_names: tuple[str, ...] = ()
    accommodation: FloatArray | None = None
    model_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("positions", "saliences", "capabilities", "scale_lo", "scale_hi", "status_quo"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        if self.accommodation is not None:
            object.__setattr__(self, "accommodation", _frozen(self.accommodation))
        object.__setattr__(self, "actor_ids", tuple(self.actor_ids))
        object.__setattr__(self, "issue_ids", tuple(self.issue_ids))
        object.__setattr__(self, "actor_names", tuple(self.actor_names) or self.actor_ids)
        object.__setattr__(self, "issue_names", tuple(self.issue_names) or self.issue_ids)
        object.__setattr__(self, "model_params", MappingProxyType(dict(self.model_params)))
        n, m = len(self.actor_ids), len(self.issue_ids)
        batch = self.positions.shape[:-2]
        if len(batch) > 1:
            raise InputError("positions must have shape ([n_samples,] n_actors, n_issues)")
        expected = {
            "positions": batch + (n, m),
            "saliences": batch + (n, m),
            "capabilities": batch + (n,),
            "scale_lo": (m,),
            "scale_hi": (m,),
            "status_quo": (m,),
            "actor_names": (n,),
            "issue_names": (m,),
        }
        for name, shape in expected.items():
            got = np.shape(getattr(self, name))
            if got != shape:
                raise InputError(f"ForecastInput.{name} has shape {got}, expected {shape}")
        if self.accommodation is not None and self.accommodation.shape != (n, n):
            got = self.accommodation.shape
            raise InputError(f"ForecastInput.accommodation has shape {got}, expected {(n, n)}")

    @classmethod
    def from_scenario(cls, scenario: Any) -> ForecastInput:
        """The arrays of a :class:`accord.scenario.Scenario`.

        ``scenario.metadata["smp_params"]`` and ``["accommodation"]`` (written by the KTAB importer)
        become ``model_params["smp"]`` and ``accommodation``.
        """
        meta = getattr(scenario, "metadata", None) or {}
        model_params = {"smp": dict(meta["smp_params"])} if meta.get("smp_params") else {}
        acc = meta.get("accommodation")
        return cls(
            actor_ids=scenario.actor_ids,
            issue_ids=scenario.issue_ids,
            positions=scenario.positions,
            saliences=scenario.saliences,
            capabilities=scenario.capabilities,
            scale_lo=scenario.scale_lo,
            scale_hi=scenario.scale_hi,
            status_quo=scenario.status_quo,
            actor_names=tuple(a.name for a in scenario.actors),
            issue_names=tuple(i.name for i in scenario.issues),
            accommodation=None if acc is None else np.asarray(acc, dtype=float),
            model_params=model_params,
        )

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actor_ids)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issue_ids)

    @property
    def n_samples(self) -> int | None:
        """Size of the leading sample axis; None for a single input."""
        return int(self.positions.shape[0]) if self.positions.ndim == 3 else None

    def sample(self, i: int) -> ForecastInput:
        """Member ``i`` of a batch, as a single input."""
        if self.n_samples is None:
            raise InputError("this ForecastInput has no sample axis")
        return replace(
            self,
            positions=self.positions[i],
            saliences=self.saliences[i],
            capabilities=self.capabilities[i],
        )

    def require_single(self, model: str) -> None:
        """Refuse a batch, for models that forecast one input at a time.

        Raises
        ------
        InputError
            Naming the model and the way out (one run per :meth:`sample`).
        """
        if self.n_samples is not None:
            raise InputError(
                f"model {model!r} does not take a sample axis (positions of shape {self.positions.shape}); "
                "run it on each ForecastInput.sample(i)"
            )
