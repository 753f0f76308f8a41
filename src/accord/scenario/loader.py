"""Read, validate and write scenario files (YAML; JSON accepted too).

Validation collects every problem before it gives up, so a broken file is fixed in one pass; each problem
carries the file, line, column and field path (``scenario.yaml:142:7 stances[russia][I1].salience: 140 is
above 100``). YAML is parsed with a safe loader. Writes are atomic (a temporary file renamed into place).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ._yaml import Mark, MarkedDict, MarkedList, load_marked
from .errors import Problem, ScenarioError
from .model import (
    TRACK_TARGETS,
    Actor,
    Issue,
    IssueGroup,
    Option,
    RedLine,
    Scenario,
    Source,
    Stance,
    Track,
    TrackEffect,
    TrackEvent,
)

__all__ = ["load_scenario", "parse_scenario", "save_scenario", "scenario_to_dict", "dumps_scenario"]

FORMAT = "accord-scenario/1"
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_TOP = {
    "format",
    "title",
    "as_of",
    "description",
    "metadata",
    "sources",
    "actors",
    "issues",
    "stances",
    "tracks",
}
_SOURCE = {"id", "publication", "date", "url", "quote", "note"}
_ACTOR = {"id", "name", "capability", "group", "aliases", "notes", "patience", "deadline", "batna"}
_ISSUE = {"id", "name", "description", "scale", "anchors", "options", "status_quo", "parts", "separable"}
_PART = {"id", "name", "description", "status_quo", "separable"}
_TRACK = {
    "id",
    "name",
    "description",
    "initial",
    "drift",
    "noise",
    "min",
    "max",
    "effects",
    "events",
    "freeze",
    "sources",
}
_EFFECT = {"target", "actor", "issue", "per_unit"}
_EVENT = {"round", "change", "note"}
_FREEZE = {"issue", "min", "max"}
_OPTION = {"id", "label", "value"}
_STANCE = {"position", "salience", "red_line", "utilities", "confidence", "sources", "stated", "note"}
_RED_LINE = {"worst", "min", "max", "acceptable", "note"}
_CONFIDENCE = ("high", "medium", "low")


class _Checker:
    """Collects problems with their positions while the raw data is walked once."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, mark: Mark, path: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.file, mark[0], mark[1], path, message, severity))  # type: ignore[arg-type]

    # -- typed field access ----------------------------------------------------------------------------
    def mapping(self, value: Any, mark: Mark, path: str, allowed: set[str] | None) -> MarkedDict | None:
        if not isinstance(value, dict):
            self.add(mark, path, f"expected a mapping, got {_kind(value)}")
            return None
        if not isinstance(value, MarkedDict):  # e.g. JSON fallback: no positions
            value = _as_marked(value)
        for key, kmark in value.duplicates:
            self.add(kmark, _join(path, key), "duplicate key")
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    hint = _suggest(str(key), allowed)
                    self.add(
                        value.key_marks.get(key, value.mark),
                        _join(path, key),
                        f"unknown key{hint}; allowed: {', '.join(sorted(allowed))}",
                    )
        return value

    def sequence(self, value: Any, mark: Mark, path: str) -> MarkedList | None:
        if not isinstance(value, list):
            self.add(mark, path, f"expected a list, got {_kind(value)}")
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
            self.add(m, p, f"expected text, got {_kind(v)}")
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
            self.add(m, p, f"expected true or false, got {_kind(v)}")
            return False
        return v

    def ident(self, d: MarkedDict, key: str, path: str) -> str | None:
        v, m, p = self.field(d, key, path, required=True)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, str | int):
            self.add(m, p, f"expected an id, got {_kind(v)}")
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
            self.add(m, p, f"expected a finite number, got {_kind(v)} {v!r}")
            return None
        x = float(v)
        if lo is not None and (x < lo or (lo_open and x == lo)):
            self.add(m, p, f"{_fmt(x)} is {'not above' if lo_open else 'below'} {_fmt(lo)}")
            return None
        if hi is not None and x > hi:
            self.add(m, p, f"{_fmt(x)} is above {_fmt(hi)}")
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
            self.add(m, p, f"expected a list of text, got {_kind(v)}")
            return []
        out = []
        for k, (item, im) in enumerate(zip(v, marks, strict=True)):
            if isinstance(item, bool) or not isinstance(item, str | int):
                self.add(im, f"{p}[{k}]", f"expected text, got {_kind(item)}")
            else:
                out.append((str(item), im, f"{p}[{k}]"))
        return out


