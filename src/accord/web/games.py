"""Wargames in the web app: create, load, move and persist games; what the game pages and API share.

A game lives in the store as its trace (:meth:`accord.play.Game.trace`), rewritten in one transaction
after every move, and is rebuilt with :meth:`accord.play.Game.replay`: a game survives a browser or a
server restart, and several run at once (each behind its own lock, so two people moving at the same
moment cannot lose a move). No game logic is here: the engine in :mod:`accord.play` decides what is
legal, what a move does, and when the strategies move.

Seats. Each seat people play gets a random key when the game is created; a seat's link carries it
(``/games/{id}/seats/{seat}?key=K``) and so does the ``X-Seat-Key`` header of an API call that moves for
it. A browser that opened a seat link remembers the key in an HttpOnly cookie (:data:`SEATS_COOKIE`),
so the games list can take it back to its seats. Stored as the game's ``seats``::

    {"russia": {"plays": "person", "name": "Ana", "key": "..."}, "usa": {"plays": "boulware"}}

Time limit. A game may give each person a limit per turn (``turn_limit_s``); the stored trace keeps it
with the UTC time each awaited turn began (:class:`accord.play.turns.TurnClock`). Timeouts are applied
lazily: whenever a game is read or moved (:func:`load_game`, :func:`play_move`, :func:`seat_state`, the
list, the seat page's polling), inside the game's lock, every deadline passed is played by the seat's
fallback strategy and the new trace stored in one transaction. The clock is :attr:`GameHall.clock`, which
tests replace to move time forward.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import HTTPException, Request, Response

from ..errors import InputError
from ..play.turns import TurnClock, check_turn_limit, fallback_strategy
from .app import AppContext

__all__ = [
    "MOVE_KINDS",
    "broken_links",
    "SEATS_COOKIE",
    "GameHall",
    "Played",
    "new_game",
    "load_game",
    "play_move",
    "seat_state",
    "seats_of",
    "stamp_of",
    "preview",
    "check_key",
    "held_keys",
    "remember_keys",
    "report_of",
    "game_summary",
    "hall_of",
    "clock_of",
]

#: The kinds of move a person can make (the engine says which are legal at each moment).
MOVE_KINDS = ("propose", "accept", "reject", "partial", "walk_away")
#: The cookie in which a browser keeps the seat keys it holds.
SEATS_COOKIE = "accord_seats"
_COOKIE_SEATS = 60  # the newest seat keys a browser keeps
_CACHE_GAMES = 32  # live games kept in memory (the others are replayed from their trace when opened)


def hall_of(ctx: AppContext) -> GameHall:
    """The app's game hall (made on first use)."""
    with _HALL_LOCK:
        hall = getattr(ctx, "_games", None)
        if hall is None:
            hall = GameHall()
            setattr(ctx, "_games", hall)  # noqa: B010 (AppContext has no field for it)
    return hall


_HALL_LOCK = threading.Lock()


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class GameHall:
    """The live games: one lock per game, the newest games kept replayed in memory, and the clock.

    ``clock`` gives the time now (UTC) that turns begin at and deadlines are read against; a test sets it
    to move time forward without sleeping.
    """

    locks: dict[int, threading.Lock] = field(default_factory=dict)
    live: OrderedDict[int, tuple[str, Any]] = field(default_factory=OrderedDict)
    guard: threading.Lock = field(default_factory=threading.Lock)
    clock: Callable[[], datetime] = _utcnow

    def lock(self, game_id: int) -> threading.Lock:
        """The lock that serialises the moves of one game."""
        with self.guard:
            return self.locks.setdefault(game_id, threading.Lock())

    def get(self, game_id: int, stamp: str) -> Any:
        """The live game if it is the stored one (same update stamp), else None."""
        with self.guard:
            hit = self.live.get(game_id)
            if hit is None or hit[0] != stamp:
                return None
            self.live.move_to_end(game_id)
            return hit[1]

    def put(self, game_id: int, stamp: str, game: Any) -> None:
        """Keep a live game with the stamp of the stored trace it matches."""
        with self.guard:
            self.live[game_id] = (stamp, game)
            self.live.move_to_end(game_id)
            while len(self.live) > _CACHE_GAMES:
                self.live.popitem(last=False)

    def drop(self, game_id: int) -> None:
        """Forget a live game (its next use replays the stored trace)."""
        with self.guard:
            self.live.pop(game_id, None)


@dataclass(frozen=True)
class Played:
    """What a move did: the red-line warnings, and whether it was applied."""

    applied: bool
    warnings: list[str]


