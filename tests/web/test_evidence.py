"""Evidence from news text in the web app: read an article, store its statements, apply what they support.

The page and the JSON API run the text extractor (the ``text`` extra: skipped without it, a failure
when ``CI`` is set) on the flagship's example brief.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from .conftest import csrf_of, require_text_extra

BRIEF = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "news" / "brief.md"
TUESDAY = "On Tuesday in Jeddah, Ukraine accepted the US proposal for an immediate 30-day ceasefire"


@pytest.fixture(scope="module", autouse=True)
def _text_extra() -> None:
    require_text_extra()


def _read(client: TestClient, sid: int, **data: str) -> str:
    page = client.get(f"/scenarios/{sid}/evidence").text
    r = client.post(f"/scenarios/{sid}/evidence", data={"csrf_token": csrf_of(page), **data})
    assert r.status_code in (200, 422), r.text
    return r.text


def _basis(page: str) -> str:
    m = re.search(r'name="basis" value="([^"]+)"', page)
    assert m, "the page has no proposal"
    return m.group(1)


def _proposal(page: str, what: str) -> str:
    """The id of the proposed change whose row mentions ``what``."""
    for row in re.findall(r'<tr id="prop-(d\d+)">(.*?)</tr>', page, re.S):
        if what in row[1]:
            return row[0]
    raise AssertionError(f"no proposal mentions {what!r}")


def test_reading_storing_and_applying_evidence_through_the_page(client: TestClient, sid: int) -> None:
    page = client.get(f"/scenarios/{sid}/evidence").text
    assert "No evidence stored yet" in page and 'href="/scenarios/1/evidence" class="on"' in page
    page = _read(client, sid, text=BRIEF.read_text(encoding="utf-8"), kind="markdown", source="wire")
    assert "Found 10 statement(s) in 11 sentence(s); stored." in page
    assert len(re.findall(r'<tr id="st-\d+" class="new">', page)) == 10
    assert "&ldquo;Thursday&rdquo;" in page and "2025-03-13" in page  # dated by its sentence
    # Ukraine accepts the immediate ceasefire on Tuesday: a dated history point of its stance on I4.
    item = _proposal(page, "history ukraine/I4 at 0 on 2025-03-11")
    basis = _basis(page)
    r = client.post(
        f"/scenarios/{sid}/evidence/apply",
        data={"csrf_token": csrf_of(page), "item": item, "basis": basis, "author": "ana"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/scenarios/{sid}?version=2"
    data = yaml.safe_load(client.get(f"/scenarios/{sid}/download?version=2").text)
    (source,) = [s for s in data["sources"] if s.get("quote") == TUESDAY]
    assert source["date"] == "2025-03-11" and source["publication"] == "wire"
    history = data["stances"]["ukraine"]["I4"]["history"]
    assert {"date": "2025-03-11", "position": 0, "source": source["id"]} in history
    version = client.get(f"/api/scenarios/{sid}").json()
    assert version["current_version"] == 2
    # How positions moved on I4: the applied point is in the table and the step figure.
    page = client.get(f"/scenarios/{sid}/evidence?issue=I4").text
    rows = re.findall(r"<tr><td>([\d-]+)</td><td>(\w+)</td><td class=\"r\">([\d.]+)</td>", page)
    assert ("2025-03-11", "ukraine", "0") in rows
    assert rows == sorted(rows, key=lambda r: r[0])
    figure = json.loads(html.unescape(re.search(r'id="fig-timeline">(.*?)</script>', page, re.S).group(1)))
    ukraine = next(t for t in figure["data"] if t["name"] == "ukraine")
    assert "2025-03-11" in ukraine["x"] and ukraine["line"]["shape"] == "hv"
    # An unknown issue falls back to the one with the most dated points.
    fallback = client.get(f"/scenarios/{sid}/evidence?issue=nope").text
    assert re.search(r'<option value="(\w+)" selected>', fallback) and 'id="fig-timeline"' in fallback
    # What the scenario now cites is not proposed again; the rest still is.
    page = client.get(f"/scenarios/{sid}/evidence").text
    assert "on 2025-03-11" not in page and 'name="item"' in page
    # A proposal chosen from before is refused, and nothing is saved.
    r = client.post(
        f"/scenarios/{sid}/evidence/apply", data={"csrf_token": csrf_of(page), "item": "d1", "basis": basis}
    )
    assert r.status_code == 409 and "reload and choose again" in r.text
    assert client.get(f"/api/scenarios/{sid}").json()["current_version"] == 2


def test_a_dismissed_statement_is_kept_and_proposes_nothing(client: TestClient, sid: int) -> None:
    page = _read(client, sid, text=BRIEF.read_text(encoding="utf-8"), kind="markdown")
    assert "move europe/I4 15" in page  # France's truce in the air and at sea: a judgement call
    france = next(s for s in client.get(f"/api/scenarios/{sid}/evidence").json() if "France" in s["quote"])
    stale = _basis(page)
    r = client.post(
        f"/scenarios/{sid}/evidence/dismiss",
        data={"csrf_token": csrf_of(page), "statement": str(france["id"])},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get(f"/scenarios/{sid}/evidence").text
    assert "move europe/I4" not in page and f'id="st-{france["id"]}" class=" dismissed"' in page
    assert "10, 1 dismissed" in page
    stored = client.get(f"/api/scenarios/{sid}/evidence").json()
    assert [s["dismissed"] for s in stored].count(True) == 1 and len(stored) == 10  # kept
    # The proposal changed: a choice made before the dismissal is refused.
    r = client.post(
        f"/scenarios/{sid}/evidence/apply", data={"csrf_token": csrf_of(page), "item": "d1", "basis": stale}
    )
    assert r.status_code == 409
    # Taken back, it proposes its change again; an id of no statement changes nothing.
    client.post(
        f"/scenarios/{sid}/evidence/dismiss",
        data={"csrf_token": csrf_of(page), "statement": str(france["id"]), "restore": "1"},
    )
    assert "move europe/I4 15" in client.get(f"/scenarios/{sid}/evidence").text
    r = client.post(f"/api/scenarios/{sid}/evidence/dismiss", json={"ids": [france["id"], 999]})
    assert r.status_code == 404
    assert not any(s["dismissed"] for s in client.get(f"/api/scenarios/{sid}/evidence").json())


def test_bad_text_is_refused_with_the_reason_and_nothing_is_stored(client: TestClient, sid: int) -> None:
    assert "the text is empty" in _read(client, sid, text="  ")
    german = "Die Regierung lehnte den Vorschlag ab, weil sie keine Garantien sah. " * 3
    assert "does not read as English" in _read(client, sid, text=german)
    page = client.get(f"/scenarios/{sid}/evidence").text
    r = client.post(
        f"/scenarios/{sid}/evidence",
        data={"csrf_token": csrf_of(page)},
        files={"file": ("a.txt", b"\x00\x01binary", "text/plain")},
    )
    assert r.status_code == 422 and "binary" in r.text
    r = client.post(
        f"/scenarios/{sid}/evidence",
        data={"csrf_token": csrf_of(page), "text": "Russia rejected the plan.", "date": "2025-02-30"},
    )
    assert r.status_code == 422 and "day is out of range" in r.text
    assert client.get(f"/api/scenarios/{sid}/evidence").json() == []


def test_an_uploaded_html_file_is_read_as_html(client: TestClient, sid: int) -> None:
    page = client.get(f"/scenarios/{sid}/evidence").text
    html = (
        b"<html><body><p>KYIV, March 14, 2025 - <b>Ukraine</b> accepted the US ceasefire proposal"
        b" on Tuesday.</p></body></html>"
    )
    r = client.post(
        f"/scenarios/{sid}/evidence",
        data={"csrf_token": csrf_of(page)},
        files={"file": ("story.html", html, "text/html")},
    )
    assert r.status_code == 200, r.text
    (st,) = client.get(f"/api/scenarios/{sid}/evidence").json()
    assert (st["actor"], st["act"], st["date"], st["date_phrase"], st["source"]) == (
        "ukraine",
        "AGREE",
        "2025-03-11",
        "Tuesday",
        "story.html",
    )
    assert "<b>" not in st["sentence"]


def test_the_api_reads_proposes_and_applies(client: TestClient, sid: int) -> None:
    r = client.post(
        f"/api/scenarios/{sid}/evidence",
        json={"text": BRIEF.read_text(encoding="utf-8"), "kind": "markdown", "source": "wire"},
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["kind"] == "extraction" and len(doc["ids"]) == len(doc["statements"]) == 10
    stored = client.get(f"/api/scenarios/{sid}/evidence").json()
    assert [s["id"] for s in stored] == doc["ids"]
    meta = ("id", "added_at", "dismissed")
    assert [{k: v for k, v in s.items() if k not in meta} for s in stored] == doc["statements"]
    diff = client.get(f"/api/scenarios/{sid}/evidence/diff").json()
    assert diff["kind"] == "scenario-diff" and diff["version"] == 1 and diff["basis"].startswith("v1-")
    move = next(it for it in diff["items"] if it["op"] == "set_position")
    body = {"only": [move["id"]], "basis": diff["basis"], "author": "bot"}
    r = client.post(f"/api/scenarios/{sid}/evidence/apply", json=body)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["kind"] == "apply" and report["version"] == 2 and move["id"] in report["applied"]
    data = yaml.safe_load(client.get(f"/scenarios/{sid}/download?version=2").text)
    stance = data["stances"][move["actor"]][move["issue"]]
    assert stance["position"] == move["value"]
    assert {"position": move["previous"]}.items() <= stance["history"][0].items()  # the old one kept
    assert client.post(f"/api/scenarios/{sid}/evidence/apply", json=body).status_code == 409
    bad = client.post(f"/api/scenarios/{sid}/evidence", json={"text": "Russia rejected it.", "kind": "pdf"})
    assert bad.status_code == 422 and "unknown kind" in bad.json()["problems"][0]["message"]
    assert client.get("/api/scenarios/99/evidence").status_code == 404
