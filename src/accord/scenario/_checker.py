"""Walking raw scenario data once while collecting every problem with its position."""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from typing import Any

from ._yaml import Mark, MarkedDict, MarkedList
from .errors import Problem

__all__ = ["Checker", "items", "fmt", "kind", "suggest"]

_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


class Checker:
    """Collects problems with their positions while the raw data is walked once."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self._seen: set[Problem] = set()

    def add(self, mark: Mark, path: str, message: str, severity: str = "error") -> None:
        problem = Problem(self.file, mark[0], mark[1], path, message, severity)  # type: ignore[arg-type]
        # A stance on a group of issues is checked once per part: report each problem in it once.
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)

    # -- typed field access ----------------------------------------------------------------------------
    def mapping(self, value: Any, mark: Mark, path: str, allowed: set[str] | None) -> MarkedDict | None:
        if not isinstance(value, dict):
            self.add(mark, path, f"expected a mapping, got {kind(value)}")
            return None
        if not isinstance(value, MarkedDict):  # e.g. JSON fallback: no positions
            value = _as_marked(value)
        for key, kmark in value.duplicates:
            self.add(kmark, _join(path, key), "duplicate key")
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    hint = suggest(str(key), allowed)
                    self.add(
                        value.key_marks.get(key, value.mark),
                        _join(path, key),
                        f"unknown key{hint}; allowed: {', '.join(sorted(allowed))}",
                    )
        return value

    def sequence(self, value: Any, mark: Mark, path: str) -> MarkedList | None:
        if not isinstance(value, list):
            self.add(mark, path, f"expected a list, got {kind(value)}")
            return None
        if not isinstance(value, MarkedList):
            value = _as_marked(value)
        return value

    def field(self, d: MarkedDict, key: str, path: str, required: bool = False) -> tuple[Any, Mark, str]:
        p = _join(path, key)
        if key not in d or d[key] is None:
            if required:
                self.add(d.mark, p, "is required")
            return None, d.mark, p
        return d[key], d.value_marks.get(key, d.mark), p

    def string(self, d: MarkedDict, key: str, path: str, required: bool = False) -> str | None:
        v, m, p = self.field(d, key, path, required)
        if v is None:
            return None
        if isinstance(v, _dt.date):
            return v.isoformat()
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            self.add(m, p, f"expected text, got {kind(v)}")
            return None
        if not str(v).strip():  # empty text is the same as no text
            if required:
                self.add(m, p, "must not be empty")
            return None
        return str(v)

    def flag(self, d: MarkedDict, key: str, path: str) -> bool:
        v, m, p = self.field(d, key, path)
        if v is None:
            return False
        if not isinstance(v, bool):
            self.add(m, p, f"expected true or false, got {kind(v)}")
            return False
        return v

    def unique_ident(self, d: MarkedDict, path: str, seen: set[str], what: str) -> str | None:
        """The mapping's ``id``, checked, reported if ``seen`` has it already, then added to ``seen``."""
        ident = self.ident(d, "id", path)
        if ident is not None and ident in seen:
            self.add(d.value_marks.get("id", d.mark), f"{path}.id", f"duplicate {what} id {ident!r}")
            return None
        if ident is not None:
            seen.add(ident)
        return ident

    def ident(self, d: MarkedDict, key: str, path: str) -> str | None:
        v, m, p = self.field(d, key, path, required=True)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, str | int):
            self.add(m, p, f"expected an id, got {kind(v)}")
            return None
        s = str(v)
        if not _ID.match(s):
            self.add(m, p, f"{s!r} is not a valid id (letters, digits, _ . -)")
            return None
        return s

    def number(
        self,
        d: MarkedDict,
        key: str,
        path: str,
        required: bool = False,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
    ) -> float | None:
        v, m, p = self.field(d, key, path, required)
        if v is None:
            return None
        return self.check_number(v, m, p, lo, hi, lo_open)

    def check_number(
        self, v: Any, m: Mark, p: str, lo: float | None = None, hi: float | None = None, lo_open: bool = False
    ) -> float | None:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            self.add(m, p, f"expected a finite number, got {kind(v)} {v!r}")
            return None
        x = float(v)
        if lo is not None and (x < lo or (lo_open and x == lo)):
            self.add(m, p, f"{fmt(x)} is {'not above' if lo_open else 'below'} {fmt(lo)}")
            return None
        if hi is not None and x > hi:
            self.add(m, p, f"{fmt(x)} is above {fmt(hi)}")
            return None
        return x

    def strings(self, d: MarkedDict, key: str, path: str) -> list[tuple[str, Mark, str]]:
        v, m, p = self.field(d, key, path)
        if v is None:
            return []
        if isinstance(v, str):
            v, marks = [v], [m]
        elif isinstance(v, list):
            marks = v.marks if isinstance(v, MarkedList) else [m] * len(v)
        else:
            self.add(m, p, f"expected a list of text, got {kind(v)}")
            return []
        out = []
        for k, (item, im) in enumerate(zip(v, marks, strict=True)):
            if isinstance(item, bool) or not isinstance(item, str | int):
                self.add(im, f"{p}[{k}]", f"expected text, got {kind(item)}")
            else:
                out.append((str(item), im, f"{p}[{k}]"))
        return out


def kind(v: Any) -> str:
    if v is None:
        return "nothing"
    for t, name in (
        (bool, "true/false"),
        (dict, "a mapping"),
        (list, "a list"),
        (str, "text"),
        ((int, float), "a number"),
    ):
        if isinstance(v, t):
            return name
    return type(v).__name__


def fmt(x: float) -> str:
    return f"{x:g}"


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def suggest(key: str, allowed: set[str]) -> str:
    close = [a for a in sorted(allowed) if len(key) >= 3 and a.startswith(key)]
    close = close or difflib.get_close_matches(key, sorted(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _as_marked(value: Any) -> Any:
    """Wrap plain dicts/lists (from JSON or Python) so the checker can treat them alike; positions 0."""
    if isinstance(value, dict) and not isinstance(value, MarkedDict):
        out = MarkedDict()
        for k, v in value.items():
            out[k] = _as_marked(v)
        return out
    if isinstance(value, list) and not isinstance(value, MarkedList):
        lst = MarkedList()
        lst.extend(_as_marked(v) for v in value)
        lst.marks = [(0, 0)] * len(lst)
        return lst
    return value


def items(c: Checker, d: MarkedDict | None, key: str, path: str) -> list[tuple[MarkedDict, str]]:
    """The mapping items of a list field, each with its path."""
    if d is None:
        return []
    v, m, p = c.field(d, key, path)
    if v is None:
        return []
    seq = c.sequence(v, m, p)
    if seq is None:
        return []
    out = []
    for k, (item, im) in enumerate(zip(seq, seq.marks, strict=True)):
        got = c.mapping(item, im, f"{p}[{k}]", None)
        if got is not None:
            out.append((got, f"{p}[{k}]"))
    return out
