"""Validation, import and the scenario summary (see :mod:`accord.analysis.results`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...scenario.model import Source
from .base import Document


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
class TimelineEntry:
    """One dated point: what an actor's stance on an issue was, from which source, in whose words."""

    date: str | None
    actor: str
    issue: str
    position: float | None
    option: str | None
    source: str | None
    quote: str | None


@dataclass(frozen=True)
class Clash:
    """An issue where red lines exclude each other: no outcome respects them all."""

    issue: str
    actors: tuple[str, ...]
    red_lines: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class ScenarioSummary(Document):
    """Who is at the table, who stands where, the sources, and the red lines that clash.

    ``timeline`` holds every dated point of the stances' ``history`` and each such stance's current
    position (as ``accord timeline`` lists them), when the scenario records any history; else it is empty.
    """

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
    timeline: tuple[TimelineEntry, ...] = ()
