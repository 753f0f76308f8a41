"""The analysis layer: one entry point per analysis, each returning one typed result.

Data flows one way: scenario -> arrays -> model -> typed result -> renderer / JSON / store. The command
line, the web app, the reports and the store call these functions and nothing below them.

Entry points::

    analyze(scenario, spec=None, seed=0) -> Analysis      everything at once (``accord analyze``)
    forecast(scenario, models, seed=0)   -> ForecastReport
    backtest(path, models, ...)          -> BacktestReport
    deal_space(source, **options)        -> DealSpace (any registered deal source)
    deals(space, signatories, top)       -> DealsReport
    simulate(scenario, strategies, ...)  -> SimulationReport
    outlook(scenario, by, n_runs, seed)  -> OutlookReport (chance of agreement per issue by a date)
    tournament(scenarios, strategies, ...) -> TournamentReport
    validate(path)                       -> ValidationReport
    import_file(fmt, path, out)          -> ImportReport

Every result has ``to_dict()`` (a JSON document led by ``schema_version`` and ``kind``), ``from_dict()``
and ``json_schema()``; :data:`DOCUMENTS` lists them by kind.
"""

from .files import import_file, validate
from .outlook import OutlookReport, outlook
from .results import (
    SCHEMA_VERSION,
    Analysis,
    BacktestReport,
    DealsReport,
    Document,
    ForecastReport,
    ImportReport,
    ScenarioSummary,
    SimulationReport,
    TournamentReport,
    ValidationReport,
)
from .run import AnalysisSpec, analyze, backtest, deal_space, deals, forecast, simulate, tournament

#: Every JSON document accord writes, by ``kind``.
DOCUMENTS: dict[str, type[Document]] = {
    cls.kind: cls
    for cls in (
        Analysis,
        BacktestReport,
        DealsReport,
        ForecastReport,
        ImportReport,
        OutlookReport,
        ScenarioSummary,
        SimulationReport,
        TournamentReport,
        ValidationReport,
    )
}

__all__ = [
    "DOCUMENTS",
    "SCHEMA_VERSION",
    "Analysis",
    "AnalysisSpec",
    "BacktestReport",
    "DealsReport",
    "Document",
    "ForecastReport",
    "ImportReport",
    "OutlookReport",
    "ScenarioSummary",
    "SimulationReport",
    "TournamentReport",
    "ValidationReport",
    "analyze",
    "backtest",
    "deal_space",
    "deals",
    "forecast",
    "import_file",
    "outlook",
    "simulate",
    "tournament",
    "validate",
]
