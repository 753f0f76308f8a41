"""The self-contained HTML report of an :class:`~accord.analysis.Analysis` (``accord report``).

One file, no external requests: the CSS is inlined, Plotly's JavaScript is inlined from the installed
``plotly`` package, and every figure is a JSON spec from :mod:`accord.report.figures` drawn in place.
It prints cleanly to PDF (print CSS: no navigation, page breaks between sections, tables that repeat
their headers). Jinja2 renders it with autoescaping on, so text from a scenario file (names, quotes,
URLs) can never become markup or script.

The same seed gives the same bytes: the report holds no timestamp of its own; the scenario's ``as_of``
and the accord version say what it is.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

from ..analysis.results import SCHEMA_VERSION, Analysis, ModelForecast, ReportFile, ScenarioSummary
from ..deals.solutions import SOLUTION_NAMES
from ..errors import InputError
from ..io import atomic_write
from . import figures

__all__ = ["ReportFile", "render_html", "write_html", "plotly_js", "environment", "actor_paths_menu"]

#: How many of each model's moves the report lists (the JSON has them all).
MAX_MOVES = 40
#: How many trace events of the simulated run the report lists.
MAX_EVENTS = 200

_SOLUTION_TITLES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
    "nash_weighted": "Capability-weighted Nash",
}


@functools.cache
def environment() -> Any:
    """The Jinja2 environment of the report templates (autoescaped, strict about undefined names)."""
    try:
        import jinja2
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError.single("report", "HTML reports need jinja2: pip install 'accord[web]'") from None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("accord.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    env.filters["pct"] = lambda x: "-" if x is None else f"{100 * x:.1f}%"
    return env


def _num(x: float | None, digits: int = 2) -> str:
    """A number for people: '-' when missing, no trailing '.00' on whole numbers."""
    if x is None or not isinstance(x, int | float) or not math.isfinite(x):
        return "-"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:.{digits}f}"


@functools.cache
def plotly_js() -> str:
    """Plotly's JavaScript bundle from the installed ``plotly`` package (inlined, never fetched)."""
    try:
        from plotly.offline import get_plotlyjs
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError.single("report", "HTML reports need plotly: pip install 'accord[web]'") from None
    js: str = get_plotlyjs()
    # Inside <script>, only "</script" could end the element early; the bundle has none today, and this
    # keeps a future bundle from breaking out of it.
    return js.replace("</script", "<\\/script")


def actor_paths_menu(model: ModelForecast, scenario: ScenarioSummary) -> dict[str, Any]:
    """One figure per model: every actor's path on one issue, with a menu to pick the issue."""
    data: list[dict[str, Any]] = []
    spans: list[tuple[str, int, int, dict[str, Any]]] = []
    for issue in scenario.issues:
        fig = figures.actor_paths(model, scenario, issue.id)
        start = len(data)
        data.extend(fig["data"])
        spans.append((issue.id, start, len(data), fig["layout"]))
    buttons = []
    for k, (iid, start, stop, layout) in enumerate(spans):
        visible = [start <= j < stop for j in range(len(data))]
        if k == 0:
            for j, trace in enumerate(data):
                trace["visible"] = visible[j]
        buttons.append(
            {
                "label": iid,
                "method": "update",
                "args": [
                    {"visible": visible},
                    {"title.text": layout["title"]["text"], "yaxis.range": layout["yaxis"]["range"]},
                ],
            }
        )
    layout = dict(spans[0][3]) if spans else {}
    layout["updatemenus"] = [{"buttons": buttons, "x": 1.0, "xanchor": "right", "y": 1.18, "yanchor": "top"}]
    layout["height"] = 360
    return {"data": data, "layout": layout}


def _context(a: Analysis) -> dict[str, Any]:
    """Everything the template shows, prepared so the template only lays it out."""
    sc = a.scenario
    actor_ids = [x.id for x in sc.actors]
    grid = []
    for issue in sc.issues:
        by_actor = {st.actor: st for st in issue.stances}
        grid.append((issue, [by_actor.get(x) for x in actor_ids]))
    red_lines = [(issue, st) for issue in sc.issues for st in issue.stances if st.red_line is not None]
    labels = {i.id: {o.id: o.label for o in i.options} for i in sc.issues}
    figs: list[dict[str, Any]] = []  # every figure, in page order; the template refers to them by index

    def fig(spec: dict[str, Any]) -> int:
        figs.append(spec)
        return len(figs) - 1

    forecast_rows, trajectory_figs, dynamic = [], [], []
    if a.forecasts is not None and a.forecasts.models:
        models = a.forecasts.models
        for k, issue in enumerate(sc.issues):
            cells = [m.issues[k] for m in models]
            forecast_rows.append((issue, cells))
            trajectory_figs.append(fig(figures.issue_trajectories(models, sc, issue.id)))
        for m in models:
            if m.moves or len(m.trajectory) > 1:
                dynamic.append((m, fig(actor_paths_menu(m, sc)), m.moves[:MAX_MOVES]))
    deals = a.deals
    deal_ctx: dict[str, Any] = {}
    if deals is not None:
        solutions = [
            (key, _SOLUTION_TITLES.get(key, key), deals.solutions.get(key)) for key in SOLUTION_NAMES
        ]
        deal_ctx = {
            "solutions": solutions,
            "any_solution": any(s is not None for _, _, s in solutions),
            "utilities_fig": fig(figures.solution_utilities(deals)),
        }
    # How positions moved: per issue with a stance history, its dated points and a step figure.
    moved = []
    for issue in sc.issues:
        points = [e for e in sc.timeline if e.issue == issue.id]
        if points:
            moved.append((issue, points, fig(figures.stance_timeline(points, issue))))
    sim_ctx: dict[str, Any] = {}
    if a.simulation is not None:
        sim_ctx = {
            "curves_fig": fig(figures.concession_curves(a.simulation)),
            "track_figs": [fig(f) for f in figures.track_figures(a.simulation)],
            "events": a.simulation.trace[:MAX_EVENTS],
        }
    return {
        "a": a,
        "sc": sc,
        "actor_ids": actor_ids,
        "grid": grid,
        "red_lines": red_lines,
        "labels": labels,
        "moved": moved,
        "forecast_rows": forecast_rows,
        "trajectory_figs": trajectory_figs,
        "dynamic": dynamic,
        "deal": deal_ctx,
        "sim": sim_ctx,
        "figs": figs,
        "schema_version": SCHEMA_VERSION,
        "max_moves": MAX_MOVES,
        "max_events": MAX_EVENTS,
    }


def render_html(analysis: Analysis, *, inline_js: bool = True, plotly_src: str = "") -> str:
    """The report as one HTML document.

    Parameters
    ----------
    analysis : Analysis
        What :func:`accord.analyze` returned.
    inline_js : bool
        Inline Plotly's JavaScript (a self-contained file, the default); when False the page loads it
        from ``plotly_src`` instead (the web app serves it from itself).
    plotly_src : str
        URL of Plotly's JavaScript when ``inline_js`` is False.

    Returns
    -------
    str
    """
    ctx = _context(analysis)
    ctx["plotly_inline"] = plotly_js() if inline_js else ""
    ctx["plotly_src"] = plotly_src
    ctx["css"] = (Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    html: str = environment().get_template("report.html.j2").render(**ctx)
    return html


def write_html(analysis: Analysis, path: str | Path) -> int:
    """Write the self-contained report to ``path`` atomically; the number of bytes written."""
    data = render_html(analysis).encode("utf-8")
    atomic_write(path, data)
    return len(data)
