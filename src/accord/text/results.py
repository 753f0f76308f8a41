"""Typed results of text extraction: statements, evaluations, scenario diffs and timelines.

Each top-level document subclasses :class:`accord.analysis.results.Document`, so ``to_dict()`` leads with
``schema_version`` and ``kind``, ``from_dict()`` rebuilds it and ``json_schema()`` describes it; the
nested records are plain frozen dataclasses read by :mod:`accord.analysis.codec`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from ..analysis.results import Document
from ..analysis.results.scenario import TimelineEntry

__all__ = [
    "Statement",
    "Extraction",
    "ClassScore",
    "ExtractEval",
    "DiffItem",
    "ScenarioDiff",
    "ApplyReport",
    "TimelineEntry",
    "Timeline",
    "FLAGS",
    "DiffOp",
]

#: Every flag a statement may carry, in the order they are listed.
FLAGS = ("negation", "red_line", "condition", "hedge", "future", "reported", "offer")

Flag = Literal["negation", "red_line", "condition", "hedge", "future", "reported", "offer"]


@dataclass(frozen=True)
class Statement:
    """One statement found in text: who did or said what to whom, on which issue, with the words as proof.

    ``actor``, ``target`` and ``issue`` are scenario ids (null when the text names no scenario actor or
    issue); ``act`` is a PLOVER event type and ``cameo`` its CAMEO root code; ``quote`` is the verbatim
    text ``input[start:end]`` and ``sentence`` the whole sentence it sits in (markup stripped);
    ``position_hint`` is a point on the issue's scale where the text names an option the actor endorses.
    ``date`` is the day the sentence gives for the act ("on Tuesday", read against the document's date),
    with those words in ``date_phrase``; else the document's date, and ``date_phrase`` is null.
    """

    actor: str | None
    act: str
    cameo: str
    target: str | None
    issue: str | None
    option: str | None
    position_hint: float | None
    flags: tuple[Flag, ...]
    quote: str
    sentence: str
    start: int
    end: int
    date: str | None
    source: str
    confidence: float
    date_phrase: str | None = None


@dataclass(frozen=True)
class Extraction(Document):
    """``accord extract``: the statements found in one or more files, in reading order."""

    kind: ClassVar[str] = "extraction"
    statements: tuple[Statement, ...]
    files: tuple[str, ...]
    scenario: str | None
    n_sentences: int
    n_parsed: int


@dataclass(frozen=True)
class ClassScore:
    """Precision and recall of one act class (NaN, written null, where nothing was predicted or gold)."""

    n_gold: int
    n_predicted: int
    n_correct: int
    precision: float
    recall: float


@dataclass(frozen=True)
class ExtractEval(Document):
    """``accord extract-eval``: act and source accuracy on a PLOVER gold-standard file.

    ``confusion[gold][predicted]`` counts sentences; ``NONE`` is "no statement found".
    ``statements_per_sentence`` is the mean number of statements the extractor emits per gold sentence
    (each gold record codes one event, so values well above 1 mean over-coding).
    """

    kind: ClassVar[str] = "extract-eval"
    file: str
    n: int
    act_accuracy: float
    source_accuracy: float
    per_class: dict[str, ClassScore]
    confusion: dict[str, dict[str, int]]
    statements_per_sentence: float
    n_no_statement: int


DiffOp = Literal["add_source", "set_position", "add_stance", "add_red_line", "add_history"]


@dataclass(frozen=True)
class DiffItem:
    """One proposed change to a scenario, with the evidence behind it.

    ``op`` is what it does: ``add_source`` (a new source with the quote), ``add_stance`` (a stance the
    scenario lacks), ``set_position`` (a moved position: ``previous`` is the old one), ``add_red_line``
    (the actor rules out everything from ``value`` on, counted from the far side of its position) or
    ``add_history`` (a dated point of the stance's history without moving it).
    """

    id: str
    op: DiffOp
    actor: str | None
    issue: str | None
    option: str | None
    value: float | None
    previous: float | None
    date: str | None
    source_id: str
    publication: str | None
    quote: str
    reason: str


@dataclass(frozen=True)
class ScenarioDiff(Document):
    """``accord extract --propose``: a scenario diff the analyst accepts whole or item by item."""

    kind: ClassVar[str] = "scenario-diff"
    scenario: str
    items: tuple[DiffItem, ...]


@dataclass(frozen=True)
class ApplyReport(Document):
    """``accord apply``: which diff items were applied to which scenario file."""

    kind: ClassVar[str] = "apply"
    scenario: str
    applied: tuple[str, ...]
    skipped: tuple[str, ...]
    written: bool


@dataclass(frozen=True)
class Timeline(Document):
    """``accord timeline``: who said what when, and how positions moved (entries sorted by date)."""

    kind: ClassVar[str] = "timeline"
    scenario: str
    entries: tuple[TimelineEntry, ...]
    moves: dict[str, float]
