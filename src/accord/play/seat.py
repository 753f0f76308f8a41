"""A person's seat at the table: a strategy whose moves come from outside, and the check of a move.

The engine (:class:`~accord.simulate.Negotiation`) asks every seat for its offers and answers in the
middle of a round. A person's seat is a :class:`~accord.simulate.Strategy` like any other
(:class:`PersonSeat`, :class:`PersonMediator` for the mediator of the single-text protocol); it reads its
answers from a shared :class:`Feed`, in the order the engine asks. When the feed has no answer left the
seat raises :class:`Pause` carrying the question, and the game (:class:`accord.play.Game`) stops there and
waits for the person. Playing the same answers again from round 0 with the same seed gives the same game,
which is how a game advances and how it is replayed (:mod:`accord.play.game`).

:func:`check_move` is the one place a move is judged: against the question asked (the protocol's turn),
the scenario's issues and options, and the seat's own red lines (warnings, which a person may override).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from ..errors import InputError
from ..simulate import Offer, State, Strategy
from ..simulate.protocols import MEDIATOR
from ..simulate.strategies.base import DEFAULT_TRAITS
from .results import MoveRecord

if TYPE_CHECKING:
    from ..simulate import Negotiation
    from ..simulate.state import NegotiationInfo
    from .game import Move

__all__ = ["Question", "Pause", "Feed", "PersonSeat", "PersonMediator", "check_move", "legal_moves"]

QuestionKind = Literal["propose", "respond"]


@dataclass(frozen=True)
class Question:
    """What the engine asks a seat: to make an offer, or to answer ``offer`` made by ``by``."""

    seat: str
    kind: QuestionKind
    offer: Offer | None = None
    by: str | None = None


class Pause(Exception):
    """Raised by a person's seat when the engine asks a question the feed has no answer to yet."""

    def __init__(self, question: Question) -> None:
        super().__init__(f"{question.seat} to {question.kind}")
        self.question = question


@dataclass
class Feed:
    """The persons' answers in the order the engine asks for them, shared by every person's seat.

    ``observer`` (the debrief's) is called at each answer with the seat's state, the question and the
    move, before the move is played.
    """

    answers: list[tuple[str, Move]] = field(default_factory=list)
    cursor: int = 0
    walked: dict[str, int] = field(default_factory=dict)
    log: list[MoveRecord] = field(default_factory=list)
    observer: Callable[[State, Question, Move], None] | None = None

    def reset(self) -> None:
        """Back to the first answer (a new play from round 0)."""
        self.cursor = 0
        self.walked = {}
        self.log = []

    def take(self, state: State, question: Question) -> Move:
        """The next answer, checked against the question; :class:`Pause` when there is none yet."""
        if self.cursor >= len(self.answers):
            raise Pause(question)
        seat, move = self.answers[self.cursor]
        where = f"moves[{self.cursor}]"
        if seat != question.seat:
            raise InputError.single(
                where, f"the move is {seat}'s but the game asks {question.seat} to {question.kind}"
            )
        warnings = check_move(state._neg, question, move, where)
        if warnings and not move.override:
            raise InputError.single(where, "; ".join(warnings) + " (a crossing is played only with override)")
        if self.observer is not None:
            self.observer(state, question, move)
        self.cursor += 1
        self.log.append(
            MoveRecord(
                seat,
                int(state.round),
                question.kind,
                move.kind,
                move.package,
                move.override,
                tuple(warnings),
                timed_out=move.played_by is not None,
                played_by=move.played_by,
            )
        )
        if move.kind == "walk_away":
            self.walked[seat] = state.round
        return move


def legal_moves(neg: Negotiation, question: Question) -> tuple[str, ...]:
    """The move kinds allowed for ``question`` (walking away: signatories only)."""
    leave = ("walk_away",) if question.seat in neg.signatories else ()
    if question.kind == "respond":
        return ("accept", "reject", *leave)
    partial = ("partial",) if neg.open_separable() else ()
    return ("propose", *partial, *leave)


