"""Plotly figures of typed results, as plain ``{"data": [...], "layout": {...}}`` dicts.

The HTML report and the web app draw the same figures: each function here takes a typed result from
:mod:`accord.analysis` and returns a figure spec that ``Plotly.newPlot(div, data, layout)`` draws in a
browser. Nothing here computes an analysis; the functions only pick series out of a result. Specs are
plain data (no ``plotly`` import), so building them is fast and they serialise with :func:`json.dumps`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..analysis.results import DealsReport, ModelForecast, ScenarioSummary, SimulationReport
from ..deals.solutions import SOLUTION_NAMES

__all__ = [
    "PALETTE",
    "issue_trajectories",
    "actor_paths",
    "concession_curves",
    "track_figures",
    "solution_utilities",
    "frontier_pairs",
    "frontier_spread",
    "stance_timeline",
]

Figure = dict[str, Any]

#: Colours that stay distinguishable in print and for the common colour-vision deficiencies (Okabe-Ito,
#: then Tableau for the rest).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#8c564b",
    "#000000",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#F0E442",
)


def _colour(k: int) -> str:
    return PALETTE[k % len(PALETTE)]


def _finite(x: float | None) -> float | None:
    """JSON has no NaN: a missing value is None, which Plotly draws as a gap."""
    return x if x is not None and math.isfinite(x) else None


def _layout(title: str, xtitle: str = "", ytitle: str = "", **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 13}, "x": 0.0, "xanchor": "left"},
        "margin": {"l": 48, "r": 12, "t": 36, "b": 40},
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 11},
        "xaxis": {"title": {"text": xtitle}, "zeroline": False, "gridcolor": "#e5e7eb"},
        "yaxis": {"title": {"text": ytitle}, "zeroline": False, "gridcolor": "#e5e7eb"},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "legend": {"font": {"size": 10}},
        "height": 300,
    }
    base.update(extra)
    return base


def issue_trajectories(models: tuple[ModelForecast, ...], scenario: ScenarioSummary, issue: str) -> Figure:
    """One issue: every model's forecast round by round, the status quo dashed.

    A static model (one round) is drawn as a flat dotted line across the longest run, so it can be read
    against the dynamic ones.
    """
    info = next(i for i in scenario.issues if i.id == issue)
    last = max((len(m.trajectory) - 1 for m in models), default=0)
    data: list[dict[str, Any]] = []
    for k, m in enumerate(models):
        ys = [_finite(r.forecast.get(issue)) for r in m.trajectory]
        if len(ys) <= 1:
            y = ys[0] if ys else None
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": m.model,
                    "x": [0, max(last, 1)],
                    "y": [y, y],
                    "line": {"color": _colour(k), "dash": "dot", "width": 1.5},
                }
            )
        else:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": m.model,
                    "x": [r.round for r in m.trajectory],
                    "y": ys,
                    "marker": {"size": 4},
                    "line": {"color": _colour(k), "width": 2},
                }
            )
    if info.status_quo is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "status quo",
                "x": [0, max(last, 1)],
                "y": [info.status_quo, info.status_quo],
                "line": {"color": "#6b7280", "dash": "dash", "width": 1},
            }
        )
    # Small multiples: the legend goes below the plot, so the plot keeps the width.
    layout = _layout(
        f"{info.id}: {info.name}",
        "round",
        "position",
        height=330,
        legend={"orientation": "h", "y": -0.3, "font": {"size": 10}},
        margin={"l": 40, "r": 10, "t": 32, "b": 20},
    )
    layout["yaxis"]["range"] = [info.lo, info.hi]
    layout["xaxis"]["title"] = {"text": "round", "standoff": 2}
    return {"data": data, "layout": layout}


def actor_paths(model: ModelForecast, scenario: ScenarioSummary, issue: str) -> Figure:
    """One model, one issue: every actor's position round by round, and the forecast in black."""
    info = next(i for i in scenario.issues if i.id == issue)
    data: list[dict[str, Any]] = []
    rounds = [r.round for r in model.trajectory]
    for k, a in enumerate(scenario.actors):
        ys = [_finite(r.positions.get(a.id, {}).get(issue)) for r in model.trajectory]
        if all(y is None for y in ys):
            continue  # no stance on this issue
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": a.id,
                "x": rounds,
                "y": ys,
                "marker": {"size": 4},
                "line": {"color": _colour(k), "width": 1.2},
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"{model.model} forecast",
            "x": rounds,
            "y": [_finite(r.forecast.get(issue)) for r in model.trajectory],
            "line": {"color": "black", "width": 3},
        }
    )
    layout = _layout(f"{model.model}: positions on {info.id} ({info.name})", "round", "position")
    layout["yaxis"]["range"] = [info.lo, info.hi]
    return {"data": data, "layout": layout}


