"""The typed results of every analysis: frozen dataclasses with one JSON form and one JSON Schema each.

A command's ``--json`` output is a :class:`Document`: a result whose first keys are ``schema_version``
(bumped on any incompatible change of a shape) and ``kind`` (which result it is). Everything nested is a
plain frozen dataclass; :mod:`accord.analysis.codec` converts both ways and derives the schemas.
Engine-side records (:class:`~accord.deals.Solution`, :class:`~accord.deals.Opening`, ...) are reused
as they are rather than copied into look-alike classes.
"""

from .analysis import Analysis, Failure, ForecastSpread, Spread, UncertaintySummary
from .base import SCHEMA_VERSION, Document
from .deals import DealsReport, ParetoPoint
from .forecast import (
    BacktestReport,
    CalibrationBin,
    ForecastReport,
    IssueForecast,
    ModelForecast,
    ModelScore,
    MoveRecord,
    OutlookScore,
    RoundRecord,
)
from .scenario import (
    ActorSummary,
    Clash,
    ImportReport,
    IssueSummary,
    OptionSummary,
    ProblemRecord,
    ScenarioSummary,
    StanceSummary,
    TimelineEntry,
    ValidationReport,
)
from .service import ReportFile, ServeInfo, StoreReport
from .simulation import (
    Agreement,
    IssueOutlook,
    OutlookPoint,
    OutlookReport,
    RankRow,
    SimulationReport,
    TournamentReport,
    TraceRecord,
)

__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "ReportFile",
    "ServeInfo",
    "StoreReport",
    "ProblemRecord",
    "ValidationReport",
    "ActorSummary",
    "OptionSummary",
    "StanceSummary",
    "IssueSummary",
    "Clash",
    "ScenarioSummary",
    "IssueForecast",
    "MoveRecord",
    "RoundRecord",
    "ModelForecast",
    "ForecastReport",
    "ModelScore",
    "BacktestReport",
    "CalibrationBin",
    "OutlookScore",
    "ParetoPoint",
    "DealsReport",
    "TraceRecord",
    "Agreement",
    "SimulationReport",
    "RankRow",
    "TournamentReport",
    "ImportReport",
    "Failure",
    "Analysis",
    "IssueOutlook",
    "OutlookPoint",
    "OutlookReport",
    "Spread",
    "ForecastSpread",
    "UncertaintySummary",
    "TimelineEntry",
]
