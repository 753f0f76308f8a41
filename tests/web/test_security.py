"""The guard: Host names, the token (401), cross-site requests, CSRF on forms, headers; and `serve`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from accord.cli import main
from accord.cli.web_cmds import is_loopback
from accord.store import Store
from accord.web import create_app

from .conftest import LOCAL, csrf_of


@pytest.fixture
def guarded() -> Any:
    app = create_app(store=Store("sqlite://"), token="s3cret-token-value", local_only=False)
    yield app
    app.state.ctx.jobs.close()


def test_token_required_on_every_request(guarded: Any, flagship_text: str) -> None:
    c = TestClient(guarded, base_url="http://10.0.0.5:8000")
    for method, url in (
        ("GET", "/"),
        ("GET", "/api/scenarios"),
        ("GET", "/openapi.json"),
        ("POST", "/api/scenarios"),
    ):
        r = c.request(method, url)
        assert r.status_code == 401, url
        assert r.headers["www-authenticate"] == "Bearer"
    assert c.get("/api/scenarios", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/scenarios", headers={"authorization": "Bearer s3cret-token-valuex"}).status_code == 401
    ok = {"authorization": "Bearer s3cret-token-value"}
    assert c.get("/api/scenarios", headers=ok).status_code == 200
    r = c.post("/api/scenarios", content=flagship_text, headers=ok | {"content-type": "application/yaml"})
    assert r.status_code == 201


def test_token_link_sets_a_cookie(guarded: Any) -> None:
    c = TestClient(guarded, base_url="http://10.0.0.5:8000")
    r = c.get("/?token=s3cret-token-value&x=1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?x=1"  # the token leaves the address bar
    assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=Strict" in r.headers["set-cookie"]
    assert c.get("/").status_code == 200  # the cookie now carries it
    assert TestClient(guarded, base_url="http://10.0.0.5:8000").get("/?token=nope").status_code == 401


def test_constant_time_comparison_is_used(monkeypatch: pytest.MonkeyPatch, guarded: Any) -> None:
    import hmac

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("accord.web.security.hmac.compare_digest", spy)
    c = TestClient(guarded, base_url="http://10.0.0.5:8000")
    c.get("/api/scenarios", headers={"authorization": "Bearer guess"})
    assert (b"guess", b"s3cret-token-value") in calls


def test_local_bind_answers_only_local_names(client: TestClient) -> None:
    assert client.get("/api/scenarios").status_code == 200
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.get("/api/scenarios", headers={"host": host}).status_code == 200, host
    # DNS rebinding: a page on evil.example whose name now points at 127.0.0.1
    assert client.get("/api/scenarios", headers={"host": "evil.example:8000"}).status_code == 400


def test_cross_site_posts_are_refused(client: TestClient, flagship_text: str) -> None:
    h = {"content-type": "application/yaml"}
    r = client.post("/api/scenarios", content=flagship_text, headers=h | {"origin": "https://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/scenarios", content=flagship_text, headers=h | {"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    r = client.post("/api/scenarios", content=flagship_text, headers=h | {"origin": LOCAL})
    assert r.status_code == 201
    assert client.get("/api/scenarios").json()[0]["id"] == r.json()["id"]


def test_forms_need_the_csrf_token(client: TestClient, sid: int, flagship_text: str) -> None:
    page = client.get("/").text
    token = csrf_of(page)
    files = {"file": ("f.yaml", flagship_text.encode(), "text/yaml")}
    assert client.post("/upload", files=files, data={"format": "scenario"}).status_code == 403
    assert (
        client.post("/upload", files=files, data={"format": "scenario", "csrf_token": "x" * 43}).status_code
        == 403
    )
    r = client.post(
        "/upload", files=files, data={"format": "scenario", "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/scenarios/")
    # htmx sends it as a header
    r = client.post(f"/scenarios/{sid}/duplicate", headers={"x-csrf-token": token}, follow_redirects=False)
    assert r.status_code == 303
    # a fresh browser (no cookie) cannot replay someone's token
    fresh = TestClient(client.app, base_url=LOCAL)
    assert fresh.post(f"/scenarios/{sid}/duplicate", headers={"x-csrf-token": token}).status_code == 403


def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp.split("style-src")[0]
    )
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    assert "accord_csrf" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]


def test_scripts_are_served_by_the_app(client: TestClient) -> None:
    page = client.get("/").text
    for src in ("/static/htmx.min.js", "/static/plotly.min.js", "/static/app.js"):
        assert f'src="{src}"' in page
        r = client.get(src)
        assert r.status_code == 200 and len(r.content) > 1000, src
    assert "http://" not in page.replace(LOCAL, "") and "https://" not in page
    assert client.get("/static/../app.py").status_code == 404


def test_loopback_names() -> None:
    assert (
        is_loopback("127.0.0.1")
        and is_loopback("::1")
        and is_loopback("localhost")
        and is_loopback("127.8.0.1")
    )
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")


def test_serve_makes_a_token_off_localhost(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    seen: dict[str, Any] = {}

    def fake_run(server: Any, sockets: list[Any] | None = None) -> None:
        host, port = sockets[0].getsockname()[:2] if sockets else (None, None)
        seen.update(app=server.config.app, host=host, port=port)
        for s in sockets or []:
            s.close()

    monkeypatch.setattr("uvicorn.Server.run", fake_run)
    db = f"sqlite:///{tmp_path / 'a.db'}"
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "0", "--db", db])
    assert r.exit_code == 0, r.output
    token = seen["app"].state.ctx.token
    assert token and len(token) >= 32 and f"?token={token}" in r.stderr
    c = TestClient(seen["app"], base_url="http://10.1.2.3:8123")
    assert c.get("/api/scenarios").status_code == 401
    assert c.get("/api/scenarios", headers={"authorization": f"Bearer {token}"}).status_code == 200
    seen.clear()
    r = CliRunner().invoke(main, ["serve", "--port", "0", "--db", db])
    assert r.exit_code == 0 and seen["host"] == "127.0.0.1" and seen["port"] > 0
    assert seen["app"].state.ctx.token is None and "this machine only" in r.stderr
    r = CliRunner().invoke(
        main, ["serve", "--host", "0.0.0.0", "--port", "0", "--token", "given-token", "--db", db]
    )
    assert seen["app"].state.ctx.token == "given-token" and "given-token" in r.stderr


def test_serve_json_says_where_it_listens(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    import jsonschema

    from accord.analysis import ServeInfo

    bound: dict[str, int] = {}

    def fake_run(server: Any, sockets: list[Any] | None = None) -> None:
        bound["port"] = sockets[0].getsockname()[1] if sockets else 0
        for s in sockets or []:
            s.close()

    monkeypatch.setattr("uvicorn.Server.run", fake_run)
    db = f"sqlite:///{tmp_path / 'a.db'}"
    r = CliRunner().invoke(main, ["serve", "--port", "0", "--json", "--db", db])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, ServeInfo.json_schema())
    assert doc["kind"] == "serve" and doc["port"] == bound["port"] > 0 and not doc["token_required"]
    assert doc["url"] == f"http://127.0.0.1:{bound['port']}/" and doc["database"] == db
    r = CliRunner().invoke(
        main, ["serve", "--host", "0.0.0.0", "--port", "0", "--json", "--token", "t0k", "--db", db]
    )
    doc = json.loads(r.stdout)
    assert doc["token_required"] and doc["url"].endswith("?token=t0k") and not doc["local_only"]


def test_serve_on_a_taken_port_exits_2(tmp_path: Any) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'a.db'}"])
    assert r.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in r.stderr
