"""Games in the web app through the JSON API and the pages (FastAPI's test client, no browser).

Invalid moves get a clear message and change nothing; a red line holds a move until it is overridden;
a game is stored after every move and resumed by a new app over the same store; two people's seats
take turns; the debrief comes at the end. With a time limit per turn (the games' clock moved by hand),
a turn that runs out is played by the seat's fallback strategy, marked, replayed and debriefed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

import accord
from accord.play import Game, GameReport
from accord.play.turns import iso
from accord.store import Store
from accord.web import create_app
from accord.web.game_pages import clock_text
from accord.web.games import hall_of

from .conftest import FLAGSHIP, LOCAL, csrf_of


def _start(client: TestClient, sid: int, humans: list[str], **extra: Any) -> dict[str, Any]:
    r = client.post("/api/games", json={"scenario_id": sid, "humans": humans, "seed": 0, **extra})
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def _view(client: TestClient, game: dict[str, Any], seat: str) -> dict[str, Any]:
    key = game["seats"][seat]["key"]
    r = client.get(f"/api/games/{game['id']}/seats/{seat}", headers={"x-seat-key": key})
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def _move(client: TestClient, game: dict[str, Any], seat: str, **move: Any) -> Any:
    key = game["seats"][seat]["key"]
    return client.post(f"/api/games/{game['id']}/seats/{seat}/moves", headers={"x-seat-key": key}, json=move)


def _trace(client: TestClient, gid: int) -> dict[str, Any]:
    out: dict[str, Any] = client.get(f"/api/games/{gid}").json()["trace"]
    return out


def _safe_package(view: dict[str, Any]) -> dict[str, str]:
    """A full package within the seat's red lines (settled issues kept)."""
    return {i["id"]: i["settled"] or i["acceptable"][0] for i in view["issues"]}


def _to_propose(client: TestClient, game: dict[str, Any], seat: str) -> dict[str, Any]:
    """Reject offers until the seat is to make one."""
    for _ in range(40):
        state = _view(client, game, seat)
        if state["view"]["question"] == "propose":
            return state
        assert state["your_move"], state["waiting_for"]
        assert _move(client, game, seat, kind="reject").status_code == 200
    raise AssertionError("the seat never got to propose")


def test_start_and_list(client: TestClient, sid: int) -> None:
    game = _start(client, sid, ["ukraine"], rounds=6)
    assert set(game["seats"]) == {"ukraine"} and game["seats"]["ukraine"]["url"].startswith("/games/")
    listed = client.get("/api/games").json()
    assert [g["id"] for g in listed] == [game["id"]]
    seats = listed[0]["seats"]
    assert seats["ukraine"]["plays"] == "person" and "key" not in seats["ukraine"]  # keys are given once
    assert seats["russia"]["plays"] and seats["russia"]["plays"] != "person"
    assert listed[0]["waiting_for"] == ["ukraine"] and listed[0]["status"] == "running"
    state = _view(client, game, "ukraine")
    view = state["view"]
    assert state["your_move"] and view["round"] >= 1 and view["date"] and view["batna"] is not None
    assert view["offers"] and all("labels" in o and "utility" in o for o in view["offers"])
    assert any(i["red_line"] for i in view["issues"]) and view["tracks"]


def test_bad_games_are_refused(client: TestClient, sid: int) -> None:
    r = client.post("/api/games", json={"scenario_id": sid, "humans": ["atlantis"]})
    assert r.status_code == 422 and "atlantis" in r.json()["problems"][0]["message"]
    r = client.post(
        "/api/games", json={"scenario_id": sid, "humans": ["ukraine"], "strategies": {"usa": "nope"}}
    )
    assert r.status_code == 422 and "nope" in r.json()["detail"]
    assert client.post("/api/games", json={"scenario_id": 99, "humans": ["ukraine"]}).status_code == 404
    assert client.get("/api/games").json() == []


