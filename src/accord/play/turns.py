"""Turn clocks: when each awaited turn of a game began, its deadline, and the move played when time runs out.

A game may give each person a time limit per turn. A turn begins when a person's move becomes due; when
the limit has passed and the move has not come, the seat's **fallback strategy** plays that one move for
the person, who keeps the seat for the turns after it. The fallback is the seat's declared strategy in
the scenario, else the engine's default strategy (:func:`accord.simulate.default_strategies`, as
:meth:`accord.play.Game.new` seats the actors nobody names); for the mediator's seat it is the protocol's
default mediator. It is asked exactly as the debrief asks a strategy in the person's seat: started with
the seat's rules and a copy of its stream, asked every earlier question of the seat in the same state,
then this one (:class:`accord.play.debrief._Shadows`), so the debrief shows the same move beside it.

A fallback never crosses the person's red lines and never walks away: a move that would cross one, or
that the protocol refuses, becomes a reject (an offer to answer) or a pass (an offer to make: no offer
this turn, as a strategy that offers nothing). The move is recorded in the trace like any move, with
``timed_out`` and ``played_by``, so :meth:`accord.play.Game.replay` plays the recorded move again and
never asks the strategy twice.

:class:`TurnClock` keeps the limit and the start of each turn as plain data beside the trace
(``turn_limit_s``, ``turns``). Time is read lazily: :meth:`TurnClock.expire` plays the fallback moves of
every deadline passed by ``now``, each turn after a timed-out one beginning at that deadline, so the
same trace and the same ``now`` give the same game whenever (and however often) it is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .seat import Feed, Pause, Question

if TYPE_CHECKING:
    from ..simulate import State
    from .game import Game, Move
    from .results import MoveRecord

__all__ = [
    "TURN_LIMIT_MIN",
    "TURN_LIMIT_MAX",
    "TurnClock",
    "check_turn_limit",
    "fallback_strategy",
    "fallback_move",
    "iso",
]

#: The shortest time limit per turn, in seconds (a person needs time to read the table).
TURN_LIMIT_MIN = 10
#: The longest time limit per turn, in seconds (7 days).
TURN_LIMIT_MAX = 7 * 86400
#: The most fallback moves one read plays: a long-abandoned game catches up over several reads, each
#: bounded in time (every fallback move replays the game from round 0), and ends in the same state.
MAX_TIMEOUTS = 200


def check_turn_limit(value: Any, where: str = "turn_limit_s") -> int | None:
    """A time limit per turn in whole seconds (None: no limit), checked.

    Raises
    ------
    InputError
        Not a whole number, or outside :data:`TURN_LIMIT_MIN` .. :data:`TURN_LIMIT_MAX`.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not TURN_LIMIT_MIN <= value <= TURN_LIMIT_MAX:
        raise InputError.single(
            where,
            f"a time limit per turn is a whole number of seconds from {TURN_LIMIT_MIN} to {TURN_LIMIT_MAX} "
            f"(7 days), or none; got {value!r}",
        )
    return int(value)


