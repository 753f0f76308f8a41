"""A game: people in some seats, registered strategies in the others, played round by round.

A :class:`Game` holds the rules (scenario, seats, seed, protocol, horizon) and the persons' moves so far.
Its state is always the negotiation played from round 0 with those moves (:mod:`accord.play.seat`): the
engine runs until it asks a person something that has no answer yet, and stops there. A move is checked
against that question (:func:`~accord.play.seat.check_move`), appended, and the game is played again;
the strategies, the tracks and every random draw come from the seed, so the same moves give the same
game, and :meth:`Game.trace` (the rules and the moves) is all :meth:`Game.replay` needs.

Replaying from round 0 at each move costs one run of the rounds so far (a few milliseconds a round on the
flagship scenario), which keeps the engine the only implementation of the protocol.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np

from ..errors import InputError
from .seat import Feed, Pause, PersonMediator, PersonSeat, Question, check_move
from .view import seat_view

if TYPE_CHECKING:
    from ..scenario import Scenario
    from ..simulate import Negotiation
    from .results import GameReport, MoveRecord, SeatView

__all__ = ["Move", "Game", "RedLineWarning", "TRACE_FORMAT", "MEDIATOR_SEAT", "fingerprint"]

#: The ``format`` of :meth:`Game.trace`.
TRACE_FORMAT = "accord-game/1"
#: The seat name of the mediator in a mediated protocol.
MEDIATOR_SEAT = "mediator"

MOVE_KINDS = ("propose", "accept", "reject", "partial", "walk_away")
#: What a person's move says (a timed-out move of a trace also says ``played_by``).
MOVE_FIELDS = ("kind", "package", "override")


@dataclass(frozen=True)
class Move:
    """A person's move.

    Parameters
    ----------
    kind : {"propose", "accept", "reject", "partial", "walk_away", "pass"}
        ``"pass"`` (no offer this turn) is only a timed-out move's: the fallback strategy made none.
    package : dict, optional
        Issue id -> option id: every issue for ``propose``, one open separable issue for ``partial``.
    override : bool
        Send it despite red-line warnings (recorded in the trace).
    played_by : str, optional
        The strategy that played the move for the person when their time ran out (None: the person's).
    """

    kind: Literal["propose", "accept", "reject", "partial", "walk_away", "pass"]
    package: dict[str, str] | None = None
    override: bool = False
    played_by: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "move", *, timed_out: bool = False) -> Move:
        """A move from plain data (``{"kind": ..., "package": {...}, "override": bool}``).

        ``timed_out`` reads a timed-out move of a trace: it also has ``played_by`` (the strategy that
        played it), and may be a ``"pass"``. A person's own move can be neither.
        """
        if not isinstance(data, Mapping):
            raise InputError.single(where, f"a move is a mapping with a kind, not {type(data).__name__}")
        fields = (*MOVE_FIELDS, "played_by") if timed_out else MOVE_FIELDS
        extra = [k for k in data if k not in fields]
        if extra:
            raise InputError.single(
                where, f"unknown field(s) {', '.join(map(str, extra))}; a move has {', '.join(fields)}"
            )
        kind = data.get("kind")
        kinds = (*MOVE_KINDS, "pass") if timed_out else MOVE_KINDS
        if kind not in kinds:
            raise InputError.single(where, f"move kind {kind!r} is not one of {', '.join(kinds)}")
        package = data.get("package")
        if package is not None and (
            not isinstance(package, Mapping)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in package.items())
        ):
            raise InputError.single(where, "package maps issue ids to option ids (strings)")
        override = data.get("override", False)
        if not isinstance(override, bool):
            raise InputError.single(where, f"override is true or false, not {override!r}")
        played_by = data.get("played_by")
        if timed_out and not (isinstance(played_by, str) and played_by):
            raise InputError.single(where, "a timed-out move names the strategy that played it (played_by)")
        # kind is one of the kinds checked above
        return cls(cast(Any, kind), None if package is None else dict(package), override, played_by)

    def to_dict(self) -> dict[str, Any]:
        """The move as plain data (``played_by`` only for a timed-out move)."""
        out: dict[str, Any] = {"kind": self.kind, "package": self.package, "override": self.override}
        if self.played_by is not None:
            out["played_by"] = self.played_by
        return out


class RedLineWarning(InputError):
    """A move that crosses the person's own red lines, refused until it is sent with ``override``."""

    def __init__(self, warnings: list[str]) -> None:
        self.red_lines = list(warnings)
        super().__init__(
            "; ".join(warnings) + ": send the move again with override to confirm it (it is recorded)"
        )


def fingerprint(scenario: Scenario) -> str:
    """A short hash of the scenario's canonical JSON form (a trace replays only on the same scenario)."""
    from ..scenario.writer import dumps_scenario

    return hashlib.sha256(dumps_scenario(scenario, "json").encode()).hexdigest()[:16]


class Game:
    """A negotiation with people in some seats (use :meth:`new` or :meth:`replay`)."""

    def __init__(
        self,
        scenario: Scenario,
        humans: tuple[str, ...],
        strategies: dict[str, str],
        *,
        seed: int,
        protocol: str,
        n_rounds: int,
        mediator: str | None,
    ) -> None:
        from ..deals import deal_space_from_scenario

        self.scenario = scenario
        self.humans = humans
        self.strategies = strategies
        self.seed = seed
        self.protocol = protocol
        self.n_rounds = n_rounds
        self.mediator = mediator
        self.feed = Feed()
        self._space = deal_space_from_scenario(scenario)
        self._pending: Question | None = None
        self._neg: Negotiation = self._play()

    # -- construction ---------------------------------------------------------------------------------
    @classmethod
    def new(
        cls,
        scenario: Scenario,
        humans: Sequence[str],
        strategies: Mapping[str, str] | None = None,
        *,
        seed: int = 0,
        protocol: str = "alternating",
        n_rounds: int | None = None,
        mediator: str | None = None,
    ) -> Game:
        """A new game: ``humans`` are played by people, every other actor by a strategy.

        Parameters
        ----------
        scenario : Scenario
        humans : sequence of str
            Actor ids, or ``"mediator"`` for the mediator of a mediated protocol (``single-text``).
        strategies : mapping of actor id to registered strategy name, optional
            The other actors' strategies; an actor not named plays its declared default strategy.
        seed : int
            Seeds the tracks and the strategies, as in ``accord simulate``.
        protocol : str
            A registered protocol.
        n_rounds : int, optional
            The horizon (default 26 weekly rounds).
        mediator : str, optional
            The mediator strategy when the mediator's seat is not a person's.

        Raises
        ------
        InputError
            No seat for a person, an unknown actor or strategy, a strategy given for a person's seat,
            the mediator's seat without a mediated protocol.
        """
        from ..analysis.talks import table_strategies
        from ..limits import MAX_ROUNDS, check
        from ..registry import STRATEGIES
        from ..simulate import DEFAULT_ROUNDS
        from ..simulate.protocols import make_protocol

        humans = tuple(dict.fromkeys(humans))
        if not humans:
            raise InputError.single("--as", "name the seat a person plays (an actor, or mediator)")
        proto = make_protocol(protocol)
        actors = scenario.actor_ids
        for h in humans:
            if h == MEDIATOR_SEAT:
                if not proto.mediated:
                    raise InputError.single(
                        "--as", f"the {protocol} protocol has no mediator: use --protocol single-text"
                    )
            elif h not in actors:
                raise InputError.single("--as", f"unknown actor {h!r}; actors are {', '.join(actors)}")
        given = dict(strategies or {})
        both = [a for a in given if a in humans]
        if both:
            raise InputError.single("--strategy", f"{', '.join(both)} is played by a person, not a strategy")
        for name in given.values():
            STRATEGIES.get(name, "--strategy")
        if MEDIATOR_SEAT in humans and mediator is not None:
            raise InputError.single("--mediator", "the mediator's seat is a person's: no mediator strategy")
        n = DEFAULT_ROUNDS if n_rounds is None else int(n_rounds)
        check(n, MAX_ROUNDS, "--rounds", "--max-rounds", "rounds")
        seats = table_strategies(scenario, given, None, None)
        others = {a: s for a, s in seats.items() if a not in humans}
        return cls(
            scenario, humans, others, seed=int(seed), protocol=proto.name, n_rounds=n, mediator=mediator
        )

    @classmethod
    def replay(cls, scenario: Scenario, trace: Mapping[str, Any]) -> Game:
        """The game a :meth:`trace` records, in exactly the same state.

        Raises
        ------
        InputError
            A trace of another format or scenario, or moves that do not fit the game (each located as
            ``moves[i]``).
        """
        if not isinstance(trace, Mapping) or trace.get("format") != TRACE_FORMAT:
            raise InputError.single("trace", f"not a game trace (format {TRACE_FORMAT})")
        want = (trace.get("scenario") or {}).get("fingerprint")
        if want is not None and want != fingerprint(scenario):
            raise InputError.single(
                "trace", "the trace was played on another scenario (or another version of it)"
            )
        game = cls.new(
            scenario,
            trace.get("humans") or (),
            trace.get("strategies") or {},
            seed=trace.get("seed", 0),
            protocol=trace.get("protocol", "alternating"),
            n_rounds=trace.get("n_rounds"),
            mediator=trace.get("mediator"),
        )
        moves = trace.get("moves") or []
        if moves:
            answers = []
            for i, m in enumerate(moves):
                where = f"moves[{i}]"
                seat = m.get("seat") if isinstance(m, Mapping) else None
                if seat not in game.humans:
                    raise InputError.single(where, f"seat {seat!r} is not a person's seat of this game")
                timed_out = bool(m.get("timed_out"))
                keys = (*MOVE_FIELDS, "played_by") if timed_out else MOVE_FIELDS
                body = {k: m[k] for k in keys if k in m}
                answers.append((seat, Move.from_dict(body, where, timed_out=timed_out)))
            game.feed.answers = answers
            game._neg = game._play()
        return game

    # -- playing --------------------------------------------------------------------------------------
    def _negotiation(self, feed: Feed | None = None) -> Negotiation:
        from ..simulate import Negotiation

        feed = self.feed if feed is None else feed
        table: dict[str, Any] = {}
        for a in self.scenario.actor_ids:
            table[a] = PersonSeat(feed, a) if a in self.humans else self.strategies[a]
        mediator: Any = self.mediator
        if MEDIATOR_SEAT in self.humans:
            mediator = PersonMediator(feed, MEDIATOR_SEAT)
        return Negotiation.from_scenario(
            self.scenario,
            table,
            space=self._space,
            protocol=self.protocol,
            n_rounds=self.n_rounds,
            seed=self.seed,
            mediator=mediator,
        )

    def _play(self) -> Negotiation:
        """Play from round 0 with the moves so far, to the next question or the end."""
        neg, self._pending = self.run(self.feed)
        return neg

    def run(self, feed: Feed) -> tuple[Negotiation, Question | None]:
        """Play from round 0 with ``feed``'s answers: the negotiation, and the question it stopped at."""
        feed.reset()
        neg = self._negotiation(feed)
        pending = None
        while not neg.done:
            try:
                neg.step()
            except Pause as p:
                pending = p.question
                break
            if feed.walked and neg.ended_by != "agreement":
                # A person who walks away ends the talks at the end of that round (the engine's own
                # walk-aways are decided by the BATNAs; this one by a person).
                neg.done, neg.ended_by, neg.walked = True, "walk-away", tuple(feed.walked)
        if feed.cursor < len(feed.answers):
            raise InputError.single(
                f"moves[{feed.cursor}]",
                f"the game ended (round {neg.round}) before this move: {len(feed.answers) - feed.cursor} "
                "move(s) too many",
            )
        return neg, pending

    def due(self) -> tuple[str, ...]:
        """The persons' seats whose move is awaited now (empty when the game is over)."""
        return () if self._pending is None else (self._pending.seat,)

    @property
    def finished(self) -> bool:
        """Whether the negotiation has ended."""
        return bool(self._neg.done)

    @property
    def round(self) -> int:
        """The round in progress (the last one when the game is over)."""
        return int(self._neg.round)

    @property
    def moves(self) -> tuple[MoveRecord, ...]:
        """Every move of every person so far, in order."""
        return tuple(self.feed.log)

    def view(self, seat: str) -> SeatView:
        """What the person in ``seat`` sees now (see :class:`~accord.play.SeatView`)."""
        self._seat(seat)
        return seat_view(self, seat)

    def _seat(self, seat: str) -> None:
        if seat not in self.humans:
            raise InputError.single(
                "seat", f"{seat!r} is not a person's seat in this game (people play {', '.join(self.humans)})"
            )

    def check(self, seat: str, move: Move) -> list[str]:
        """Red-line warnings for ``move`` by ``seat`` now (empty if none); nothing changes.

        Raises
        ------
        InputError
            An invalid move: out of turn, not allowed by the protocol now, an unknown issue or option,
            a package missing an issue, a partial offer on an issue that is not open and separable.
        """
        self._seat(seat)
        if not isinstance(move, Move):
            raise InputError.single("move", f"a move is an accord.play.Move, not {type(move).__name__}")
        if self._pending is None:
            raise InputError.single(
                "move", f"the game is over ({self._neg.ended_by} in round {self._neg.round}): no move is due"
            )
        if self._pending.seat != seat:
            q = self._pending
            raise InputError.single(
                "move", f"out of turn: {seat} has no move due; the game waits for {q.seat} to {q.kind}"
            )
        return check_move(self._neg, self._pending, move)

    def move(self, seat: str, move: Move) -> list[str]:
        """Play ``move`` for ``seat``, then the strategies until a person's move is due or the game ends.

        Returns
        -------
        list of str
            The red-line warnings recorded with the move (it was sent with ``override``).

        Raises
        ------
        RedLineWarning
            The move crosses the seat's red lines and ``move.override`` is false (nothing changes).
        InputError
            An invalid move (see :meth:`check`; nothing changes).
        """
        warnings = self.check(seat, move)
        if warnings and not move.override:
            raise RedLineWarning(warnings)
        self.feed.answers.append((seat, move))
        try:
            self._neg = self._play()
        except BaseException:
            self.feed.answers.pop()
            self._neg = self._play()
            raise
        return warnings

    def time_out(self, seat: str) -> MoveRecord:
        """Play the move of ``seat``, whose time ran out, by its fallback strategy; the move's record.

        The fallback is the seat's declared strategy (:func:`accord.play.turns.fallback_strategy`),
        asked in the person's seat exactly as the debrief asks it (:func:`accord.play.turns.fallback_move`);
        the move is recorded with ``timed_out`` and ``played_by``, so :meth:`replay` plays it again as is.
        The person keeps the seat.

        Raises
        ------
        InputError
            ``seat`` has no move due.
        """
        from .turns import fallback_move

        self.move(seat, fallback_move(self, seat))
        return self.feed.log[len(self.feed.answers) - 1]

    def utility(self, seat: str, package: Mapping[str, str], partial: bool = False) -> float:
        """The seat's utility now of ``package`` if agreed (shown live while a person composes it).

        A full package names every issue; a partial one (``partial``) one separable issue, the others
        staying at no deal. For the mediator's seat: the signatories' mean.

        Raises
        ------
        InputError
            An unknown issue or option, or a full package missing an issue.
        """
        from ..simulate.protocols import MEDIATOR
        from .seat import _digits, _option, seat_utility

        self._seat(seat)
        neg = self._neg
        row = neg.actor_rows.get(seat, MEDIATOR)
        if partial:
            if len(package) != 1 or next(iter(package)) not in neg.space.issues:
                raise InputError.single("package", "a partial package names one issue")
            ((issue, option),) = package.items()
            k = neg.space.issues.index(issue)
            return seat_utility(neg, row, [(k, _option(neg, k, option, "package"))], True)
        digits = _digits(neg, Move("propose", dict(package)), "package")
        return seat_utility(neg, row, list(enumerate(digits)), False)

    # -- records --------------------------------------------------------------------------------------
    def trace(self) -> dict[str, Any]:
        """The game as plain data: the rules and every person's move in order (enough to replay it)."""
        return {
            "format": TRACE_FORMAT,
            "scenario": {"title": self.scenario.title, "fingerprint": fingerprint(self.scenario)},
            "seed": self.seed,
            "protocol": self.protocol,
            "n_rounds": self.n_rounds,
            "humans": list(self.humans),
            "strategies": dict(self.strategies),
            "mediator": self.mediator,
            "moves": [m.to_dict() for m in self.feed.log],
            "round": self.round,
            "finished": self.finished,
        }

    def result(self) -> Any:
        """The run so far as a :class:`~accord.simulate.SimulationResult` (complete once finished)."""
        if self._pending is not None:  # paused mid-round: the finished rounds only
            neg = self._negotiation_at_round_start()
            return neg.result()
        return self._neg.result()

    def _negotiation_at_round_start(self) -> Negotiation:
        """The negotiation at the end of the last complete round (the game paused in the next one)."""
        neg = self._negotiation(Feed(answers=list(self.feed.answers)))
        target = self._neg.round - 1
        while neg.round < target and not neg.done:
            neg.step()
        return neg

    def score(self, seat: str, utilities: Mapping[str, float], signatories: Sequence[str]) -> float:
        """A seat's score from final utilities: its own, or for the mediator the signatories' mean."""
        if seat == MEDIATOR_SEAT:
            return float(np.mean([utilities[a] for a in signatories]))
        return float(utilities[seat])

    def report(self, debrief: bool = True) -> GameReport:
        """The game as a document: the trace, the outcome, and (``debrief``) the debrief of each person."""
        from .debrief import game_report

        return game_report(self, debrief=debrief)
