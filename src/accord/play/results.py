"""The typed results of a played game: what a seat sees (:class:`SeatView`) and the game's report.

:class:`SeatView` is what an interface (the terminal game, the web page) shows a person at their turn;
:class:`GameReport` (document kind ``game``) is the finished or stopped game: the trace to replay it, the
outcome in the shape of ``accord simulate``'s report, and the debrief (:mod:`accord.play.debrief`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from ..analysis.codec import Record
from ..analysis.results import Document, SimulationReport

__all__ = [
    "MoveKind",
    "OptionView",
    "IssueView",
    "OfferView",
    "TrackView",
    "SeatView",
    "MoveRecord",
    "ShadowMove",
    "Decision",
    "Alternative",
    "Moment",
    "Debrief",
    "GameReport",
]

MoveKind = Literal["propose", "accept", "reject", "partial", "walk_away"]


@dataclass(frozen=True)
class OptionView:
    """One option of an issue: its id (what a move names) and its label."""

    id: str
    label: str


@dataclass(frozen=True)
class IssueView:
    """One issue from the seat's side.

    ``acceptable`` lists the options within the seat's red lines (every option when it has none on the
    issue); ``settled`` is the option agreed by a partial agreement, if any.
    """

    id: str
    name: str
    options: tuple[OptionView, ...]
    separable: bool
    status_quo: str | None
    settled: str | None
    acceptable: tuple[str, ...]
    red_line: str | None


@dataclass(frozen=True)
class OfferView:
    """An offer on the table: who made it, the package by option id and label, and who answered what.

    ``utility`` is the seat's utility if it were agreed (a partial offer leaves the other issues at no
    deal); for the mediator's seat it is the mean utility of the signatories, and ``utilities`` gives
    each party's (what the parties tell a mediator in confidence). ``pending`` marks the offer the seat
    is asked to answer now.
    """

    number: int
    round: int
    by: str
    partial: bool
    package: dict[str, str]
    labels: dict[str, str]
    utility: float
    utilities: dict[str, float]
    accepted_by: tuple[str, ...]
    rejected_by: tuple[str, ...]
    crosses_red_line: tuple[str, ...]
    pending: bool


@dataclass(frozen=True)
class TrackView:
    """A track's current value, and the round an agreement froze it (if it did)."""

    id: str
    name: str
    value: float
    frozen_in: int | None


@dataclass(frozen=True)
class SeatView(Record):
    """Everything the person in ``seat`` sees now, and the moves they may make.

    ``question`` is ``"propose"`` (the seat's turn to make an offer), ``"respond"`` (an offer awaits its
    answer: ``offers`` holds it with ``pending``) or None (not this seat's turn, or the game is over).
    ``batna`` is the seat's utility of no deal now. ``legal`` lists the move kinds allowed now.
    Not a document (no command prints it alone), but it has ``to_dict``/``from_dict``/``json_schema``.
    """

    seat: str
    title: str
    protocol: str
    round: int
    n_rounds: int
    date: str | None
    due: bool
    question: Literal["propose", "respond"] | None
    legal: tuple[str, ...]
    issues: tuple[IssueView, ...]
    offers: tuple[OfferView, ...]
    tracks: tuple[TrackView, ...]
    batna: float | None
    agreed: dict[str, str]
    log: tuple[str, ...]
    finished: bool
    outcome: str | None
    ended_by: str | None
    utility: float | None


@dataclass(frozen=True)
class MoveRecord(Record):
    """One move of a person, as recorded in the trace (``warnings`` overridden when ``override``).

    ``timed_out`` marks a move the person's time ran out on: ``played_by`` is the strategy that played it
    for them (``kind`` ``"pass"`` when that strategy made no offer).
    """

    seat: str
    round: int
    question: Literal["propose", "respond"]
    kind: str
    package: dict[str, str] | None
    override: bool
    warnings: tuple[str, ...]
    timed_out: bool = False
    played_by: str | None = None


@dataclass(frozen=True)
class ShadowMove:
    """What a strategy in the person's seat would have done at the same moment, in the same state."""

    strategy: str
    kind: str
    package: dict[str, str] | None
    utility: float | None


@dataclass(frozen=True)
class Decision:
    """One decision of the person: the question, the offer answered, the move, and the strategies' moves.

    ``utility`` is the seat's utility of the package proposed or of the offer answered.
    """

    round: int
    date: str | None
    question: Literal["propose", "respond"]
    offer_by: str | None
    offer: dict[str, str] | None
    move: MoveRecord
    utility: float | None
    shadows: tuple[ShadowMove, ...]


@dataclass(frozen=True)
class Alternative:
    """The same game (scenario, seed, protocol, the other seats) with a strategy in the person's seat."""

    strategy: str
    score: float
    outcome: str
    ended_by: str
    round: int


@dataclass(frozen=True)
class Moment:
    """A round where the outcome was decided or changed course, and why."""

    round: int
    kind: str
    text: str


@dataclass(frozen=True)
class Debrief:
    """One person's debrief: their result against every strategy in their seat, round by round.

    ``score`` is the seat's final utility (for the mediator's seat: the signatories' mean utility, as
    ``score_label`` says); ``rank`` is its place among ``alternatives`` (1 = best, ties share).
    """

    seat: str
    score_label: str
    score: float
    batna0: float | None
    rank: int
    alternatives: tuple[Alternative, ...]
    decisions: tuple[Decision, ...]
    moments: tuple[Moment, ...]


@dataclass(frozen=True)
class GameReport(Document):
    """``accord play``: a game with people in some seats, its outcome and the debrief.

    ``trace`` is what :meth:`accord.play.Game.replay` needs to rebuild the game exactly (with the
    scenario); ``outcome`` is the run in the shape of ``accord simulate --json``.
    """

    kind: ClassVar[str] = "game"
    title: str
    seats: tuple[str, ...]
    seed: int
    protocol: str
    n_rounds: int
    finished: bool
    trace: dict[str, Any]
    outcome: SimulationReport
    debrief: tuple[Debrief, ...]