def _kind(v: Any) -> str:
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


def _fmt(x: float) -> str:
    return f"{x:g}"


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _suggest(key: str, allowed: set[str]) -> str:
    import difflib

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


def _items(c: _Checker, d: MarkedDict | None, key: str, path: str) -> list[tuple[MarkedDict, str]]:
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


# -- the parts of a scenario --------------------------------------------------------------------------------
def _parse_sources(c: _Checker, top: MarkedDict) -> list[Source]:
    out: list[Source] = []
    seen: set[str] = set()
    for d, p in _items(c, top, "sources", ""):
        c.mapping(d, d.mark, p, _SOURCE)
        sid = c.ident(d, "id", p)
        pub = c.string(d, "publication", p, required=True)
        if sid is not None and sid in seen:
            c.add(d.value_marks.get("id", d.mark), f"{p}.id", f"duplicate source id {sid!r}")
            sid = None
        if sid is None:
            continue
        seen.add(sid)
        out.append(
            Source(
                sid,
                pub or "",
                c.string(d, "date", p),
                c.string(d, "url", p),
                c.string(d, "quote", p),
                c.string(d, "note", p),
            )
        )
    return out


def _parse_actors(c: _Checker, top: MarkedDict) -> list[Actor]:
    out: list[Actor] = []
    seen: set[str] = set()
    items = _items(c, top, "actors", "")
    if "actors" in top and not items:
        c.add(top.value_marks.get("actors", top.mark), "actors", "needs at least one actor")
    elif "actors" not in top:
        c.add(top.mark, "actors", "is required")
    for d, p in items:
        c.mapping(d, d.mark, p, _ACTOR)
        aid = c.ident(d, "id", p)
        if aid is not None and aid in seen:
            c.add(d.value_marks.get("id", d.mark), f"{p}.id", f"duplicate actor id {aid!r}")
            aid = None
        name = c.string(d, "name", p) or (aid or "")
        cap = c.number(d, "capability", p, required=True, lo=0.0)
        patience = c.number(d, "patience", p, lo=0.0, hi=1.0, lo_open=True)
        deadline = c.number(d, "deadline", p, lo=1.0)
        if deadline is not None and deadline != int(deadline):
            c.add(d.value_marks.get("deadline", d.mark), f"{p}.deadline", "must be a whole number of rounds")
        batna_raw, bm, bp = c.field(d, "batna", p)
        batna = None if batna_raw is None else c.check_number(batna_raw, bm, bp, 0.0, 1.0)
        aliases = tuple(s for s, _, _ in c.strings(d, "aliases", p))
        if aid is None:
            continue
        seen.add(aid)
        # A bad capability is reported above; the actor is still registered so that its stances are checked
        # rather than reported as stances of an unknown actor.
        out.append(
            Actor(
                aid,
                name,
                cap if cap is not None else 0.0,
                c.string(d, "group", p),
                aliases,
                c.string(d, "notes", p) or "",
                patience,
                None if deadline is None else int(deadline),
                batna,
            )
        )
    return out


def _parse_options(
    c: _Checker, d: MarkedDict, p: str, lo: float, hi: float
) -> tuple[tuple[Option, ...], bool]:
    has_anchor, has_option = "anchors" in d, "options" in d
    if has_anchor and has_option:
        c.add(
            d.key_marks.get("options", d.mark),
            f"{p}.options",
            "give either anchors (a numeric scale) or options (discrete), not both",
        )
    key = "options" if has_option else "anchors"
    opts: list[Option] = []
    ids: set[str] = set()
    for od, op in _items(c, d, key, p):
        c.mapping(od, od.mark, op, _OPTION)
        value = c.number(od, "value", op, required=True, lo=lo, hi=hi)
        label = c.string(od, "label", op, required=key == "options")
        oid = (
            c.ident(od, "id", op)
            if "id" in od or key == "options"
            else (None if value is None else f"{value:g}")
        )
        if oid is not None and oid in ids:
            c.add(od.value_marks.get("id", od.mark), f"{op}.id", f"duplicate option id {oid!r}")
            continue
        if value is None or oid is None:
            continue
        if opts and value <= opts[-1].value:
            c.add(
                od.value_marks.get("value", od.mark),
                f"{op}.value",
                f"options must be in increasing order of value "
                f"({_fmt(value)} follows {_fmt(opts[-1].value)})",
            )
        ids.add(oid)
        opts.append(Option(oid, label or oid, value))
    if has_option and not opts and "options" in d and isinstance(d["options"], list):
        c.add(
            d.value_marks.get("options", d.mark), f"{p}.options", "a discrete issue needs at least one option"
        )
    return tuple(opts), has_option