def iso(when: datetime) -> str:
    """``when`` as ISO 8601 in UTC, to the millisecond, with a ``Z``."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


# -- the fallback move ------------------------------------------------------------------------------------


def fallback_strategy(game: Game, seat: str) -> str:
    """The strategy that plays ``seat``'s move when the person's time runs out.

    An actor's declared strategy in the scenario, else the engine's default; the mediator's seat: the
    protocol's default mediator.
    """
    from ..simulate import default_strategies
    from ..simulate.protocols import make_protocol
    from .game import MEDIATOR_SEAT

    if seat == MEDIATOR_SEAT:
        name = make_protocol(game.protocol).default_mediator
        if name is None:  # a protocol with a mediator's seat names its default (checked by Game.new)
            raise InputError.single("seat", f"the {game.protocol} protocol has no default mediator")
        return str(name)
    return default_strategies(game.scenario)[seat]


def fallback_move(game: Game, seat: str) -> Move:
    """The move ``seat``'s fallback strategy makes now in the person's place (nothing is played).

    The game is replayed from round 0 with the strategy beside the person, as the debrief does
    (:class:`accord.play.debrief._Shadows`): asked every earlier question of the seat, then the one the
    game waits on.

    Raises
    ------
    InputError
        ``seat`` has no move due.
    """
    from .debrief import _Shadows
    from .game import Move

    if seat not in game.due():
        raise InputError.single("seat", f"{seat} has no move due: nothing to time out")
    name = fallback_strategy(game, seat)
    shadow = _Shadows(game, seat, [name])
    asked: list[tuple[Question, str, dict[str, str] | None]] = []

    class _Feed(Feed):
        def take(self, state: State, question: Question) -> Move:
            if self.cursor >= len(self.answers):  # the question the game waits on
                (answer,) = shadow.answers(state, question)
                asked.append((question, answer.kind, answer.package))
                raise Pause(question)
            move = super().take(state, question)
            if question.seat == seat:
                shadow.ask(state, question, move, self.log[-1])
            return move

    game.run(_Feed(answers=list(game.feed.answers)))
    ((question, kind, package),) = asked
    quiet = Move("reject" if question.kind == "respond" else "pass", played_by=name)
    if kind not in ("propose", "partial", "accept", "reject"):  # it offered nothing, or could not answer
        return quiet
    move = Move(kind, package if kind in ("propose", "partial") else None, played_by=name)  # type: ignore[arg-type]
    try:
        crossed = game.check(seat, move)
    except InputError:  # a move the protocol refuses the person now (a strategy's own turn may differ)
        return quiet
    return quiet if crossed else move


# -- the clock --------------------------------------------------------------------------------------------


@dataclass
class TurnClock:
    """A game's time limit per turn and when each awaited turn began.

    ``turns[i]`` is the turn ``moves[i]`` of the trace answered; one more is the turn awaited now. A
    ``began`` of None is a turn from before turns were recorded (read as ``written``, when the stored
    trace was last written: the moment the awaited turn became due).
    """

    limit_s: int | None = None
    turns: list[tuple[str, datetime | None]] = field(default_factory=list)

    @classmethod
    def from_trace(cls, trace: Mapping[str, Any], written: datetime | None = None) -> TurnClock:
        """The clock a stored trace keeps (``turn_limit_s``, ``turns``); none in an older trace."""
        turns: list[tuple[str, datetime | None]] = []
        for t in trace.get("turns") or []:
            if isinstance(t, Mapping):
                turns.append((str(t.get("seat", "")), _parse(t.get("began"))))
        n_moves = len(trace.get("moves") or [])
        if written is not None and not trace.get("finished") and len(turns) <= n_moves:
            turns += [("", None)] * (n_moves - len(turns))
            turns.append(("", written))  # the awaited turn, unrecorded: due since the trace was written
        limit = trace.get("turn_limit_s")
        return cls(limit if isinstance(limit, int) and not isinstance(limit, bool) else None, turns)

    def to_trace(self) -> dict[str, Any]:
        """The clock as the trace keeps it."""
        return {
            "turn_limit_s": self.limit_s,
            "turns": [{"seat": s, "began": None if b is None else iso(b)} for s, b in self.turns],
        }

    def follow(self, game: Game, now: datetime) -> None:
        """Bring the turns up to the game: the turn awaited now began at ``now`` if it is a new one."""
        n = len(game.moves)
        del self.turns[n + 1 :]
        while len(self.turns) < n:  # moves made without a clock (not expected): began unknown
            self.turns.append(("", None))
        due = game.due()
        if not due or game.finished:
            del self.turns[n:]
        elif len(self.turns) == n:
            self.turns.append((due[0], now))
        elif self.turns[n][0] != due[0]:  # an unrecorded seat (an older trace): name it, keep the time
            self.turns[n] = (due[0], self.turns[n][1])

    def began(self, game: Game) -> datetime | None:
        """When the turn awaited now began (None when no move is due or it is unknown)."""
        n = len(game.moves)
        return self.turns[n][1] if game.due() and not game.finished and len(self.turns) > n else None

    def deadline(self, game: Game) -> datetime | None:
        """When the turn awaited now times out (None without a limit, or when no move is due)."""
        began = self.began(game)
        if self.limit_s is None or began is None:
            return None
        return began + timedelta(seconds=self.limit_s)

    def timing(self, game: Game, now: datetime) -> dict[str, Any]:
        """The limit, when the awaited turn began and times out (ISO UTC or None), seconds left at ``now``."""
        began, deadline = self.began(game), self.deadline(game)
        return {
            "turn_limit_s": self.limit_s,
            "turn_began": None if began is None else iso(began),
            "deadline": None if deadline is None else iso(deadline),
            "seconds_left": None
            if deadline is None
            else max(0.0, round((deadline - now).total_seconds(), 1)),
        }

    def expire(self, game: Game, now: datetime, limit: int = MAX_TIMEOUTS) -> list[MoveRecord]:
        """Play the fallback move of every turn whose deadline ``now`` has passed; their records.

        Each turn after a timed-out move begins at that move's deadline (not ``now``), so when the game
        is read does not change what it becomes. At most ``limit`` moves (the next read plays the rest).
        """
        played: list[MoveRecord] = []
        self.follow(game, now)
        while len(played) < limit:
            deadline = self.deadline(game)
            if deadline is None or now < deadline:
                break
            try:
                played.append(game.time_out(game.due()[0]))
            except InputError:
                # the engine refused the fallback's move (not expected: it is checked first); the seat
                # then waits for its person, as a game without a limit, rather than fail every read
                break
            self.follow(game, deadline)
        return played
