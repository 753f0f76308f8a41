"""The JSON API: store, read, version, diff and analyse scenarios; errors with located problems."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from .conftest import FLAGSHIP


def test_post_yaml_then_get(client: TestClient, flagship_text: str) -> None:
    r = client.post(
        "/api/scenarios?name=flagship&author=ana",
        content=flagship_text,
        headers={"content-type": "application/yaml"},
    )
    assert r.status_code == 201
    body = r.json()
    assert body["version"] == 1 and r.headers["location"] == f"/api/scenarios/{body['id']}"
    got = client.get(f"/api/scenarios/{body['id']}").json()
    assert got["text"] == flagship_text and got["format"] == "yaml" and got["name"] == "flagship"
    assert got["author"] == "ana"
    listed = client.get("/api/scenarios").json()
    assert [s["id"] for s in listed] == [body["id"]]


def test_post_json_body_and_multipart(client: TestClient, flagship_text: str) -> None:
    import yaml

    data = json.dumps(yaml.safe_load(flagship_text), default=str)  # dates as ISO text
    r = client.post("/api/scenarios", content=data, headers={"content-type": "application/json"})
    assert r.status_code == 201
    assert client.get(f"/api/scenarios/{r.json()['id']}").json()["format"] == "json"
    files = {"file": ("flagship.yaml", flagship_text.encode(), "application/octet-stream")}
    r = client.post("/api/scenarios", files=files, data={"name": "from a file"})
    assert r.status_code == 201
    assert client.get(f"/api/scenarios/{r.json()['id']}").json()["name"] == "from a file"


def test_malformed_file_gets_the_cli_problems(client: TestClient, flagship_text: str, tmp_path: Path) -> None:
    bad = flagship_text.replace("I1: {position: 100, salience: 95,", "I1: {position: 100, salience: 140,", 1)
    bad = bad.replace("capability: 35", "capability: -35", 1)
    r = client.post("/api/scenarios", content=bad, headers={"content-type": "application/yaml"})
    assert r.status_code == 422
    problems = r.json()["problems"]
    got = {(p["path"], p["message"], p["line"]) for p in problems}
    # the same problems, at the same lines, as `accord validate` on the same text
    f = tmp_path / "scenario.yaml"
    f.write_text(bad)
    cli = subprocess.run(
        [sys.executable, "-m", "accord", "validate", str(f), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    expected = {(p["path"], p["message"], p["line"]) for p in json.loads(cli.stdout)["problems"]}
    assert got == expected and len(got) == 2
    assert client.get("/api/scenarios").json() == []  # nothing stored


def test_unsafe_yaml_tag_is_refused(client: TestClient) -> None:
    evil = "!!python/object/apply:os.system ['echo pwned']\n"
    r = client.post("/api/scenarios", content=evil, headers={"content-type": "application/yaml"})
    assert r.status_code == 422 and r.json()["problems"]


def test_oversized_upload_is_413(client: TestClient) -> None:
    big = b"# " + b"x" * 1_100_000 + b"\n"
    r = client.post("/api/scenarios", content=big, headers={"content-type": "application/yaml"})
    assert r.status_code == 413
    # without a Content-Length (streamed), the limit still holds while reading
    r = client.post(
        "/api/scenarios",
        content=(big[i : i + 65536] for i in range(0, len(big), 65536)),
        headers={"content-type": "application/yaml"},
    )
    assert r.status_code == 413
    r = client.post("/api/scenarios", files={"file": ("big.yaml", io.BytesIO(big), "text/yaml")})
    assert r.status_code == 413


def test_unknown_ids_are_404(client: TestClient, sid: int) -> None:
    for url in (
        "/api/scenarios/999",
        "/api/scenarios/999/versions",
        "/api/scenarios/999/analysis",
        f"/api/scenarios/{sid}?version=7",
        "/api/runs/999",
        "/api/jobs/999",
        "/scenarios/999",
        "/scenarios/999/edit",
        "/runs/999",
    ):
        r = client.get(url)
        assert r.status_code == 404, url
    assert client.get("/api/scenarios/abc").status_code == 422


def test_versions_history_and_diff(client: TestClient, sid: int, flagship_text: str) -> None:
    new = flagship_text.replace("capability: 35", "capability: 40", 1)
    r = client.put(
        f"/api/scenarios/{sid}?message=stronger&author=bo",
        content=new,
        headers={"content-type": "application/yaml"},
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    hist = client.get(f"/api/scenarios/{sid}/versions").json()
    assert [h["version"] for h in hist] == [1, 2]
    assert hist[1]["author"] == "bo" and hist[1]["message"] == "stronger"
    assert [c["path"] for c in hist[1]["changes"]] == ["actors[russia].capability"]
    d = client.get(f"/api/scenarios/{sid}/diff?from=1&to=2").json()
    assert d["changes"][0]["old"] == 35 and d["changes"][0]["new"] == 40
    assert "-    capability: 35" in d["text_diff"] and "+    capability: 40" in d["text_diff"]
    bad = client.put(f"/api/scenarios/{sid}", content=new.replace("capability: 40", "capability: x", 1))
    assert bad.status_code == 422 and len(client.get(f"/api/scenarios/{sid}/versions").json()) == 2
    copy = client.post(f"/api/scenarios/{sid}/duplicate").json()["id"]
    assert client.get(f"/api/scenarios/{copy}").json()["text"] == new


def test_analysis_is_what_the_cli_prints(client: TestClient, sid: int) -> None:
    r = client.get(f"/api/scenarios/{sid}/analysis")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    cli = subprocess.run(
        [sys.executable, "-m", "accord", "analyze", str(FLAGSHIP), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0
    assert r.text == cli.stdout  # byte for byte
    again = client.get(f"/api/scenarios/{sid}/analysis")
    assert again.text == r.text
    runs = client.get(f"/api/scenarios/{sid}/runs").json()
    assert [x["kind"] for x in runs] == ["analysis"]  # computed once, stored once
    run = client.get(f"/api/runs/{runs[0]['id']}").json()
    assert run["result"] == json.loads(r.text) and run["seed"] == 0


def test_openapi_describes_the_api_and_the_documents(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in (
        "/api/scenarios",
        "/api/scenarios/{scenario_id}",
        "/api/scenarios/{scenario_id}/analysis",
        "/api/scenarios/{scenario_id}/versions",
    ):
        assert p in paths, p
    post = paths["/api/scenarios"]["post"]
    assert {"201", "413", "422"} <= set(post["responses"])
    assert {"application/yaml", "application/json", "multipart/form-data"} <= set(
        post["requestBody"]["content"]
    )
    schemas = spec["components"]["schemas"]
    assert "accord_Analysis" in schemas and "accord_DealsReport" in schemas

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    for ref in refs(spec):  # every reference resolves inside the document
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[-1] in schemas, ref
    assert not any(p.startswith("/scenarios") for p in paths)  # pages are not API


def test_import_through_a_registered_importer(client: TestClient) -> None:
    csv = "Actor,Capability,Position,Salience\nA,40,10,80\nB,30,60,50\nC,30,90,70\n"
    r = client.post(
        "/api/scenarios", files={"file": ("bdm.csv", csv.encode(), "text/csv")}, data={"format": "bdm"}
    )
    assert r.status_code == 201, r.text
    text = client.get(f"/api/scenarios/{r.json()['id']}").json()["text"]
    assert "capability: 40" in text
    broken = "Actor,Capability,Position,Salience\nA,forty,10,80\n"
    r = client.post(
        "/api/scenarios",
        files={"file": ("../../etc/bdm.csv", broken.encode(), "text/csv")},
        data={"format": "bdm"},
    )
    assert r.status_code == 422
    files = {p["file"] for p in r.json()["problems"]}
    assert files == {"bdm.csv"}  # the upload's own name, never a server path
    r = client.post("/api/scenarios", files={"file": ("x.csv", b"a", "text/csv")}, data={"format": "nope"})
    assert r.status_code == 422 and "unknown format" in r.json()["detail"]


def test_jobs_run_store_and_cancel(client: TestClient, app: Any, sid: int) -> None:
    r = client.post(
        f"/api/scenarios/{sid}/jobs", json={"kind": "forecast", "spec": {"models": ["compromise", "smp"]}}
    )
    assert r.status_code == 202
    job = app.state.ctx.jobs.wait(r.json()["id"], 120)
    assert job.status == "done", job.error
    got = client.get(f"/api/jobs/{job.id}").json()
    assert got["run_id"] == job.run_id and got["done"] == got["total"] == 2
    run = client.get(f"/api/runs/{job.run_id}").json()
    assert run["kind"] == "forecast" and [m["model"] for m in run["result"]["models"]] == [
        "compromise",
        "smp",
    ]
    # cancelling a running job stops it and stores nothing
    r = client.post(f"/api/scenarios/{sid}/jobs", json={"kind": "analysis"})
    cancelled = client.delete(f"/api/jobs/{r.json()['id']}").json()
    assert cancelled["status"] == "cancelled"
    assert app.state.ctx.jobs.wait(cancelled["id"], 10).status == "cancelled"
    kinds = [x["kind"] for x in client.get(f"/api/scenarios/{sid}/runs").json()]
    assert kinds == ["forecast"]
    bad = client.post(f"/api/scenarios/{sid}/jobs", json={"kind": "astrology"})
    assert bad.status_code == 422
    wrong = client.post(
        f"/api/scenarios/{sid}/jobs", json={"kind": "simulation", "spec": {"strategies": {"russia": "nope"}}}
    )
    failed = app.state.ctx.jobs.wait(wrong.json()["id"], 60)
    assert failed.status == "failed" and "nope" in (failed.error or "")