def _value_on(c: _Checker, raw: Any, mark: Mark, path: str, issue: Issue) -> float | None:
    """A position or status quo: a number on the scale or an option id."""
    if isinstance(raw, str):
        try:
            return issue.option(raw).value
        except KeyError:
            known = ", ".join(o.id for o in issue.options) or "none"
            c.add(mark, path, f"{raw!r} is not an option of issue {issue.id} (options: {known})")
            return None
    x = c.check_number(raw, mark, path)
    if x is None:
        return None
    if not issue.lo <= x <= issue.hi:
        c.add(
            mark, path, f"{_fmt(x)} is off the scale of issue {issue.id} [{_fmt(issue.lo)}, {_fmt(issue.hi)}]"
        )
        return None
    if issue.discrete and not any(abs(o.value - x) < 1e-9 for o in issue.options):
        c.add(mark, path, f"{_fmt(x)} is not one of the options of discrete issue {issue.id}")
        return None
    return x


def _parse_issues(c: _Checker, top: MarkedDict) -> tuple[list[Issue], list[IssueGroup]]:
    issues: list[Issue] = []
    groups: list[IssueGroup] = []
    seen: set[str] = set()
    if "issues" not in top:
        c.add(top.mark, "issues", "is required")
    for d, p in _items(c, top, "issues", ""):
        c.mapping(d, d.mark, p, _ISSUE)
        iid = c.ident(d, "id", p)
        if iid is not None and iid in seen:
            c.add(d.value_marks.get("id", d.mark), f"{p}.id", f"duplicate issue id {iid!r}")
            iid = None
        name = c.string(d, "name", p) or (iid or "")
        desc = c.string(d, "description", p) or ""
        lo, hi = 0.0, 100.0
        if "scale" in d:
            sd = c.mapping(d["scale"], d.value_marks.get("scale", d.mark), f"{p}.scale", {"min", "max"})
            if sd is not None:
                lo = c.number(sd, "min", f"{p}.scale", required=True) or 0.0
                hi_v = c.number(sd, "max", f"{p}.scale", required=True)
                hi = 100.0 if hi_v is None else hi_v
                if hi <= lo:
                    c.add(sd.mark, f"{p}.scale", f"max ({_fmt(hi)}) must be above min ({_fmt(lo)})")
                    lo, hi = min(lo, hi), max(lo, hi) + 1.0
        options, discrete = _parse_options(c, d, p, lo, hi)
        if discrete and options and "scale" not in d:
            lo, hi = min(0.0, options[0].value), max(100.0, options[-1].value)
        if iid is None:
            continue
        seen.add(iid)
        base = Issue(iid, name, lo, hi, options, discrete, desc, separable=c.flag(d, "separable", p))
        parts = _items(c, d, "parts", p)
        if parts:
            groups.append(IssueGroup(iid, name, desc))
        # (mapping holding the status quo, its path, issue): a part inherits the group's status quo and
        # separability unless it states its own.
        owners = [(d, p, base)] if not parts else []
        for pd, pp in parts:
            c.mapping(pd, pd.mark, pp, _PART)
            pid = c.ident(pd, "id", pp)
            if pid is not None and pid in seen:
                c.add(pd.value_marks.get("id", pd.mark), f"{pp}.id", f"duplicate issue id {pid!r}")
                pid = None
            if pid is None:
                continue
            seen.add(pid)
            part = replace(
                base,
                id=pid,
                name=c.string(pd, "name", pp) or pid,
                parent=iid,
                description=c.string(pd, "description", pp) or desc,
                separable=c.flag(pd, "separable", pp) if "separable" in pd else base.separable,
            )
            owners.append((pd, pp, part) if "status_quo" in pd else (d, p, part))
        for od, op, issue in owners:
            sq = None
            if "status_quo" in od:
                sq = _value_on(
                    c, od["status_quo"], od.value_marks.get("status_quo", od.mark), f"{op}.status_quo", issue
                )
            issues.append(replace(issue, status_quo=sq))
    return issues, groups


