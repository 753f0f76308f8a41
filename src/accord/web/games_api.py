"""The games' JSON API (``/api/games``): start a wargame, read a seat's view, move, preview, debrief.

A person's seat is reached with its key (``X-Seat-Key`` header or ``?key=``), which the answer to
``POST /api/games`` gives once. Errors are the API's: 422 with the problems for an invalid move (nothing
changes), 409 when it is not the seat's move or the game is over, 403 without the seat's key, 404 for a
game or seat that does not exist. A move across a red line is answered 409 with its ``warnings`` and not
made, unless it is sent again with ``"override": true`` (the override is recorded in the trace).

A game started with ``turn_limit_s`` gives each person that many seconds per turn: the game and the seat
view say the awaited turn's ``deadline`` (ISO UTC); once it has passed, the next read or move plays the
seat's fallback strategy's move for the person (marked ``timed_out`` with ``played_by`` in the moves).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ..play.turns import TURN_LIMIT_MAX, TURN_LIMIT_MIN
from .api import ErrorBody
from .app import ctx_of
from .games import (
    game_summary,
    load_game,
    make_move,
    new_game,
    play_move,
    preview,
    report_of,
    seat_state,
)

__all__ = ["router"]

router = APIRouter(prefix="/api/games", tags=["games"])

_ERR: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not this seat's key", "model": ErrorBody},
    404: {"description": "No such game or seat", "model": ErrorBody},
    409: {"description": "Not the seat's move, the game is over, or a red line (with warnings)"},
    422: {"description": "Invalid move or game: every problem; nothing changed", "model": ErrorBody},
}


class GameIn(BaseModel):
    """A game to start on a stored scenario: the seats people play, strategies for the others, a seed."""

    scenario_id: int
    version: int | None = None
    humans: list[str] = Field(description="The seats (actor ids) people play")
    strategies: dict[str, str] = Field(
        default_factory=dict, description="Seat -> strategy (default: declared)"
    )
    names: dict[str, str] = Field(default_factory=dict, description="Seat -> the person's name (optional)")
    seed: int = 0
    protocol: str = "alternating"
    rounds: int | None = Field(None, ge=1, le=1000)
    turn_limit_s: int | None = Field(
        None,
        ge=TURN_LIMIT_MIN,
        le=TURN_LIMIT_MAX,
        description="Seconds each person has per turn (10 s to 7 days); when it runs out the seat's "
        "declared strategy plays that move for them. None: wait as long as it takes",
    )


class MoveIn(BaseModel):
    """A move: propose or partial (with the package, issue id -> option id), accept, reject, walk_away."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["propose", "accept", "reject", "partial", "walk_away"] | str
    package: dict[str, str] | None = None
    override: bool = Field(False, description="Send despite red-line warnings (recorded)")
    turn: int | None = Field(
        None,
        ge=0,
        description="The turn the move answers (the seat view's turn): refused with 409 if the game has "
        "moved on, e.g. the time ran out and the fallback strategy played it",
    )


def _key(header: str | None, query: str | None) -> str | None:
    return header or query


@router.post("", status_code=201, summary="Start a game", responses={404: _ERR[404], 422: _ERR[422]})
def create(request: Request, body: GameIn) -> JSONResponse:
    """Start a game and store it; each person's seat link and key (given only here)."""
    ctx = ctx_of(request)
    gid, keys = new_game(
        ctx,
        body.scenario_id,
        body.version,
        body.humans,
        body.strategies,
        seed=body.seed,
        protocol=body.protocol,
        n_rounds=body.rounds,
        names=body.names,
        turn_limit_s=body.turn_limit_s,
    )
    seats = {s: {"key": k, "url": f"/games/{gid}/seats/{s}?key={k}"} for s, k in keys.items()}
    out = {"id": gid, "url": f"/api/games/{gid}", "seats": seats}
    return JSONResponse(out, status_code=201, headers={"location": f"/api/games/{gid}"})


@router.get("", summary="Every stored game")
def list_games(request: Request, scenario_id: int | None = None) -> list[dict[str, Any]]:
    """Every game (of one scenario, or all): seats and who plays them, status, whose move is awaited."""
    ctx = ctx_of(request)
    return [game_summary(ctx, rec) for rec in ctx.store.games(scenario_id)]


@router.get("/{game_id}", summary="One game", responses={404: _ERR[404]})
def get_game(request: Request, game_id: int) -> dict[str, Any]:
    """The game's summary and its trace (enough to replay it exactly).

    With a time limit: ``turn_limit_s``, and the awaited turn's ``turn_began``, ``deadline`` (ISO UTC)
    and ``seconds_left``; the trace keeps when each turn began (``turns``).
    """
    ctx = ctx_of(request)
    rec, game = load_game(ctx, game_id)
    return game_summary(ctx, rec, game) | {"trace": rec.trace}


@router.get("/{game_id}/seats/{seat}", summary="A seat's view", responses={k: _ERR[k] for k in (403, 404)})
def view(
    request: Request,
    game_id: int,
    seat: str,
    key: str | None = Query(None),
    x_seat_key: str | None = Header(None),
) -> dict[str, Any]:
    """What the seat sees, and whose move is awaited.

    Round and date, offers by option label per issue, tracks, the seat's utility of each offer and of no
    deal, who accepted what, the legal moves, its red lines; the awaited ``turn``, its ``deadline`` (ISO
    UTC, null without a time limit) and ``seconds_left``; the seat's ``moves`` (a timed-out one marked).
    """
    return seat_state(ctx_of(request), game_id, seat, _key(x_seat_key, key))


@router.post("/{game_id}/seats/{seat}/moves", summary="Move", responses=_ERR)
def move(
    request: Request,
    game_id: int,
    seat: str,
    body: MoveIn,
    key: str | None = Query(None),
    x_seat_key: str | None = Header(None),
) -> JSONResponse:
    """Make the seat's move; the strategies then move until a person's move is due or the game ends.

    200 with the seat's new view; 409 with ``warnings`` (and nothing made) across a red line without
    ``override``; 422 for an invalid move (nothing changes).
    """
    ctx = ctx_of(request)
    k = _key(x_seat_key, key)
    move_ = make_move(str(body.kind), body.package, body.override)
    played = play_move(ctx, game_id, seat, k, move_, body.turn)
    if not played.applied:
        detail = "the move crosses a red line: send it again with override to make it anyway"
        return JSONResponse({"detail": detail, "warnings": played.warnings, "problems": []}, status_code=409)
    return JSONResponse(seat_state(ctx, game_id, seat, k) | {"warnings": played.warnings})


@router.post("/{game_id}/seats/{seat}/preview", summary="Preview a move", responses=_ERR)
def preview_move(
    request: Request,
    game_id: int,
    seat: str,
    body: MoveIn,
    key: str | None = Query(None),
    x_seat_key: str | None = Header(None),
) -> dict[str, Any]:
    """The seat's utility of the package and the red-line warnings, before sending (nothing changes)."""
    move_ = make_move(str(body.kind), body.package, body.override)
    return preview(ctx_of(request), game_id, seat, _key(x_seat_key, key), move_)


@router.get("/{game_id}/report", summary="The debrief", responses={404: _ERR[404]})
def report(request: Request, game_id: int) -> dict[str, Any]:
    """The game's debrief (document kind ``game``)."""
    doc: dict[str, Any] = report_of(ctx_of(request), game_id).to_dict()
    return doc
