"""Reading what ties a scenario together: ``constraints:`` (linked issues), issue ``parties``, ``round:``."""

from __future__ import annotations

from typing import Any

from ._checker import Checker, fmt, items, kind, suggest
from ._sections import value_on
from ._yaml import Mark, MarkedDict
from .calendar import DEFAULT_ROUND, RoundLength, parse_date, parse_round_length
from .constraints import Constraint, OutcomeSet
from .model import Issue, IssueGroup, Option, Stance

__all__ = ["check_parties", "parse_constraints", "parse_round"]

_CONSTRAINT = {"if", "excludes", "note", "sources"}
_RANGE = {"at_least", "at_most"}
_RANGE_FORM = "{at_least: X, at_most: Y}"
_SHAPES = f"an option id, a list of option ids, or a range {_RANGE_FORM}"


def parse_constraints(
    c: Checker, top: MarkedDict, issues: list[Issue], groups: list[IssueGroup], source_ids: set[str]
) -> list[Constraint]:
    """The ``constraints:`` list, every problem located; a constraint with an error is left out."""
    by_id = {i.id: i for i in issues}
    parts_of = {g.id: [i.id for i in issues if i.parent == g.id] for g in groups}
    out: list[Constraint] = []
    for d, p in items(c, top, "constraints", ""):
        c.mapping(d, d.mark, p, _CONSTRAINT)
        when = _side(c, d, "if", p, by_id, parts_of)
        excl = _side(c, d, "excludes", p, by_id, parts_of)
        sources = c.strings(d, "sources", p)
        for sid, sm, spath in sources:
            if sid not in source_ids:
                c.add(sm, spath, f"unknown source {sid!r}{suggest(sid, source_ids)}")
        note = c.string(d, "note", p)
        if when is None or excl is None:
            continue
        if when.issue == excl.issue:
            c.add(
                d.value_marks.get("excludes", d.mark),
                f"{p}.excludes",
                f"links issue {when.issue} with itself: a constraint links two issues (to limit one issue's "
                "outcomes, give the actors red lines)",
            )
            continue
        for key, side in (("if", when), ("excludes", excl)):
            issue = by_id[side.issue]
            if issue.options and not side.options:
                c.add(
                    d.value_marks.get(key, d.mark),
                    f"{p}.{key}",
                    f"holds none of issue {issue.id}'s options, so a deal space built at the options never "
                    "applies this constraint",
                    "warning",
                )
            if _covers(side, issue):
                other = excl if key == "if" else when
                c.add(
                    d.value_marks.get(key, d.mark),
                    f"{p}.{key}",
                    f"holds every outcome of issue {issue.id}, so {other.describe()} can never be agreed: "
                    "say so with red lines, or narrow the constraint",
                    "warning",
                )
        out.append(Constraint(when, excl, note, tuple(s for s, _, _ in sources)))
    return out


def _covers(side: OutcomeSet, issue: Issue) -> bool:
    """Whether a side holds every outcome of its issue (every option; the whole scale for a range)."""
    if side.interval is not None:
        lo, hi = side.interval
        return lo <= issue.lo and hi >= issue.hi
    return bool(issue.options) and side.options >= {o.id for o in issue.options}


def _side(
    c: Checker,
    d: MarkedDict,
    key: str,
    p: str,
    by_id: dict[str, Issue],
    parts_of: dict[str, list[str]],
) -> OutcomeSet | None:
    raw, mark, sp = c.field(d, key, p, required=True)
    if raw is None:
        return None
    sd = c.mapping(raw, mark, sp, None)
    if sd is None:
        return None
    if len(sd) != 1:
        c.add(
            mark,
            sp,
            f"names {len(sd)} issues; each side of a constraint names one issue, e.g. "
            f"{{I1: neutrality}}: write one constraint per pair of issues",
        )
        return None
    iid = next(iter(sd))
    imark = sd.key_marks.get(iid, sd.mark)
    ip = f"{sp}.{iid}"
    if iid in parts_of:
        c.add(
            imark,
            ip,
            f"{iid!r} is a group of issues: name one of its parts ({', '.join(parts_of[iid])}), "
            "one constraint per part",
        )
        return None
    if iid not in by_id:
        c.add(imark, ip, f"unknown issue {iid!r}{suggest(str(iid), set(by_id) | set(parts_of))}")
        return None
    return _outcome_set(c, sd[iid], sd.value_marks.get(iid, imark), ip, by_id[iid])