def _sim_series(report: SimulationReport) -> tuple[dict[str, tuple[list[int], list[float]]], ...]:
    """Concession curves, BATNA paths and track paths out of the trace (what each event records)."""
    curves: dict[str, tuple[list[int], list[float]]] = {}
    batna: dict[str, tuple[list[int], list[float]]] = {}
    tracks: dict[str, tuple[list[int], list[float]]] = {}
    for e in report.trace:
        # A full offer's id starts with '#'; its value is the proposer's own utility of it.
        if e.event == "offer" and e.offer.startswith("#") and e.actor != "mediator" and e.value is not None:
            xs, ys = curves.setdefault(e.actor, ([], []))
        elif e.event == "batna" and e.value is not None:
            xs, ys = batna.setdefault(e.actor, ([], []))
        elif e.event == "track" and e.value is not None:
            xs, ys = tracks.setdefault(e.subject, ([], []))
        else:
            continue
        xs.append(e.round)
        ys.append(e.value)
    return curves, batna, tracks


def concession_curves(report: SimulationReport, upto: int | None = None) -> Figure:
    """Each proposer's own utility of its offers by round (solid) and its BATNA (dashed).

    ``upto`` draws a vertical marker at that round (the replay's current round).
    """
    curves, batna, _ = _sim_series(report)
    actors = list(dict.fromkeys([*report.table, *curves, *batna]))
    data: list[dict[str, Any]] = []
    for k, actor in enumerate(actors):
        colour = _colour(k)
        if actor in curves:
            xs, ys = curves[actor]
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": f"{actor} ({report.table.get(actor, '')})",
                    "legendgroup": actor,
                    "x": xs,
                    "y": ys,
                    "marker": {"size": 5},
                    "line": {"color": colour, "width": 2},
                }
            )
        if actor in batna:
            xs, ys = batna[actor]
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": f"{actor} BATNA",
                    "legendgroup": actor,
                    "showlegend": actor not in curves,
                    "x": xs,
                    "y": ys,
                    "line": {"color": colour, "width": 1, "dash": "dash"},
                }
            )
    shapes = [
        {
            "type": "line",
            "x0": g.round,
            "x1": g.round,
            "yref": "paper",
            "y0": 0,
            "y1": 1,
            "line": {"color": "#9ca3af", "width": 1, "dash": "dot"},
        }
        for g in report.agreements
    ]
    if upto is not None:
        shapes.append(
            {
                "type": "line",
                "x0": upto,
                "x1": upto,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": "#dc2626", "width": 2},
            }
        )
    title = f"Concessions: {report.outcome} ({report.ended_by}, round {report.round})"
    layout = _layout(title, "round", "own utility of own offer (dashed: BATNA)", shapes=shapes, height=360)
    return {"data": data, "layout": layout}


def track_figures(report: SimulationReport, upto: int | None = None) -> list[Figure]:
    """One figure per exogenous track (the battlefield, say): its value by round, the freeze marked."""
    _, _, tracks = _sim_series(report)
    out = []
    for tid, (xs, ys) in tracks.items():
        shapes = []
        frozen = report.frozen.get(tid)
        if frozen is not None:
            shapes.append(
                {
                    "type": "line",
                    "x0": frozen,
                    "x1": frozen,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "#6b7280", "width": 1, "dash": "dot"},
                }
            )
        if upto is not None:
            shapes.append(
                {
                    "type": "line",
                    "x0": upto,
                    "x1": upto,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "#dc2626", "width": 2},
                }
            )
        title = f"track {tid}" + (f" (frozen in round {frozen})" if frozen is not None else "")
        fig = {
            "data": [
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": tid,
                    "x": xs,
                    "y": ys,
                    "marker": {"size": 4},
                    "line": {"color": "black", "width": 2},
                }
            ],
            "layout": _layout(title, "round", "value", shapes=shapes, showlegend=False, height=260),
        }
        out.append(fig)
    return out


def solution_utilities(report: DealsReport) -> Figure:
    """Per actor: its BATNA, and its utility of each named solution and of the cheapest opening.

    Readable even when no package is feasible (then only the BATNA and the opening show): it says who
    gains what from each candidate deal, which is the frontier's story told actor by actor.
    """
    actors = list(report.actors)
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "BATNA",
            "x": actors,
            "y": [_finite(report.disagreement.get(a)) for a in actors],
            "marker": {"symbol": "line-ew-open", "size": 22, "line": {"width": 3, "color": "#111827"}},
        }
    ]
    k = 0
    for key in SOLUTION_NAMES:
        s = report.solutions.get(key)
        if s is None:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": key.replace("_", " "),
                "x": actors,
                "y": [_finite(s.utilities.get(a)) for a in actors],
                "marker": {"size": 9, "color": _colour(k)},
            }
        )
        k += 1
    if report.opening is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "cheapest opening",
                "x": actors,
                "y": [_finite(report.opening.utilities.get(a)) for a in actors],
                "marker": {"size": 10, "symbol": "diamond-open", "color": "#D55E00", "line": {"width": 2}},
            }
        )
    layout = _layout("Utility of each candidate deal, by actor (bar: BATNA)", "", "utility", height=340)
    return {"data": data, "layout": layout}


