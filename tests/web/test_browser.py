"""End to end in headless Chromium: upload, edit with a located error, analyses, replay, offline report.

Debian's ``chromium`` driven by Playwright for Python (``executable_path``; no browser download). The
test skips with a reason when either is missing and fails when ``CI`` is set. With
``ACCORD_SCREENSHOTS=DIR`` it saves screenshots of the main pages there (``docs/screenshots``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import FLAGSHIP, require_text_extra

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    _need(sync_playwright is not None, "Playwright for Python is not installed (pip install playwright)")
    _need(CHROMIUM is not None, "Debian's chromium is not installed (.ci/setup-browser.sh installs it)")
    assert sync_playwright is not None and CHROMIUM is not None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free local port, in a thread; its base URL while the block runs."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 20
    while not srv.started and time.monotonic() < end:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        app.state.ctx.jobs.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from accord.web import create_app

    with serving(create_app(f"sqlite:///{tmp_path_factory.mktemp('db') / 'accord.db'}")) as url:
        yield url


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("ACCORD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def _run_job(page: Any, form: str) -> None:
    """Submit an analysis form, wait for its job to finish, open the stored run."""
    before = page.locator("#jobs .job").count()
    page.click(f"{form} button[type=submit]")
    page.locator("#jobs .job").nth(
        before
    ).wait_for()  # the new job's panel is in (the page's CSP forbids eval)
    job = page.locator("#jobs .job").first
    job.locator("a.open-run").wait_for(timeout=120_000)
    job.locator("a.open-run").click()
    page.wait_for_selector("div[data-drawn]")


def _swapped(page: Any, heading: str) -> None:
    """Wait until htmx has swapped in the view with this heading and settled (its figures are drawn)."""
    page.wait_for_selector(f"#view h2:has-text('{heading}')")
    page.wait_for_selector("#view div[data-drawn]")  # app.js draws on htmx:afterSettle, once it is live


def test_analyst_journey(browser: Any, server: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The invalid save is answered 422 on purpose; the browser logs that, and it is no error of the page.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "422" not in m.text else None)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    # 1. upload the flagship
    page.goto(server + "/")
    page.set_input_files("input[name=file]", str(FLAGSHIP))
    page.fill("input[name=author]", "ana")
    page.click("#upload button[type=submit]")
    page.wait_for_url("**/scenarios/1")
    assert "Russia-Ukraine peace talks" in page.inner_text("h1")
    page.goto(server + "/")
    assert page.locator("#library tbody tr").count() == 1
    _shot(page, "library")

    # 2. edit a stance: a validation error in place, nothing saved; fix it, a new version
    page.goto(server + "/scenarios/1/edit")
    field = 'input[name="f:stances[russia][I1].salience"]'
    page.fill(field, "140")
    page.fill("input[name=message]", "Kremlin hardens on NATO")
    page.click(".savebar button[type=submit] >> nth=0")
    cell = page.locator(f"td:has({field})")
    cell.locator(".field-error").wait_for()
    assert "140 is above 100" in cell.inner_text()
    assert page.locator("#not-saved").is_visible()
    assert page.input_value(field) == "140"  # the user's value is kept
    cell.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    _shot(page, "editor-error")
    page.fill(field, "98")
    page.click(".savebar button[type=submit] >> nth=0")
    page.wait_for_selector("#saved")
    assert "Saved version 2" in page.inner_text("#saved")
    assert page.locator(".field-error").count() == 0

    # history and diff show the change
    page.goto(server + "/scenarios/1")
    assert "stances[russia][I1].salience" in page.inner_text("ol.history")
    page.click("#diff-form button[type=submit]")
    assert "95" in page.inner_text("#changes") and "98" in page.inner_text("#changes")
    _shot(page, "history-diff")

    # 3. a forecast: per issue and model, and why an actor moved
    page.goto(server + "/scenarios/1/analyses")
    _run_job(page, "#form-forecast")
    page.select_option("#forecast-controls select[name=issue]", "I2d")
    _swapped(page, "Moves on I2d")  # settled: the next choice is not lost
    page.select_option("#forecast-controls select[name=model]", "smp")
    _swapped(page, "Moves on I2d in smp")
    page.select_option("#forecast-controls select[name=actor]", "usa")
    _swapped(page, "Moves on I2d in smp by usa")
    rows = page.locator("#moves tbody tr")
    assert rows.count() > 0 and all("usa" in rows.nth(k).inner_text() for k in range(rows.count()))
    _shot(page, "forecast")

    # 4. the deal space among three signatories (a frontier exists there)
    page.goto(server + "/scenarios/1/analyses")
    for actor in ("usa", "ukraine", "europe"):
        page.check(f"#form-deals input[name=signatories][value={actor}]")
    _run_job(page, "#form-deals")
    page.wait_for_selector("#frontier div[data-drawn]")
    assert page.locator("#frontier .scatterlayer .point").count() > 10
    _shot(page, "deals")

    # 5. replay the simulated talks round by round
    page.goto(server + "/scenarios/1/analyses")
    page.select_option("#form-simulation select[name='strategy.russia']", "staller")
    _run_job(page, "#form-simulation")
    last = int(page.inner_text("#round-now").split()[-1])
    page.click("#replay button >> nth=0")  # back to the start
    _swapped(page, "Round 0")
    page.click("#next")
    _swapped(page, "Round 1")
    assert "track battlefield" in page.inner_text("#tracks-now")
    page.click("#next")
    _swapped(page, "Round 2")
    assert page.locator("#round-events tbody tr").count() >= 1 and last >= 2
    page.wait_for_selector("div[data-drawn]")
    _shot(page, "simulation")

    # 6. cancel a long job
    page.goto(server + "/scenarios/1/analyses")
    page.click("#form-analysis button[type=submit]")
    page.locator("#jobs .job button", has_text="Cancel").first.click()
    page.wait_for_selector("#jobs .job-cancelled")
    page.reload()
    assert page.locator("#runs tbody tr").count() == 3  # the cancelled job stored nothing
    _shot(page, "analyses")

    # 7. download the report and open it with the network off
    page.goto(server + "/scenarios/1")
    with page.expect_download() as info:
        page.click("a[href$='report.html']")
    report = tmp_path / "report.html"
    info.value.save_as(report)
    assert not errors, errors
    assert all(u.startswith(server) for u in requests), [u for u in requests if not u.startswith(server)]

    offline = browser.new_context(viewport={"width": 1360, "height": 900}, offline=True)
    attempted: list[str] = []

    def block(route: Any) -> None:
        if not route.request.url.startswith("file://"):
            attempted.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    offline.route("**/*", block)
    rpage = offline.new_page()
    report_errors: list[str] = []
    rpage.on("pageerror", lambda e: report_errors.append(str(e)))
    rpage.goto(report.as_uri())
    rpage.wait_for_function("document.documentElement.getAttribute('data-plots') !== null")
    n = int(rpage.get_attribute("html", "data-plots") or 0)
    assert n > 20 and rpage.locator("div[data-fig] svg.main-svg").count() >= n
    assert "98" in rpage.inner_text("#scenario")  # the edited version's stance
    assert attempted == [] and report_errors == []
    _shot(rpage, "report")
    offline.close()
    context.close()


def test_evidence_from_news_text(browser: Any, server: str, tmp_path: Path) -> None:
    """Paste the example brief, see its dated statements, apply one proposed change as a new version."""
    require_text_extra()
    brief = FLAGSHIP.parent / "news" / "brief.md"
    page = browser.new_context(viewport={"width": 1360, "height": 1000}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    page.set_input_files("input[name=file]", str(FLAGSHIP))
    page.click("#upload button[type=submit]")
    page.wait_for_url("**/scenarios/*")
    sid = page.url.rstrip("/").split("/")[-1]
    page.click("nav.tabs a:has-text('Evidence')")
    page.fill("textarea[name=text]", brief.read_text(encoding="utf-8"))
    page.select_option("select[name=kind]", "markdown")
    page.fill("input[name=source]", "accord-example-wire")
    page.click("#read button[type=submit]")
    page.wait_for_selector("#found")
    assert "Found 10 statement(s)" in page.inner_text("#found")
    assert page.locator("#statements tr.new").count() == 10
    assert "Thursday" in page.inner_text("#statements")
    row = page.locator("#proposals tr", has_text="history ukraine/I4 at 0 on 2025-03-11")
    row.locator("input[type=checkbox]").check()
    _shot(page, "evidence")
    page.fill("#apply input[name=message]", "Jeddah: Ukraine accepts the ceasefire")
    page.click("#apply button[type=submit]")
    page.wait_for_url(f"**/scenarios/{sid}?version=2")
    assert "Jeddah: Ukraine accepts the ceasefire" in page.inner_text("ol.history")
    assert not errors, errors
    # The new version's report shows the dated point under "How positions moved", drawn.
    with page.expect_download() as info:
        page.click("a[href$='report.html']")
    info.value.save_as(tmp_path / "report.html")
    report = browser.new_page(viewport={"width": 1360, "height": 1000})
    report.on("pageerror", lambda e: errors.append(str(e)))
    report.goto((tmp_path / "report.html").as_uri())
    report.wait_for_function("document.documentElement.getAttribute('data-plots') !== null")
    assert "2025-03-11" in report.inner_text("#moved + p + div + table")
    assert report.locator("#moved + p + div[data-fig] svg.main-svg").count() >= 1
    report.locator("#moved").scroll_into_view_if_needed()
    _shot(report, "report-moved")
    assert not errors, errors