def _outcome_set(c: Checker, raw: Any, mark: Mark, path: str, issue: Issue) -> OutcomeSet | None:
    if isinstance(raw, dict):
        rd = c.mapping(raw, mark, path, _RANGE)
        if rd is None:
            return None
        if not _RANGE & set(rd):
            c.add(mark, path, "a range needs at_least, at_most or both")
            return None
        lo, hi = issue.lo, issue.hi
        for k in ("at_least", "at_most"):
            if k in rd:
                v = value_on(c, rd[k], rd.value_marks.get(k, rd.mark), f"{path}.{k}", issue)
                if v is None:
                    return None
                lo, hi = (v, hi) if k == "at_least" else (lo, v)
        if lo > hi:
            c.add(mark, path, f"at_least ({fmt(lo)}) is above at_most ({fmt(hi)})")
            return None
        inside = frozenset(o.id for o in issue.options if lo - 1e-9 <= o.value <= hi + 1e-9)
        return OutcomeSet(issue.id, inside, (lo, hi))
    if isinstance(raw, list):
        if not raw:
            c.add(mark, path, f"needs at least one option of issue {issue.id}")
            return None
        marks = getattr(raw, "marks", [mark] * len(raw))
        pairs = enumerate(zip(raw, marks, strict=True))
        opts = [_option(c, x, m, f"{path}[{k}]", issue) for k, (x, m) in pairs]
        if any(o is None for o in opts):
            return None
    else:
        opts = [_option(c, raw, mark, path, issue)]
        if opts[0] is None:
            return None
    chosen = {o.id: o.value for o in opts if o is not None}
    return OutcomeSet(issue.id, frozenset(chosen), None, tuple(sorted(set(chosen.values()))))


def _option(c: Checker, raw: Any, mark: Mark, path: str, issue: Issue) -> Option | None:
    """An option named by its id (or, on a discrete issue, by its value)."""
    known = ", ".join(o.id for o in issue.options)
    if not issue.options:
        c.add(mark, path, f"issue {issue.id} has no labelled options: write a range {_RANGE_FORM}")
        return None
    if isinstance(raw, str):
        try:
            return issue.option(raw)
        except KeyError:
            c.add(mark, path, f"{raw!r} is not an option of issue {issue.id} (options: {known})")
            return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        for o in issue.options:
            if abs(o.value - raw) <= 1e-9:
                return o
        c.add(mark, path, f"{fmt(float(raw))} is no option's value on issue {issue.id}; use {_SHAPES}")
        return None
    c.add(mark, path, f"expected {_SHAPES}")
    return None


def parse_round(c: Checker, top: MarkedDict, as_of: str | None) -> RoundLength:
    """The ``round:`` length (1 week when absent); warns when ``as_of`` is not a date to count rounds from."""
    length = DEFAULT_ROUND
    raw, mark, p = c.field(top, "round", "")
    if raw is not None:
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            c.add(mark, p, f"expected a round length such as '1 week', got {kind(raw)}")
        elif isinstance(raw, int):
            c.add(mark, p, f"{raw} has no unit: write '{raw} week{'s' if raw != 1 else ''}' or '{raw} days'")
        else:
            try:
                length = parse_round_length(raw)
            except ValueError as e:
                c.add(mark, p, str(e))
    if as_of is not None:
        try:
            parse_date(as_of)
        except ValueError:
            c.add(
                top.value_marks.get("as_of", top.mark),
                "as_of",
                f"{as_of!r} is not a date written YYYY-MM-DD, so rounds cannot be mapped to dates",
                "warning",
            )
    return length


def check_parties(c: Checker, top: MarkedDict, issues: list[Issue], stances: list[Stance]) -> None:
    """Warn about an issue's parties that take no stance on it, or a single party settling it alone."""
    marks = _parties_marks(top)
    takes = {(s.actor, s.issue) for s in stances}
    for issue in issues:
        if not issue.parties:
            continue
        mark, p = marks.get(issue.id, (top.mark, f"issues[{issue.id}].parties"))
        if len(issue.parties) == 1:
            c.add(
                mark,
                p,
                f"{issue.parties[0]} alone settles issue {issue.id}: that is a decision, not an agreement; "
                "list every actor whose agreement is needed",
                "warning",
            )
        silent = [a for a in issue.parties if (a, issue.id) not in takes]
        if silent:
            c.add(
                mark,
                p,
                f"{', '.join(silent)}: a party to issue {issue.id} without a stance on it, so any outcome "
                "is the same to it; add the stance",
                "warning",
            )


def _parties_marks(top: MarkedDict) -> dict[str, tuple[Mark, str]]:
    """Where each leaf issue's ``parties`` is written (a part inherits its group's), with its path."""
    out: dict[str, tuple[Mark, str]] = {}
    entries = top.get("issues")
    for k, d in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(d, MarkedDict):
            continue
        here = (d.value_marks.get("parties", d.mark), f"issues[{k}].parties")
        parts = d.get("parts")
        if not isinstance(parts, list) or not parts:
            out[str(d.get("id"))] = here
            continue
        for j, pd in enumerate(parts):
            if isinstance(pd, MarkedDict):
                own = "parties" in pd
                out[str(pd.get("id"))] = (
                    (pd.value_marks.get("parties", pd.mark), f"issues[{k}].parts[{j}].parties")
                    if own
                    else here
                )
    return out
