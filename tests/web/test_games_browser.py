"""Games end to end in headless Chromium: start, play, a red line overridden, resume, finish, debrief;
two people in one game, with a time limit per turn counted down on their pages.

Same set-up as ``test_browser.py`` (Debian's ``chromium`` through Playwright; skipped with the reason when
either is missing, failed when ``CI`` is set); ``ACCORD_SCREENSHOTS=DIR`` saves the game pages' screenshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from .conftest import FLAGSHIP
from .test_browser import _shot, browser, server, serving  # noqa: F401 (fixtures)

_VIEW = {"width": 1360, "height": 900}


def _upload(page: Any, server: str) -> int:  # noqa: F811
    r = page.request.post(
        server + "/api/scenarios",
        data=FLAGSHIP.read_text(encoding="utf-8"),
        headers={"content-type": "application/yaml"},
    )
    assert r.status == 201, r.text()
    return int(r.json()["id"])


def _watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "422" not in m.text else None)
    return errors


def _settled(page: Any) -> None:
    """Wait until the panel is in place and htmx is idle (no request under way)."""
    page.wait_for_selector("#game-panel")
    page.wait_for_selector(".htmx-request", state="detached")  # the page's CSP forbids eval


def _changed(stamp: str | None) -> str:
    """The panel once the game has moved on from ``stamp``."""
    return f"#game-panel:not([data-stamp='{stamp}'])"


def _answer_or_propose(page: Any) -> str:
    """Make one move on the seat's page: reject an offer, or send the proposal (overriding a red line)."""
    _settled(page)
    stamp = page.get_attribute("#game-panel", "data-stamp")
    if page.locator("#reject").count():
        page.click("#reject")
        kind = "reject"
    else:
        page.click("#send-propose")
        kind = "propose"
        page.wait_for_selector(f"#red-line, {_changed(stamp)}")
        if page.locator("#red-line").count():
            page.click("#override")
    page.wait_for_selector(_changed(stamp))
    return kind


def test_a_game_in_the_browser(browser: Any, server: str) -> None:  # noqa: F811
    context = browser.new_context(viewport=_VIEW, accept_downloads=True)
    page = context.new_page()
    errors = _watch(page)
    sid = _upload(page, server)

    # start a game: ukraine is played by a person, the others by strategies
    page.goto(server + "/games")
    page.select_option("#pick-scenario select[name=scenario_id]", str(sid))
    page.click("#pick-scenario button[type=submit]")
    page.wait_for_url(f"**/scenarios/{sid}/games/new")
    page.check("#form-game input[name=person][value=ukraine]")
    page.fill("#form-game input[name='name.ukraine']", "Olena")
    page.select_option("#form-game select[name='strategy.russia']", "hardliner")
    page.fill("#form-game input[name=rounds]", "4")
    _shot(page, "game-new")
    page.click("#form-game button[type=submit]")
    page.wait_for_url("**/games/*/seats/ukraine?key=*")
    seat_url = page.url
    _settled(page)
    assert "you play ukraine" in page.inner_text("h1")
    assert page.locator("#your-move").is_visible() and page.locator("#offers").is_visible()
    assert page.inner_text("#round") == "1" and page.inner_text("#date").startswith("20")
    assert "crosses" in (
        page.get_attribute("#offers td.crosses", "class") or ""
    )  # russia's offer hits red lines

    # several moves: reject until it is ukraine's turn to propose
    moves = 0
    while not page.locator("#form-propose").count():
        assert _answer_or_propose(page) == "reject"
        moves += 1
    assert moves >= 1

    # compose a package across a red line: its utility and the warning show before it is sent
    page.wait_for_selector("#preview-utility")
    first = page.inner_text("#preview-utility")
    page.select_option("#form-propose select[name='opt.I2a']", "recognition")
    page.wait_for_selector("#preview-warnings")
    assert "I2a = recognition crosses your red line" in page.inner_text("#preview-warnings")
    assert page.locator("#preview-warnings li").count() == 1  # the package offered first kept the red lines
    assert page.inner_text("#preview-utility") != first
    _shot(page, "game-propose")
    stamp = page.get_attribute("#game-panel", "data-stamp")
    page.click("#send-propose")
    page.wait_for_selector("#red-line")
    assert page.get_attribute("#game-panel", "data-stamp") == stamp  # held: nothing sent
    assert "I2a = recognition" in page.inner_text("#red-line")
    page.locator("#red-line").scroll_into_view_if_needed()
    _shot(page, "game-red-line")
    page.click("#override")
    page.wait_for_selector(_changed(stamp))
    assert not page.locator("#red-line").count()
    before = (page.inner_text("#round"), page.get_attribute("#game-panel", "data-stamp"))
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "game-seat")
    assert not errors, errors
    context.close()

    # the browser is closed; a new one opens the seat's link and finds the game as it was left
    context = browser.new_context(viewport=_VIEW, accept_downloads=True)
    page = context.new_page()
    errors = _watch(page)
    page.on("dialog", lambda d: d.accept())
    page.goto(seat_url)
    _settled(page)
    assert (page.inner_text("#round"), page.get_attribute("#game-panel", "data-stamp")) == before
    page.goto(server + "/games")
    assert page.locator("#games a.seat-link[href$='/seats/ukraine']").count() == 1  # the key is held again
    page.click("#games a.seat-link")
    _settled(page)

    # play on to the end, and read the debrief
    for _ in range(30):
        if page.locator("#outcome").count():
            break
        _answer_or_propose(page)
    page.wait_for_selector("#debrief")
    assert "The game is over" in page.inner_text("#outcome")
    assert page.locator("#debrief article[data-seat=ukraine] table.decisions tbody tr").count() >= moves + 1
    assert "over a red line" in page.inner_text("#debrief")
    page.locator("#debrief").scroll_into_view_if_needed()
    _shot(page, "game-debrief")
    with page.expect_download() as info:
        page.click("#debrief-download")
    assert info.value.suggested_filename.startswith("accord-game-")
    assert not errors, errors
    context.close()


