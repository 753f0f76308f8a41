"""Which database, its schema (migrations), and all-or-nothing writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from accord.errors import InputError
from accord.store import Store, StoreError
from accord.store import _tables as t
from accord.store._engine import default_url, head_revision, resolve_url, transaction


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ACCORD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'accord' / 'accord.db'}"
    assert resolve_url().database == str(tmp_path / "data" / "accord" / "accord.db")
    monkeypatch.setenv("ACCORD_DB", str(tmp_path / "env.db"))
    assert resolve_url().database == str(tmp_path / "env.db")
    assert resolve_url(f"sqlite:///{tmp_path / 'x.db'}").database == str(tmp_path / "x.db")
    pg = resolve_url("postgresql://u:secret@host:5433/db")
    assert pg.drivername == "postgresql+psycopg" and (pg.port, pg.database) == (5433, "db")
    lazy = Store("postgresql://u:secret@host/db")  # no connection until first use
    assert "secret" not in lazy.display_url + repr(lazy) and "***" in lazy.display_url
    assert resolve_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        resolve_url("mysql://u@h/db")


def test_default_store_is_created_in_the_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ACCORD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with Store() as store:
        assert store.list_scenarios() == []  # first use creates the schema
    assert (tmp_path / "data" / "accord" / "accord.db").is_file()


def test_schema_from_migrations_matches_the_tables(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    assert store.init() == (None, head_revision())
    assert store.init() == (head_revision(), head_revision())  # twice: nothing to do
    assert store.revision() == head_revision()
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), t.metadata)
    assert diffs == []


def test_a_database_from_a_newer_accord_is_refused(store: Store, store_url: str) -> None:
    store.init()
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ffff'"))
    with Store(store_url) as other:
        with pytest.raises(StoreError, match="accord db upgrade"):
            other.list_scenarios()
        with pytest.raises(StoreError, match="newer accord"):
            other.upgrade()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with Store(str(tmp_path / "a.db")) as store:
        store.init()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_a_failing_write_leaves_nothing(
    store: Store, small_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    edited = small_text.replace("capability: 60", "capability: 61")
    original = Store._insert_version

    def insert_then_fail(*args: Any, **kwargs: Any) -> int:
        original(*args, **kwargs)  # the version row and its changes are written...
        raise RuntimeError("disk unplugged")  # ...then the write fails before the scenario row moves on

    monkeypatch.setattr(Store, "_insert_version", staticmethod(insert_then_fail))
    with pytest.raises(RuntimeError):
        store.update_scenario(sid, edited, "yaml", "bob")
    with pytest.raises(RuntimeError):
        store.add_scenario(small_text, "yaml", "bob")
    monkeypatch.undo()
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.scenario_versions)).scalar() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(t.scenario_changes)).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(t.scenarios)).scalar() == 1
    assert store.update_scenario(sid, edited, "yaml", "bob") == 2


def test_migration_ddl_is_transactional_on_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A migration that fails half-way must leave no table behind (Python's sqlite3 would otherwise
    # commit each CREATE TABLE on its own).
    from alembic.operations import Operations

    real = Operations.create_index
    calls = {"n": 0}

    def fail_late(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("killed mid-migration")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_index", fail_late)
    store = Store(str(tmp_path / "m.db"))
    with pytest.raises(RuntimeError):
        store.init()
    with store.engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == []
    monkeypatch.undo()
    assert store.init()[1] == head_revision()
    store.close()


def test_upgrading_keeps_evidence_stored_before_its_new_columns(
    store: Store, small_text: str, statements: list[dict[str, Any]]
) -> None:
    # A database at the first revision, with a statement stored as that schema allowed (no cameo or
    # date_phrase), is upgraded in place: the row stays, its new keys read as null.
    from alembic import command

    from accord.store._engine import _alembic_config, transaction

    with transaction(store.engine, write=True) as conn:
        command.upgrade(_alembic_config(conn), "0001")
    old = {k: v for k, v in statements[0].items() if k not in ("cameo", "date_phrase")}
    now = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    with store.engine.begin() as conn:
        meta = sa.MetaData()
        scenarios, evidence = (sa.Table(n, meta, autoload_with=conn) for n in ("scenarios", "evidence"))
        conn.execute(
            scenarios.insert().values(id=1, name="x", created_at=now, created_by="ana", current_version=1)
        )
        conn.execute(evidence.insert().values(scenario_id=1, ordinal=0, added_at=now, **old))
    assert store.revision() == "0001"
    assert store.upgrade() == ("0001", head_revision())
    (row,) = store.evidence(1)
    assert row.statement == old | {"cameo": None, "date_phrase": None}


def test_unreachable_postgres_is_a_store_error() -> None:
    with pytest.raises(StoreError, match=r"postgresql\+psycopg://u:\*\*\*@127.0.0.1:1/db: cannot use"):
        Store("postgresql://u:secret@127.0.0.1:1/db").list_scenarios()


def test_values_the_database_refuses_are_input_errors(store: Store, small_text: str) -> None:
    with pytest.raises(InputError, match="NUL"):
        store.add_scenario(small_text, "yaml", "ana\x00")
    with pytest.raises(InputError, match="NUL"):
        store.add_scenario(small_text, "yaml", "ana", message="a\x00b")
    assert store.list_scenarios() == []
    # The last line of defence: a value refused by the database itself (PostgreSQL enforces VARCHAR
    # lengths, SQLite does not) is a StoreError naming the database, not a driver traceback.
    sid = store.add_scenario(small_text, "yaml", "ana")
    row = {
        "scenario_id": sid,
        "version": 1,
        "kind": "k" * 41,
        "spec": {},
        "seed": 0,
        "input_sha256": "0" * 64,
    }
    row |= {"accord_version": "0", "result": {}, "created_at": dt.datetime.now(dt.UTC)}
    if store.engine.dialect.name == "postgresql":
        with pytest.raises(StoreError, match="refused a value"):
            with transaction(store.engine, write=True) as conn:
                conn.execute(t.runs.insert().values(**row))
    else:
        with transaction(store.engine, write=True) as conn:
            conn.execute(t.runs.insert().values(**row))
