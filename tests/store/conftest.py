"""Every store test runs on both engines: SQLite (a file in tmp_path) and PostgreSQL.

PostgreSQL comes from ``ACCORD_TEST_PG_URL`` (``eval "$(.ci/setup-postgres.sh)"`` starts one and sets
it). Each test gets its own schema in that database (``search_path``), dropped afterwards, so tests do
not see each other's rows. Without the variable, or with a server that does not answer, the PostgreSQL
cases skip with the reason; with ``CI`` set they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord.store import Store

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
PG_ENV = "ACCORD_TEST_PG_URL"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but PostgreSQL is unavailable: {reason}")
    pytest.skip(f'PostgreSQL unavailable: {reason} (run: eval "$(.ci/setup-postgres.sh)")')


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    """The test server's URL, checked once per session."""
    url = os.environ.get(PG_ENV)
    if not url:
        _unavailable(f"{PG_ENV} is not set")
        raise AssertionError  # unreachable: skip or fail raised
    import sqlalchemy as sa

    from accord.store._engine import resolve_url

    engine = sa.create_engine(resolve_url(url), connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as err:
        _unavailable(f"{PG_ENV} does not answer ({str(err.orig).strip().splitlines()[0]})")
    finally:
        engine.dispose()
    return url


def _pg_schema_url(base: str) -> Iterator[str]:
    import sqlalchemy as sa

    from accord.store._engine import resolve_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(resolve_url(base))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            resolve_url(base)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'accord.db'}"
        return
    yield from _pg_schema_url(request.getfixturevalue("pg_base_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store on each engine."""
    with Store(store_url) as s:
        yield s


@pytest.fixture(scope="session")
def flagship_text() -> str:
    """The flagship scenario's text."""
    return FLAGSHIP.read_text(encoding="utf-8")


SMALL = """\
format: accord-scenario/1
title: Two parties, two issues
sources:
  - {id: S1, publication: Wire, date: 2025-01-02}
  - {id: S2, publication: Paper, date: 2025-01-03}
actors:
  - {id: a, name: Alpha, capability: 60}
  - {id: b, name: Beta, capability: 40}
issues:
  - id: I1
    name: Border
    options:
      - {id: low, label: Low, value: 0}
      - {id: mid, label: Mid, value: 50}
      - {id: high, label: High, value: 100}
  - id: I2
    name: Money
    scale: {min: 0, max: 10}
    anchors: [{label: none, value: 0}, {label: all, value: 10}]
stances:
  a:
    I1: {position: 0, salience: 80, sources: [S1]}
    I2: {position: 2, salience: 40, sources: [S2]}
  b:
    I1: {position: 100, salience: 70, sources: [S2]}
    I2: {position: 9, salience: 60, sources: [S1, S2]}
"""


@pytest.fixture
def small_text() -> str:
    """A small valid scenario (quick to parse)."""
    return SMALL


@pytest.fixture
def statements() -> list[dict[str, Any]]:
    """Two extracted statements: one with every key, one with only the required ones."""
    return [
        {
            "actor": "a",
            "act": "REJECT",
            "cameo": "12",
            "target": "b",
            "issue": "I1",
            "option": "high",
            "position_hint": 0.0,
            "flags": ["negation", "red_line"],
            "quote": "will never accept",
            "sentence": "Alpha said it will never accept the high border.",
            "start": 12,
            "end": 29,
            "date": "2025-01-02",
            "source": "Wire",
            "confidence": 0.9,
            "date_phrase": "on Thursday",
        },
        {"act": "CONSULT", "quote": "talks", "sentence": "Talks resumed in Geneva.", "actor": None},
    ]
