"""The status quo and what follows from it: each actor's value of it, BATNAs, capabilities, saliences.

Tracks move the status quo, capabilities, BATNAs and saliences; a partial agreement moves the status
quo of its issue to the agreed option. :class:`StatusQuo` holds the starting values and recomputes the
moving ones from the tracks' effects and the partial agreements so far. Option values, the status quo
and where each BATNA comes from are fields of the deal space
(:attr:`~accord.deals.DealSpace.option_values`, :attr:`~accord.deals.DealSpace.status_quo`,
:attr:`~accord.deals.DealSpace.disagreement_from_status_quo`); saliences, positions, scales and
separable issues come from the scenario when there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError

if TYPE_CHECKING:
    from accord.deals import DealSpace
    from accord.scenario import Scenario

    from .tracks import TrackEffects

__all__ = ["StatusQuo", "Moved"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Moved:
    """The quantities of one moment: status quo, capabilities, BATNAs, and each actor's status-quo values."""

    status_quo: FloatArray
    capabilities: FloatArray
    disagreement: FloatArray
    sq_values: FloatArray


class StatusQuo:
    """Starting values of a negotiation, and how tracks and partial agreements move them.

    Parameters
    ----------
    space : DealSpace
    scenario : Scenario, optional
        The scenario the space was built from (actors and issues must match).
    partial : bool
        Whether partial agreements on separable issues (and on issues with declared ``parties``, side
        deals among them) are allowed.
    """

    def __init__(self, space: DealSpace, scenario: Scenario | None, partial: bool) -> None:
        n_a, n_k = space.n_actors, space.n_issues
        self.space = space
        self.option_values = space.option_values
        self.sq0 = np.array(space.status_quo, dtype=np.float64)
        separable: tuple[int, ...] = ()
        saliences = np.array(space.weights, dtype=np.float64)
        self.positions = np.full((n_a, n_k), np.nan)
        self.explicit = np.zeros((n_a, n_k), dtype=bool)
        self.spans = np.ones(n_k)
        self.lo, self.hi = np.zeros(n_k), np.full(n_k, np.inf)
        # Without the scenario's positions a BATNA cannot be re-derived from a moved status quo: every
        # BATNA is then taken as stated, and moves only with what partial agreements settle.
        self.batna_stated = np.ones(n_a, dtype=bool)
        if scenario is not None:
            sc = scenario
            if tuple(sc.actor_ids) != space.actors or tuple(sc.issue_ids) != space.issues:
                raise InputError.single(
                    "scenario", "the deal space was not built from this scenario (actors or issues differ)"
                )
            self.spans = np.array([i.span if i.span > 0 else 1.0 for i in sc.issues])
            # An issue with declared parties is a side deal among them: it may be settled alone.
            separable = (
                tuple(k for k, i in enumerate(sc.issues) if i.separable or i.parties) if partial else ()
            )
            saliences = np.maximum(np.array(sc.saliences, dtype=np.float64), 0.0)
            self.positions = np.array(sc.positions, dtype=np.float64)
            for st in sc.stances:
                if st.utilities:
                    self.explicit[space.actors.index(st.actor), space.issues.index(st.issue)] = True
            self.lo, self.hi = np.array(sc.scale_lo), np.array(sc.scale_hi)
            self.batna_stated = ~np.asarray(space.disagreement_from_status_quo)
        #: Separable issues that may be agreed alone: partial deals need a status quo to leave the
        #: other issues at.
        self.separable = tuple(k for k in separable if np.isfinite(self.sq0[k]))
        self.batna0 = np.array(space.disagreement, dtype=np.float64)
        self.cap0 = np.array(space.exponents, dtype=np.float64)
        #: Raw saliences (scenario scale), before the tracks move them.
        self.saliences0 = saliences
        self.sq_values0 = self.sq_values(self.sq0, {})

    def sq_values(self, sq: FloatArray, agreed: Mapping[int, int]) -> FloatArray:
        """Each actor's value of the status quo ``sq`` on each issue, shape (n_actors, n_issues).

        An issue settled by a partial agreement is valued at the agreed option; an issue without a
        status quo at 0.
        """
        space = self.space
        out = np.zeros((space.n_actors, space.n_issues))
        for k, v in enumerate(space.values):
            if k in agreed:
                out[:, k] = v[:, agreed[k]]
                continue
            if not np.isfinite(sq[k]):
                continue
            near = int(np.argmin(np.abs(self.option_values[k] - sq[k])))
            dist = np.abs(sq[k] - self.positions[:, k]) / self.spans[k]
            dist_v = 1.0 - (dist if space.loss == "linear" else dist**2)
            # Explicit utility tables (and actors without a position) value the nearest option.
            out[:, k] = np.where(
                self.explicit[:, k] | ~np.isfinite(dist_v), v[:, near], np.clip(dist_v, 0, 1)
            )
        return out

    def move(self, effects: TrackEffects, weights: FloatArray, agreed: Mapping[int, int]) -> Moved:
        """The status quo, capabilities and BATNAs under the tracks' ``effects`` and the ``agreed`` issues.

        ``weights`` are the current issue weights (saliences moved by the tracks, normalised).
        """
        capabilities = np.maximum(self.cap0 + effects.capability, 0.0)
        sq = np.clip(self.sq0 + effects.status_quo, self.lo, self.hi)
        sqv = self.sq_values(sq, agreed)
        from_sq = (weights * sqv).sum(axis=1)
        # Stated BATNAs move with what partial agreements settle, relative to the initial status quo.
        settled = (weights * (sqv - self.sq_values0)).sum(axis=1)
        base = np.where(self.batna_stated, self.batna0 + settled, from_sq)
        return Moved(sq, capabilities, np.clip(base + effects.batna, 0.0, 1.0), sqv)
