"""A portable archive of a store, which imports into any store (SQLite or PostgreSQL) and round-trips.

A zip of the scenario versions (YAML, or JSON when saved so) and JSON history, runs, evidence, sweeps
and games.

Layout::

    manifest.json                     format, accord version, counts
    scenarios/<id>/scenario.json      name, authors, times, and every version's metadata and changes
    scenarios/<id>/v0001.yaml         each version's text exactly as saved (.json when saved as JSON)
    scenarios/<id>/runs.json          analysis runs (their results as the analysis layer's JSON)
    scenarios/<id>/evidence.json      extracted statements
    scenarios/<id>/games.json         wargame traces
    sweeps.json                       Parquet files of sweep results, by path and sha256

An archive is untrusted input: members are read by name into memory (never extracted to disk), sizes are
checked before reading, every scenario text is validated by the loader and checked against its recorded
sha256, and the whole import is one transaction: all of it is stored, or none.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import InputError
from ..io import atomic_path
from . import _tables as t
from ._base import new_id, utc, utcnow
from ._checks import STATEMENT_KEYS, check_json
from ._diff import FieldChange
from ._unpack import MAX_MEMBER, MAX_TOTAL, SCENARIO_JSON, Reader, need, need_time, read_scenario
from .store import Store

__all__ = ["ARCHIVE_FORMAT", "MAX_MEMBER", "MAX_TOTAL", "export_archive", "import_archive"]

#: The archive format written in the manifest; an archive in another format is refused.
ARCHIVE_FORMAT = "accord-archive/1"


def _iso(value: dt.datetime) -> str:
    return utc(value).isoformat()


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# -- export -----------------------------------------------------------------------------------------------


def export_archive(store: Store, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Write every scenario (all versions), run, statement, sweep and game to a zip archive, atomically.

    The store is read in one snapshot, so a write in progress elsewhere is in the archive whole or not
    at all.

    Returns
    -------
    dict
        ``path`` and the counts written (``scenarios``, ``versions``, ``runs``, ``evidence``, ``sweeps``,
        ``games``).
    """
    counts = dict.fromkeys(("scenarios", "versions", "runs", "evidence", "sweeps", "games"), 0)
    with store._snapshot() as conn, atomic_path(os.fspath(path)) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for s in conn.execute(sa.select(t.scenarios).order_by(t.scenarios.c.id)).all():
                _export_scenario(conn, zf, s, counts)
            sweeps = [_sweep_data(r) for r in conn.execute(sa.select(t.sweeps).order_by(t.sweeps.c.id))]
            counts["sweeps"] = len(sweeps)
            zf.writestr("sweeps.json", _dumps(sweeps))
            from .. import __version__

            manifest = {
                "format": ARCHIVE_FORMAT,
                "accord_version": __version__,
                "exported_at": utcnow().isoformat(),
                "counts": counts,
            }
            zf.writestr("manifest.json", _dumps(manifest))
    return {"path": str(path), **counts}


def _export_scenario(conn: Connection, zf: zipfile.ZipFile, s: Any, counts: dict[str, int]) -> None:
    v, c = t.scenario_versions, t.scenario_changes
    folder = f"scenarios/{s.id}"
    versions = conn.execute(sa.select(v).where(v.c.scenario_id == s.id).order_by(v.c.version)).all()
    changes: dict[int, list[dict[str, Any]]] = {}
    for r in conn.execute(
        sa.select(c).join(v, v.c.id == c.c.version_id).where(v.c.scenario_id == s.id).order_by(c.c.id)
    ):
        changes.setdefault(r.version_id, []).append(
            FieldChange(r.op, r.path, r.old_value, r.new_value, tuple(r.sources or ())).to_dict()
        )
    entries = []
    for r in versions:
        name = f"v{r.version:04d}.{r.format}"
        zf.writestr(f"{folder}/{name}", r.text)
        entries.append(
            {
                "version": r.version,
                "file": name,
                "format": r.format,
                "sha256": r.sha256,
                "author": r.author,
                "message": r.message,
                "created_at": _iso(r.created_at),
                "changes": changes.get(r.id, []),
            }
        )
    meta = {
        "id": s.id,
        "name": s.name,
        "created_at": _iso(s.created_at),
        "created_by": s.created_by,
        "current_version": s.current_version,
        "duplicated_from": s.duplicated_from,
        "duplicated_version": s.duplicated_version,
        "versions": entries,
    }
    zf.writestr(f"{folder}/scenario.json", _dumps(meta))
    runs = [
        {
            "id": r.id,
            "version": r.version,
            "kind": r.kind,
            "spec": r.spec,
            "seed": r.seed,
            "input_sha256": r.input_sha256,
            "accord_version": r.accord_version,
            "created_at": _iso(r.created_at),
            "result": r.result,
        }
        for r in conn.execute(sa.select(t.runs).where(t.runs.c.scenario_id == s.id).order_by(t.runs.c.id))
    ]
    e = t.evidence
    evidence = [
        {k: getattr(r, k) for k in STATEMENT_KEYS} | {"added_at": _iso(r.added_at), "dismissed": r.dismissed}
        for r in conn.execute(sa.select(e).where(e.c.scenario_id == s.id).order_by(e.c.ordinal))
    ]
    games = [
        {
            "id": r.id,
            "version": r.version,
            "seed": r.seed,
            "seats": r.seats,
            "status": r.status,
            "created_at": _iso(r.created_at),
            "updated_at": _iso(r.updated_at),
            "trace": r.trace,
        }
        for r in conn.execute(sa.select(t.games).where(t.games.c.scenario_id == s.id).order_by(t.games.c.id))
    ]
    zf.writestr(f"{folder}/runs.json", _dumps(runs))
    zf.writestr(f"{folder}/evidence.json", _dumps(evidence))
    zf.writestr(f"{folder}/games.json", _dumps(games))
    for key, n in (("scenarios", 1), ("versions", len(versions)), ("runs", len(runs))):
        counts[key] += n
    counts["evidence"] += len(evidence)
    counts["games"] += len(games)


