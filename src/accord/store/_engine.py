"""Opening a database: which URL, the engine's settings, transactions, and the Alembic migrations.

SQLite is the default, a file in the user's data directory; ``ACCORD_DB`` or an explicit URL (``--db``)
chooses another file or a PostgreSQL server (psycopg 3). Every write is one transaction:

* SQLite: Python's ``sqlite3`` module does not begin a transaction before DDL and begins lazily before
  DML, so a migration or a multi-statement write would not be atomic. The driver's own transaction
  handling is switched off and the engine emits ``BEGIN`` (``BEGIN IMMEDIATE`` for writes, so that two
  writers queue for the lock at the start instead of failing on upgrade) itself. The journal is WAL with
  ``synchronous=FULL``: a killed process loses nothing that was committed.
* PostgreSQL: transactions as usual; writers lock the rows they extend (``SELECT ... FOR UPDATE``) and
  migrations take an advisory lock, so concurrent processes cannot interleave.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from ..errors import Problem
from .errors import StoreError

__all__ = [
    "ENV_VAR",
    "current_revision",
    "default_url",
    "display_url",
    "head_revision",
    "make_engine",
    "migrate",
    "resolve_url",
    "transaction",
]

#: The environment variable that chooses the database when no URL is given.
ENV_VAR = "ACCORD_DB"

#: Seconds a SQLite writer waits for another writer's lock before giving up.
SQLITE_TIMEOUT = 30.0

# A fixed key for PostgreSQL's advisory lock around migrations (any 64-bit number; this one is derived
# from the package name so that it does not collide with another application's by accident).
_MIGRATION_LOCK = int.from_bytes(hashlib.sha256(b"accord.store.migrations").digest()[:8], "big", signed=True)


def default_url() -> str:
    """The default database: ``accord.db`` in the user's data directory (created when first written)."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("accord", appauthor=False))
    return f"sqlite:///{folder / 'accord.db'}"


def resolve_url(url: str | None = None) -> URL:
    """The database URL: ``url``, else ``$ACCORD_DB``, else :func:`default_url`.

    A plain path (no ``://``) means a SQLite file; ``postgresql://`` and ``postgres://`` mean
    PostgreSQL through psycopg 3 (SQLAlchemy's default PostgreSQL driver is psycopg2, which accord does
    not depend on).

    Raises
    ------
    StoreError
        For a URL SQLAlchemy cannot read or a database other than SQLite and PostgreSQL.
    """
    text = url or os.environ.get(ENV_VAR) or default_url()
    if "://" not in text:
        text = f"sqlite:///{Path(text).expanduser()}"
    try:
        parsed = make_url(text)
    except sa.exc.ArgumentError:
        raise StoreError.single("--db", f"{text!r} is not a database URL (try sqlite:///FILE)") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        try:
            import psycopg  # noqa: F401 - only to say what to install before SQLAlchemy's own ImportError
        except ImportError:
            raise StoreError.single(
                "--db", "PostgreSQL needs its driver: pip install 'accord[postgres]'"
            ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError.single(
            "--db",
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///FILE or postgresql://...",
        )
    return parsed


def display_url(url: URL) -> str:
    """The URL as shown to a user: the password hidden."""
    return url.render_as_string(hide_password=True)


def _json_dumps(value: Any) -> str:
    # Strict JSON (PostgreSQL rejects NaN) that keeps non-ASCII text readable in the database.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def make_engine(url: URL) -> Engine:
    """An engine for ``url`` with accord's transaction settings (see the module docstring)."""
    kwargs: dict[str, Any] = {"json_serializer": _json_dumps}
    if url.get_backend_name() == "sqlite":
        memory = url.database in (None, "", ":memory:")
        if memory:
            kwargs["poolclass"] = StaticPool  # one connection, or each would see its own empty database
        else:
            try:
                Path(url.database or "").expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError.single(
                    display_url(url), f"cannot create the folder: {err.strerror}"
                ) from None
        kwargs["connect_args"] = {"timeout": SQLITE_TIMEOUT, "check_same_thread": False}
        engine = sa.create_engine(url, **kwargs)
        _sqlite_transactions(engine, wal=not memory)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_transactions(engine: Engine, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver issues no BEGIN of its own: see _begin
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("accord_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def transaction(engine: Engine, write: bool = False, snapshot: bool = False) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back when it raises.

    Parameters
    ----------
    engine : Engine
    write : bool
        Take the write lock at the start (SQLite ``BEGIN IMMEDIATE``).
    snapshot : bool
        Every statement sees the same state of the database (PostgreSQL ``REPEATABLE READ``; a SQLite
        transaction always reads one snapshot), for reads that span several tables, such as an export.

    Raises
    ------
    StoreError
        When the database cannot be reached or used (a driver's OperationalError), naming it.
    """
    try:
        with engine.connect() as conn:
            conn.execution_options(accord_write=write)
            if snapshot and engine.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn
    except sa.exc.OperationalError as err:
        raise _store_error(engine.url, err) from None
    except sa.exc.DataError as err:
        # A value the database refuses (too long for its column, a character it cannot store): the checks
        # before each write are meant to catch these first; this keeps any that slip through a message.
        detail = str(err.orig).strip().splitlines()[0] if err.orig is not None else str(err)
        raise StoreError(
            [Problem(display_url(engine.url), 0, 0, "", f"the database refused a value: {detail}")]
        ) from None


def _store_error(url: URL, err: sa.exc.DBAPIError) -> StoreError:
    detail = str(err.orig).strip().splitlines()[0] if err.orig is not None else str(err)
    return StoreError([Problem(display_url(url), 0, 0, "", f"cannot use the database: {detail}")])


# -- migrations -------------------------------------------------------------------------------------------


def _alembic_config(conn: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    # The scripts ship inside the package; no alembic.ini is needed.
    cfg.set_main_option("script_location", "accord.store:migrations")
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    """The newest migration this accord knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "the store ships at least one migration"
    return head


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The database's migration revision (None for a database accord has not initialised)."""
    from alembic.runtime.migration import MigrationContext

    with transaction(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest revision, in one transaction; returns (before, after).

    Raises
    ------
    StoreError
        When the database was written by a newer accord (a revision this one does not know).
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with transaction(engine, write=True) as conn:
        if conn.dialect.name == "postgresql":
            # Two processes migrating at once: the second waits here, then finds nothing to do.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        before = MigrationContext.configure(conn).get_current_revision()
        if before is not None and before not in _known_revisions():
            raise StoreError.single(
                display_url(engine.url),
                f"the database is at schema revision {before}, which this accord does not know: "
                "it was written by a newer accord; upgrade accord",
            )
        command.upgrade(_alembic_config(conn), "head")
        after = MigrationContext.configure(conn).get_current_revision()
    assert after is not None
    return before, after
