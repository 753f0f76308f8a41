"""Read and validate scenario files (YAML; JSON accepted too).

Validation collects every problem before it gives up, so a broken file is fixed in one pass; each problem
carries the file, line, column and field path (``scenario.yaml:142:7 stances[russia][I1].salience: 140 is
above 100``). YAML is parsed with a safe loader. Writing is in :mod:`accord.scenario.writer`.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ._checker import Checker, fmt, items, suggest
from ._yaml import Mark, MarkedDict, load_marked
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
from .writer import FORMAT

__all__ = ["load_scenario", "parse_scenario", "read_scenario_data"]

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
_ACTOR = {
    "id",
    "name",
    "capability",
    "group",
    "aliases",
    "notes",
    "patience",
    "deadline",
    "batna",
    "strategy",
}
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


# -- the parts of a scenario --------------------------------------------------------------------------------
def _parse_sources(c: Checker, top: MarkedDict) -> list[Source]:
    out: list[Source] = []
    seen: set[str] = set()
    for d, p in items(c, top, "sources", ""):
        c.mapping(d, d.mark, p, _SOURCE)
        sid = c.unique_ident(d, p, seen, "source")
        pub = c.string(d, "publication", p, required=True)
        if sid is None:
            continue
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


def _parse_actors(c: Checker, top: MarkedDict) -> list[Actor]:
    out: list[Actor] = []
    seen: set[str] = set()
    entries = items(c, top, "actors", "")
    if "actors" in top and not entries:
        c.add(top.value_marks.get("actors", top.mark), "actors", "needs at least one actor")
    elif "actors" not in top:
        c.add(top.mark, "actors", "is required")
    for d, p in entries:
        c.mapping(d, d.mark, p, _ACTOR)
        aid = c.unique_ident(d, p, seen, "actor")
        name = c.string(d, "name", p) or (aid or "")
        cap = c.number(d, "capability", p, required=True, lo=0.0)
        patience = c.number(d, "patience", p, lo=0.0, hi=1.0, lo_open=True)
        deadline = c.number(d, "deadline", p, lo=1.0)
        if deadline is not None and deadline != int(deadline):
            c.add(d.value_marks.get("deadline", d.mark), f"{p}.deadline", "must be a whole number of rounds")
        batna_raw, bm, bp = c.field(d, "batna", p)
        batna = None if batna_raw is None else c.check_number(batna_raw, bm, bp, 0.0, 1.0)
        aliases = tuple(s for s, _, _ in c.strings(d, "aliases", p))
        strategy = _strategy(c, d, p)
        if aid is None:
            continue
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
                strategy,
            )
        )
    return out


def _strategy(c: Checker, d: MarkedDict, p: str) -> str | None:
    """An actor's declared default strategy, checked against the registered strategy names."""
    name = c.string(d, "strategy", p)
    if name is None:
        return None
    # Imported here: the registry reads package metadata, which only files that name a strategy need.
    from ..registry import STRATEGIES

    known = STRATEGIES.names()
    if name not in known:
        c.add(
            d.value_marks.get("strategy", d.mark),
            f"{p}.strategy",
            f"unknown strategy {name!r}{suggest(name, set(known))}; known: {', '.join(known)}",
        )
        return None
    return name


def _parse_options(
    c: Checker, d: MarkedDict, p: str, lo: float, hi: float
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
    for od, op in items(c, d, key, p):
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
                f"options must be in increasing order of value ({fmt(value)} follows {fmt(opts[-1].value)})",
            )
        ids.add(oid)
        opts.append(Option(oid, label or oid, value))
    if has_option and not opts and "options" in d and isinstance(d["options"], list):
        c.add(
            d.value_marks.get("options", d.mark), f"{p}.options", "a discrete issue needs at least one option"
        )
    return tuple(opts), has_option


def _value_on(c: Checker, raw: Any, mark: Mark, path: str, issue: Issue) -> float | None:
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
        c.add(mark, path, f"{fmt(x)} is off the scale of issue {issue.id} [{fmt(issue.lo)}, {fmt(issue.hi)}]")
        return None
    if issue.discrete and not any(abs(o.value - x) < 1e-9 for o in issue.options):
        c.add(mark, path, f"{fmt(x)} is not one of the options of discrete issue {issue.id}")
        return None
    return x