def _sweep_data(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "scenario_id": r.scenario_id,
        "version": r.version,
        "label": r.label,
        "path": r.path,
        "sha256": r.sha256,
        "n_bytes": r.n_bytes,
        "spec": r.spec,
        "created_at": _iso(r.created_at),
    }


# -- import -----------------------------------------------------------------------------------------------


def import_archive(store: Store, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Add everything in an archive written by :func:`export_archive` to a store, in one transaction.

    Scenarios get new ids (the store may already hold others); versions, authors, times, changes,
    runs, statements, sweeps and games keep theirs.

    Returns
    -------
    dict
        ``path``, the counts imported, and ``ids``: each archived scenario id mapped to its new id.

    Raises
    ------
    InputError
        For a file that is not such an archive, or any member that is missing, malformed, over a size
        limit, or whose scenario text does not load or does not match its sha256; nothing is stored.
    """
    name = str(path)
    try:
        zf = zipfile.ZipFile(Path(path))
    except (OSError, zipfile.BadZipFile) as err:
        raise InputError.single(name, f"cannot be read as a zip archive: {err}") from None
    with zf:
        r = Reader(zf, name)
        manifest = r.json("manifest.json", dict)
        fmt = manifest.get("format")
        if fmt != ARCHIVE_FORMAT:
            raise r.fail("manifest.json", f"format {fmt!r} is not {ARCHIVE_FORMAT!r}")
        folders = sorted(int(m.group(1)) for n in r.names if (m := SCENARIO_JSON.match(n)))
        # Read and check everything before the transaction, so that nothing invalid reaches the database.
        scenarios = [read_scenario(r, old) for old in folders]
        sweeps = r.json("sweeps.json")
    counts = dict.fromkeys(("scenarios", "versions", "runs", "evidence", "sweeps", "games"), 0)
    ids: dict[int, int] = {}
    with store._write() as conn:
        for sc in scenarios:
            ids[sc["id"]] = _insert_scenario(conn, sc, counts)
        for sc in scenarios:  # copies point at their originals once every new id is known
            if sc["duplicated_from"] in ids:
                conn.execute(
                    t.scenarios.update()
                    .where(t.scenarios.c.id == ids[sc["id"]])
                    .values(
                        duplicated_from=ids[sc["duplicated_from"]],
                        duplicated_version=sc["duplicated_version"],
                    )
                )
        known = {sc["id"]: {v["version"] for v in sc["versions"]} for sc in scenarios}
        for k, sw in enumerate(sweeps):
            _insert_sweep(conn, sw, ids, known, r.failer("sweeps.json", f"[{k}] "))
            counts["sweeps"] += 1
    return {"path": name, **counts, "ids": {str(k): v for k, v in ids.items()}}


def _insert_scenario(conn: Connection, sc: dict[str, Any], counts: dict[str, int]) -> int:
    sid = new_id(
        conn.execute(
            t.scenarios.insert().values(
                name=sc["name"],
                created_at=sc["created_at"],
                created_by=sc["created_by"],
                current_version=len(sc["versions"]),
            )
        )
    )
    for v in sc["versions"]:
        Store._insert_version(
            conn, sid, v["version"], v["text"], v["format"], v["data"], v["author"], v["message"],
            v["created_at"], v["changes"],
        )  # fmt: skip
    for run in sc["runs"]:
        conn.execute(t.runs.insert().values(scenario_id=sid, **run))
    for k, st in enumerate(sc["evidence"]):
        conn.execute(t.evidence.insert().values(scenario_id=sid, ordinal=k, **st))
    for game in sc["games"]:
        conn.execute(t.games.insert().values(scenario_id=sid, **game))
    counts["scenarios"] += 1
    counts["versions"] += len(sc["versions"])
    counts["runs"] += len(sc["runs"])
    counts["evidence"] += len(sc["evidence"])
    counts["games"] += len(sc["games"])
    return int(sid)


def _insert_sweep(
    conn: Connection,
    sw: Any,
    ids: dict[int, int],
    known: dict[int, set[int]],
    fail: Callable[[str], InputError],
) -> None:
    if not isinstance(sw, dict):
        raise fail("expected a mapping")
    sid, version = sw.get("scenario_id"), sw.get("version")
    if sid is not None:
        if sid not in ids or version not in known[sid]:
            raise fail(f"scenario {sid} version {version} is not in the archive")
        sid = ids[sid]
    elif version is not None:
        raise fail("a version needs its scenario_id")
    sha = need(sw, "sha256", str, fail)
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise fail("sha256: expected 64 hex digits")
    conn.execute(
        t.sweeps.insert().values(
            scenario_id=sid,
            version=version,
            label=need(sw, "label", str, fail),
            path=need(sw, "path", str, fail),
            sha256=sha,
            n_bytes=need(sw, "n_bytes", int, fail),
            spec=check_json(sw.get("spec"), "spec"),
            created_at=need_time(sw, "created_at", fail),
        )
    )