def test_two_people_in_one_game(browser: Any, server: str) -> None:  # noqa: F811
    first = browser.new_context(viewport=_VIEW)
    second = browser.new_context(viewport=_VIEW)
    pa, pb = first.new_page(), second.new_page()
    errors = _watch(pa) + _watch(pb)
    sid = _upload(pa, server)
    r = pa.request.post(
        server + "/api/games",
        data={"scenario_id": sid, "humans": ["usa", "ukraine"], "seed": 0, "rounds": 3, "turn_limit_s": 600},
    )
    assert r.status == 201, r.text()
    game = r.json()
    due = pa.request.get(f"{server}/api/games/{game['id']}").json()["waiting_for"][0]
    other = "ukraine" if due == "usa" else "usa"
    pa.goto(server + game["seats"][due]["url"])
    pb.goto(server + game["seats"][other]["url"])
    _settled(pa)
    _settled(pb)
    assert pa.locator("#your-move").is_visible()
    assert (
        f"Waiting for {due}" in pb.inner_text("#waiting") and not pb.locator("#reject, #send-propose").count()
    )
    _shot(pb, "game-waiting")
    # a ten-minute limit per turn: both pages count the time left down by themselves (no request)
    first_left = pa.inner_text("#countdown")
    assert first_left.startswith(("10:00", "9:5")) and "Time left for your move" in pa.inner_text(
        "#turn-clock"
    )
    pa.wait_for_function("t => document.querySelector('#countdown').textContent !== t", arg=first_left)
    assert f"Time left for {due}" in pb.inner_text("#turn-clock")

    # the first person moves; the second one's page sees it is their turn without a reload
    _answer_or_propose(pa)
    pb.wait_for_selector("#your-move", timeout=15_000)
    pa.wait_for_selector("#waiting")
    assert f"Waiting for {other}" in pa.inner_text("#waiting")
    assert pb.locator("#reject, #send-propose").count() >= 1
    pb.goto(server + "/games")  # several games at once, each with the seats this browser holds
    assert pb.locator("#games tbody tr").count() >= 2
    assert pb.locator("#games a.seat-link").count() >= 1
    _shot(pb, "games")
    assert not errors, errors
    first.close()
    second.close()


class _Ahead:
    """The games' clock: the real time plus ``ahead`` seconds (a deadline near without waiting for it)."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def __call__(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.ahead)


@pytest.fixture(scope="module")
def clocked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, _Ahead]]:
    """A server of its own whose games' clock the test moves (the shared one's app is out of reach)."""
    from accord.web import create_app
    from accord.web.games import hall_of

    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('clocked') / 'accord.db'}")
    clock = _Ahead()
    hall_of(app.state.ctx).clock = clock
    with serving(app) as url:
        yield url, clock


def test_the_countdown_runs_out_and_the_fallback_plays(
    browser: Any,  # noqa: F811
    clocked: tuple[str, _Ahead],
) -> None:
    base, clock = clocked
    context = browser.new_context(viewport=_VIEW)
    page = context.new_page()
    errors = _watch(page)
    sid = _upload(page, base)
    r = page.request.post(
        base + "/api/games",
        data={"scenario_id": sid, "humans": ["usa", "ukraine"], "seed": 0, "rounds": 3, "turn_limit_s": 60},
    )
    assert r.status == 201, r.text()
    game = r.json()
    due = page.request.get(f"{base}/api/games/{game['id']}").json()["waiting_for"][0]
    clock.ahead = 57.0  # three seconds before the first deadline
    page.goto(base + game["seats"][due]["url"])
    _settled(page)
    assert page.locator("#your-move").is_visible() and page.inner_text("#countdown") in ("0:03", "0:02")
    stamp = page.get_attribute("#game-panel", "data-stamp")
    # at zero the page asks for its panel again: that read plays the fallback's move, marked as such
    page.wait_for_selector(_changed(stamp), timeout=10_000)
    _settled(page)
    assert "1 timed out" in page.inner_text("#your-moves summary")
    assert "timed out: linear played for you" in page.inner_text("#your-moves")
    _shot(page, "game-timed-out")
    assert not errors, errors
    context.close()
