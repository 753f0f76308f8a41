"""Checks on what is about to be stored, before any transaction starts: nothing invalid is written.

Scenario texts go through the loader itself (the same limits, the same located problems as
``accord validate``); JSON payloads must be strict JSON; extracted statements must have the shape the
text-extraction feature writes.
"""

from __future__ import annotations

import hashlib
import json
import math
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "FORMATS",
    "check_name",
    "STATEMENT_KEYS",
    "check_json",
    "check_seed",
    "check_statements",
    "parse_text",
    "sha256_text",
]

#: The formats a scenario text may be stored in.
FORMATS = ("yaml", "json")

#: The keys of an extracted statement (the ``statements`` of ``accord extract --json``).
STATEMENT_KEYS = (
    "actor",
    "act",
    "cameo",
    "target",
    "issue",
    "option",
    "position_hint",
    "flags",
    "quote",
    "sentence",
    "start",
    "end",
    "date",
    "source",
    "confidence",
    "date_phrase",
)

_TEXT_KEYS = ("actor", "cameo", "target", "issue", "option", "date", "source", "date_phrase")
_INT64 = 2**63


def sha256_text(text: str) -> str:
    """sha256 of the text's UTF-8 bytes (hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_text(text: str, fmt: str, name: str = "scenario") -> Scenario:
    """Validate a scenario text through the loader and return the scenario.

    The text is written to a temporary file named after ``fmt`` and loaded by
    :func:`accord.scenario.load_scenario`, so it meets exactly the rules (and limits) of a file on disk;
    problems name ``name.<fmt>`` rather than the temporary file.

    Raises
    ------
    ScenarioError
        With every problem, located by line, column and field path.
    InputError
        For an unknown format, or a text that is not what ``fmt`` says.
    """
    if fmt not in FORMATS:
        raise InputError.single(
            "format", f"unknown scenario format {fmt!r}; expected one of {', '.join(FORMATS)}"
        )
    if not isinstance(text, str):
        raise InputError.single("text", f"a scenario text must be a string, not {type(text).__name__}")
    display = f"{name}.{fmt}"
    if fmt == "json":
        # YAML reads most JSON, but the reverse is not true: a text stored as JSON must be JSON.
        try:
            json.loads(text)
        except json.JSONDecodeError as err:
            raise ScenarioError.single(display, f"invalid JSON: {err.msg}", err.lineno, err.colno) from None
        except RecursionError:
            raise ScenarioError.single(display, "nested too deeply to read") from None
    with tempfile.TemporaryDirectory(prefix="accord-store-") as folder:
        path = Path(folder) / f"scenario.{fmt}"
        path.write_bytes(text.encode("utf-8"))
        try:
            return load_scenario(path)
        except ScenarioError as err:
            problems = [_rename(p, str(path), display) for p in err.problems + err.warnings]
            raise ScenarioError(problems) from None


def _rename(p: Problem, tmp: str, display: str) -> Problem:
    return replace(p, file=display) if p.file == tmp else p


def check_name(value: Any, what: str, required: bool = True) -> str:
    """A name, author or message: text without NUL characters (PostgreSQL refuses them), stripped."""
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise InputError.single(what, f"required: {what} as text" if required else "expected text")
    if "\x00" in value:
        raise InputError.single(what, "contains a NUL character")
    return value.strip()


def check_json(value: Any, what: str, kind: type = dict) -> Any:
    """``value`` if it is strict JSON data of type ``kind`` (no NaN, string keys); else InputError."""
    if not isinstance(value, kind):
        raise InputError.single(what, f"expected a JSON {kind.__name__}, got {type(value).__name__}")
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise InputError.single(what, f"is not storable as JSON: {err}") from None
    return value


def check_seed(seed: Any) -> int:
    """The seed as an int that fits the column (a signed 64-bit integer)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not -_INT64 <= seed < _INT64:
        raise InputError.single("seed", f"expected an integer within a signed 64-bit range, got {seed!r}")
    return seed


def check_statements(statements: Any) -> list[dict[str, Any]]:
    """Extracted statements, each completed with every key of :data:`STATEMENT_KEYS`.

    Raises
    ------
    InputError
        Listing every problem, located as ``statements[3].start``.
    """
    if not isinstance(statements, list):
        raise InputError.single("statements", "expected a list of statements")
    problems: list[Problem] = []
    out: list[dict[str, Any]] = []

    def bad(k: int, key: str, message: str) -> None:
        problems.append(Problem("statements", 0, 0, f"statements[{k}]{'.' + key if key else ''}", message))

    for k, st in enumerate(statements):
        if not isinstance(st, dict):
            bad(k, "", "expected a mapping")
            continue
        for key in sorted(set(st) - set(STATEMENT_KEYS)):
            bad(k, str(key), f"unknown key; expected some of {', '.join(STATEMENT_KEYS)}")
        row: dict[str, Any] = {key: st.get(key) for key in STATEMENT_KEYS}
        if not isinstance(row["act"], str) or not row["act"]:
            bad(k, "act", "required: the act's name (e.g. DEMAND)")
        for key in ("quote", "sentence"):
            if row[key] is None:
                row[key] = ""
            elif not isinstance(row[key], str):
                bad(k, key, "expected text")
        for key in _TEXT_KEYS:
            if row[key] is not None and not isinstance(row[key], str):
                bad(k, key, "expected text or null")
        for key in (*_TEXT_KEYS, "act", "quote", "sentence"):
            if isinstance(row[key], str) and "\x00" in row[key]:
                bad(k, key, "contains a NUL character (binary data?)")
        if isinstance(row["date"], str) and len(row["date"]) > 32:
            bad(k, "date", "expected a date (YYYY-MM-DD, or a date and time), at most 32 characters")
        for key in ("position_hint", "confidence"):
            v = row[key]
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                bad(k, key, f"expected a finite number or null, got {v!r}")
            else:
                row[key] = float(v)
        if row["confidence"] is not None and not 0.0 <= row["confidence"] <= 1.0:
            bad(k, "confidence", f"{row['confidence']:g} is not between 0 and 1")
        for key in ("start", "end"):
            v = row[key]
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < 2**31):
                bad(k, key, f"expected a character offset (an integer from 0), got {v!r}")
        if isinstance(row["start"], int) and isinstance(row["end"], int) and row["start"] > row["end"]:
            bad(k, "end", f"end ({row['end']}) is before start ({row['start']})")
        flags = [] if row["flags"] is None else row["flags"]
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            bad(k, "flags", "expected a list of flag names")
        row["flags"] = list(flags) if isinstance(flags, list) else []
        out.append(row)
    if problems:
        raise InputError(problems)
    return out
