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
from ..scenario import scenario_to_dict
from . import _tables as t
from ._base import new_id, utc, utcnow
from ._checks import check_json, check_seed, check_statements, parse_text, sha256_text
from ._diff import FieldChange
from .store import GAME_STATUSES, Store

__all__ = ["ARCHIVE_FORMAT", "MAX_MEMBER", "MAX_TOTAL", "export_archive", "import_archive"]

#: The archive format written in the manifest; a reader refuses other majors.
ARCHIVE_FORMAT = "accord-archive/1"
#: Largest member accepted on import, and largest archive in total (uncompressed), in bytes.
MAX_MEMBER = 200_000_000
MAX_TOTAL = 2_000_000_000

_SCENARIO_JSON = re.compile(r"^scenarios/(\d+)/scenario\.json$")
_OPS = ("added", "removed", "changed", "reordered")


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
        {k: getattr(r, k) for k in ("actor", "act", "target", "issue", "option", "position_hint", "flags")}
        | {k: getattr(r, k) for k in ("quote", "sentence", "start", "end", "date", "source", "confidence")}
        | {"added_at": _iso(r.added_at)}
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


class _Reader:
    """Members of an untrusted zip, read by name with size limits; problems name ``archive:member``."""

    def __init__(self, zf: zipfile.ZipFile, name: str):
        self.zf = zf
        self.name = name
        self.names = set(zf.namelist())
        total = sum(i.file_size for i in zf.infolist())
        if total > MAX_TOTAL:
            raise InputError.single(
                name, f"unpacks to {total / 1e9:.1f} GB, over the {MAX_TOTAL / 1e9:g} GB limit"
            )

    def fail(self, member: str, message: str) -> InputError:
        return InputError.single(f"{self.name}:{member}", message)

    def failer(self, member: str, prefix: str = "") -> Callable[[str], InputError]:
        """A function making the error for one place in a member (``prefix`` locates it there)."""

        def fail(message: str) -> InputError:
            return self.fail(member, prefix + message)

        return fail

    def text(self, member: str) -> str:
        if member not in self.names:
            raise self.fail(member, "missing from the archive")
        info = self.zf.getinfo(member)
        if info.file_size > MAX_MEMBER:
            raise self.fail(
                member, f"is {info.file_size / 1e6:.0f} MB, over the {MAX_MEMBER / 1e6:g} MB limit"
            )
        with self.zf.open(info) as fh:
            raw = fh.read(MAX_MEMBER + 1)  # the header's size may lie
        if len(raw) > MAX_MEMBER:
            raise self.fail(member, f"is over the {MAX_MEMBER / 1e6:g} MB limit")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(member, "is not UTF-8 text") from None

    def json(self, member: str, kind: type = list) -> Any:
        try:
            data = json.loads(self.text(member))
        except json.JSONDecodeError as err:
            raise InputError.single(
                f"{self.name}:{member}", f"invalid JSON: {err.msg}", err.lineno, err.colno
            ) from None
        if not isinstance(data, kind):
            raise self.fail(member, f"expected a JSON {kind.__name__}")
        return data


def _get(
    d: dict[str, Any], key: str, kind: type | tuple[type, ...], fail: Callable[[str], InputError]
) -> Any:
    value = d.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise fail(f"{key}: missing or of the wrong type")
    return value


def _time(d: dict[str, Any], key: str, fail: Callable[[str], InputError]) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(_get(d, key, str, fail))
    except ValueError:
        raise fail(f"{key}: not an ISO 8601 time") from None
    return utc(value)


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
        r = _Reader(zf, name)
        manifest = r.json("manifest.json", dict)
        fmt = manifest.get("format")
        if not isinstance(fmt, str) or fmt.split("/")[0] != "accord-archive" or fmt != ARCHIVE_FORMAT:
            raise r.fail("manifest.json", f"format {fmt!r} is not {ARCHIVE_FORMAT!r}")
        folders = sorted(int(m.group(1)) for n in r.names if (m := _SCENARIO_JSON.match(n)))
        # Read and check everything before the transaction, so that nothing invalid reaches the database.
        scenarios = [_read_scenario(r, old) for old in folders]
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


