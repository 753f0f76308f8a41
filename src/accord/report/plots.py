"""Plots of typed results (matplotlib, the optional ``plots`` extra), written atomically.

matplotlib is imported inside the functions, so the rest of accord works (and starts fast) without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..analysis.results import ForecastReport, ScenarioSummary, SimulationReport
from ..errors import InputError
from ..io import atomic_path

__all__ = ["plot_forecast", "plot_simulation"]


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError.single("--plot", "plots need matplotlib: pip install 'accord[plots]'") from None
    return plt


def _save(fig: Any, path: str | Path, dpi: int) -> None:
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format=Path(path).suffix.lstrip(".") or "png")


def plot_forecast(report: ForecastReport, scenario: ScenarioSummary, path: str | Path) -> None:
    """Round-by-round forecasts per issue: one model shows every actor's path, several their forecasts."""
    plt = _pyplot()
    issues = scenario.issues
    n = len(issues)
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.5 * cols, 3.2 * rows), squeeze=False)
    for k, issue in enumerate(issues):
        ax = axes[k // cols][k % cols]
        if len(report.models) == 1:
            m = report.models[0]
            for a in scenario.actors:
                ys = [rr.positions[a.id][issue.id] for rr in m.trajectory]
                if any(y == y for y in ys):  # not all NaN
                    ax.plot(ys, lw=0.8, alpha=0.6)
            ax.plot(
                [rr.forecast[issue.id] for rr in m.trajectory],
                color="black",
                lw=2.0,
                label=f"{m.model} forecast",
            )
        else:
            for m in report.models:
                ax.plot([rr.forecast[issue.id] for rr in m.trajectory], marker="o", ms=3, label=m.model)
        ax.set_title(issue.name, fontsize=9)
        ax.set_xlabel("round")
        ax.set_ylim(issue.lo, issue.hi)
        if k == 0:
            ax.legend(fontsize=7)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    _save(fig, path, 110)
    plt.close(fig)


def plot_simulation(report: SimulationReport, path: str | Path) -> None:
    """Concession curves (each proposer's own utility of its full offers, BATNA dashed) and the tracks."""
    plt = _pyplot()
    curves: dict[str, tuple[list[int], list[float]]] = {}
    batna: dict[str, tuple[list[int], list[float]]] = {}
    tracks: dict[str, tuple[list[int], list[float]]] = {}
    for e in report.trace:
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
    fig, axes = plt.subplots(
        1,
        1 + len(tracks),
        figsize=(6.5 + 4.0 * len(tracks), 4.2),
        squeeze=False,
        gridspec_kw={"width_ratios": [1.6] + [1.0] * len(tracks)},
    )
    ax = axes[0, 0]
    for actor, (xs, ys) in curves.items():
        line = ax.plot(xs, ys, marker="o", ms=3, label=f"{actor} ({report.table.get(actor, '')})")[0]
        if actor in batna:
            ax.plot(*batna[actor], ls="--", lw=1, color=line.get_color())
    for g in report.agreements:
        if g.issues == report.agreement:
            continue
        ax.axvline(g.round, color="grey", lw=0.8, ls=":")
        label = ", ".join(f"{i}={o}" for i, o in g.issues.items())
        ax.annotate(label, (g.round, ax.get_ylim()[0]), rotation=90, fontsize=7, va="bottom")
    ax.set_xlabel("round")
    ax.set_ylabel("own utility of own offer (dashed: BATNA)")
    ax.set_title(f"Concessions: {report.outcome} ({report.ended_by}, round {report.round})")
    ax.legend(fontsize=7)
    for j, (tid, (xs, ys)) in enumerate(tracks.items(), start=1):
        ax2 = axes[0, j]
        ax2.plot(xs, ys, color="black")
        frozen = report.frozen.get(tid)
        if frozen is not None:
            ax2.axvline(frozen, color="grey", lw=0.8, ls=":")
        ax2.set_xlabel("round")
        ax2.set_title(
            f"track {tid}" + (f" (frozen in round {frozen})" if frozen is not None else ""), fontsize=9
        )
    fig.tight_layout()
    _save(fig, path, 120)
    plt.close(fig)
