"""Game pages: start a wargame on a stored scenario, play a seat in the browser, the debrief.

Server-rendered like the rest of the app: the seat page's panel is an htmx fragment that a move, a red
line warning or the other seats' moves replace. While a seat waits for other people, its panel asks
every two seconds whether the stored game has changed (204 when it has not). Every form carries the
CSRF token; a seat is reached with its key (from its link, or the browser's seat cookie).

With a time limit per turn, the panel shows the time left for the move due (counted down by ``app.js``
with no request; at zero the panel is fetched again, which plays the fallback move, see
:mod:`accord.web.games`), and each move form names the turn it answers, so a move sent after the time
ran out is refused rather than played on the next turn.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import InputError
from ..play.turns import TURN_LIMIT_MAX, TURN_LIMIT_MIN
from .app import ctx_of, problems_of, render
from .games import (
    broken_links,
    check_key,
    fresh_record,
    game_summary,
    held_keys,
    load_game,
    make_move,
    new_game,
    play_move,
    preview,
    remember_keys,
    report_of,
    seat_state,
    seats_of,
    stamp_of,
)
from .security import check_csrf
from .service import form_fields

__all__ = ["router", "board_of", "clock_text"]

router = APIRouter(include_in_schema=False)


def _key(request: Request, game_id: int, seat: str, given: str | None) -> str | None:
    return given or held_keys(request).get((game_id, seat))


def _choices() -> dict[str, list[str]]:
    from ..registry import PROTOCOLS, STRATEGIES

    return {"strategies": STRATEGIES.names(), "protocols": PROTOCOLS.names()}


@router.get("/games", response_class=HTMLResponse)
def games(request: Request) -> HTMLResponse:
    """Every game, the seats this browser holds in each, and where to start a new one."""
    ctx = ctx_of(request)
    held = held_keys(request)
    rows = []
    names = {s.id: s.name for s in ctx.store.list_scenarios()}
    for rec in reversed(ctx.store.games()):
        summary = game_summary(ctx, rec)
        mine = [s for (g, s) in held if g == rec.id]
        rows.append(summary | {"mine": mine, "scenario": names.get(rec.scenario_id, rec.scenario_id)})
    return render(request, "games.html", games=rows, scenarios=ctx.store.list_scenarios())


@router.get("/games/new", include_in_schema=False)
def new_on(scenario_id: int) -> Response:
    """The games page's scenario choice: on to that scenario's new-game form."""
    return RedirectResponse(f"/scenarios/{scenario_id}/games/new", status_code=303)


@router.get("/scenarios/{scenario_id}/games/new", response_class=HTMLResponse)
def new(request: Request, scenario_id: int) -> HTMLResponse:
    """The form that starts a game: a person or a strategy for each seat, the protocol, rounds, seed."""
    return _new_form(request, scenario_id, problems=[], status=200)


def _new_form(request: Request, scenario_id: int, problems: list[Any], status: int) -> HTMLResponse:
    from ..simulate import default_strategies

    rec = ctx_of(request).store.get_scenario(scenario_id, parse=True)
    return render(
        request,
        "game_new.html",
        status=status,
        rec=rec,
        sc=rec.scenario,
        declared=default_strategies(rec.scenario),
        choices=_choices(),
        problems=problems,
    )


@router.post("/scenarios/{scenario_id}/games", dependencies=[Depends(check_csrf)])
async def create(request: Request, scenario_id: int) -> Response:
    """Start a game from the form; open the seat (one person) or the game's seat links (several)."""
    ctx = ctx_of(request)
    form = await request.form()
    fields = form_fields(form)
    humans = [v for v in form.getlist("person") if isinstance(v, str)]
    strategies = {k[len("strategy.") :]: v for k, v in fields.items() if k.startswith("strategy.") and v}
    names = {k[len("name.") :]: v for k, v in fields.items() if k.startswith("name.") and v}
    try:
        seed = _whole(fields.get("seed", "0"), "seed", -(2**63), 2**63 - 1)
        rounds_text = fields.get("rounds", "").strip()
        rounds = _whole(rounds_text, "rounds", 1, 1000) if rounds_text else None
        limit_text = fields.get("turn_limit_s", "").strip()
        limit = _whole(limit_text, "turn_limit_s", TURN_LIMIT_MIN, TURN_LIMIT_MAX) if limit_text else None
        gid, keys = new_game(
            ctx,
            scenario_id,
            None,
            humans,
            strategies,
            seed=seed,
            protocol=fields.get("protocol", "alternating"),
            n_rounds=rounds,
            names=names,
            turn_limit_s=limit,
        )
    except InputError as err:
        return _new_form(request, scenario_id, problems=problems_of(err), status=422)
    target = f"/games/{gid}"
    if len(keys) == 1:
        seat, key = next(iter(keys.items()))
        target = f"/games/{gid}/seats/{seat}?key={key}"
    response = RedirectResponse(target, status_code=303)
    remember_keys(request, response, {(gid, s): k for s, k in keys.items()})
    return response


