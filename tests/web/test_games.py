"""Games in the web app through the JSON API and the pages (FastAPI's test client, no browser).

Invalid moves get a clear message and change nothing; a red line holds a move until it is overridden;
a game is stored after every move and resumed by a new app over the same store; two people's seats
take turns; the debrief comes at the end.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.store import Store
from accord.web import create_app

from .conftest import LOCAL, csrf_of


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