def _parse_issues(c: Checker, top: MarkedDict) -> tuple[list[Issue], list[IssueGroup]]:
    issues: list[Issue] = []
    groups: list[IssueGroup] = []
    seen: set[str] = set()
    if "issues" not in top:
        c.add(top.mark, "issues", "is required")
    for d, p in items(c, top, "issues", ""):
        c.mapping(d, d.mark, p, _ISSUE)
        iid = c.unique_ident(d, p, seen, "issue")
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
                    c.add(sd.mark, f"{p}.scale", f"max ({fmt(hi)}) must be above min ({fmt(lo)})")
                    lo, hi = min(lo, hi), max(lo, hi) + 1.0
        options, discrete = _parse_options(c, d, p, lo, hi)
        if discrete and options and "scale" not in d:
            lo, hi = min(0.0, options[0].value), max(100.0, options[-1].value)
        if iid is None:
            continue
        base = Issue(iid, name, lo, hi, options, discrete, desc, separable=c.flag(d, "separable", p))
        parts = items(c, d, "parts", p)
        if parts:
            groups.append(IssueGroup(iid, name, desc))
        # (mapping holding the status quo, its path, issue): a part inherits the group's status quo and
        # separability unless it states its own.
        owners = [(d, p, base)] if not parts else []
        for pd, pp in parts:
            c.mapping(pd, pd.mark, pp, _PART)
            pid = c.unique_ident(pd, pp, seen, "issue")
            if pid is None:
                continue
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
    c: Checker, raw: Any, mark: Mark, p: str, issue: Issue, position: float | None
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
        c.add(d.mark, p, f"min ({fmt(lo)}) is above max ({fmt(hi)})")
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
        c.add(d.mark, p, f"the red line excludes the actor's own position ({fmt(position)})")
    return rl


def _within_options(rl: RedLine, issue: Issue, position: float) -> bool:
    """On a scale issue, a position between acceptable anchors counts as inside an option red line."""
    vals = [issue.option(o).value for o in rl.options or ()]
    return bool(vals) and min(vals) - 1e-9 <= position <= max(vals) + 1e-9


def _parse_stances(
    c: Checker,
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
            c.add(amark, ap, f"unknown actor {aid!r}{suggest(str(aid), actor_ids)}")
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
                c.add(imark, sp, f"unknown issue {iid!r}{suggest(str(iid), set(by_id) | set(parts_of))}")
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
    c: Checker, d: MarkedDict, sp: str, aid: str, issue: Issue, source_ids: set[str]
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
            c.add(sm, spath, f"unknown source {sid!r}{suggest(sid, source_ids)}")
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
    c = Checker(file)
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
    c: Checker, top: MarkedDict, actors: list[Actor], issues: list[Issue], source_ids: set[str]
) -> list[Track]:
    actor_ids = {a.id for a in actors}
    by_id = {i.id: i for i in issues}
    out: list[Track] = []
    seen: set[str] = set()
    for d, p in items(c, top, "tracks", ""):
        c.mapping(d, d.mark, p, _TRACK)
        tid = c.unique_ident(d, p, seen, "track")
        initial = c.number(d, "initial", p, required=True)
        lo = c.number(d, "min", p)
        hi = c.number(d, "max", p)
        lo = -np.inf if lo is None else lo
        hi = np.inf if hi is None else hi
        if lo > hi:
            c.add(d.mark, p, f"min ({fmt(lo)}) is above max ({fmt(hi)})")
        elif initial is not None and not lo <= initial <= hi:
            c.add(
                d.value_marks.get("initial", d.mark),
                f"{p}.initial",
                f"{fmt(initial)} is outside [{fmt(lo)}, {fmt(hi)}]",
            )
        effects = []
        for ed, ep in items(c, d, "effects", p):
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
        for vd, vp in items(c, d, "events", p):
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