def _whole(text: str, name: str, low: int, high: int) -> int:
    text = text.strip() or "0"
    if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
        raise InputError.single(name, f"expected a whole number from {low} to {high}, got {text!r}")
    return int(text)


@router.get("/games/{game_id}", response_class=HTMLResponse)
def game(request: Request, game_id: int) -> HTMLResponse:
    """A game: its seats and who plays them, the links to the seats this browser holds, the debrief."""
    ctx = ctx_of(request)
    rec, live = load_game(ctx, game_id)
    held = held_keys(request)
    links = {
        s: f"/games/{rec.id}/seats/{s}?key={who['key']}"
        for s, who in seats_of(rec).items()
        if who.get("key") and held.get((rec.id, s)) == who["key"]
    }
    debrief = report_of(ctx, game_id).to_dict() if live.finished else None
    scenario = ctx.store.get_scenario(rec.scenario_id, rec.version)
    return render(
        request,
        "game.html",
        g=game_summary(ctx, rec, live),
        links=links,
        scenario=scenario,
        debrief=debrief,
        base=str(request.base_url).rstrip("/"),
    )


def _seat_context(request: Request, game_id: int, seat: str, key: str | None) -> dict[str, Any]:
    ctx = ctx_of(request)
    state = seat_state(ctx, game_id, seat, key)
    rec = ctx.store.get_game(game_id)
    finished = state["view"].get("finished") or rec.status != "running"
    summary = game_summary(ctx, rec)
    board = board_of(state["view"])
    if board["question"] == "propose" and board["start"] is not None:
        live = load_game(ctx, game_id)[1]
        board["compose"] = _linked_ok(live, board["compose"], board["issues"])
    return {
        "state": state,
        "board": board,
        "seats": summary["seats"],  # without the keys
        "scenario": ctx.store.get_scenario(rec.scenario_id, rec.version),
        "key": key,
        "clock_text": clock_text(state["seconds_left"]),
        "debrief": report_of(ctx, game_id).to_dict() if finished else None,
        "g": summary,
    }


@router.get("/games/{game_id}/seats/{seat}", response_class=HTMLResponse)
def seat_page(request: Request, game_id: int, seat: str, key: str | None = None) -> HTMLResponse:
    """Play a seat: the state of the talks, the moves, and the debrief when the game ends."""
    k = _key(request, game_id, seat, key)
    response = render(
        request,
        "game_seat.html",
        warnings=[],
        problems=[],
        held={},
        **_seat_context(request, game_id, seat, k),
    )
    if key:
        remember_keys(request, response, {(game_id, seat): key})
    return response


@router.get("/games/{game_id}/seats/{seat}/panel", response_class=HTMLResponse)
def panel(
    request: Request, game_id: int, seat: str, key: str | None = None, since: str | None = None
) -> Response:
    """The seat's panel; 204 when the game has not changed since the stamp ``since``."""
    k = _key(request, game_id, seat, key)
    if since is not None:  # polled while waiting: answer cheaply while nothing has changed
        rec = fresh_record(ctx_of(request), game_id)  # a deadline passed changes the game
        check_key(rec, seat, k)
        if since == stamp_of(rec):
            return Response(status_code=204)
    context = _seat_context(request, game_id, seat, k)
    return render(request, "_game_panel.html", warnings=[], problems=[], held={}, **context)


def _move_of(fields: dict[str, str], override: bool) -> Any:
    """The move a form sends: ``kind``, ``opt.ISSUE`` (propose) or ``pick`` = ``ISSUE=OPTION`` (partial)."""
    kind = fields.get("kind", "")
    package: dict[str, str] | None = None
    if kind == "propose":
        package = {k[len("opt.") :]: v for k, v in fields.items() if k.startswith("opt.") and v}
    elif kind == "partial":
        issue, _, option = fields.get("pick", "").partition("=")
        package = {issue: option} if issue else {}
    return make_move(kind, package, override)


@router.post("/games/{game_id}/seats/{seat}/move", dependencies=[Depends(check_csrf)])
async def move(request: Request, game_id: int, seat: str, key: str | None = None) -> Response:
    """Make a move from the panel's forms; the new panel (with the red-line warnings if it was held)."""
    ctx = ctx_of(request)
    k = _key(request, game_id, seat, key)
    fields = form_fields(await request.form())
    warnings: list[str] = []
    problems: list[Any] = []
    held: dict[str, str] = {}
    conflict = 0
    try:
        mv = _move_of(fields, fields.get("override") == "1")
        turn_text = fields.get("turn", "").strip()
        turn = _whole(turn_text, "turn", 0, 2**31) if turn_text else None
        played = play_move(ctx, game_id, seat, k, mv, turn)
        if not played.applied:
            warnings = played.warnings
            held = {f: v for f, v in fields.items() if f in ("kind", "pick") or f.startswith("opt.")}
    except InputError as err:
        problems = problems_of(err)
    except HTTPException as err:
        if err.status_code != 409:
            raise
        # not this seat's move (any more): the time may have run out while the person composed it, so
        # the panel comes back as the game is now, with the reason, instead of an error page
        problems = [{"path": "move", "message": str(err.detail), "line": 0, "column": 0, "file": ""}]
        conflict = 409
    if request.headers.get("hx-request") != "true":
        return RedirectResponse(f"/games/{game_id}/seats/{seat}?key={k or ''}", status_code=303)
    context = _seat_context(request, game_id, seat, k)
    status = conflict or (422 if problems else 200)
    return render(
        request, "_game_panel.html", status=status, warnings=warnings, problems=problems, held=held, **context
    )


