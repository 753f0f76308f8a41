"""Reading the stances (positions, saliences, red lines, utilities) of a scenario file."""

from __future__ import annotations

from typing import Any

from ._checker import Checker, fmt, suggest
from ._sections import value_on
from ._yaml import Mark, MarkedDict
from .model import Actor, HistoryPoint, Issue, IssueGroup, RedLine, Stance
from .redline import Side

__all__ = ["parse_stances"]

_STANCE = {
    "position",
    "salience",
    "red_line",
    "utilities",
    "confidence",
    "sources",
    "stated",
    "note",
    "history",
}
_HISTORY = {"date", "position", "source"}
_RED_LINE = {"at_most", "at_least", "acceptable", "worst", "min", "max", "note"}
# ``min`` and ``max`` are the older spellings of ``at_least`` and ``at_most``; they state a side too.
_BOUND_KEYS = {"at_least": "at_least", "min": "at_least", "at_most": "at_most", "max": "at_most"}
_CONFIDENCE = ("high", "medium", "low")


def _parse_red_line(
    c: Checker, raw: Any, mark: Mark, p: str, issue: Issue, position: float | None
) -> RedLine | None:
    d = c.mapping(raw, mark, p, _RED_LINE)
    if d is None:
        return None
    if not ({"worst", "at_most", "at_least", "min", "max", "acceptable"} & set(d)):
        c.add(d.mark, p, "a red line needs at_most, at_least or acceptable (or worst)")
        return None
    lo, hi = issue.lo, issue.hi
    stated: dict[str, str] = {}  # side -> the key that stated it
    for key, side in _BOUND_KEYS.items():
        if key not in d:
            continue
        if side in stated:
            c.add(
                d.key_marks.get(key, d.mark), f"{p}.{key}", f"give {side} once ({stated[side]} is given too)"
            )
            return None
        stated[side] = key
        v = value_on(c, d[key], d.value_marks.get(key, d.mark), f"{p}.{key}", issue)
        if v is None:
            return None
        lo, hi = (v, hi) if side == "at_least" else (lo, v)
    if "worst" in d:
        if stated:
            c.add(
                d.key_marks.get("worst", d.mark),
                f"{p}.worst",
                f"give either worst or {' and '.join(stated.values())}, not both "
                "(at_most and at_least say the side)",
            )
            return None
        read = _worst(c, d, p, issue, position)
        if read is None:
            return None
        side, w = read
        stated[side] = "worst"
        lo, hi = (issue.lo, w) if side == "at_most" else (w, issue.hi)
    if lo > hi:
        c.add(d.mark, p, f"at_least ({fmt(lo)}) is above at_most ({fmt(hi)})")
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
            return None
    side_of: Side = (
        "acceptable"
        if options is not None
        else "between"
        if len(stated) == 2
        else "at_most"
        if "at_most" in stated
        else "at_least"
    )
    rl = RedLine(lo, hi, None if options is None else frozenset(options), c.string(d, "note", p), side_of)
    _check_reach(c, d, p, issue, position, rl)
    return rl


def _worst(
    c: Checker, d: MarkedDict, p: str, issue: Issue, position: float | None
) -> tuple[Side, float] | None:
    """``worst: X`` read as at_most or at_least, where the stated position says the side unambiguously."""
    wm = d.value_marks.get("worst", d.mark)
    w = value_on(c, d["worst"], wm, f"{p}.worst", issue)
    if w is None or position is None:  # the bad value or position is reported already
        return None
    if abs(w - position) <= 1e-9:
        x = d["worst"]
        c.add(
            wm,
            f"{p}.worst",
            f"worst: {x} is the actor's own position, so which side it protects is ambiguous: write "
            f"at_most: {x} (acceptable from the low end of the scale up to it) or at_least: {x} "
            "(acceptable from it up to the high end)",
        )
        return None
    # The actor's own side is where its position lies: below the worst value, it accepts up to it.
    return ("at_most", w) if position < w else ("at_least", w)


def _check_reach(
    c: Checker, d: MarkedDict, p: str, issue: Issue, position: float | None, rl: RedLine
) -> None:
    """Errors and warnings about what a red line leaves: its own position, nothing, or no option."""
    if (
        position is not None
        and not rl.accepts(position, issue)
        and not (rl.options is not None and not issue.discrete and _within_options(rl, issue, position))
    ):
        c.add(
            d.mark,
            p,
            f"the red line ({rl.describe()}) excludes the actor's own position ({fmt(position)}): an actor "
            "accepts what it asks for; check the side (at_most or at_least) and the value",
        )
        return
    if rl.excludes_nothing(issue):
        hint = ""
        if "worst" in d and position is not None:
            other = "at_least" if rl.side == "at_most" else "at_most"
            hint = (
                f"; worst: {d['worst']} reads as {rl.side}: {d['worst']} because the position "
                f"({fmt(position)}) is {'below' if rl.side == 'at_most' else 'above'} it: "
                f"did you mean {other}: {d['worst']}?"
            )
        c.add(
            d.mark,
            p,
            f"the red line ({rl.describe()}) excludes nothing: every outcome is acceptable{hint}",
            "warning",
        )
    elif issue.options and not rl.accepted_options(issue):
        c.add(
            d.mark,
            p,
            f"the red line ({rl.describe()}) accepts none of the issue's options, so no package of "
            "the deal space respects it",
            "warning",
        )


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
        _parse_history(c, d, sp, issue, source_ids),
    )


def _parse_history(
    c: Checker, d: MarkedDict, sp: str, issue: Issue, source_ids: set[str]
) -> tuple[HistoryPoint, ...]:
    """``history: [{date, position, source}]``: dated earlier positions, each on the issue's scale."""
    if "history" not in d or d["history"] is None:
        return ()
    seq = c.sequence(d["history"], d.value_marks.get("history", d.mark), f"{sp}.history")
    out: list[HistoryPoint] = []
    for k, raw in enumerate(seq or ()):
        hp = f"{sp}.history[{k}]"
        mark = seq.marks[k] if seq is not None and k < len(seq.marks) else d.mark
        h = c.mapping(raw, mark, hp, _HISTORY)
        if h is None:
            continue
        pos_raw, pm, pp = c.field(h, "position", hp, required=True)
        position = None if pos_raw is None else value_on(c, pos_raw, pm, pp, issue)
        source = c.string(h, "source", hp)
        if source is not None and source not in source_ids:
            where = h.value_marks.get("source", h.mark)
            c.add(where, f"{hp}.source", f"unknown source {source!r}{suggest(source, source_ids)}")
        if position is not None:
            out.append(HistoryPoint(c.string(h, "date", hp), position, source))
    return tuple(out)
