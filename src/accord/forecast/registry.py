"""The one registration point for forecast models: ``MODELS`` maps a command-line name to a callable.

Every entry is ``fn(scenario, seed=None) -> ForecastResult``. ``accord forecast``, ``accord backtest`` and
``accord analyze`` all read this dict, so adding a model is one entry here. A model that forecasts
several issues jointly (so that a backtest should hand it all issues of a proposal at once) is marked
with ``@scenario_model(joint_issues=True)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .baseline import compromise_model, median_model
from .eum import ExpectedUtilityModel
from .exchange import ExchangeModel
from .nash import NashBargainingModel
from .result import ForecastResult
from .smp import smp_scenario

__all__ = ["MODELS", "run_model", "scenario_model"]

F = TypeVar("F", bound=Callable[..., ForecastResult])


def scenario_model(joint_issues: bool = False) -> Callable[[F], F]:
    """Declare whether a model ``(scenario, seed=None) -> ForecastResult`` forecasts issues jointly."""

    def mark(fn: F) -> F:
        fn.joint_issues = joint_issues  # type: ignore[attr-defined]
        return fn

    return mark


@scenario_model()
def _compromise(scenario: Any, seed: int | None = None) -> ForecastResult:
    """Compromise model: capability x salience weighted mean."""
    return compromise_model(scenario.positions, scenario.saliences, scenario.capabilities)


@scenario_model()
def _median(scenario: Any, seed: int | None = None) -> ForecastResult:
    """Capability x salience weighted median."""
    return median_model(scenario.positions, scenario.saliences, scenario.capabilities)


@scenario_model()
def _eum(scenario: Any, seed: int | None = None) -> ForecastResult:
    """Expected-utility model with Scholz et al.'s defaults (deterministic; the seed is unused)."""
    return ExpectedUtilityModel().run(scenario)


@scenario_model(joint_issues=True)
def _exchange(scenario: Any, seed: int | None = None) -> ForecastResult:
    """Equal-gain exchange model (deterministic; the seed is unused)."""
    return ExchangeModel().run(scenario, seed=seed)


@scenario_model()
def _nash(scenario: Any, seed: int | None = None) -> ForecastResult:
    """Nash bargaining model with the status quo as disagreement point."""
    return NashBargainingModel().run(scenario)


MODELS: dict[str, Callable[..., ForecastResult]] = {
    "compromise": _compromise,
    "median": _median,
    "eum": _eum,
    "exchange": _exchange,
    "nash": _nash,
    "smp": smp_scenario,
}


def run_model(name: str, scenario: Any, seed: int | None = None) -> ForecastResult:
    """Run the registered model ``name`` on ``scenario``.

    Raises
    ------
    ValueError
        For an unknown model name (listing the known ones), or when the model rejects the input.
    """
    try:
        fn = MODELS[name]
    except KeyError:
        raise ValueError(f"unknown model {name!r}; known: {', '.join(MODELS)}") from None
    return fn(scenario, seed=seed)
