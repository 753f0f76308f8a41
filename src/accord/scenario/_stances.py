"""Reading the stances (positions, saliences, red lines, utilities) of a scenario file."""

from __future__ import annotations

from typing import Any

from ._checker import Checker, fmt, suggest
from ._sections import value_on
from ._yaml import Mark, MarkedDict
from .model import Actor, Issue, IssueGroup, RedLine, Stance

__all__ = ["parse_stances"]

_STANCE = {"position", "salience", "red_line", "utilities", "confidence", "sources", "stated", "note"}
_RED_LINE = {"worst", "min", "max", "acceptable", "note"}
_CONFIDENCE = ("high", "medium", "low")


def _parse_red_line(
    c: Checker, raw: Any, mark: Mark, p: str, issue: Issue, position: float | None
) -> RedLine | None:
    d = c.mapping(raw, mark, p, _RED_LINE)
    if d is None:
        return None
    lo, hi = issue.lo, issue.hi
    if "worst" in d:
        w = value_on(c, d["worst"], d.value_marks.get("worst", d.mark), f"{p}.worst", issue)
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
            v = value_on(c, d[key], d.value_marks.get(key, d.mark), f"{p}.{key}", issue)
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


def parse_stances(
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
    position = None if pos_raw is None else value_on(c, pos_raw, pm, pp, issue)
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