def test_invalid_moves_change_nothing(client: TestClient, sid: int) -> None:
    game = _start(client, sid, ["ukraine"], rounds=6)
    gid = game["id"]
    before = _trace(client, gid)
    view = _view(client, game, "ukraine")["view"]
    assert view["question"] == "respond"
    cases = [
        ({"kind": "dance"}, "dance"),  # no such move
        ({"kind": "propose", "package": _safe_package(view)}, "not a move now"),  # an offer awaits an answer
        ({"kind": "accept", "package": {"I1": "shelved"}}, "takes no package"),
        ({"kind": "reject", "colour": "red"}, "colour"),  # an unknown field
    ]
    for body, words in cases:
        r = _move(client, game, "ukraine", **body)
        assert r.status_code == 422, (body, r.text)
        assert words in r.text and r.json()["problems"], r.json()
    state = _to_propose(client, game, "ukraine")
    before = _trace(client, gid)
    package = _safe_package(state["view"])
    bad = [
        (
            {"kind": "propose", "package": {k: v for k, v in package.items() if k != "I4"}},
            "misses issue(s) I4",
        ),
        (
            {"kind": "propose", "package": package | {"I4": "forever"}},
            "'forever' is not an option of issue I4",
        ),
        ({"kind": "propose", "package": package | {"I99": "x"}}, "unknown issue"),
        ({"kind": "partial", "package": {"I1": "shelved"}}, "is not separable"),
        # options that a linked-issue constraint rules out together
        (
            {"kind": "propose", "package": package | {"I1": "neutrality", "I10": "nato"}},
            "I1=neutrality with I10=nato",
        ),
    ]
    for body, words in bad:
        r = _move(client, game, "ukraine", **body)
        assert r.status_code == 422, (body, r.text)
        assert words in r.json()["detail"], r.json()
    # a seat that is not a person's, a wrong key, no key
    key = game["seats"]["ukraine"]["key"]
    assert client.post(f"/api/games/{gid}/seats/usa/moves", json={"kind": "reject"}).status_code == 403
    wrong = client.post(
        f"/api/games/{gid}/seats/ukraine/moves", headers={"x-seat-key": key[::-1]}, json={"kind": "reject"}
    )
    assert wrong.status_code == 403 and "key" in wrong.json()["detail"]
    assert client.get(f"/api/games/{gid}/seats/ukraine").status_code == 403
    assert client.get(f"/api/games/{gid}/seats/narnia", headers={"x-seat-key": key}).status_code == 404
    assert client.get("/api/games/77").status_code == 404
    assert _trace(client, gid) == before  # nothing changed


def test_red_line_needs_override_and_is_recorded(client: TestClient, sid: int) -> None:
    game = _start(client, sid, ["ukraine"], rounds=6)
    state = _to_propose(client, game, "ukraine")
    package = _safe_package(state["view"]) | {"I2a": "recognition"}
    key = game["seats"]["ukraine"]["key"]
    url = f"/api/games/{game['id']}/seats/ukraine"
    preview = client.post(
        f"{url}/preview", headers={"x-seat-key": key}, json={"kind": "propose", "package": package}
    )
    assert preview.status_code == 200
    assert (
        preview.json()["utility"] > 0
        and "I2a = recognition crosses your red line" in preview.json()["warnings"][0]
    )
    safe = client.post(
        f"{url}/preview",
        headers={"x-seat-key": key},
        json={"kind": "propose", "package": _safe_package(state["view"])},
    )
    assert safe.json()["warnings"] == [] and safe.json()["utility"] != preview.json()["utility"]
    n = len(_trace(client, game["id"])["moves"])
    held = _move(client, game, "ukraine", kind="propose", package=package)
    assert held.status_code == 409 and held.json()["warnings"] == preview.json()["warnings"]
    assert len(_trace(client, game["id"])["moves"]) == n  # not made
    made = _move(client, game, "ukraine", kind="propose", package=package, override=True)
    assert made.status_code == 200 and made.json()["warnings"] == preview.json()["warnings"]
    moves = _trace(client, game["id"])["moves"]
    assert (
        len(moves) == n + 1 and moves[-1]["override"] is True and moves[-1]["package"]["I2a"] == "recognition"
    )