def _option(neg: Negotiation, k: int, option: object, where: str) -> int:
    issue, options = neg.space.issues[k], neg.space.options[k]
    if isinstance(option, str) and option in options:
        return options.index(option)
    raise InputError.single(
        where, f"{option!r} is not an option of issue {issue}; its options are {', '.join(options)}"
    )


def _digits(neg: Negotiation, move: Move, where: str) -> list[int]:
    """Option numbers of a full package: every issue, known options, settled issues kept."""
    space = neg.space
    package = move.package or {}
    unknown = [k for k in package if k not in space.issues]
    if unknown:
        raise InputError.single(
            where, f"unknown issue(s) {', '.join(map(str, unknown))}; issues are {', '.join(space.issues)}"
        )
    missing = [i for i in space.issues if i not in package]
    if missing:
        raise InputError.single(
            where,
            f"the package misses issue(s) {', '.join(missing)}: a package names an option on every issue",
        )
    digits = [_option(neg, k, package[i], where) for k, i in enumerate(space.issues)]
    for k, o in sorted(neg.agreed.items()):
        if digits[k] != o:
            raise InputError.single(
                where,
                f"{space.issues[k]} is settled on {space.options[k][o]} by a partial agreement "
                f"(round {neg.agreed_round.get(k, '?')}); a package keeps it",
            )
    opt = space.options
    broken = [
        f"{space.issues[k]}={opt[k][digits[k]]} with {space.issues[l]}={opt[l][digits[l]]}"
        for k, l, table in space.pair_tables
        if table[digits[k], digits[l]]
    ]
    if broken:
        raise InputError.single(
            where, f"the package breaks a linked-issue constraint of the scenario: {'; '.join(broken)}"
        )
    return digits


def _partial(neg: Negotiation, move: Move, where: str) -> tuple[int, int]:
    """(issue, option) of a partial offer: one open separable issue and one of its options."""
    space = neg.space
    package = move.package or {}
    if len(package) != 1:
        raise InputError.single(
            where, f"a partial offer names exactly one separable issue, not {len(package)} (one a turn)"
        )
    ((issue, option),) = package.items()
    if issue not in space.issues:
        raise InputError.single(where, f"unknown issue {issue!r}; issues are {', '.join(space.issues)}")
    k = space.issues.index(issue)
    if k not in neg.open_separable():
        open_ = ", ".join(space.issues[j] for j in neg.open_separable()) or "none"
        why = "is settled already" if k in neg.agreed else "is not separable"
        raise InputError.single(
            where, f"issue {issue} {why}: a partial offer takes an open separable issue ({open_})"
        )
    o = _option(neg, k, option, where)
    if neg.barred_options(k)[o]:
        raise InputError.single(
            where,
            f"{issue}={option} breaks a linked-issue constraint of the scenario, given the issues settled",
        )
    return k, o


def _crossed(neg: Negotiation, row: int, pairs: list[tuple[int, int]]) -> list[str]:
    if row == MEDIATOR:
        return []
    space = neg.space
    return [
        f"{space.issues[k]} = {space.options[k][o]} crosses your red line on {space.issues[k]}"
        for k, o in pairs
        if not space.acceptable[k][row, o]
    ]


def offer_pairs(neg: Negotiation, offer: Offer) -> list[tuple[int, int]]:
    """(issue, option) of every issue an offer names."""
    if offer.partial:
        return [(offer.issue, offer.option)]
    return list(enumerate(neg.arena.digits_of(offer.row).tolist()))


