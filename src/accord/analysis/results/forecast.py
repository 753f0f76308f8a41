"""Forecasts and backtests (see :mod:`accord.analysis.results`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .base import Document
from .scenario import Clash


# -- forecasts ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueForecast:
    """One model's forecast of one issue, the nearest labelled option (id and label), and the red lines.

    ``forecast`` is the outcome if agreed; ``crosses`` the actors whose red line it crosses. With red
    lines respected (:func:`accord.forecast.respect.respect`), ``respected`` is the forecast projected
    onto the outcomes every signatory's red lines allow (the nearest such outcome), with its nearest
    option; where that set is empty, ``respected`` is None and ``clash`` says whose red lines exclude
    each other. ``linked``: linked-issue constraints that narrowed the allowed set, or (``violates``)
    that the respected outcomes still break. All stay empty (None) when red lines are not respected.
    """

    id: str
    forecast: float
    nearest_option: str | None
    nearest_option_label: str | None
    crosses: tuple[str, ...] = ()
    respected: float | None = None
    respected_option: str | None = None
    respected_option_label: str | None = None
    respected_crosses: tuple[str, ...] = ()
    clash: Clash | None = None
    linked: tuple[str, ...] = ()
    violates: tuple[str, ...] = ()


@dataclass(frozen=True)
class MoveRecord:
    """Why an actor's position changed in a round (the model's explanation trail)."""

    round: int
    actor: str
    issue: str
    before: float
    after: float
    reason: str
    counterpart: str | None
    detail: str


@dataclass(frozen=True)
class RoundRecord:
    """The forecast per issue and every actor's position per issue after one round (0: the input)."""

    round: int
    forecast: dict[str, float]
    positions: dict[str, dict[str, float]]


@dataclass(frozen=True)
class ModelForecast:
    """What one forecast model says: per issue, convergence, the trajectory, the moves, the parameters.

    ``n_crossings``: actor-issue cells where the forecast crosses the actor's red line;
    ``n_crossings_respected``: the same for the respected outcomes (None unless red lines are respected),
    over the issues that have one; ``n_clashes``: issues where no outcome respects every red line.
    """

    model: str
    issues: tuple[IssueForecast, ...]
    converged: bool
    n_rounds: int
    trajectory: tuple[RoundRecord, ...]
    moves: tuple[MoveRecord, ...]
    params: dict[str, Any]
    n_crossings: int = 0
    n_crossings_respected: int | None = None
    n_clashes: int = 0


@dataclass(frozen=True)
class ForecastReport(Document):
    """``accord forecast``: every requested model's forecast; ``errors`` names models that could not run.

    ``respect_red_lines``: whether each forecast was also projected onto the outcomes the red lines of
    ``signatories`` allow (every actor when empty).
    """

    kind: ClassVar[str] = "forecast"
    seed: int
    models: tuple[ModelForecast, ...]
    errors: dict[str, str] = field(default_factory=dict)
    respect_red_lines: bool = False
    signatories: tuple[str, ...] = ()


# -- backtest -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ModelScore:
    """Issues scored, mean absolute error, and the paired difference to the compromise model (95% CI)."""

    n: int
    mae: float | None
    diff_mean: float | None
    diff_vs_compromise: tuple[float, float] | None


@dataclass(frozen=True)
class CalibrationBin:
    """Issues whose ``p_agreement`` fell in ``[lo, hi)``: how many, their mean p, the share agreed."""

    lo: float
    hi: float
    n: int
    mean_p: float | None
    observed: float | None


@dataclass(frozen=True)
class OutlookScore:
    """The outlook scored on real outcomes, beside forecast baselines on the same issues.

    ``expected`` and ``if_agreed`` are the two readings of the outlook (see
    :mod:`accord.analysis.outlook_backtest`); ``baselines`` score the compromise and median models and
    the plain median of the positions on the issues ``expected`` is scored on (``baselines_all``: on every
    issue run). ``brier`` and ``calibration`` judge ``p_agreement`` against whether the issue was agreed.
    """

    n_cases: int
    n_available: int
    n_runs: int
    rounds: int
    expected: ModelScore
    if_agreed: ModelScore
    baselines: dict[str, ModelScore]
    baselines_all: dict[str, ModelScore]
    mean_p_agreement: float
    brier: float
    calibration: tuple[CalibrationBin, ...]
    note: str


@dataclass(frozen=True)
class BacktestReport(Document):
    """``accord backtest``: each model's error on real outcomes, beside naive references.

    ``outlook``: the outlook scored on the same outcomes (``accord backtest --outlook``), else None.
    """

    kind: ClassVar[str] = "backtest"
    file: str
    capability: str
    seed: int
    n_boot: int
    n_issues: int
    models: dict[str, ModelScore]
    references: dict[str, ModelScore]
    errors: dict[str, tuple[str, ...]]
    outlook: OutlookScore | None = None
