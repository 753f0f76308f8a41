"""Scenarios and their versions: add, update, read, list, history, diff, duplicate, delete.

Each update is a new version with its field-level changes.
A version's text is stored exactly as given (comments and layout kept), beside its canonical data
(:func:`accord.scenario.scenario_to_dict`), from which the changes between versions are computed; so a
history stays readable even if a later accord would read an old text differently.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ..errors import InputError
from ..scenario import Scenario, scenario_to_dict
from . import _tables as t
from ._base import StoreBase, new_id, utc, utcnow
from ._checks import check_name, parse_text, sha256_text
from ._diff import FieldChange, diff_data
from .records import ScenarioDiff, ScenarioInfo, ScenarioRecord, VersionInfo

__all__ = ["ScenarioStore"]


def _who(author: Any) -> str:
    if not isinstance(author, str) or not author.strip():
        raise InputError.single("author", "required: who is saving (a name or a user id)")
    return check_name(author, "author")


class ScenarioStore(StoreBase):
    """The scenario half of :class:`accord.store.Store` (see there for the whole)."""

    def add_scenario(
        self, text: str, fmt: str, author: str, name: str | None = None, message: str = ""
    ) -> int:
        """Store a new scenario as its version 1.

        Parameters
        ----------
        text : str
            The scenario file's text (YAML or JSON), stored verbatim.
        fmt : {"yaml", "json"}
        author : str
            Who saves it.
        name : str, optional
            A name for the library; by default the scenario's title.
        message : str
            Why (shown in the history).

        Returns
        -------
        int
            The new scenario's id.

        Raises
        ------
        ScenarioError
            When the text does not load; nothing is stored.
        """
        who = _who(author)
        name = check_name(name, "name", required=False)
        message = check_name(message, "message", required=False)
        scenario = parse_text(text, fmt, name or "scenario")
        data = scenario_to_dict(scenario)
        now = utcnow()
        with self._write() as conn:
            sid = new_id(
                conn.execute(
                    t.scenarios.insert().values(
                        name=name or scenario.title.strip() or "untitled",
                        created_at=now,
                        created_by=who,
                        current_version=1,
                    )
                )
            )
            self._insert_version(conn, sid, 1, text, fmt, data, who, message, now, ())
        return int(sid)

    def update_scenario(self, scenario_id: int, text: str, fmt: str, author: str, message: str = "") -> int:
        """Save a new version of a scenario, recording every field it changes.

        Returns
        -------
        int
            The new version's number.

        Raises
        ------
        NotFound
            When there is no such scenario.
        ScenarioError
            When the text does not load; nothing is stored.
        """
        who = _who(author)
        message = check_name(message, "message", required=False)
        scenario = parse_text(text, fmt)
        data = scenario_to_dict(scenario)
        with self._write() as conn:
            row = self._scenario_row(conn, scenario_id, lock=True)
            current = self._version_row(conn, scenario_id, row.current_version)
            changes = diff_data(current.data, data)
            version = row.current_version + 1
            self._insert_version(conn, row.id, version, text, fmt, data, who, message, utcnow(), changes)
            conn.execute(
                t.scenarios.update().where(t.scenarios.c.id == row.id).values(current_version=version)
            )
        return version

    @staticmethod
    def _insert_version(
        conn: Connection,
        scenario_id: int,
        version: int,
        text: str,
        fmt: str,
        data: dict[str, Any],
        author: str,
        message: str,
        at: dt.datetime,
        changes: tuple[FieldChange, ...] | list[FieldChange],
    ) -> int:
        vid = new_id(
            conn.execute(
                t.scenario_versions.insert().values(
                    scenario_id=scenario_id,
                    version=version,
                    format=fmt,
                    text=text,
                    sha256=sha256_text(text),
                    data=data,
                    title=str(data.get("title", "")),
                    author=author,
                    message=message or "",
                    created_at=at,
                )
            )
        )
        if changes:
            conn.execute(
                t.scenario_changes.insert(),
                [
                    {
                        "version_id": vid,
                        "ordinal": k,
                        "op": c.op,
                        "path": c.path,
                        "old_value": c.old,
                        "new_value": c.new,
                        "sources": list(c.sources),
                    }
                    for k, c in enumerate(changes)
                ],
            )
        return int(vid)

    def get_scenario(
        self, scenario_id: int, version: int | None = None, parse: bool = False
    ) -> ScenarioRecord:
        """One version of a scenario (the current one by default), its text as saved.

        Parameters
        ----------
        scenario_id : int
        version : int, optional
        parse : bool
            Also load the text into a :class:`~accord.scenario.Scenario` (``record.scenario``).

        Raises
        ------
        NotFound
            When there is no such scenario or version.
        """
        with self._read() as conn:
            row = self._scenario_row(conn, scenario_id)
            v = self._version_row(conn, scenario_id, version)
        scenario = _parsed(v.sha256, v.format, v.text, row.name) if parse else None
        return ScenarioRecord(
            id=row.id,
            version=v.version,
            current_version=row.current_version,
            name=row.name,
            format=v.format,
            text=v.text,
            sha256=v.sha256,
            title=v.title,
            author=v.author,
            message=v.message,
            created_at=utc(v.created_at),
            scenario=scenario,
        )

    def list_scenarios(self) -> list[ScenarioInfo]:
        """Every stored scenario, by id."""
        s, v = t.scenarios, t.scenario_versions
        counts = (
            sa.select(v.c.scenario_id, sa.func.count().label("n"))
            .group_by(v.c.scenario_id)
            .subquery("counts")
        )
        query = (
            sa.select(s, v.c.title, v.c.author, v.c.created_at.label("updated_at"), counts.c.n)
            .join(v, (v.c.scenario_id == s.c.id) & (v.c.version == s.c.current_version))
            .join(counts, counts.c.scenario_id == s.c.id)
            .order_by(s.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            ScenarioInfo(
                id=r.id,
                name=r.name,
                title=r.title,
                current_version=r.current_version,
                n_versions=r.n,
                created_at=utc(r.created_at),
                created_by=r.created_by,
                updated_at=utc(r.updated_at),
                updated_by=r.author,
                duplicated_from=r.duplicated_from,
                duplicated_version=r.duplicated_version,
            )
            for r in rows
        ]

    def history(self, scenario_id: int) -> list[VersionInfo]:
        """Every version of a scenario, oldest first, each with what it changed.

        Raises
        ------
        NotFound
            When there is no such scenario.
        """
        v, c = t.scenario_versions, t.scenario_changes
        with self._read() as conn:
            self._scenario_row(conn, scenario_id)
            versions = conn.execute(
                sa.select(v.c.id, v.c.version, v.c.author, v.c.created_at, v.c.message, v.c.title, v.c.format)
                .add_columns(v.c.sha256)
                .where(v.c.scenario_id == scenario_id)
                .order_by(v.c.version)
            ).all()
            rows = conn.execute(
                sa.select(c)
                .join(v, v.c.id == c.c.version_id)
                .where(v.c.scenario_id == scenario_id)
                .order_by(c.c.version_id, c.c.ordinal)
            ).all()
        by_version: dict[int, list[FieldChange]] = {}
        for r in rows:
            by_version.setdefault(r.version_id, []).append(_change(r))
        return [
            VersionInfo(
                version=r.version,
                author=r.author,
                created_at=utc(r.created_at),
                message=r.message,
                title=r.title,
                format=r.format,
                sha256=r.sha256,
                changes=tuple(by_version.get(r.id, ())),
            )
            for r in versions
        ]

    def diff(self, scenario_id: int, old_version: int, new_version: int) -> ScenarioDiff:
        """Field-level changes (and a text diff) between any two versions of a scenario.

        Raises
        ------
        NotFound
            When there is no such scenario or version.
        """
        with self._read() as conn:
            a = self._version_row(conn, scenario_id, old_version)
            b = self._version_row(conn, scenario_id, new_version)
        text_diff = "".join(
            difflib.unified_diff(
                a.text.splitlines(keepends=True),
                b.text.splitlines(keepends=True),
                fromfile=f"v{a.version}",
                tofile=f"v{b.version}",
            )
        )
        return ScenarioDiff(scenario_id, a.version, b.version, tuple(diff_data(a.data, b.data)), text_diff)

    def duplicate(self, scenario_id: int, author: str, name: str | None = None) -> int:
        """Copy a scenario's current version into a new scenario (its version 1); returns the new id.

        Raises
        ------
        NotFound
            When there is no such scenario.
        """
        who = _who(author)
        name = check_name(name, "name", required=False)
        now = utcnow()
        with self._write() as conn:
            row = self._scenario_row(conn, scenario_id)
            v = self._version_row(conn, scenario_id, None)
            sid = new_id(
                conn.execute(
                    t.scenarios.insert().values(
                        name=name or f"{row.name} (copy)",
                        created_at=now,
                        created_by=who,
                        current_version=1,
                        duplicated_from=row.id,
                        duplicated_version=v.version,
                    )
                )
            )
            message = f"copy of scenario {row.id} version {v.version}"
            self._insert_version(conn, sid, 1, v.text, v.format, v.data, who, message, now, ())
        return int(sid)

    def delete(self, scenario_id: int) -> None:
        """Delete a scenario with every version, run, sweep reference, statement and game of it.

        Raises
        ------
        NotFound
            When there is no such scenario.
        """
        with self._write() as conn:
            self._scenario_row(conn, scenario_id, lock=True)
            # The foreign keys cascade; the explicit deletes keep that true on a SQLite connection that
            # was opened without foreign keys (by another tool), where cascades silently do nothing.
            for table in (t.runs, t.sweeps, t.games, t.evidence):
                conn.execute(table.delete().where(table.c.scenario_id == scenario_id))
            v = t.scenario_versions
            ids = sa.select(v.c.id).where(v.c.scenario_id == scenario_id).scalar_subquery()
            conn.execute(t.scenario_changes.delete().where(t.scenario_changes.c.version_id.in_(ids)))
            conn.execute(v.delete().where(v.c.scenario_id == scenario_id))
            conn.execute(
                t.scenarios.update()
                .where(t.scenarios.c.duplicated_from == scenario_id)
                .values(duplicated_from=None)
            )
            conn.execute(t.scenarios.delete().where(t.scenarios.c.id == scenario_id))


@functools.lru_cache(maxsize=32)
def _parsed(sha256: str, fmt: str, text: str, name: str) -> Scenario:
    """A stored version's scenario, parsed once per process.

    A Scenario is immutable, and the web app asks for the same versions over and over (loading the
    flagship takes about 20 ms; the cache hit, microseconds).
    """
    return parse_text(text, fmt, name)


def _change(r: Row[Any]) -> FieldChange:
    return FieldChange(r.op, r.path, r.old_value, r.new_value, tuple(r.sources or ()))