def _parse_red_line(
    c: _Checker, raw: Any, mark: Mark, p: str, issue: Issue, position: float | None
) -> RedLine | None:
    d = c.mapping(raw, mark, p, _RED_LINE)
    if d is None:
        return None
    lo, hi = issue.lo, issue.hi
    if "worst" in d:
        w = _value_on(c, d["worst"], d.value_marks.get("worst", d.mark), f"{p}.worst", issue)
        if w is None:
            return None
        if "min" in d or "max" in d:
            c.add(d.key_marks.get("worst", d.mark), f"{p}.worst", "give either worst or min/max, not both")
        if position is not None:
            # "worst acceptable value": everything from the actor's own side of the scale up to it.
            # When worst equals the position, the actor's own side is the nearer end of the scale.
            own_low = w > position or (w == position and position - issue.lo < issue.hi - position)
            own_high = w < position or (w == position and issue.hi - position < position - issue.lo)
            lo, hi = (issue.lo, w) if own_low else (w, issue.hi) if own_high else (w, w)
    for key in ("min", "max"):
        if key in d:
            v = _value_on(c, d[key], d.value_marks.get(key, d.mark), f"{p}.{key}", issue)
            if v is not None:
                lo, hi = (v, hi) if key == "min" else (lo, v)
    if lo > hi:
        c.add(d.mark, p, f"min ({_fmt(lo)}) is above max ({_fmt(hi)})")
        return None
    options = None
    if "acceptable" in d:
        ids = c.strings(d, "acceptable", p)
        options = set()
        for oid, om, op in ids:
            try:
                issue.option(oid)
                options.add(oid)
            except KeyError:
                c.add(om, op, f"{oid!r} is not an option of issue {issue.id}")
        if not ids:
            c.add(d.value_marks.get("acceptable", d.mark), f"{p}.acceptable", "needs at least one option")
    if not ({"worst", "min", "max", "acceptable"} & set(d)):
        c.add(d.mark, p, "a red line needs worst, min, max or acceptable")
        return None
    rl = RedLine(lo, hi, None if options is None else frozenset(options), c.string(d, "note", p))
    if (
        position is not None
        and not rl.accepts(position, issue)
        and not (rl.options is not None and not issue.discrete and _within_options(rl, issue, position))
    ):
        c.add(d.mark, p, f"the red line excludes the actor's own position ({_fmt(position)})")
    return rl


def _within_options(rl: RedLine, issue: Issue, position: float) -> bool:
    """On a scale issue, a position between acceptable anchors counts as inside an option red line."""
    vals = [issue.option(o).value for o in rl.options or ()]
    return bool(vals) and min(vals) - 1e-9 <= position <= max(vals) + 1e-9


def _parse_stances(
    c: _Checker,
    top: MarkedDict,
    actors: list[Actor],
    issues: list[Issue],
    groups: list[IssueGroup],
    source_ids: set[str],
) -> list[Stance]:
    if "stances" not in top:
        return []
    table = c.mapping(top["stances"], top.value_marks.get("stances", top.mark), "stances", None)
    if table is None:
        return []
    actor_ids = {a.id for a in actors}
    by_id = {i.id: i for i in issues}
    parts_of = {g.id: [i for i in issues if i.parent == g.id] for g in groups}
    out: dict[tuple[str, str], Stance] = {}
    for aid, row in table.items():
        ap = f"stances[{aid}]"
        amark = table.key_marks.get(aid, table.mark)
        if aid not in actor_ids:
            c.add(amark, ap, f"unknown actor {aid!r}{_suggest(str(aid), actor_ids)}")
            continue
        row = c.mapping(row, table.value_marks.get(aid, amark), ap, None)
        if row is None:
            continue
        # Group entries first, so a part's own entry overrides what it inherits from its group.
        keys = sorted(row, key=lambda k: k not in parts_of)
        for iid in keys:
            sp = f"{ap}[{iid}]"
            imark = row.key_marks.get(iid, row.mark)
            if iid in parts_of:
                targets = parts_of[iid]
            elif iid in by_id:
                targets = [by_id[iid]]
            else:
                c.add(imark, sp, f"unknown issue {iid!r}{_suggest(str(iid), set(by_id) | set(parts_of))}")
                continue
            d = c.mapping(row[iid], row.value_marks.get(iid, imark), sp, _STANCE)
            if d is None:
                continue
            for issue in targets:
                st = _parse_stance(c, d, sp, aid, issue, source_ids)
                if st is not None:
                    out[(aid, issue.id)] = st
    order = {a.id: k for k, a in enumerate(actors)}
    iorder = {i.id: k for k, i in enumerate(issues)}
    return sorted(out.values(), key=lambda s: (order[s.actor], iorder[s.issue]))


