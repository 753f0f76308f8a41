"""The typed results of every analysis: frozen dataclasses with one JSON form and one JSON Schema each.

A command's ``--json`` output is a :class:`Document`: a result whose first keys are ``schema_version``
(bumped on any incompatible change of a shape) and ``kind`` (which result it is). Everything nested is a
plain frozen dataclass; :mod:`accord.analysis.codec` converts both ways and derives the schemas.
Engine-side records (:class:`~accord.deals.Solution`, :class:`~accord.deals.Opening`, ...) are reused
as they are rather than copied into look-alike classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ..deals.concessions import CheapToCede, Logroll, Opening
from ..deals.solutions import Solution
from ..scenario.model import Source
from .codec import Record

__all__ = [
    "SCHEMA_VERSION",
    "Document",
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
]

#: Version of every JSON document accord writes (major.minor; the major changes on a breaking change).
SCHEMA_VERSION = "1.0"


class Document(Record):
    """A top-level result: ``to_dict`` leads with ``schema_version`` and ``kind``."""

    kind: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON document, ``schema_version`` and ``kind`` first."""
        return {"schema_version": SCHEMA_VERSION, "kind": self.kind, **super().to_dict()}

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of :meth:`to_dict`'s output, the document header included."""
        schema = super().json_schema()
        body = schema["$defs"][cls.__name__]
        body["properties"] = {
            "schema_version": {"type": "string", "pattern": r"^\d+\.\d+$"},
            "kind": {"const": cls.kind},
            **body["properties"],
        }
        body["required"] = ["schema_version", "kind", *body["required"]]
        schema["title"] = f"accord {cls.kind} (schema {SCHEMA_VERSION})"
        return schema


# -- validation and import ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProblemRecord:
    """One located problem: file, line, column (1-based; 0 unknown), field path, message, severity."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport(Document):
    """``accord validate``: whether a scenario file is valid, its size, and every problem found."""

    kind: ClassVar[str] = "validation"
    file: str
    valid: bool
    n_actors: int
    n_issues: int
    n_stances: int
    n_sources: int
    problems: tuple[ProblemRecord, ...]


@dataclass(frozen=True)
class ImportReport(Document):
    """``accord import``: what was read and written."""

    kind: ClassVar[str] = "import"
    format: str
    source: str
    written: tuple[str, ...]
    n_scenarios: int
    n_actors: int
    n_issues: int


# -- the scenario ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActorSummary:
    """An actor: id, name, capability and its share of the total, group, declared default strategy."""

    id: str
    name: str
    capability: float
    share: float
    group: str | None
    strategy: str | None


@dataclass(frozen=True)
class OptionSummary:
    """A labelled point of an issue's scale."""

    id: str
    label: str
    value: float


@dataclass(frozen=True)
class StanceSummary:
    """Where one actor stands on one issue, how much it cares, its red line, and what that rests on."""

    actor: str
    position: float
    salience: float
    red_line: tuple[float, float] | None
    confidence: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class IssueSummary:
    """An issue: scale, labelled options, status quo and every stance on it."""

    id: str
    name: str
    parent: str | None
    lo: float
    hi: float
    status_quo: float | None
    options: tuple[OptionSummary, ...]
    stances: tuple[StanceSummary, ...]


@dataclass(frozen=True)
class Clash:
    """An issue where red lines exclude each other: no outcome respects them all."""

    issue: str
    actors: tuple[str, ...]
    red_lines: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class ScenarioSummary(Document):
    """Who is at the table, who stands where, the sources, and the red lines that clash."""

    kind: ClassVar[str] = "scenario"
    title: str
    as_of: str | None
    n_actors: int
    n_issues: int
    n_stances: int
    n_sources: int
    actors: tuple[ActorSummary, ...]
    issues: tuple[IssueSummary, ...]
    sources: tuple[Source, ...]
    clashes: tuple[Clash, ...]


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


# -- the deal space -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParetoPoint:
    """A package on the Pareto frontier and every actor's utility of it."""

    package: dict[str, str]
    utilities: dict[str, float]


