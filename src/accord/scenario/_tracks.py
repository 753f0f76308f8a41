"""Reading the tracks (exogenous processes beside the table) of a scenario file."""

from __future__ import annotations

import numpy as np

from ._checker import Checker, fmt, items
from ._sections import value_on
from ._yaml import MarkedDict
from .model import TRACK_TARGETS, Actor, Issue, Track, TrackEffect, TrackEvent

__all__ = ["parse_tracks"]

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


def parse_tracks(
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
                            v = value_on(
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