def check_move(neg: Negotiation, question: Question, move: Move, where: str = "move") -> list[str]:
    """Judge ``move`` as the answer to ``question`` in ``neg`` (paused at the question).

    Returns
    -------
    list of str
        Red-line warnings: the issues where the package proposed (or the offer accepted) crosses the
        seat's own red lines.

    Raises
    ------
    InputError
        A move the protocol does not allow now, a package naming an unknown issue or option or missing
        an issue, a partial offer on an issue that is not open and separable.
    """
    if move.kind == "pass":
        # A pass is what a strategy that offers nothing does; a person passes only when their time ran
        # out and the fallback strategy made no offer (accord.play.turns).
        if move.played_by is None or question.kind != "propose" or move.package:
            raise InputError.single(
                where, "'pass' is only a timed-out turn to propose whose strategy offered nothing"
            )
        return []
    legal = legal_moves(neg, question)
    if move.kind not in legal:
        now = "make an offer" if question.kind == "propose" else f"answer {question.by}'s offer"
        raise InputError.single(
            where, f"{move.kind!r} is not a move now: {question.seat} is to {now} ({', '.join(legal)})"
        )
    if move.kind in ("accept", "reject", "walk_away") and move.package:
        raise InputError.single(where, f"{move.kind!r} takes no package")
    row = neg.actor_rows.get(question.seat, MEDIATOR)
    if move.kind == "propose":
        return _crossed(neg, row, list(enumerate(_digits(neg, move, where))))
    if move.kind == "partial":
        return _crossed(neg, row, [_partial(neg, move, where)])
    if move.kind == "accept" and question.offer is not None:
        return _crossed(neg, row, offer_pairs(neg, question.offer))
    return []


class PersonSeat(Strategy):
    """A person's seat: every offer and answer is read from the game's :class:`Feed`.

    Parameters
    ----------
    feed : Feed
        Shared by the seats of one game (a clone shares it: the engine plays a clone).
    seat : str
        The actor (or ``"mediator"``) this seat plays.
    """

    name: ClassVar[str] = "person"
    # responsive: its moves depend on the table, so no run takes the batched or compiled paths.
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "responsive": True}

    def __init__(self, feed: Feed | None = None, seat: str = "") -> None:
        self.feed = feed
        self.seat = seat

    def start(self, info: NegotiationInfo) -> None:
        """Keep the rules; no partial offer is pending."""
        super().start(info)
        self.partial_: Offer | None = None

    def _feed(self) -> Feed:
        assert self.feed is not None, "a person's seat needs the game's feed"
        return self.feed

    def propose(self, state: State) -> Offer | None:
        """The person's package (or None: a partial offer instead, or a walk-away)."""
        feed = self._feed()
        self.partial_ = None
        if self.seat in feed.walked:
            return None
        move = feed.take(state, Question(self.seat, "propose"))
        neg = state._neg
        if move.kind == "propose":
            return Offer(row=state.arena.row_of(_digits(neg, move, "move")))
        if move.kind == "partial":
            k, o = _partial(neg, move, "move")
            self.partial_ = Offer(issue=k, option=o)
        return None

    def propose_partial(self, state: State) -> Offer | None:
        """The partial offer the person chose as this turn's move, if any."""
        offer, self.partial_ = self.partial_, None
        return offer

    def respond(self, state: State, offer: Offer) -> bool:
        """The person's answer (a person who walked away rejects everything left in the round)."""
        feed = self._feed()
        if self.seat in feed.walked:
            return False
        neg = state._neg
        by = neg.protocol_.proposer(neg.table_rows, neg.round)
        who = "mediator" if by == MEDIATOR else neg.space.actors[by]
        return feed.take(state, Question(self.seat, "respond", offer, who)).kind == "accept"

    def get_params(self) -> dict[str, Any]:
        """The feed (shared, not copied) and the seat."""
        return {"feed": self.feed, "seat": self.seat}


class PersonMediator(PersonSeat):
    """A person as the mediator of the single negotiating text: drafts texts, answers nothing."""

    name: ClassVar[str] = "person (mediator)"
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "responsive": True, "mediator": True}


def seat_utility(neg: Negotiation, row: int, pairs: list[tuple[int, int]], partial: bool) -> float:
    """The seat's utility of an offer given as (issue, option) pairs (a partial one: BATNA + gain).

    For the mediator (``row`` -1): the signatories' mean.
    """
    rows = [int(r) for r in neg.signatory_rows] if row == MEDIATOR else [row]
    out = []
    for r in rows:
        if partial:
            ((k, o),) = pairs
            out.append(float(neg.disagreement[r] + neg.partial_gains(k)[r, o]))
        else:
            w = neg.arena.weights[r]
            out.append(float(sum(w[k] * neg.space.values[k][r, o] for k, o in pairs)))
    return float(np.mean(out))