def test_resume_in_a_new_app(tmp_path: Path, flagship_text: str) -> None:
    db = f"sqlite:///{tmp_path / 'games.db'}"
    store = Store(db)
    app = create_app(store=store)
    client = TestClient(app, base_url=LOCAL)
    sid = client.post(
        "/api/scenarios", content=flagship_text, headers={"content-type": "application/yaml"}
    ).json()["id"]
    game = _start(client, sid, ["ukraine"], rounds=8)
    _to_propose(client, game, "ukraine")
    before = _view(client, game, "ukraine")
    app.state.ctx.jobs.close()
    store.close()

    store2 = Store(db)  # the server restarted: the game is replayed from its stored trace
    app2 = create_app(store=store2)
    client2 = TestClient(app2, base_url=LOCAL)
    after = _view(client2, game, "ukraine")
    assert after == before
    assert (
        _move(client2, game, "ukraine", kind="propose", package=_safe_package(after["view"])).status_code
        == 200
    )
    app2.state.ctx.jobs.close()
    store2.close()


def test_two_people_take_turns_and_the_game_ends_with_a_debrief(client: TestClient, sid: int) -> None:
    game = _start(client, sid, ["usa", "ukraine"], rounds=3)
    gid = game["id"]
    seen_both = set()
    for _ in range(60):
        summary = client.get(f"/api/games/{gid}").json()
        if summary["status"] == "finished":
            break
        (due,) = summary["waiting_for"]
        other = "ukraine" if due == "usa" else "usa"
        seen_both.add(due)
        waiting = _view(client, game, other)
        assert not waiting["your_move"] and waiting["waiting_for"] == [due]
        r = _move(client, game, other, kind="reject")
        assert r.status_code == 409 and f"waiting for {due}" in r.json()["detail"]
        view = _view(client, game, due)["view"]
        if view["question"] == "respond":
            assert _move(client, game, due, kind="reject").status_code == 200
        else:
            assert _move(client, game, due, kind="propose", package=_safe_package(view)).status_code == 200
    assert seen_both == {"usa", "ukraine"}
    summary = client.get(f"/api/games/{gid}").json()
    assert summary["status"] == "finished" and summary["waiting_for"] == []
    assert _move(client, game, "usa", kind="reject").status_code == 409  # the game is over
    report = client.get(f"/api/games/{gid}/report").json()
    assert report["kind"] == "game" and report["finished"] and report["schema_version"]
    assert {d["seat"] for d in report["debrief"]} == {"usa", "ukraine"}
    html = client.get(f"/games/{gid}/report.html")
    assert html.status_code == 200 and "attachment" in html.headers["content-disposition"]
    assert "Debrief" in html.text and "<script" not in html.text
    page = client.get(f"/games/{gid}/seats/usa", params={"key": game["seats"]["usa"]["key"]})
    assert 'id="debrief"' in page.text and "The game is over" in page.text


def test_pages_start_a_game_and_keep_the_seat_keys(client: TestClient, sid: int) -> None:
    page = client.get(f"/scenarios/{sid}/games/new")
    assert page.status_code == 200 and 'name="person"' in page.text
    token = csrf_of(page.text)
    form = {
        "csrf_token": token,
        "person": "ukraine",
        "seed": "3",
        "rounds": "5",
        "strategy.russia": "hardliner",
    }
    assert client.post(f"/scenarios/{sid}/games", data=form | {"csrf_token": "x" * 43}).status_code == 403
    bad = client.post(f"/scenarios/{sid}/games", data=form | {"rounds": "lots"}, follow_redirects=False)
    assert bad.status_code == 422 and "rounds" in bad.text
    r = client.post(f"/scenarios/{sid}/games", data=form, follow_redirects=False)
    assert r.status_code == 303 and re.match(r"/games/\d+/seats/ukraine\?key=", r.headers["location"])
    gid = int(r.headers["location"].split("/")[2])
    assert client.get("/api/games").json()[0]["seats"]["russia"]["plays"] == "hardliner"
    seat = client.get(r.headers["location"])
    assert seat.status_code == 200 and "you play <code>ukraine</code>" in seat.text
    # the browser holds the key in its cookie: the seat opens without the key in the address, and
    # the games list links to it
    assert client.get(f"/games/{gid}/seats/ukraine").status_code == 200
    listing = client.get("/games").text
    assert f'href="/games/{gid}/seats/ukraine"' in listing
    overview = client.get(f"/games/{gid}").text
    assert (
        f'data-seat="ukraine" href="/games/{gid}/seats/ukraine?key=' in overview and "hardliner" in overview
    )
    # while nothing changes, a waiting page's poll is answered 204
    stamp = re.search(r'data-stamp="([^"]+)"', seat.text)
    assert stamp is not None
    assert (
        client.get(f"/games/{gid}/seats/ukraine/panel", params={"since": stamp.group(1)}).status_code == 204
    )
    assert client.get(f"/games/{gid}/seats/ukraine/panel", params={"since": "old"}).status_code == 200
    # a browser without the key cannot play the seat, nor see its link
    other = TestClient(client.app, base_url=LOCAL)
    assert other.get(f"/games/{gid}/seats/ukraine").status_code == 403
    assert other.get(f"/games/{gid}/seats/ukraine/panel", params={"since": stamp.group(1)}).status_code == 403
    assert f'href="/games/{gid}/seats/ukraine"' not in other.get("/games").text
    assert "seats/ukraine?key=" not in other.get(f"/games/{gid}").text


