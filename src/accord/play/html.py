"""The debrief of a game as a self-contained HTML page (``accord play ... --html debrief.html``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .results import GameReport

__all__ = ["render_game_html", "write_game_html"]


def _figure(report: GameReport) -> list[dict[str, Any]]:
    """Per debrief: a bar chart of the person's score against each strategy in the seat (Plotly JSON)."""
    out = []
    for d in report.debrief:
        alts = sorted(d.alternatives, key=lambda a: a.score)
        names = [a.strategy for a in alts] + ["you"]
        scores = [a.score for a in alts] + [d.score]
        colours = ["#8da0cb"] * len(alts) + ["#e78ac3"]
        out.append(
            {
                "data": [
                    {"type": "bar", "orientation": "h", "x": scores, "y": names, "marker": {"color": colours}}
                ],
                "layout": {
                    "title": {"text": f"{d.seat}: {d.score_label}"},
                    "margin": {"l": 140, "r": 20, "t": 40, "b": 40},
                    "height": 60 + 28 * len(names),
                },
            }
        )
    return out


def render_game_html(report: GameReport, *, inline_js: bool = True, plotly_src: str = "") -> str:
    """The game and its debrief as one HTML document (Plotly inlined unless ``inline_js`` is False)."""
    from ..report.html import environment, plotly_js

    css = (Path(__file__).parents[1] / "report" / "templates" / "report.css").read_text(encoding="utf-8")
    html: str = (
        environment()
        .get_template("game.html.j2")
        .render(
            r=report,
            figures=json.dumps(_figure(report)),
            css=css,
            plotly_inline=plotly_js() if inline_js else "",
            plotly_src=plotly_src,
        )
    )
    return html


def write_game_html(report: GameReport, path: str | Path) -> int:
    """Write the page atomically; the number of bytes written."""
    from ..io import atomic_write

    data = render_game_html(report).encode("utf-8")
    atomic_write(path, data)
    return len(data)