def _read_scenario(r: _Reader, old: int) -> dict[str, Any]:
    folder = f"scenarios/{old}"
    member = f"{folder}/scenario.json"
    meta = r.json(member, dict)

    fail = r.failer(member)

    versions = []
    for k, v in enumerate(_get(meta, "versions", list, fail)):
        vfail = r.failer(member, f"versions[{k}].")
        if not isinstance(v, dict):
            raise vfail("expected a mapping")
        file = _get(v, "file", str, vfail)
        fmt = _get(v, "format", str, vfail)
        number = _get(v, "version", int, vfail)
        if file != f"v{number:04d}.{fmt}":
            raise vfail(f"file: expected v{number:04d}.{fmt}")
        text = r.text(f"{folder}/{file}")
        if sha256_text(text) != _get(v, "sha256", str, vfail):
            raise r.fail(f"{folder}/{file}", "does not match the sha256 recorded in scenario.json")
        scenario = parse_text(text, fmt, f"{r.name}:{folder}/{file.rsplit('.', 1)[0]}")
        changes = []
        for c in _get(v, "changes", list, vfail):
            if not isinstance(c, dict) or c.get("op") not in _OPS or not isinstance(c.get("path"), str):
                raise vfail("changes: each needs an op and a path")
            cited = c.get("sources", [])
            if not isinstance(cited, list) or not all(isinstance(x, str) for x in cited):
                raise vfail("changes: sources must be a list of source ids")
            changes.append(FieldChange(c["op"], c["path"], c.get("old"), c.get("new"), tuple(cited)))
        versions.append(
            {
                "version": number,
                "text": text,
                "format": fmt,
                "data": scenario_to_dict(scenario),
                "author": _get(v, "author", str, vfail),
                "message": _get(v, "message", str, vfail),
                "created_at": _time(v, "created_at", vfail),
                "changes": changes,
            }
        )
    numbers = [v["version"] for v in versions]
    if numbers != list(range(1, len(numbers) + 1)):
        raise fail(f"versions must be numbered 1, 2, 3... in order, got {numbers}")
    if _get(meta, "current_version", int, fail) != len(numbers):
        raise fail("current_version is not the last version")
    dup = meta.get("duplicated_from")
    return {
        "id": old,
        "name": _get(meta, "name", str, fail),
        "created_at": _time(meta, "created_at", fail),
        "created_by": _get(meta, "created_by", str, fail),
        "duplicated_from": dup if isinstance(dup, int) else None,
        "duplicated_version": meta.get("duplicated_version") if isinstance(dup, int) else None,
        "versions": versions,
        "runs": _read_rows(r, f"{folder}/runs.json", _check_run, {v["version"]: v for v in versions}),
        "evidence": _read_evidence(r, f"{folder}/evidence.json"),
        "games": _read_rows(r, f"{folder}/games.json", _check_game, {v["version"]: v for v in versions}),
    }


def _read_rows(
    r: _Reader, member: str, check: Callable[..., dict[str, Any]], versions: dict[int, Any]
) -> list[Any]:
    out = []
    for k, row in enumerate(r.json(member)):
        fail = r.failer(member, f"[{k}] ")
        if not isinstance(row, dict):
            raise fail("expected a mapping")
        if _get(row, "version", int, fail) not in versions:
            raise fail(f"version {row['version']} is not in the archive")
        out.append(check(row, fail, versions[row["version"]]))
    return out


def _check_run(
    row: dict[str, Any], fail: Callable[[str], InputError], version: dict[str, Any]
) -> dict[str, Any]:
    if _get(row, "input_sha256", str, fail) != sha256_text(version["text"]):
        raise fail("input_sha256 does not match the version's text")
    return {
        "version": row["version"],
        "kind": _get(row, "kind", str, fail),
        "spec": check_json(row.get("spec"), "spec"),
        "seed": check_seed(row.get("seed")),
        "input_sha256": row["input_sha256"],
        "accord_version": _get(row, "accord_version", str, fail),
        "result": check_json(row.get("result"), "result"),
        "created_at": _time(row, "created_at", fail),
    }


def _check_game(
    row: dict[str, Any], fail: Callable[[str], InputError], version: dict[str, Any]
) -> dict[str, Any]:
    if row.get("status") not in GAME_STATUSES:
        raise fail(f"status must be one of {', '.join(GAME_STATUSES)}")
    return {
        "version": row["version"],
        "seed": check_seed(row.get("seed")),
        "seats": check_json(row.get("seats"), "seats"),
        "status": row["status"],
        "trace": check_json(row.get("trace"), "trace"),
        "created_at": _time(row, "created_at", fail),
        "updated_at": _time(row, "updated_at", fail),
    }


def _read_evidence(r: _Reader, member: str) -> list[dict[str, Any]]:
    rows = r.json(member)
    times = []
    for k, row in enumerate(rows):
        if not isinstance(row, dict):
            raise r.fail(member, f"[{k}] expected a mapping")
        times.append(_time(row, "added_at", r.failer(member, f"[{k}] ")))
    try:
        statements = check_statements([{k: v for k, v in row.items() if k != "added_at"} for row in rows])
    except InputError as err:
        raise InputError.single(f"{r.name}:{member}", str(err)) from None
    return [st | {"added_at": at} for st, at in zip(statements, times, strict=True)]


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
    sha = _get(sw, "sha256", str, fail)
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise fail("sha256: expected 64 hex digits")
    conn.execute(
        t.sweeps.insert().values(
            scenario_id=sid,
            version=version,
            label=_get(sw, "label", str, fail),
            path=_get(sw, "path", str, fail),
            sha256=sha,
            n_bytes=_get(sw, "n_bytes", int, fail),
            spec=check_json(sw.get("spec"), "spec"),
            created_at=_time(sw, "created_at", fail),
        )
    )