@dataclass(frozen=True)
class DealsReport(Document):
    """``accord deals``: which packages the signatories accept, the efficient and fair ones, what opens one.

    ``n_feasible`` is None beyond the enumeration limit when a zone of agreement exists (0 when none
    does), and ``n_acceptable`` beyond it always; ``n_feasible_at_most`` bounds the feasible count (the
    packages within every signatory's red lines and the linked-issue constraints). ``pareto_size`` is None
    when the frontier was too large to build; ``opening`` and ``openings`` are None and empty when a zone
    of agreement exists; ``openings`` lists the cheapest distinct openings, cheapest first (so
    ``openings[0]`` is ``opening``), each with its ``margin`` to the next and the packages it opens
    (``n_opened``, ``n_opened_at_most``); ``constraints`` are the linked-issue constraints honoured;
    ``pareto`` is None unless asked for. ``notes`` say what could not be computed exactly, and why.
    """

    kind: ClassVar[str] = "deals"
    name: str
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    issue_names: dict[str, str]
    option_labels: dict[str, dict[str, str]]
    signatories: tuple[str, ...]
    disagreement: dict[str, float]
    n_packages: int
    n_feasible: int | None
    n_acceptable: dict[str, int] | None
    zopa: bool
    pareto_size: int | None
    solutions: dict[str, Solution | None]
    opening: Opening | None
    cheap_to_cede: tuple[CheapToCede, ...]
    logrolls: tuple[Logroll, ...]
    notes: tuple[str, ...]
    pareto: tuple[ParetoPoint, ...] | None = None
    openings: tuple[Opening, ...] = ()
    n_feasible_at_most: int | None = None
    constraints: tuple[str, ...] = ()


# -- simulation -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TraceRecord:
    """One event of a simulated negotiation (the tidy trace; see :mod:`accord.simulate.results`)."""

    round: int
    event: str
    actor: str
    subject: str
    offer: str
    value: float | None
    accepted: bool | None
    detail: str
    terms: str = ""


@dataclass(frozen=True)
class Agreement:
    """A full or partial agreement: when, on which issues (issue -> option), among whom.

    ``date`` is the day its round ends (None without the scenario's ``as_of``); ``parties`` are the
    issue's declared parties for a side deal, else the signatories.
    """

    round: int
    issues: dict[str, str]
    parties: tuple[str, ...]
    date: str | None = None


@dataclass(frozen=True)
class SimulationReport(Document):
    """``accord simulate``: how the talks ended, who got what, and the round-by-round trace.

    Rounds are calendar time: ``start_date`` is round 0 (the scenario's ``as_of``), ``horizon_date`` the
    end of the last round looked at, ``end_date`` the end of the round the talks ended in (None without
    a usable ``as_of``); ``clocks`` gives each actor's concession clock in rounds (its deadline, else
    its patience; never the horizon).
    """

    kind: ClassVar[str] = "simulation"
    protocol: str
    seed: int
    n_rounds: int
    table: dict[str, str]
    signatories: tuple[str, ...]
    mediator: str | None
    outcome: str
    ended_by: str
    round: int
    agreement: dict[str, str] | None
    agreements: tuple[Agreement, ...]
    walked: tuple[str, ...]
    frozen: dict[str, int]
    utilities: dict[str, float]
    final_tracks: dict[str, float]
    n_offers: int
    trace: tuple[TraceRecord, ...]
    start_date: str | None = None
    horizon_date: str | None = None
    end_date: str | None = None
    clocks: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RankRow:
    """One strategy's standing in a tournament: tied strategies share a rank."""

    rank: int
    strategy: str
    runs: int
    mean_gain: float
    mean_utility: float
    any_deal_rate: float
    agreement_rate: float
    mean_round: float


@dataclass(frozen=True)
class TournamentReport(Document):
    """``accord tournament``: strategies x scenarios x seeds, ranked, and every run as a record."""

    kind: ClassVar[str] = "tournament"
    seed: int
    n_seeds: int
    n_runs: int
    ranking: tuple[RankRow, ...]
    records: tuple[dict[str, Any], ...]


# -- the outlook ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueOutlook:
    """One issue's outlook at the date: how likely it is settled, on what, and the expected state."""

    issue: str
    p_agreement: float
    expected: float | None
    status_quo: float | None
    options: dict[str, float]
    most_likely: str | None
    p_most_likely: float
    median_round: float | None


@dataclass(frozen=True)
class OutlookPoint:
    """The share of runs with any agreement, and with a full agreement, by the end of a round."""

    round: int
    date: str | None
    p_any: float
    p_full: float


@dataclass(frozen=True)
class OutlookReport(Document):
    """``accord outlook``: the probability of agreement by a date, per issue and overall.

    ``mix`` gives, per actor, the probability of each strategy; ``noise`` says whether the scenario's
    uncertain inputs were drawn per run.
    """

    kind: ClassVar[str] = "outlook"
    seed: int
    n_runs: int
    by_round: int
    by_date: str | None
    noise: bool
    mix: dict[str, dict[str, float]]
    p_any_agreement: float
    p_full_agreement: float
    issues: tuple[IssueOutlook, ...]
    curve: tuple[OutlookPoint, ...]


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
