"""What the store hands back: frozen records, each with ``to_dict()`` (plain JSON data).

The CLI, the web API and the export archive use ``to_dict``. Times are timezone-aware UTC datetimes
(ISO 8601 in ``to_dict``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ._diff import FieldChange

__all__ = [
    "EvidenceRecord",
    "FieldChange",
    "GameRecord",
    "RunRecord",
    "ScenarioDiff",
    "ScenarioInfo",
    "ScenarioRecord",
    "SweepRecord",
    "VersionInfo",
]


def _iso(t: dt.datetime | None) -> str | None:
    return None if t is None else t.isoformat()


@dataclass(frozen=True)
class ScenarioInfo:
    """One stored scenario, as listed (no text).

    Parameters
    ----------
    id : int
    name : str
    title : str
        The current version's title.
    current_version, n_versions : int
    created_at, updated_at : datetime
        When version 1 and the current version were saved.
    created_by, updated_by : str
        Their authors.
    duplicated_from, duplicated_version : int or None
        The scenario and version this one was copied from.
    """

    id: int
    name: str
    title: str
    current_version: int
    n_versions: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    duplicated_from: int | None = None
    duplicated_version: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data."""
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "current_version": self.current_version,
            "n_versions": self.n_versions,
            "created_at": _iso(self.created_at),
            "created_by": self.created_by,
            "updated_at": _iso(self.updated_at),
            "updated_by": self.updated_by,
            "duplicated_from": self.duplicated_from,
            "duplicated_version": self.duplicated_version,
        }


@dataclass(frozen=True)
class ScenarioRecord:
    """One version of a stored scenario, with its text exactly as it was saved.

    Parameters
    ----------
    id, version, current_version : int
    name : str
    format : {"yaml", "json"}
    text : str
    sha256 : str
        Of the text's UTF-8 bytes (the input hash of runs on this version).
    title, author, message : str
    created_at : datetime
    scenario : Scenario or None
        The parsed scenario, when asked for (``parse=True``).
    """

    id: int
    version: int
    current_version: int
    name: str
    format: str
    text: str
    sha256: str
    title: str
    author: str
    message: str
    created_at: dt.datetime
    scenario: Any = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data (without the parsed scenario)."""
        return {
            "id": self.id,
            "version": self.version,
            "current_version": self.current_version,
            "name": self.name,
            "format": self.format,
            "sha256": self.sha256,
            "title": self.title,
            "author": self.author,
            "message": self.message,
            "created_at": _iso(self.created_at),
            "text": self.text,
        }


@dataclass(frozen=True)
class VersionInfo:
    """One entry of a scenario's history: who saved which version, when, why, and what it changed.

    Parameters
    ----------
    version : int
    author, message, title, format, sha256 : str
    created_at : datetime
    changes : tuple of FieldChange
        Against the previous version; empty for version 1 (and for a save that changed only layout
        or comments).
    """

    version: int
    author: str
    created_at: dt.datetime
    message: str
    title: str
    format: str
    sha256: str
    changes: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The entry as plain data; each change carries who and when."""
        return {
            "version": self.version,
            "author": self.author,
            "created_at": _iso(self.created_at),
            "message": self.message,
            "title": self.title,
            "format": self.format,
            "sha256": self.sha256,
            "changes": [
                c.to_dict() | {"author": self.author, "at": _iso(self.created_at)} for c in self.changes
            ],
        }


@dataclass(frozen=True)
class ScenarioDiff:
    """The differences between two versions of a scenario.

    Parameters
    ----------
    scenario_id, old_version, new_version : int
    changes : tuple of FieldChange
        Field by field, from ``old_version`` to ``new_version``.
    text_diff : str
        A unified diff of the two texts as saved (comments and layout included).
    """

    scenario_id: int
    old_version: int
    new_version: int
    changes: tuple[FieldChange, ...]
    text_diff: str

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain data."""
        return {
            "scenario_id": self.scenario_id,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "changes": [c.to_dict() for c in self.changes],
            "text_diff": self.text_diff,
        }


@dataclass(frozen=True)
class RunRecord:
    """A stored analysis run.

    Parameters
    ----------
    id, scenario_id, version : int
    kind : str
        The result document's kind (``analysis``, ``forecast``...).
    spec : dict
        What was asked for (models, strategies, options).
    seed : int
    input_sha256 : str
        sha256 of the scenario version's text.
    accord_version : str
        The accord that computed it.
    result : dict
        The analysis layer's JSON document (``result.to_dict()``).
    created_at : datetime
    """

    id: int
    scenario_id: int
    version: int
    kind: str
    spec: dict[str, Any]
    seed: int
    input_sha256: str
    accord_version: str
    result: dict[str, Any]
    created_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data."""
        return {
            "id": self.id,
            "scenario_id": self.scenario_id,
            "version": self.version,
            "kind": self.kind,
            "spec": self.spec,
            "seed": self.seed,
            "input_sha256": self.input_sha256,
            "accord_version": self.accord_version,
            "created_at": _iso(self.created_at),
            "result": self.result,
        }

    def document(self) -> Any:
        """The result as its typed analysis-layer object (``DOCUMENTS[kind].from_dict``)."""
        from ..analysis import DOCUMENTS

        return DOCUMENTS[self.kind].from_dict(self.result)


@dataclass(frozen=True)
class SweepRecord:
    """A sweep's results: a Parquet file referenced by path and sha256 (the store keeps no copy).

    Parameters
    ----------
    id : int
    scenario_id, version : int or None
        The scenario version swept, if any.
    label, path, sha256 : str
    n_bytes : int
    spec : dict
    created_at : datetime
    """

    id: int
    scenario_id: int | None
    version: int | None
    label: str
    path: str
    sha256: str
    n_bytes: int
    spec: dict[str, Any]
    created_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data."""
        return {
            "id": self.id,
            "scenario_id": self.scenario_id,
            "version": self.version,
            "label": self.label,
            "path": self.path,
            "sha256": self.sha256,
            "n_bytes": self.n_bytes,
            "spec": self.spec,
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True)
class EvidenceRecord:
    """One stored statement extracted from text.

    Parameters
    ----------
    id, scenario_id : int
    added_at : datetime
    statement : dict
        The statement with every key of :data:`accord.store.STATEMENT_KEYS` (absent ones as None,
        ``flags`` as a list).
    dismissed : bool
        The analyst set it aside (it is kept, and proposes no change).
    """

    id: int
    scenario_id: int
    added_at: dt.datetime
    statement: dict[str, Any]
    dismissed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The statement as plain data, with its id, when it was stored and whether it is dismissed."""
        return {"id": self.id, "added_at": _iso(self.added_at), "dismissed": self.dismissed} | self.statement


@dataclass(frozen=True)
class GameRecord:
    """A stored wargame: who sits where, the seed, and the trace so far.

    Parameters
    ----------
    id, scenario_id, version, seed : int
    seats : dict
        Seat (actor id or ``mediator``) to who plays it (``person``, a person's name, or a strategy).
    status : {"running", "finished", "abandoned"}
    trace : dict
        The game's trace as JSON data.
    created_at, updated_at : datetime
    """

    id: int
    scenario_id: int
    version: int
    seed: int
    seats: dict[str, Any]
    status: str
    trace: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data."""
        return {
            "id": self.id,
            "scenario_id": self.scenario_id,
            "version": self.version,
            "seed": self.seed,
            "seats": self.seats,
            "status": self.status,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "trace": self.trace,
        }