def test_page_moves_and_red_line_override(client: TestClient, sid: int) -> None:
    game = _start(client, sid, ["ukraine"], rounds=6)
    gid, key = game["id"], game["seats"]["ukraine"]["key"]
    url = f"/games/{gid}/seats/ukraine"
    page = client.get(url, params={"key": key})
    token = csrf_of(page.text)
    hx = {"hx-request": "true", "x-csrf-token": token}
    state = _to_propose(client, game, "ukraine")
    fields = {f"opt.{k}": v for k, v in _safe_package(state["view"]).items()}
    crossing = fields | {"opt.I2a": "recognition"}
    preview = client.post(f"{url}/preview?key={key}", data={"kind": "propose", **crossing}, headers=hx)
    assert "Your utility of this package" in preview.text and "crosses your red line" in preview.text
    n = len(_trace(client, gid)["moves"])
    held = client.post(f"{url}/move?key={key}", data={"kind": "propose", **crossing}, headers=hx)
    assert held.status_code == 200 and 'id="red-line"' in held.text and 'id="override"' in held.text
    assert len(_trace(client, gid)["moves"]) == n
    made = client.post(
        f"{url}/move?key={key}", data={"kind": "propose", "override": "1", **crossing}, headers=hx
    )
    assert made.status_code == 200 and 'id="red-line"' not in made.text
    assert _trace(client, gid)["moves"][-1]["override"] is True
    wrong = client.post(f"{url}/move?key={key}", data={"kind": "propose", "opt.I1": "shelved"}, headers=hx)
    assert wrong.status_code == 422 and 'class="problems"' in wrong.text
    assert "misses issue" in wrong.text or "is not a move now" in wrong.text
    assert len(_trace(client, gid)["moves"]) == n + 1