def _parse_stance(
    c: _Checker, d: MarkedDict, sp: str, aid: str, issue: Issue, source_ids: set[str]
) -> Stance | None:
    pos_raw, pm, pp = c.field(d, "position", sp, required=True)
    position = None if pos_raw is None else _value_on(c, pos_raw, pm, pp, issue)
    salience = c.number(d, "salience", sp, required=True, lo=0.0, hi=100.0)
    red_line = None
    if "red_line" in d and d["red_line"] is not None:
        red_line = _parse_red_line(
            c, d["red_line"], d.value_marks.get("red_line", d.mark), f"{sp}.red_line", issue, position
        )
    utilities: list[tuple[str, float]] = []
    if "utilities" in d:
        ud = c.mapping(d["utilities"], d.value_marks.get("utilities", d.mark), f"{sp}.utilities", None)
        for oid in ud or {}:
            up = f"{sp}.utilities.{oid}"
            assert ud is not None
            try:
                issue.option(str(oid))
            except KeyError:
                c.add(ud.key_marks.get(oid, ud.mark), up, f"{oid!r} is not an option of issue {issue.id}")
                continue
            u = c.check_number(ud[oid], ud.value_marks.get(oid, ud.mark), up)
            if u is not None:
                utilities.append((str(oid), u))
    conf = c.string(d, "confidence", sp) or "medium"
    if conf not in _CONFIDENCE:
        c.add(
            d.value_marks.get("confidence", d.mark),
            f"{sp}.confidence",
            f"{conf!r} is not one of {', '.join(_CONFIDENCE)}",
        )
        conf = "medium"
    sources = c.strings(d, "sources", sp)
    for sid, sm, spath in sources:
        if sid not in source_ids:
            c.add(sm, spath, f"unknown source {sid!r}{_suggest(sid, source_ids)}")
    if not sources:
        c.add(d.mark, f"{sp}.sources", "no source cited: a position without a source is a guess", "warning")
    if position is None or salience is None:
        return None
    return Stance(
        aid,
        issue.id,
        position,
        salience,
        red_line,
        tuple(utilities),
        conf,  # type: ignore[arg-type]
        tuple(s for s, _, _ in sources),
        c.string(d, "stated", sp),
        c.string(d, "note", sp),
    )


def parse_scenario(data: Any, file: str = "<scenario>") -> Scenario:
    """Validate parsed scenario data (dicts and lists) and build a :class:`Scenario`.

    Parameters
    ----------
    data : mapping
        As read from YAML or JSON; positions are reported when it came from :func:`load_marked`.
    file : str
        Name used in problem reports.

    Raises
    ------
    ScenarioError
        With every problem found. Warnings (a stance without a source) do not raise; use
        :func:`load_scenario` with ``warnings=`` to see them.
    """
    scenario, problems = _parse(data, file)
    if scenario is None or any(p.severity == "error" for p in problems):
        raise ScenarioError(problems)
    return scenario