@router.post("/games/{game_id}/seats/{seat}/preview", dependencies=[Depends(check_csrf)])
async def preview_fragment(request: Request, game_id: int, seat: str, key: str | None = None) -> HTMLResponse:
    """The utility and the red-line warnings of the package being composed, before it is sent."""
    k = _key(request, game_id, seat, key)
    fields = form_fields(await request.form())
    try:
        p = preview(ctx_of(request), game_id, seat, k, _move_of(fields, False))
        problems: list[Any] = []
    except InputError as err:
        p, problems = {"utility": None, "warnings": []}, problems_of(err)
    return render(request, "_game_preview.html", p=p, problems=problems)


@router.get("/games/{game_id}/report.html")
def debrief_html(request: Request, game_id: int) -> Response:
    """The debrief as one self-contained HTML file (a download)."""
    ctx = ctx_of(request)
    rec, live = load_game(ctx, game_id)
    if not live.finished:
        raise InputError.single("game", f"game {game_id} is not over yet: the debrief comes at the end")
    doc = report_of(ctx, game_id)
    html = _debrief_html(request, rec, doc)
    headers = {
        "content-disposition": f'attachment; filename="accord-game-{rec.id}.html"',
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    }
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


def _debrief_html(request: Request, rec: Any, doc: Any) -> str:
    from ..report import html as report_html

    own = getattr(report_html, "render_game_html", None)  # the report package's, once it has one
    if callable(own):
        return str(own(doc))
    ctx = ctx_of(request)
    scenario = ctx.store.get_scenario(rec.scenario_id, rec.version)
    template = ctx.templates.get_template("game_report.html")
    return template.render(debrief=doc.to_dict(), g=game_summary(ctx, rec), scenario=scenario)


# -- the seat's view as the page shows it ------------------------------------------------------------------


def clock_text(seconds: float | None) -> str:
    """Time left as the countdown shows it: ``m:ss``, ``h:mm:ss``, ``2d 3:04:05`` (app.js writes the same)."""
    if seconds is None:
        return ""
    s = max(0, int(seconds))  # whole seconds, rounded down as the countdown ticks
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h or d else f"{m}:{s:02d}"
    return f"{d}d {text}" if d else text


def _linked_ok(game: Any, compose: dict[str, str], issues: list[dict[str, Any]]) -> dict[str, str]:
    """The composed package, with options changed one issue at a time until no linked issues clash."""
    for issue in issues:
        if not broken_links(game, compose):
            break
        if issue.get("settled"):
            continue
        for option in issue["acceptable"]:
            trial = compose | {issue["id"]: option}
            if not broken_links(game, trial):
                compose = trial
                break
    return compose


def board_of(view: dict[str, Any]) -> dict[str, Any]:
    """The engine's seat view arranged for the page: issues (rows) by offers (columns), and the rest."""
    issues = []
    for i in view.get("issues", []):
        labels = {o["id"]: o["label"] or o["id"] for o in i["options"]}
        issues.append(
            i
            | {
                "labels": labels,
                "open_separable": bool(i["separable"]) and i.get("settled") is None,
                "settled_label": labels.get(i["settled"]) if i.get("settled") else None,
            }
        )
    offers = [o | {"crosses": set(o.get("crosses_red_line", ()))} for o in view.get("offers", [])]
    pending = next((o for o in offers if o.get("pending")), None)
    mine = [o for o in offers if o["by"] == view.get("seat") and not o["partial"]]
    full = [o for o in offers if not o["partial"]]
    start = (mine or full or [None])[-1]
    compose = {}
    for i in issues:
        if i.get("settled"):
            compose[i["id"]] = i["settled"]
        else:  # the seat's last package, else the last one on the table, within the seat's red lines
            tries = [start["package"].get(i["id"]) if start else None, i.get("status_quo")]
            ok = [o for o in tries if o and o in i["acceptable"]]
            compose[i["id"]] = (ok or list(i["acceptable"]) or [o["id"] for o in i["options"]])[0]
    return view | {
        "issues": issues,
        "offers": offers,
        "pending": pending,
        "compose": compose,
        "start": start,
        "labels": {i["id"]: i["labels"] for i in issues},
    }