def frontier_pairs(report: DealsReport, x: str, y: str) -> Figure:
    """The Pareto frontier seen by two actors: each package's utilities, the solutions and BATNAs marked."""
    pts = report.pareto or ()
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": f"Pareto frontier ({len(pts)})",
            "x": [_finite(p.utilities.get(x)) for p in pts],
            "y": [_finite(p.utilities.get(y)) for p in pts],
            "text": ["; ".join(f"{k}={v}" for k, v in p.package.items()) for p in pts],
            "hovertemplate": "%{text}<extra></extra>",
            "marker": {"size": 6, "color": "#9ca3af"},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "BATNA",
            "x": [_finite(report.disagreement.get(x))],
            "y": [_finite(report.disagreement.get(y))],
            "marker": {"size": 12, "symbol": "x", "color": "#111827"},
        },
    ]
    for k, key in enumerate(SOLUTION_NAMES):
        s = report.solutions.get(key)
        if s is None:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": key.replace("_", " "),
                "x": [_finite(s.utilities.get(x))],
                "y": [_finite(s.utilities.get(y))],
                "marker": {"size": 11, "color": _colour(k), "symbol": "circle-open", "line": {"width": 2}},
            }
        )
    layout = _layout(f"Pareto frontier: {x} against {y}", f"utility of {x}", f"utility of {y}", height=380)
    return {"data": data, "layout": layout}


def frontier_spread(report: DealsReport) -> Figure:
    """Every actor's utilities across the frontier packages (a box per actor), its BATNA marked.

    Drawn in SVG (not WebGL), so it shows in every browser and prints.
    """
    pts = report.pareto or ()
    data: list[dict[str, Any]] = [
        {
            "type": "box",
            "name": a,
            "y": [_finite(p.utilities.get(a)) for p in pts],
            "boxpoints": False,
            "marker": {"color": _colour(k)},
            "showlegend": False,
        }
        for k, a in enumerate(report.actors)
    ]
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": "BATNA",
            "x": list(report.actors),
            "y": [_finite(report.disagreement.get(a)) for a in report.actors],
            "marker": {"symbol": "line-ew-open", "size": 26, "line": {"width": 3, "color": "#111827"}},
        }
    )
    layout = _layout(
        f"Utilities over the Pareto frontier ({len(pts)} packages), every actor", "", "utility", height=380
    )
    return {"data": data, "layout": layout}


def stance_timeline(entries: Any, issue: Any) -> Figure:
    """One issue: each actor's stated position over time, as steps, the options as the y-axis' labels.

    ``entries`` are a :class:`~accord.text.Timeline`'s entries (dated history points and current
    positions) and ``issue`` the scenario's :class:`~accord.scenario.Issue`; undated points are left out.
    Each point's hover shows its source and quote.
    """
    lines: dict[str, list[Any]] = {}
    for e in entries:
        if e.issue == issue.id and e.date and e.position is not None:
            lines.setdefault(e.actor, []).append(e)
    data: list[dict[str, Any]] = []
    for k, (actor, pts) in enumerate(sorted(lines.items())):
        pts.sort(key=lambda e: e.date)
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": actor,
                "x": [e.date for e in pts],
                "y": [e.position for e in pts],
                "text": [f"[{e.source or '-'}] {(e.quote or '')[:140]}" for e in pts],
                "hovertemplate": "%{x}: %{y}<br>%{text}<extra>" + actor + "</extra>",
                "line": {"color": _colour(k), "shape": "hv", "width": 2},
                "marker": {"size": 7},
            }
        )
    layout = _layout(f"{issue.id}: {issue.name}, stated positions over time", "date", "position", height=340)
    layout["xaxis"]["type"] = "date"
    days = sorted(str(d)[:10] for t in data for d in t["x"])
    if days:
        # a week either side at least: a lone point otherwise gets an axis of milliseconds
        try:
            lo, hi = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
        except ValueError:
            pass  # a month-only date: Plotly's own range
        else:
            pad = dt.timedelta(days=max(7, (hi - lo).days // 20))
            layout["xaxis"]["range"] = [(lo - pad).isoformat(), (hi + pad).isoformat()]
    layout["yaxis"]["range"] = [
        issue.lo - 0.04 * (issue.hi - issue.lo),
        issue.hi + 0.04 * (issue.hi - issue.lo),
    ]
    if issue.options:
        layout["yaxis"]["tickvals"] = [o.value for o in issue.options]
        layout["yaxis"]["ticktext"] = [o.label[:28] for o in issue.options]
        layout["yaxis"]["title"] = {"text": ""}  # the options' labels say it, and a title would cover them
        layout["margin"] = {**layout["margin"], "l": 170}
    return {"data": data, "layout": layout}