def _parse(data: Any, file: str) -> tuple[Scenario | None, list[Problem]]:
    c = _Checker(file)
    top = c.mapping(data, (1, 1), "", _TOP)
    if top is None:
        return None, c.problems
    fmt = c.string(top, "format", "")
    if fmt is not None and fmt != FORMAT:
        c.add(
            top.value_marks.get("format", top.mark),
            "format",
            f"unsupported format {fmt!r}; expected {FORMAT!r}",
        )
    sources = _parse_sources(c, top)
    actors = _parse_actors(c, top)
    issues, groups = _parse_issues(c, top)
    clash = {a.id for a in actors} & ({i.id for i in issues} | {g.id for g in groups})
    for x in sorted(clash):
        c.add(top.mark, "", f"id {x!r} is used by both an actor and an issue")
    stances = _parse_stances(c, top, actors, issues, groups, {s.id for s in sources})
    tracks = _parse_tracks(c, top, actors, issues, {s.id for s in sources})
    meta_raw = top.get("metadata", {})
    if not isinstance(meta_raw, dict):
        c.add(top.value_marks.get("metadata", top.mark), "metadata", "expected a mapping")
        meta_raw = {}
    scenario = Scenario(
        actors=tuple(actors),
        issues=tuple(issues),
        stances=tuple(stances),
        sources=tuple(sources),
        groups=tuple(groups),
        title=c.string(top, "title", "") or "",
        as_of=c.string(top, "as_of", ""),
        description=c.string(top, "description", "") or "",
        metadata=_plain(meta_raw),
        tracks=tuple(tracks),
    )
    return scenario, c.problems


def _parse_tracks(
    c: _Checker, top: MarkedDict, actors: list[Actor], issues: list[Issue], source_ids: set[str]
) -> list[Track]:
    actor_ids = {a.id for a in actors}
    by_id = {i.id: i for i in issues}
    out: list[Track] = []
    seen: set[str] = set()
    for d, p in _items(c, top, "tracks", ""):
        c.mapping(d, d.mark, p, _TRACK)
        tid = c.ident(d, "id", p)
        if tid is not None and tid in seen:
            c.add(d.value_marks.get("id", d.mark), f"{p}.id", f"duplicate track id {tid!r}")
            tid = None
        initial = c.number(d, "initial", p, required=True)
        lo = c.number(d, "min", p)
        hi = c.number(d, "max", p)
        lo = -np.inf if lo is None else lo
        hi = np.inf if hi is None else hi
        if initial is not None and not lo <= initial <= hi:
            c.add(
                d.value_marks.get("initial", d.mark),
                f"{p}.initial",
                f"{_fmt(initial)} is outside [{_fmt(lo)}, {_fmt(hi)}]",
            )
        effects = []
        for ed, ep in _items(c, d, "effects", p):
            c.mapping(ed, ed.mark, ep, _EFFECT)
            target = c.string(ed, "target", ep, required=True)
            per_unit = c.number(ed, "per_unit", ep, required=True)
            actor = c.string(ed, "actor", ep)
            issue = c.string(ed, "issue", ep)
            if target is not None and target not in TRACK_TARGETS:
                c.add(
                    ed.value_marks.get("target", ed.mark),
                    f"{ep}.target",
                    f"{target!r} is not one of {', '.join(TRACK_TARGETS)}",
                )
                continue
            needs_actor = target in ("capability", "batna", "salience")
            needs_issue = target in ("status_quo", "salience")
            if needs_actor and actor is None:
                c.add(ed.mark, f"{ep}.actor", f"is required for target {target}")
            if actor is not None and actor not in actor_ids:
                c.add(ed.value_marks.get("actor", ed.mark), f"{ep}.actor", f"unknown actor {actor!r}")
            if needs_issue and issue is None:
                c.add(ed.mark, f"{ep}.issue", f"is required for target {target}")
            if issue is not None and issue not in by_id:
                c.add(ed.value_marks.get("issue", ed.mark), f"{ep}.issue", f"unknown issue {issue!r}")
            if target is not None and per_unit is not None:
                effects.append(TrackEffect(target, per_unit, actor, issue))
        events = []
        for vd, vp in _items(c, d, "events", p):
            c.mapping(vd, vd.mark, vp, _EVENT)
            rnd = c.number(vd, "round", vp, required=True, lo=1.0)
            change = c.number(vd, "change", vp, required=True)
            if rnd is not None and change is not None:
                events.append(TrackEvent(int(rnd), change, c.string(vd, "note", vp) or ""))
        freeze_issue, fmin, fmax = None, -np.inf, np.inf
        if "freeze" in d:
            fd = c.mapping(d["freeze"], d.value_marks.get("freeze", d.mark), f"{p}.freeze", _FREEZE)
            if fd is not None:
                freeze_issue = c.string(fd, "issue", f"{p}.freeze", required=True)
                if freeze_issue is not None and freeze_issue not in by_id:
                    c.add(
                        fd.value_marks.get("issue", fd.mark),
                        f"{p}.freeze.issue",
                        f"unknown issue {freeze_issue!r}",
                    )
                    freeze_issue = None
                elif freeze_issue is not None:
                    iss = by_id[freeze_issue]
                    for key in ("min", "max"):
                        if key in fd:
                            v = _value_on(
                                c, fd[key], fd.value_marks.get(key, fd.mark), f"{p}.freeze.{key}", iss
                            )
                            if v is not None:
                                fmin, fmax = (v, fmax) if key == "min" else (fmin, v)
        for sid, sm, spath in c.strings(d, "sources", p):
            if sid not in source_ids:
                c.add(sm, spath, f"unknown source {sid!r}")
        noise = c.number(d, "noise", p, lo=0.0)
        if tid is None or initial is None:
            continue
        seen.add(tid)
        out.append(
            Track(
                tid,
                c.string(d, "name", p) or tid,
                initial,
                c.number(d, "drift", p) or 0.0,
                noise or 0.0,
                lo,
                hi,
                tuple(effects),
                tuple(sorted(events, key=lambda e: e.round)),
                freeze_issue,
                fmin,
                fmax,
                c.string(d, "description", p) or "",
                tuple(x for x, _, _ in c.strings(d, "sources", p)),
            )
        )
    return out


