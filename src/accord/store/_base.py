"""The store's connection: which database, its schema revision, and one transaction per call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import _tables as t
from ._engine import (
    current_revision,
    display_url,
    head_revision,
    make_engine,
    migrate,
    resolve_url,
    transaction,
)
from .errors import NotFound, StoreError

__all__ = ["StoreBase", "new_id", "utc", "utcnow"]


def new_id(result: sa.CursorResult[Any]) -> int:
    """The id an INSERT gave its row."""
    key = result.inserted_primary_key
    assert key is not None, "an INSERT of one row into a table with an id"
    return int(key[0])


def utcnow() -> dt.datetime:
    """Now, in UTC (every stored time is UTC)."""
    return dt.datetime.now(dt.UTC)


def utc(value: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite gives it back without its zone)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class StoreBase:
    """A database opened by URL; the schema is checked (and created when empty) at first use.

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL (``sqlite:///FILE``, ``postgresql://USER:PASSWORD@HOST/DB``) or a plain path
        to a SQLite file; by default ``$ACCORD_DB``, else ``accord.db`` in the user's data directory.
    """

    def __init__(self, url: str | None = None):
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self._schema_ok = False

    def __repr__(self) -> str:
        return f"Store({display_url(self.url)!r})"

    @property
    def display_url(self) -> str:
        """The database URL with any password hidden."""
        return display_url(self.url)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the store's connections."""
        self.engine.dispose()

    # -- schema ------------------------------------------------------------------------------------------

    def init(self) -> tuple[str | None, str]:
        """Create the database's tables (or bring them up to date); returns the revisions before and after."""
        before, after = migrate(self.engine)
        self._schema_ok = True
        return before, after

    def upgrade(self) -> tuple[str | None, str]:
        """Apply every migration this accord has that the database lacks (``alembic upgrade head``)."""
        return self.init()

    def revision(self) -> str | None:
        """The database's schema revision (None before :meth:`init`)."""
        return current_revision(self.engine)

    def _ready(self) -> None:
        """Check the schema once: create it in an empty database; refuse one that needs an upgrade."""
        if self._schema_ok:
            return
        rev = current_revision(self.engine)
        if rev is None:
            self.init()
            return
        head = head_revision()
        if rev != head:
            raise StoreError.single(
                self.display_url,
                f"the database is at schema revision {rev}, this accord expects {head}: "
                f"run `accord db upgrade --db URL` (after a backup: `accord db export`)",
            )
        self._schema_ok = True

    # -- transactions ------------------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        self._ready()
        with transaction(self.engine) as conn:
            yield conn

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read transaction in which every statement sees the same state (for exports)."""
        self._ready()
        with transaction(self.engine, snapshot=True) as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        self._ready()
        with transaction(self.engine, write=True) as conn:
            yield conn

    # -- shared lookups ----------------------------------------------------------------------------------

    @staticmethod
    def _scenario_row(conn: Connection, scenario_id: int, lock: bool = False) -> Row[Any]:
        query = sa.select(t.scenarios).where(t.scenarios.c.id == _int_id(scenario_id, "scenario"))
        if lock:
            # PostgreSQL: concurrent writers to one scenario queue here (SQLite's BEGIN IMMEDIATE already
            # serialises writers; SQLAlchemy renders nothing there).
            query = query.with_for_update()
        row = conn.execute(query).first()
        if row is None:
            raise NotFound("scenario", scenario_id)
        return row

    @staticmethod
    def _version_row(conn: Connection, scenario_id: int, version: int | None) -> Row[Any]:
        """A version's row (the current one when ``version`` is None)."""
        v = t.scenario_versions
        s = t.scenarios
        sid = _int_id(scenario_id, "scenario")
        if version is None:
            query = sa.select(v).join(s, (s.c.id == v.c.scenario_id) & (s.c.current_version == v.c.version))
            query = query.where(s.c.id == sid)
        else:
            query = sa.select(v).where(
                (v.c.scenario_id == sid) & (v.c.version == _int_id(version, "version"))
            )
        row = conn.execute(query).first()
        if row is None:
            if conn.execute(sa.select(s.c.id).where(s.c.id == sid)).first() is None:
                raise NotFound("scenario", scenario_id)
            raise NotFound("version", f"{version} of scenario {scenario_id}")
        return row


def _int_id(value: Any, what: str) -> int:
    """An id as given by a caller: a positive int (an id of another type is simply not found)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise NotFound(what, value)
    return value
