"""The timeline of a scenario's stances: dated history points, then the current position of each stance.

A stance's ``history`` (``[{date, position, source}]``, written by ``accord apply``) gives the dated
points; the current position closes each stance's line, dated by the latest dated source it cites (else
the scenario's ``as_of``). Quotes come from the cited sources.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .results import Timeline, TimelineEntry

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["timeline", "plot_timeline"]


def timeline(
    scenario: Scenario, path: str = "", *, actor: str | None = None, issue: str | None = None
) -> Timeline:
    """Every dated stance point of ``scenario`` (optionally one actor's or one issue's), by date."""
    if actor is not None and actor not in scenario.actor_ids:
        raise InputError.single(
            "--actor", f"no actor {actor!r}; the actors are {', '.join(scenario.actor_ids)}"
        )
    if issue is not None and issue not in scenario.issue_ids:
        raise InputError.single(
            "--issue", f"no issue {issue!r}; the issues are {', '.join(scenario.issue_ids)}"
        )
    sources = {s.id: s for s in scenario.sources}
    entries: list[TimelineEntry] = []
    moves: dict[str, float] = {}
    for st in scenario.stances:
        if (actor and st.actor != actor) or (issue and st.issue != issue):
            continue
        iss = scenario.issue(st.issue)
        points: list[TimelineEntry] = []
        for h in getattr(st, "history", ()) or ():
            src = sources.get(h.source) if h.source else None
            pos = h.position
            opt = iss.nearest_option(pos) if pos is not None else None
            points.append(
                TimelineEntry(
                    h.date or (src.date if src else None),
                    st.actor,
                    st.issue,
                    pos,
                    opt.id if opt else None,
                    h.source,
                    src.quote if src else None,
                )
            )
        dated = [sources[s] for s in st.sources if s in sources and sources[s].date]
        last = max(dated, key=lambda s: str(s.date)) if dated else None
        opt = iss.nearest_option(st.position)
        current = TimelineEntry(
            str(last.date) if last else scenario.as_of,
            st.actor,
            st.issue,
            st.position,
            opt.id if opt else None,
            last.id if last else (st.sources[0] if st.sources else None),
            (last.quote if last else None) or st.stated,
        )
        if not points or (points[-1].position, points[-1].date) != (current.position, current.date):
            points.append(current)
        positions = [p.position for p in points if p.position is not None]
        if len(positions) > 1 and positions[-1] != positions[0]:
            moves[f"{st.actor}/{st.issue}"] = positions[-1] - positions[0]
        entries.extend(points)
    entries.sort(key=lambda e: (e.date or "9999", e.actor, e.issue))
    return Timeline(scenario=path, entries=tuple(entries), moves=moves)


def plot_timeline(t: Timeline, path: str | Path) -> None:
    """Positions over time, one step line per actor and issue, written atomically (PNG, SVG or PDF)."""
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..io import atomic_path

    lines: dict[str, list[tuple[dt.date, float]]] = {}
    for e in t.entries:
        if e.date is None or e.position is None:
            continue
        try:
            day = (
                dt.date.fromisoformat(e.date[:10])
                if len(e.date) >= 10
                else dt.date.fromisoformat(e.date[:7] + "-01")
            )
        except ValueError:
            continue
        lines.setdefault(f"{e.actor}/{e.issue}", []).append((day, e.position))
    if not lines:
        raise InputError.single("--plot", "no dated positions to plot")
    fig, ax = plt.subplots(figsize=(9, 5))
    for label, pts in sorted(lines.items()):
        pts.sort()
        days: Any = [p[0] for p in pts]  # matplotlib reads dates; its stubs do not say so
        ax.step(days, [p[1] for p in pts], where="post", marker="o", label=label)
    ax.set_xlabel("date")
    ax.set_ylabel("position on the issue's scale")
    ax.set_title(f"Stated positions over time ({t.scenario})")
    ax.legend(fontsize="small", ncol=2)
    fig.autofmt_xdate()
    suffix = Path(path).suffix.lower().lstrip(".") or "png"
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=suffix)
    plt.close(fig)
