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

from collections.abc import Iterator, Mapping

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
    ReportFile,
    ScenarioSummary,
    ServeInfo,
    SimulationReport,
    StoreReport,
    TournamentReport,
    UncertaintySummary,
    ValidationReport,
)
from .run import AnalysisSpec, analyze, backtest, deal_space, deals, forecast, simulate, tournament


class _Documents(Mapping[str, type[Document]]):
    """Every JSON document accord writes, by ``kind``.

    The evidence-from-text and uncertainty packages define their own documents and sit above this layer
    (their results import it), so their kinds join on first use rather than at import.
    """

    def __init__(self, own: tuple[type[Document], ...]) -> None:
        self._own = own
        self._table: dict[str, type[Document]] | None = None

    def _load(self) -> dict[str, type[Document]]:
        if self._table is None:
            from ..play import DOCUMENTS as PLAY
            from ..text import DOCUMENTS as TEXT
            from ..uncertainty import DOCUMENTS as UNCERTAINTY

            table = {cls.kind: cls for cls in self._own}
            for kind, cls in {**TEXT, **UNCERTAINTY, **PLAY}.items():
                assert table.get(kind, cls) is cls, f"two documents of kind {kind!r}"
                table[kind] = cls
            self._table = table
        return self._table

    def __getitem__(self, kind: str) -> type[Document]:
        return self._load()[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


#: Every JSON document accord writes, by ``kind``.
DOCUMENTS: Mapping[str, type[Document]] = _Documents(
    (
        Analysis,
        BacktestReport,
        DealsReport,
        ForecastReport,
        ImportReport,
        OutlookReport,
        ReportFile,
        ScenarioSummary,
        ServeInfo,
        SimulationReport,
        StoreReport,
        TournamentReport,
        UncertaintySummary,
        ValidationReport,
    )
)

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
    "ReportFile",
    "ScenarioSummary",
    "ServeInfo",
    "StoreReport",
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