def stamp_of(rec: Any) -> str:
    """What identifies a stored game's state: a digest of its trace."""
    text = json.dumps(rec.trace, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def seats_of(rec: Any) -> dict[str, dict[str, Any]]:
    """A stored game's seats as ``{seat: {"plays": "person" | strategy, "name", "key"}}``.

    Games stored by ``accord play`` write ``{seat: "person" | strategy}``; both forms are read.
    """
    out: dict[str, dict[str, Any]] = {}
    for seat, who in rec.seats.items():
        if isinstance(who, Mapping):
            out[seat] = {"plays": str(who.get("plays", "person")), **dict(who)}
        else:
            out[seat] = {"plays": str(who)}
    return out


def clock_of(rec: Any) -> TurnClock:
    """A stored game's turn clock: its time limit per turn and when each awaited turn began."""
    return TurnClock.from_trace(rec.trace, rec.updated_at)


def _stored(game: Any, clock: TurnClock) -> dict[str, Any]:
    """What the store keeps of a game: its trace, with the turn clock beside it (replay ignores it)."""
    trace: dict[str, Any] = game.trace() | clock.to_trace()
    return trace


def humans_of(rec: Any) -> list[str]:
    """The seats people play."""
    return [s for s, who in seats_of(rec).items() if who["plays"] == "person"]


def new_game(
    ctx: AppContext,
    scenario_id: int,
    version: int | None,
    humans: Sequence[str],
    strategies: Mapping[str, str],
    *,
    seed: int = 0,
    protocol: str = "alternating",
    n_rounds: int | None = None,
    names: Mapping[str, str] | None = None,
    turn_limit_s: int | None = None,
) -> tuple[int, dict[str, str]]:
    """Start a game on a stored scenario version and store it; its id and the key of each person's seat.

    ``turn_limit_s`` is the time limit per turn in seconds (None: wait for each person as long as it
    takes); the first turn begins now.

    Raises
    ------
    InputError
        An unknown seat or strategy, no seat for a person, bad rounds (the engine's checks), a time
        limit outside 10 s .. 7 days.
    """
    from ..play import Game

    clock = TurnClock(check_turn_limit(turn_limit_s))
    rec = ctx.store.get_scenario(scenario_id, version, parse=True)
    humans = list(dict.fromkeys(humans))
    if not humans:
        raise InputError.single("humans", "pick at least one seat for a person to play")
    actors = [a.id for a in rec.scenario.actors]
    unknown = [h for h in humans if h not in actors and h != "mediator"]
    if unknown:
        raise InputError.single("humans", f"no actor {', '.join(unknown)} in the scenario")
    chosen = {a: s for a, s in strategies.items() if s and a not in humans}
    game = Game.new(rec.scenario, humans, chosen, seed=seed, protocol=protocol, n_rounds=n_rounds)
    played = game.trace().get("strategies", {})
    keys = {h: secrets.token_urlsafe(18) for h in humans}
    seats: dict[str, Any] = {}
    for a in [*actors, "mediator"]:
        if a in keys:
            seats[a] = {"plays": "person", "name": (names or {}).get(a, "")[:60], "key": keys[a]}
        elif a in played:
            seats[a] = {"plays": str(played[a])}
    status = "finished" if game.finished else "running"
    clock.follow(game, hall_of(ctx).clock())
    gid = ctx.store.save_game(rec.id, rec.version, seats, seed, _stored(game, clock), status)
    stored = ctx.store.get_game(gid)
    hall_of(ctx).put(gid, stamp_of(stored), game)
    return gid, keys


def load_game(ctx: AppContext, game_id: int) -> tuple[Any, Any]:
    """The stored game record and the live game, the moves whose time ran out played first."""
    with hall_of(ctx).lock(game_id):
        return _current(ctx, game_id)


def fresh_record(ctx: AppContext, game_id: int) -> Any:
    """The stored game record, the moves whose time ran out played first (cheap while none has)."""
    rec = ctx.store.get_game(game_id)
    if rec.status != "running" or clock_of(rec).limit_s is None:
        return rec  # nothing times out: no need to replay the game
    return load_game(ctx, game_id)[0]


def _current(ctx: AppContext, game_id: int) -> tuple[Any, Any]:
    """:func:`_load`, then the fallback moves of every deadline passed, stored (the game's lock held).

    All of them are stored in one transaction; a failure leaves the stored game as it was.
    """
    rec, game = _load(ctx, game_id)
    clock = clock_of(rec)
    if clock.limit_s is None or rec.status != "running" or game.finished:
        return rec, game
    hall = hall_of(ctx)
    try:
        played = clock.expire(game, hall.clock())
        if not played:
            return rec, game
        ctx.store.update_game(rec.id, _stored(game, clock), "finished" if game.finished else None)
    except BaseException:
        hall.drop(rec.id)  # the live game holds moves the store does not: replay the stored one
        raise
    rec = ctx.store.get_game(rec.id)
    hall.put(rec.id, stamp_of(rec), game)
    return rec, game


def _load(ctx: AppContext, game_id: int) -> tuple[Any, Any]:
    """The stored game record and the live game (replayed from its trace when not in memory)."""
    rec = ctx.store.get_game(game_id)
    hall = hall_of(ctx)
    stamp = stamp_of(rec)
    game = hall.get(rec.id, stamp)
    if game is None:
        from ..play import Game

        scenario = ctx.store.get_scenario(rec.scenario_id, rec.version, parse=True).scenario
        game = Game.replay(scenario, rec.trace)
        hall.put(rec.id, stamp, game)
    return rec, game


def check_key(rec: Any, seat: str, key: str | None) -> None:
    """Refuse (403) a seat key that is not the seat's; 404 for a seat that is not in the game."""
    seats = seats_of(rec)
    if seat not in seats:
        raise HTTPException(404, f"no seat {seat!r} in game {rec.id}")
    expected = seats[seat].get("key")
    if seats[seat]["plays"] != "person" or not expected:
        raise HTTPException(403, f"{seat} is played by the {seats[seat]['plays']} strategy, not by a person")
    if not key or not hmac.compare_digest(str(expected).encode(), key.encode()):
        raise HTTPException(403, f"this is not the key of seat {seat}: open the seat's link")


def make_move(kind: str, package: Mapping[str, str] | None, override: bool) -> Any:
    """An engine move from what a form or a JSON body says (InputError for an unknown kind)."""
    from ..play import Move

    data: dict[str, Any] = {"kind": kind, "override": bool(override)}
    if package is not None:
        data["package"] = dict(package)
    return Move.from_dict(data)


def broken_links(game: Any, package: Mapping[str, str]) -> list[str]:
    """The linked-issue constraints a full package breaks, in words (empty when none or not full).

    The page's composer uses it to start from a package the engine accepts (the engine's own move check
    refuses a broken one with the same reason).
    """
    space = game._neg.space
    if set(package) != set(space.issues):
        return []
    try:
        index = space.index_of(package)
    except (KeyError, ValueError):
        return []  # an unknown option: the engine's check says which
    return [
        f"{fp.note or ' and '.join(fp.issues) + ' options that cannot go together'}: "
        f"the package breaks a linked-issue constraint"
        for fp in space.broken_pairs(index)
    ]


def play_move(
    ctx: AppContext, game_id: int, seat: str, key: str | None, move: Any, turn: int | None = None
) -> Played:
    """Make a seat's move and store the game's new trace (one transaction); nothing changes on refusal.

    A move with red-line warnings and no override is not made: its warnings come back with
    ``applied=False``. Not the seat's turn, or the game is over: 409. An invalid move: InputError.
    ``turn`` (optional) is the number of the turn the move answers (``turn`` of :func:`seat_state`):
    a move sent for a turn whose time ran out meanwhile is refused (409), not played on the next one.
    """
    with hall_of(ctx).lock(game_id):
        rec, game = _current(ctx, game_id)
        check_key(rec, seat, key)
        if turn is not None and turn != len(game.moves):
            late = game.moves[turn] if 0 <= turn < len(game.moves) else None
            why = "the game moved on"
            if late is not None and late.timed_out and late.seat == seat:
                why = f"your time ran out: {late.played_by} played {late.kind} for you"
            raise HTTPException(409, f"{why} (the move due now is turn {len(game.moves)}, not {turn})")
        if game.finished or rec.status != "running":
            raise HTTPException(409, f"game {game_id} is over")
        due = tuple(game.due())
        if seat not in due:
            waiting = ", ".join(due) or "the other seats"
            raise HTTPException(409, f"not {seat}'s move now: waiting for {waiting}")
        warnings = list(game.check(seat, move))
        if warnings and not move.override:
            return Played(False, warnings)
        try:
            try:
                warnings = list(game.move(seat, move))
            except ValueError as err:
                if isinstance(err, InputError):
                    raise
                raise InputError.single("move", str(err)) from None  # the engine refused it as it played
            status = "finished" if game.finished else None
            clock = clock_of(rec)
            clock.follow(game, hall_of(ctx).clock())  # the next turn begins now
            ctx.store.update_game(rec.id, _stored(game, clock), status)
        except BaseException:
            hall_of(ctx).drop(rec.id)  # the live game may hold a half-made move: replay the stored one
            raise
        hall_of(ctx).put(rec.id, stamp_of(ctx.store.get_game(rec.id)), game)
        return Played(True, warnings)


def preview(ctx: AppContext, game_id: int, seat: str, key: str | None, move: Any) -> dict[str, Any]:
    """What a move would give the seat before it is sent: its utility and the red-line warnings."""
    with hall_of(ctx).lock(game_id):
        rec, game = _current(ctx, game_id)
        check_key(rec, seat, key)
        warnings = list(game.check(seat, move))
        utility = package_utility(game, seat, move)
    return {"seat": seat, "kind": move.kind, "utility": utility, "warnings": warnings}


def package_utility(game: Any, seat: str, move: Any) -> float | None:
    """The seat's utility of the package a (checked) propose or partial move offers.

    The engine says it for offers on the table; for a package being composed this adapter asks the
    engine's own :func:`accord.play.seat.seat_utility` on the paused negotiation.
    """
    if move.kind not in ("propose", "partial") or not move.package:
        return None
    from ..play.seat import seat_utility
    from ..simulate.protocols import MEDIATOR

    neg = game._neg
    space = neg.space
    pairs = []
    for issue, option in move.package.items():
        k = list(space.issues).index(issue)
        pairs.append((k, list(space.options[k]).index(option)))
    row = neg.actor_rows.get(seat, MEDIATOR)
    return float(seat_utility(neg, row, sorted(pairs), move.kind == "partial"))


def seat_state(ctx: AppContext, game_id: int, seat: str, key: str | None) -> dict[str, Any]:
    """The seat's view of the game (the engine's ``SeatView``), whose move is awaited and until when.

    Besides the view: ``turn`` (the number of the turn awaited, which a move may name), the time limit
    per turn, the awaited turn's ``deadline`` (ISO UTC, None without a limit), the ``seconds_left`` to it
    by the server's clock, the ``fallback`` strategy that plays the move if time runs out, and the seat's
    ``moves`` so far (a timed-out one marked).
    """
    hall = hall_of(ctx)
    with hall.lock(game_id):
        rec, game = _current(ctx, game_id)
        check_key(rec, seat, key)
        view = game.view(seat).to_dict()
        due = list(game.due())
        moves = [m.to_dict() for m in game.moves if m.seat == seat]
        turn = len(game.moves)
        clock = clock_of(rec)
        fallback = fallback_strategy(game, due[0]) if due and clock.limit_s and not game.finished else None
    return {
        "game_id": rec.id,
        "seat": seat,
        "status": rec.status,
        "stamp": stamp_of(rec),
        "your_move": seat in due and not game.finished,
        "waiting_for": [] if game.finished else due,
        "turn": turn,
        "moves": moves,
        **clock.timing(game, hall.clock()),
        "fallback": fallback,
        "view": view,
    }


def game_summary(ctx: AppContext, rec: Any, game: Any | None = None) -> dict[str, Any]:
    """A game without its keys: scenario, seats and who plays them, status, whose move is awaited, until when.

    Without ``game`` the game is loaded (playing the moves whose time ran out) and ``rec`` read again.
    """
    if game is None:
        rec, game = load_game(ctx, rec.id)
    seats = {s: {k: v for k, v in who.items() if k != "key"} for s, who in seats_of(rec).items()}
    return {
        "id": rec.id,
        "scenario_id": rec.scenario_id,
        "version": rec.version,
        "seed": rec.seed,
        "status": rec.status,
        "seats": seats,
        "waiting_for": [] if game.finished else list(game.due()),
        **clock_of(rec).timing(game, hall_of(ctx).clock()),
        "created_at": rec.created_at.isoformat(),
        "updated_at": rec.updated_at.isoformat(),
        "url": f"/games/{rec.id}",
    }


def report_of(ctx: AppContext, game_id: int) -> Any:
    """The game's debrief (the engine's ``GameReport``)."""
    with hall_of(ctx).lock(game_id):
        _, game = _current(ctx, game_id)
        return game.report()


# -- the seat keys a browser holds -------------------------------------------------------------------------


def held_keys(request: Request) -> dict[tuple[int, str], str]:
    """The seat keys the browser's cookie holds: ``{(game id, seat): key}``."""
    raw = request.cookies.get(SEATS_COOKIE, "")
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)))
    except (ValueError, UnicodeError):
        return {}
    out: dict[tuple[int, str], str] = {}
    if isinstance(data, list):
        for item in data:
            if isinstance(item, list) and len(item) == 3 and isinstance(item[0], int):
                out[(item[0], str(item[1]))] = str(item[2])
    return out


def remember_keys(request: Request, response: Response, keys: Mapping[tuple[int, str], str]) -> None:
    """Add seat keys to the browser's cookie (HttpOnly, same-site only, kept a year); the newest win."""
    held = held_keys(request)
    for k in keys:
        held.pop(k, None)
    held.update(keys)
    items = [[g, s, k] for (g, s), k in list(held.items())[-_COOKIE_SEATS:]]
    value = base64.urlsafe_b64encode(json.dumps(items, separators=(",", ":")).encode()).decode().rstrip("=")
    response.set_cookie(SEATS_COOKIE, value, max_age=365 * 86400, httponly=True, samesite="strict", path="/")
