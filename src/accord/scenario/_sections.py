"""Reading the sources, actors and issues of a scenario file, with every problem located."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ._checker import Checker, fmt, items, suggest
from ._yaml import Mark, MarkedDict
from .model import Actor, Issue, IssueGroup, Option, Source

__all__ = ["parse_actors", "parse_issues", "parse_sources", "value_on"]

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
_ISSUE = {
    "id",
    "name",
    "description",
    "scale",
    "anchors",
    "options",
    "status_quo",
    "parts",
    "separable",
    "parties",
    "keywords",
}
_PART = {"id", "name", "description", "status_quo", "separable", "parties", "keywords"}
_OPTION = {"id", "label", "value", "keywords"}


def parse_sources(c: Checker, top: MarkedDict) -> list[Source]:
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


def parse_actors(c: Checker, top: MarkedDict) -> list[Actor]:
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
        keywords = tuple(s for s, _, _ in c.strings(od, "keywords", op))
        opts.append(Option(oid, label or oid, value, keywords))
    if has_option and not opts and "options" in d and isinstance(d["options"], list):
        c.add(
            d.value_marks.get("options", d.mark), f"{p}.options", "a discrete issue needs at least one option"
        )
    return tuple(opts), has_option


def value_on(c: Checker, raw: Any, mark: Mark, path: str, issue: Issue) -> float | None:
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


def _parties(c: Checker, d: MarkedDict, p: str, actor_ids: set[str] | None) -> tuple[str, ...]:
    """An issue's ``parties``: the actors whose agreement settles it (empty: everyone at the table)."""
    if "parties" not in d:
        return ()
    entries = c.strings(d, "parties", p)
    if not entries and isinstance(d["parties"], list):
        c.add(
            d.value_marks.get("parties", d.mark),
            f"{p}.parties",
            "needs at least one actor; leave parties out when everyone at the table settles the issue",
        )
    out: list[str] = []
    for aid, am, ap in entries:
        if actor_ids is not None and aid not in actor_ids:
            c.add(am, ap, f"unknown actor {aid!r}{suggest(aid, actor_ids)}")
        elif aid in out:
            c.add(am, ap, f"{aid!r} is listed twice")
        else:
            out.append(aid)
    return tuple(out)


def parse_issues(
    c: Checker, top: MarkedDict, actor_ids: set[str] | None = None
) -> tuple[list[Issue], list[IssueGroup]]:
    """The issues (parts of a group as issues of their own) and the groups.

    ``actor_ids``, when given, checks each issue's ``parties`` against the actors.
    """
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
        base = Issue(
            iid,
            name,
            lo,
            hi,
            options,
            discrete,
            desc,
            separable=c.flag(d, "separable", p),
            parties=_parties(c, d, p, actor_ids),
            keywords=tuple(s for s, _, _ in c.strings(d, "keywords", p)),
        )
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
                parties=_parties(c, pd, pp, actor_ids) if "parties" in pd else base.parties,
                keywords=base.keywords + tuple(s for s, _, _ in c.strings(pd, "keywords", pp)),
            )
            owners.append((pd, pp, part) if "status_quo" in pd else (d, p, part))
        for od, op, issue in owners:
            sq = None
            if "status_quo" in od:
                sq = value_on(
                    c, od["status_quo"], od.value_marks.get("status_quo", od.mark), f"{op}.status_quo", issue
                )
            issues.append(replace(issue, status_quo=sq))
    return issues, groups
