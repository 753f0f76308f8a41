"""Simulated talks, tournaments and the outlook (see :mod:`accord.analysis.results`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .base import Document


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