@pytest.mark.parametrize("path", ["/games", "/api/games"])
def test_games_listing_is_empty_at_first(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


# -- a time limit per turn ---------------------------------------------------------------------------------


class _Clock:
    """The games' clock, moved forward by hand (no sleeping)."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def at(self, seconds: float) -> str:
        """The ISO UTC time ``seconds`` after the start."""
        return iso(datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC) + timedelta(seconds=seconds))


@pytest.fixture
def clock(app: Any) -> _Clock:
    c = _Clock()
    hall_of(app.state.ctx).clock = c
    return c


def _declared(seat: str) -> str:
    from accord.simulate import default_strategies

    return default_strategies(accord.load_scenario(FLAGSHIP))[seat]


def test_a_turn_timed_out_is_played_by_the_fallback_and_replays(
    client: TestClient, sid: int, clock: _Clock
) -> None:
    game = _start(client, sid, ["usa", "ukraine"], rounds=3, turn_limit_s=60)
    gid = game["id"]
    doc = client.get(f"/api/games/{gid}").json()
    (due,) = doc["waiting_for"]
    other = "ukraine" if due == "usa" else "usa"
    assert doc["turn_limit_s"] == 60 and doc["turn_began"] == clock.at(0) and doc["deadline"] == clock.at(60)
    assert doc["trace"]["turn_limit_s"] == 60 and doc["trace"]["turns"] == [
        {"seat": due, "began": clock.at(0)}
    ]
    clock.advance(59)  # not yet: nothing is played
    state = _view(client, game, due)
    assert state["your_move"] and state["seconds_left"] == 1.0 and state["fallback"] == _declared(due)
    assert _trace(client, gid)["moves"] == []

    clock.advance(2)  # 61 s: the next read plays the fallback's move for the seat whose move is due
    doc = client.get(f"/api/games/{gid}").json()
    (move,) = doc["trace"]["moves"]
    assert move["seat"] == due and move["timed_out"] is True and move["played_by"] == _declared(due)
    assert move["kind"] in ("accept", "reject", "propose", "partial", "pass")
    # the next turn began at the deadline, not at the read: when the game is read does not matter
    assert doc["trace"]["turns"][1] == {"seat": doc["waiting_for"][0], "began": clock.at(60)}
    assert doc["deadline"] == clock.at(120)
    # the person's late move, for the turn that timed out, is refused and changes nothing
    late = _move(client, game, due, kind="reject", turn=0)
    assert late.status_code == 409 and "your time ran out" in late.json()["detail"]
    assert len(_trace(client, gid)["moves"]) == 1

    # the stored trace replays to the same game
    trace = _trace(client, gid)
    scenario = accord.load_scenario(FLAGSHIP)
    replayed = Game.replay(scenario, trace)
    assert replayed.trace() == {k: v for k, v in trace.items() if k not in ("turn_limit_s", "turns")}
    assert replayed.moves[0].timed_out and replayed.moves[0].played_by == _declared(due)
    assert replayed.view(other).to_dict() == _view(client, game, other)["view"]

    # the person keeps the seat: the seat sees the move marked, and moves again when due
    seat_page = client.get(f"/games/{gid}/seats/{due}", params={"key": game["seats"][due]["key"]}).text
    assert 'id="your-moves"' in seat_page and f"timed out: {_declared(due)} played for you" in seat_page
    clock.advance(5)
    now_due = client.get(f"/api/games/{gid}").json()["waiting_for"][0]
    view = _view(client, game, now_due)
    body = {"kind": "reject"} if view["view"]["question"] == "respond" else {"kind": "propose"}
    if body["kind"] == "propose":
        body["package"] = _safe_package(view["view"])
    assert _move(client, game, now_due, turn=view["turn"], **body).status_code == 200
    trace = _trace(client, gid)
    assert trace["moves"][1]["timed_out"] is False and trace["turns"][2]["began"] == clock.at(66)

    # the debrief marks it, and shows the fallback's move beside it as its own in the seat
    report = client.get(f"/api/games/{gid}/report").json()
    jsonschema.validate(report, GameReport.json_schema())
    (first,) = [d for d in report["debrief"] if d["seat"] == due]
    decision = first["decisions"][0]
    assert decision["move"]["timed_out"] and decision["move"]["played_by"] == _declared(due)
    shadow = next(s for s in decision["shadows"] if s["strategy"] == _declared(due))
    assert (shadow["kind"], shadow["package"]) == (decision["move"]["kind"], decision["move"]["package"])
    assert any(m["kind"] == "timed-out" and "your time ran out" in m["text"] for m in first["moments"])

    # a day later every turn has timed out: the game ended, the debrief page marks the moves
    clock.advance(86400)
    listed = client.get("/api/games").json()
    assert listed[0]["status"] == "finished" and listed[0]["deadline"] is None
    trace = _trace(client, gid)
    assert sum(m["timed_out"] for m in trace["moves"]) == len(trace["moves"]) - 1
    assert Game.replay(scenario, trace).finished
    page = client.get(f"/games/{gid}").text
    assert 'id="debrief"' in page and f"timed out: {_declared(due)} played for you" in page


def test_timeouts_do_not_depend_on_when_the_game_is_read(client: TestClient, sid: int, clock: _Clock) -> None:
    often = _start(client, sid, ["usa", "ukraine"], rounds=3, turn_limit_s=60)
    once = _start(client, sid, ["usa", "ukraine"], rounds=3, turn_limit_s=60)
    for _ in range(5):
        clock.advance(47)
        client.get(f"/api/games/{often['id']}")
    a, b = _trace(client, often["id"]), _trace(client, once["id"])
    assert len(a["moves"]) == 3 and a == b  # 235 s: three deadlines passed


def test_without_a_limit_nothing_times_out(client: TestClient, sid: int, clock: _Clock) -> None:
    game = _start(client, sid, ["usa", "ukraine"], rounds=3)
    gid = game["id"]
    clock.advance(30 * 86400)
    doc = client.get(f"/api/games/{gid}").json()
    assert doc["turn_limit_s"] is None and doc["deadline"] is None and doc["trace"]["moves"] == []
    (due,) = doc["waiting_for"]
    state = _view(client, game, due)
    assert state["deadline"] is None and state["seconds_left"] is None and state["fallback"] is None
    page = client.get(f"/games/{gid}/seats/{due}", params={"key": game["seats"][due]["key"]}).text
    assert 'id="turn-clock"' not in page
    # the turns are still recorded (when each began), for a report of how long people took
    assert doc["trace"]["turns"] == [{"seat": due, "began": clock.at(0)}]
    assert _trace(client, gid)["moves"] == []


@pytest.mark.parametrize("limit", [9, 0, -60, 7 * 86400 + 1])
def test_a_limit_out_of_range_is_refused(client: TestClient, sid: int, limit: int) -> None:
    r = client.post("/api/games", json={"scenario_id": sid, "humans": ["ukraine"], "turn_limit_s": limit})
    assert r.status_code == 422, r.text
    (problem,) = r.json()["problems"]
    assert problem["path"] == "body.turn_limit_s"
    assert client.get("/api/games").json() == []


def test_the_pages_show_the_time_left(client: TestClient, sid: int, clock: _Clock) -> None:
    page = client.get(f"/scenarios/{sid}/games/new")
    assert 'name="turn_limit_s"' in page.text
    form = {"csrf_token": csrf_of(page.text), "person": ["usa", "ukraine"], "rounds": "3"}
    bad = client.post(f"/scenarios/{sid}/games", data=form | {"turn_limit_s": "5"}, follow_redirects=False)
    assert bad.status_code == 422 and "turn_limit_s" in bad.text and "from 10 to 604800" in bad.text
    r = client.post(f"/scenarios/{sid}/games", data=form | {"turn_limit_s": "90"}, follow_redirects=False)
    assert r.status_code == 303
    gid = int(r.headers["location"].split("/")[2])
    doc = client.get(f"/api/games/{gid}").json()
    assert doc["turn_limit_s"] == 90
    (due,) = doc["waiting_for"]
    other = "ukraine" if due == "usa" else "usa"
    mine = client.get(f"/games/{gid}/seats/{due}").text  # the browser holds both keys
    assert 'id="countdown" data-left="90.0">1:30<' in mine and "Time left for your move" in mine
    assert 'hx-trigger="accord-expired"' in mine and 'name="turn" value="0"' in mine
    theirs = client.get(f"/games/{gid}/seats/{other}").text
    assert f"Time left for {due}&#39;s move" in theirs and 'hx-trigger="every 2s"' in theirs
    listing = client.get("/games").text
    assert f"until {clock.at(90)[:19].replace('T', ' ')} UTC" in listing
    # the waiting seat's poll: nothing changes before the deadline, the fallback's move after it
    stamp = re.search(r'data-stamp="([^"]+)"', theirs)
    assert stamp is not None
    poll = f"/games/{gid}/seats/{other}/panel"
    assert client.get(poll, params={"since": stamp.group(1)}).status_code == 204
    clock.advance(91)
    changed = client.get(poll, params={"since": stamp.group(1)})
    assert changed.status_code == 200 and "Time left for your move" in changed.text
    # the late person's move from the page comes back as the panel with the reason (not an error page)
    hx = {"hx-request": "true", "x-csrf-token": csrf_of(mine)}
    late = client.post(f"/games/{gid}/seats/{due}/move", data={"kind": "reject", "turn": "0"}, headers=hx)
    assert late.status_code == 409 and "your time ran out" in late.text and 'id="game-panel"' in late.text


def test_clock_text() -> None:
    assert [clock_text(s) for s in (None, 0, 9.9, 90, 3600, 90061)] == [
        "",
        "0:00",
        "0:09",
        "1:30",
        "1:00:00",
        "1d 1:01:01",
    ]
