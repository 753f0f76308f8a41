"""The uncertainty section and the whole analysis (see :mod:`accord.analysis.results`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from .base import Document
from .deals import DealsReport
from .forecast import ForecastReport
from .scenario import ScenarioSummary
from .simulation import OutlookReport, SimulationReport


# -- how sure: the uncertainty section (accord.uncertainty computes it) ---------------------------------
@dataclass(frozen=True)
class Spread:
    """A distribution of numbers over the samples: mean, standard deviation and quantiles (5% to 95%)."""

    n: int
    mean: float | None
    sd: float | None
    p05: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    p95: float | None


@dataclass(frozen=True)
class ForecastSpread:
    """One model's forecast of one issue over the samples; ``options``: the share nearest each option."""

    model: str
    issue: str
    spread: Spread
    options: dict[str, float]
    failed: int = 0


@dataclass(frozen=True)
class UncertaintySummary(Document):
    """The uncertainty section of ``accord analyze``: forecast intervals, the chance of a zone of agreement.

    ``forecasts`` come from ``n_samples`` samples; ``p_zopa`` from ``n_deal_samples`` (the deal analysis
    is the slow part).
    """

    kind: ClassVar[str] = "uncertainty"
    seed: int
    n_samples: int
    n_deal_samples: int
    n_parameters: int
    default_spread: bool
    forecasts: tuple[ForecastSpread, ...]
    p_zopa: float | None


# -- everything at once ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Failure:
    """Why a part of an analysis did not run: bad input (``input``) or a limit (``limit``)."""

    kind: Literal["input", "limit"]
    message: str


@dataclass(frozen=True)
class Analysis(Document):
    """``accord analyze``: the scenario, every forecast model, the deal space and a simulated round of talks.

    An analysis that could not run on this scenario is None, with the reason in ``errors``.
    """

    kind: ClassVar[str] = "analysis"
    accord_version: str
    seed: int
    spec: dict[str, Any]
    scenario: ScenarioSummary
    forecasts: ForecastReport | None
    deals: DealsReport | None
    simulation: SimulationReport | None
    outlook: OutlookReport | None
    uncertainty: UncertaintySummary | None
    errors: dict[str, Failure]