def _plain(v: Any) -> Any:
    """Marked containers and dates back to plain JSON-able Python."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, _dt.date):
        return v.isoformat()
    return v


def read_scenario_data(path: str | os.PathLike[str]) -> tuple[Any, str]:
    """Read a scenario file's raw data (marked when possible) and the display name of the file."""
    p = Path(path)
    name = str(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError.single(name, "no such file") from None
    except IsADirectoryError:
        raise ScenarioError.single(name, "is a folder, not a scenario file") from None
    except UnicodeDecodeError as e:
        raise ScenarioError.single(name, f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise ScenarioError.single(name, f"cannot be read: {e.strerror}") from None
    try:
        return load_marked(text), name
    except yaml.YAMLError as e:
        if p.suffix.lower() == ".json":
            try:
                return json.loads(text), name
            except json.JSONDecodeError as je:
                raise ScenarioError.single(name, f"invalid JSON: {je.msg}", je.lineno, je.colno) from None
        mark = getattr(e, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        msg = getattr(e, "problem", None) or str(e)
        raise ScenarioError.single(name, f"invalid YAML: {msg}", line, col) from None


def load_scenario(path: str | os.PathLike[str], warnings: list[Problem] | None = None) -> Scenario:
    """Load and validate a scenario file.

    Parameters
    ----------
    path : path-like
        A ``.yaml``/``.yml`` or ``.json`` file.
    warnings : list, optional
        If given, receives the warnings (problems that do not stop loading, such as a stance without a
        source).

    Raises
    ------
    ScenarioError
        Listing every problem, each with file, line, column and field path.
    """
    data, name = read_scenario_data(path)
    scenario, problems = _parse(data, name)
    if scenario is None or any(p.severity == "error" for p in problems):
        raise ScenarioError(problems)
    if warnings is not None:
        warnings.extend(problems)
    return scenario


# -- writing ------------------------------------------------------------------------------------------------
def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", (), [], {})}


def _issue_dict(issue: Issue) -> dict[str, Any]:
    key = "options" if issue.discrete else "anchors"
    d: dict[str, Any] = {"id": issue.id, "name": issue.name, "description": issue.description}
    if (issue.lo, issue.hi) != (0.0, 100.0) or not issue.discrete:
        d["scale"] = {"min": _num(issue.lo), "max": _num(issue.hi)}
    d[key] = [{"id": o.id, "label": o.label, "value": _num(o.value)} for o in issue.options]
    if issue.status_quo is not None:
        d["status_quo"] = _num(issue.status_quo)
    if issue.separable:
        d["separable"] = True
    return _drop_none(d)


def _red_line_dict(rl: RedLine, issue: Issue) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if rl.lo > issue.lo:
        d["min"] = _num(rl.lo)
    if rl.hi < issue.hi:
        d["max"] = _num(rl.hi)
    if rl.options is not None:
        d["acceptable"] = [o.id for o in issue.options if o.id in rl.options]
    if not d:  # the whole scale: keep the red line, stated as its full interval
        d["min"] = _num(rl.lo)
    d["note"] = rl.note
    return _drop_none(d)


def _track_dict(t: Track) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": t.id,
        "name": t.name,
        "description": t.description,
        "initial": _num(t.initial),
        "drift": _num(t.drift),
        "noise": _num(t.noise),
    }
    if np.isfinite(t.lo):
        d["min"] = _num(t.lo)
    if np.isfinite(t.hi):
        d["max"] = _num(t.hi)
    d["effects"] = [
        _drop_none({"target": e.target, "actor": e.actor, "issue": e.issue, "per_unit": _num(e.per_unit)})
        for e in t.effects
    ]
    d["events"] = [_drop_none({"round": e.round, "change": _num(e.change), "note": e.note}) for e in t.events]
    if t.freeze_issue is not None:
        fz: dict[str, Any] = {"issue": t.freeze_issue}
        if np.isfinite(t.freeze_min):
            fz["min"] = _num(t.freeze_min)
        if np.isfinite(t.freeze_max):
            fz["max"] = _num(t.freeze_max)
        d["freeze"] = fz
    d["sources"] = list(t.sources)
    return _drop_none(d)


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data in the file format (what :func:`save_scenario` writes)."""
    issues: list[dict[str, Any]] = []
    group_entries: dict[str, dict[str, Any]] = {}
    groups = {g.id: g for g in scenario.groups}
    for issue in scenario.issues:
        if issue.parent is None:
            issues.append(_issue_dict(issue))
            continue
        entry = group_entries.get(issue.parent)
        if entry is None:
            g = groups[issue.parent]
            entry = _issue_dict(issue)
            entry.pop("status_quo", None)
            entry.update(id=g.id, name=g.name, description=g.description, parts=[])
            entry = _drop_none(entry) | {"parts": []}
            group_entries[issue.parent] = entry
            issues.append(entry)
        part: dict[str, Any] = {"id": issue.id, "name": issue.name}
        if issue.description != entry.get("description", ""):
            part["description"] = issue.description
        if issue.status_quo is not None:
            part["status_quo"] = _num(issue.status_quo)
        if issue.separable != entry.get("separable", False):
            part["separable"] = issue.separable
        entry["parts"].append(part)
    stances: dict[str, dict[str, Any]] = {}
    for s in scenario.stances:
        issue = scenario.issue(s.issue)
        d: dict[str, Any] = {"position": _num(s.position), "salience": _num(s.salience)}
        if s.red_line is not None:
            d["red_line"] = _red_line_dict(s.red_line, issue)
        if s.utilities:
            d["utilities"] = {o: _num(u) for o, u in s.utilities}
        d.update(confidence=s.confidence, sources=list(s.sources), stated=s.stated, note=s.note)
        stances.setdefault(s.actor, {})[s.issue] = _drop_none(d)
    out: dict[str, Any] = {
        "format": FORMAT,
        "title": scenario.title,
        "as_of": scenario.as_of,
        "description": scenario.description,
        "metadata": scenario.metadata,
        "sources": [_drop_none(vars(s).copy()) for s in scenario.sources],
        "actors": [
            _drop_none(
                {
                    "id": a.id,
                    "name": a.name,
                    "capability": _num(a.capability),
                    "group": a.group,
                    "aliases": list(a.aliases),
                    "notes": a.notes,
                    "patience": a.patience,
                    "deadline": a.deadline,
                    "batna": a.batna,
                }
            )
            for a in scenario.actors
        ],
        "issues": issues,
        "stances": stances,
        "tracks": [_track_dict(t) for t in scenario.tracks],
    }
    return _drop_none(out) | {"actors": out["actors"], "issues": issues}


def dumps_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """The scenario as YAML or JSON text."""
    data = scenario_to_dict(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write a scenario atomically (JSON if the name ends in ``.json``, else YAML)."""
    p = Path(path)
    text = dumps_scenario(scenario, "json" if p.suffix.lower() == ".json" else "yaml")
    atomic_write(p, text)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
