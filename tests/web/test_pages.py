"""The pages through FastAPI's client: library, editor (problems in place, in-place edits), runs, report."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.web.editor import apply_edits, parse_path, patch_text

from .conftest import csrf_of, editor_fields

SALIENCE = "f:stances[russia][I1].salience"


def _save(client: TestClient, sid: int, change: dict[str, str], base: int) -> Any:
    page = client.get(f"/scenarios/{sid}/edit").text
    fields = editor_fields(page) | change
    return client.post(
        f"/scenarios/{sid}/edit", data=fields | {"csrf_token": csrf_of(page), "base_version": str(base)}
    )


def test_editor_shows_the_problem_next_to_its_field_and_saves_nothing(client: TestClient, sid: int) -> None:
    r = _save(client, sid, {SALIENCE: "140"}, 1)
    assert r.status_code == 422
    cell = re.search(
        r'<td class="invalid[^"]*">\s*<input name="f:stances\[russia\]\[I1\]\.salience" '
        r'value="140"(.*?)</td>',
        r.text,
        re.S,
    )
    assert cell and "140 is above 100" in cell.group(1)  # in place, with the user's value kept
    assert 'id="not-saved"' in r.text
    assert len(client.get(f"/api/scenarios/{sid}/versions").json()) == 1


def test_editor_keeps_comments_and_changes_only_the_value(
    client: TestClient, sid: int, flagship_text: str
) -> None:
    r = _save(client, sid, {SALIENCE: "98", "message": "harder line"}, 1)
    assert r.status_code == 200 and "Saved version 2" in r.text
    text = client.get(f"/api/scenarios/{sid}").json()["text"]
    assert text == flagship_text.replace(
        "I1: {position: 100, salience: 95,", "I1: {position: 100, salience: 98,", 1
    )
    hist = client.get(f"/api/scenarios/{sid}/versions").json()
    assert hist[1]["message"] == "harder line"
    assert [(c["path"], c["old"], c["new"]) for c in hist[1]["changes"]] == [
        ("stances[russia][I1].salience", 95, 98)
    ]


def test_editor_structural_edits_and_conflicts(client: TestClient, sid: int) -> None:
    r = _save(
        client,
        sid,
        {
            "remove:stances[china][I1]": "on",
            "new.actor": "turkey",
            "new.issue": "I2a",
            "new.position": "40",
            "new.salience": "20",
        },
        1,
    )
    assert r.status_code == 200, re.findall(r'role="alert">([^<]+)', r.text)
    paths = {(c["op"], c["path"]) for c in client.get(f"/api/scenarios/{sid}/versions").json()[1]["changes"]}
    assert ("removed", "stances[china][I1]") in paths and ("added", "stances[turkey][I2a]") in paths
    stale = _save(client, sid, {SALIENCE: "90"}, 1)  # edited from version 1 while version 2 exists
    assert stale.status_code == 409 and "reload the editor" in stale.text
    unknown = _save(
        client, sid, {"new.actor": "atlantis", "new.issue": "I1", "new.position": "1", "new.salience": "1"}, 2
    )
    assert unknown.status_code == 422 and "unknown actor 'atlantis'" in html.unescape(unknown.text)


def test_paths_and_patches() -> None:
    assert parse_path("stances[russia][I1].salience") == ["stances", "russia", "I1", "salience"]
    assert parse_path("issues[1].parts[0].name") == ["issues", "1", "parts", "0", "name"]
    data = {
        "actors": [{"id": "a", "name": "A", "capability": 1}],
        "stances": {"a": {"x": {"position": 1, "salience": 2}}},
    }
    out = apply_edits(
        data, {"f:actors[0].capability": "2.5", "f:actors[0].name": "", "f:stances[a][x].position": "low"}
    )
    assert out["actors"][0] == {
        "id": "a",
        "name": None,
        "capability": 2.5,
    }  # a required field emptied: the validator says so
    assert out["stances"]["a"]["x"]["position"] == "low"  # an option id, kept as text
    text = "# keep me\nactors:\n  - {id: a, name: 'A', capability: 1}  # and me\n"
    old = {"actors": [{"id": "a", "name": "A", "capability": 1}]}
    new = {"actors": [{"id": "a", "name": "Ab's", "capability": 7}]}
    assert (
        patch_text(text, "yaml", old, new)
        == '# keep me\nactors:\n  - {id: a, name: "Ab\'s", capability: 7}  # and me\n'
    )
    assert patch_text(text, "yaml", old, {"actors": []}) is None  # not a change of values
    aliased = "x: &v 1\ny: *v\n"
    assert patch_text(aliased, "yaml", {"x": 1, "y": 1}, {"x": 2, "y": 1}) is None  # would change y too
    assert (
        patch_text('{"a": 1, "b": "t"}', "json", {"a": 1, "b": "t"}, {"a": 1, "b": "u"})
        == '{"a": 1, "b": "u"}'
    )
    with pytest.raises(Exception, match="cannot be edited"):
        apply_edits({"format": "x"}, {"f:format": "y"})


def test_library_upload_errors_in_place(client: TestClient, flagship_text: str) -> None:
    page = client.get("/").text
    bad = flagship_text.replace("capability: 35", "capability: -35", 1)
    r = client.post(
        "/upload",
        files={"file": ("mine.yaml", bad.encode(), "text/yaml")},
        data={"csrf_token": csrf_of(page), "format": "scenario"},
    )
    assert r.status_code == 422 and "Not stored: 1 problem(s)" in r.text
    assert "actors[0].capability" in r.text and "-35 is below 0" in r.text
    r = client.post(
        "/upload",
        files={"file": ("x.csv", b"", "text/csv")},
        data={"csrf_token": csrf_of(page), "format": "ktab"},
    )
    assert r.status_code == 422


def test_run_pages_render_every_kind(client: TestClient, app: Any, sid: int) -> None:
    page = client.get(f"/scenarios/{sid}/analyses").text
    token = csrf_of(page)
    run_ids = {}
    for kind, extra in (
        ("forecast", {"models": ["compromise", "eum"]}),
        ("deals", {"signatories": ["usa", "europe"]}),
        ("simulation", {"rounds": "12"}),
    ):
        r = client.post(
            f"/scenarios/{sid}/jobs",
            data={"kind": kind, "csrf_token": token, "seed": "1", **extra},
            headers={"hx-request": "true"},
        )
        assert r.status_code == 200 and 'hx-trigger="every 500ms"' in r.text
        job = app.state.ctx.jobs.wait(int(re.search(r'id="job-(\d+)"', r.text).group(1)), 120)
        assert job.status == "done", job.error
        panel = client.get(f"/jobs/{job.id}").text
        assert f'href="/runs/{job.run_id}"' in panel and "every 500ms" not in panel  # polling stops
        run_ids[kind] = job.run_id
    f = client.get(f"/runs/{run_ids['forecast']}?issue=I3&model=eum&actor=usa").text
    assert "Moves on I3 in eum by usa" in f and 'data-fig="fig' in f
    d = client.get(f"/runs/{run_ids['deals']}?x=europe&y=usa").text
    assert "Pareto frontier: europe against usa" in d
    s = client.get(
        f"/runs/{run_ids['simulation']}?round=1", headers={"hx-request": "true", "hx-target": "view"}
    )
    assert "Round 1 of" in s.text and "<html" not in s.text  # a fragment for htmx
    a = client.get(f"/runs/{run_ids['simulation']}?round=999").text
    assert re.search(r"Round (\d+) of \1", a)  # clamped to the last round
    bad = client.post(
        f"/scenarios/{sid}/jobs", data={"kind": "simulation", "csrf_token": token, "rounds": "zero"}
    )
    assert bad.status_code == 422


def test_report_download_and_diff(client: TestClient, sid: int) -> None:
    _save(client, sid, {SALIENCE: "98"}, 1)
    r = client.get(f"/scenarios/{sid}/report.html")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "plotly.js v" in r.text and "100/98" in r.text
    d = client.get(f"/scenarios/{sid}/diff?a=1&b=2").text
    assert "stances[russia][I1].salience" in d and '<details id="text-diff" open>' in d
    dl = client.get(f"/scenarios/{sid}/download?version=1")
    assert dl.headers["content-disposition"].endswith('scenario-1-v1.yaml"') and "salience: 95" in dl.text
    copy = client.post(
        f"/scenarios/{sid}/duplicate",
        data={"csrf_token": csrf_of(client.get("/").text)},
        follow_redirects=False,
    )
    assert copy.status_code == 303 and client.get(copy.headers["location"]).status_code == 200
