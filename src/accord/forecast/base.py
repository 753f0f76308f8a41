"""What every forecast model class declares: its traits and one ``run(arrays, rng)`` method.

A model class is a frozen dataclass whose fields are its parameters, so ``__init__`` takes them as
explicit keyword arguments, ``__post_init__`` validates them (raising :class:`~accord.errors.InputError`)
and :meth:`ForecastModel.get_params` lists them for :attr:`ForecastResult.params
<accord.forecast.result.ForecastResult.params>`. Models are found through the ``accord.models``
entry-point group (:data:`accord.registry.MODELS`); a third-party package registers its own class there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from typing import Any, ClassVar

import numpy as np

from ..errors import InputError
from .arrays import ForecastInput
from .result import ForecastResult

__all__ = ["ForecastModel", "bad_param", "check_choice", "check_count"]


class ForecastModel:
    """Base of the forecast model classes (a mixin: subclasses are frozen dataclasses).

    Attributes
    ----------
    name : str
        The command-line name, as registered under ``accord.models``.
    title : str
        Human-readable name with its source.
    joint_issues : bool
        Whether the model forecasts the issues of a proposal jointly (trades between them), so that a
        backtest should hand it every issue of a proposal at once.
    variant : bool
        A tuned copy of another model: run only when named, never by ``all``.
    batched : bool
        Whether :meth:`run` accepts a leading sample axis (one numpy pass over the batch).
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    joint_issues: ClassVar[bool] = False
    variant: ClassVar[bool] = False
    batched: ClassVar[bool] = False

    def get_params(self) -> dict[str, Any]:
        """Every parameter of this model (its dataclass fields), by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)} if is_dataclass(self) else {}

    def run(self, arrays: ForecastInput, rng: np.random.Generator) -> ForecastResult:
        """Forecast every issue of ``arrays``; ``rng`` is the only source of randomness."""
        raise NotImplementedError

    def run_many(
        self, inputs: Sequence[ForecastInput], rngs: Sequence[np.random.Generator]
    ) -> list[ForecastResult | ValueError]:
        """:meth:`run` on each of several independent inputs (a backtest's issues), ``rngs[k]`` for input k.

        Returns, per input, its result or the ``ValueError`` (``InputError`` included) that :meth:`run`
        raised. This default runs them one by one; a model whose runs are dominated by per-call overhead
        overrides it to stack them (the SMP), with the same results.
        """
        out: list[ForecastResult | ValueError] = []
        for arrays, rng in zip(inputs, rngs, strict=True):
            try:
                out.append(self.run(arrays, rng))
            except ValueError as err:
                out.append(err)
        return out


def bad_param(model: str, param: str, message: str) -> InputError:
    """An :class:`InputError` located at ``model.param`` (e.g. ``eum.q: must be in [0, 1], got 2``)."""
    return InputError.single("", message, path=f"{model}.{param}")


def check_choice(model: str, param: str, value: object, allowed: tuple[str, ...]) -> None:
    """Raise :func:`bad_param` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise bad_param(model, param, f"must be one of {', '.join(map(repr, allowed))}, got {value!r}")


def check_count(model: str, param: str, value: object, minimum: int) -> None:
    """Raise :func:`bad_param` unless ``value`` is an integer (Python or numpy) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise bad_param(model, param, f"must be an integer >= {minimum}, got {value!r}")
