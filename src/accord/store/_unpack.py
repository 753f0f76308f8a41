"""Reading an export archive back: every member read by name with size limits, and checked.

An archive is untrusted input: members are read into memory (never extracted to disk), sizes are checked
before reading, every scenario text is validated by the loader and checked against its recorded sha256,
and every run, statement and game is checked before :func:`accord.store.import_archive` opens its one
transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Callable
from typing import Any

from ..errors import InputError
from ..scenario import scenario_to_dict
from ._base import utc
from ._checks import check_json, check_name, check_seed, check_statements, parse_text, sha256_text
from ._diff import FieldChange
from .store import GAME_STATUSES

__all__ = ["MAX_MEMBER", "MAX_TOTAL", "SCENARIO_JSON", "Reader", "need", "need_time", "read_scenario"]

#: Largest member accepted on import, and largest archive in total (uncompressed), in bytes.
MAX_MEMBER = 200_000_000
MAX_TOTAL = 2_000_000_000
#: Where each scenario's metadata lies in an archive.
SCENARIO_JSON = re.compile(r"^scenarios/(\d+)/scenario\.json$")
_OPS = ("added", "removed", "changed", "reordered")


class Reader:
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


def need(
    d: dict[str, Any], key: str, kind: type | tuple[type, ...], fail: Callable[[str], InputError]
) -> Any:
    value = d.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise fail(f"{key}: missing or of the wrong type")
    return value


def need_time(d: dict[str, Any], key: str, fail: Callable[[str], InputError]) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(need(d, key, str, fail))
    except ValueError:
        raise fail(f"{key}: not an ISO 8601 time") from None
    return utc(value)


def read_scenario(r: Reader, old: int) -> dict[str, Any]:
    folder = f"scenarios/{old}"
    member = f"{folder}/scenario.json"
    meta = r.json(member, dict)

    fail = r.failer(member)

    versions = []
    for k, v in enumerate(need(meta, "versions", list, fail)):
        vfail = r.failer(member, f"versions[{k}].")
        if not isinstance(v, dict):
            raise vfail("expected a mapping")
        file = need(v, "file", str, vfail)
        fmt = need(v, "format", str, vfail)
        number = need(v, "version", int, vfail)
        if file != f"v{number:04d}.{fmt}":
            raise vfail(f"file: expected v{number:04d}.{fmt}")
        text = r.text(f"{folder}/{file}")
        if sha256_text(text) != need(v, "sha256", str, vfail):
            raise r.fail(f"{folder}/{file}", "does not match the sha256 recorded in scenario.json")
        scenario = parse_text(text, fmt, f"{r.name}:{folder}/{file.rsplit('.', 1)[0]}")
        changes = []
        for c in need(v, "changes", list, vfail):
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
                "author": check_name(need(v, "author", str, vfail), "author"),
                "message": check_name(need(v, "message", str, vfail), "message", required=False),
                "created_at": need_time(v, "created_at", vfail),
                "changes": changes,
            }
        )
    numbers = [v["version"] for v in versions]
    if numbers != list(range(1, len(numbers) + 1)):
        raise fail(f"versions must be numbered 1, 2, 3... in order, got {numbers}")
    if need(meta, "current_version", int, fail) != len(numbers):
        raise fail("current_version is not the last version")
    dup = meta.get("duplicated_from")
    return {
        "id": old,
        "name": check_name(need(meta, "name", str, fail), "name"),
        "created_at": need_time(meta, "created_at", fail),
        "created_by": check_name(need(meta, "created_by", str, fail), "created_by"),
        "duplicated_from": dup if isinstance(dup, int) else None,
        "duplicated_version": meta.get("duplicated_version") if isinstance(dup, int) else None,
        "versions": versions,
        "runs": _read_rows(r, f"{folder}/runs.json", _check_run, {v["version"]: v for v in versions}),
        "evidence": _read_evidence(r, f"{folder}/evidence.json"),
        "games": _read_rows(r, f"{folder}/games.json", _check_game, {v["version"]: v for v in versions}),
    }


def _read_rows(
    r: Reader, member: str, check: Callable[..., dict[str, Any]], versions: dict[int, Any]
) -> list[Any]:
    out = []
    for k, row in enumerate(r.json(member)):
        fail = r.failer(member, f"[{k}] ")
        if not isinstance(row, dict):
            raise fail("expected a mapping")
        if need(row, "version", int, fail) not in versions:
            raise fail(f"version {row['version']} is not in the archive")
        out.append(check(row, fail, versions[row["version"]]))
    return out


def _check_run(
    row: dict[str, Any], fail: Callable[[str], InputError], version: dict[str, Any]
) -> dict[str, Any]:
    if need(row, "input_sha256", str, fail) != sha256_text(version["text"]):
        raise fail("input_sha256 does not match the version's text")
    for key in ("kind", "accord_version"):
        if len(need(row, key, str, fail)) > 40:
            raise fail(f"{key}: longer than 40 characters")
    return {
        "version": row["version"],
        "kind": row["kind"],
        "spec": check_json(row.get("spec"), "spec"),
        "seed": check_seed(row.get("seed")),
        "input_sha256": row["input_sha256"],
        "accord_version": row["accord_version"],
        "result": check_json(row.get("result"), "result"),
        "created_at": need_time(row, "created_at", fail),
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
        "created_at": need_time(row, "created_at", fail),
        "updated_at": need_time(row, "updated_at", fail),
    }


def _read_evidence(r: Reader, member: str) -> list[dict[str, Any]]:
    rows = r.json(member)
    times = []
    dismissed = []
    for k, row in enumerate(rows):
        if not isinstance(row, dict):
            raise r.fail(member, f"[{k}] expected a mapping")
        times.append(need_time(row, "added_at", r.failer(member, f"[{k}] ")))
        flag = row.get("dismissed", False)  # archives written before dismissal existed have none
        if not isinstance(flag, bool):
            raise r.fail(member, f"[{k}] dismissed: expected true or false")
        dismissed.append(flag)
    meta = ("added_at", "dismissed")
    try:
        statements = check_statements([{k: v for k, v in row.items() if k not in meta} for row in rows])
    except InputError as err:
        raise InputError.single(f"{r.name}:{member}", str(err)) from None
    return [
        st | {"added_at": at, "dismissed": d} for st, at, d in zip(statements, times, dismissed, strict=True)
    ]
