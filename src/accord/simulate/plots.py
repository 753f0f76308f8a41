"""Plots of a simulated negotiation: concession curves and track values (matplotlib, optional).

matplotlib is imported inside the functions (the ``plots`` extra), so the rest of accord works without
it; a clear ``ImportError`` says what to install.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from .results import SimulationResult

__all__ = ["plot_result"]


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("plots need matplotlib: pip install 'accord[plots]'") from err
    return plt


def plot_result(result: SimulationResult, path: str | Path | None = None) -> Any:
    """Plot concession curves and, when the run has tracks, the track values per round.

    A concession curve is each proposer's own utility of its full offers, by round, with its BATNA dashed.

    Returns the matplotlib figure; saves it to ``path`` when given (atomically; the format follows the
    suffix, PNG when there is none).
    """
    plt = _pyplot()
    tracks = result.track_values()
    # One panel for the concessions and one per track (tracks have their own units).
    n_panels = 1 + len(tracks)
    fig, axes = plt.subplots(
        1,
        n_panels,
        figsize=(6.5 + 4.0 * len(tracks), 4.2),
        squeeze=False,
        gridspec_kw={"width_ratios": [1.6] + [1.0] * len(tracks)},
    )
    ax = axes[0, 0]
    rounds = result.rounds["round"]
    for actor, (xs, ys) in result.concession_curves().items():
        line = ax.plot(xs, ys, marker="o", ms=3, label=f"{actor} ({result.strategies.get(actor, '')})")[0]
        ax.plot(
            rounds,
            result.rounds["batna"][:, result.actors.index(actor)],
            ls="--",
            lw=1,
            color=line.get_color(),
        )
    for issue, r in result.partial_rounds.items():
        ax.axvline(r, color="grey", lw=0.8, ls=":")
        ax.annotate(
            f"{issue}={result.partial[issue]}", (r, ax.get_ylim()[0]), rotation=90, fontsize=7, va="bottom"
        )
    ax.set_xlabel("round")
    ax.set_ylabel("own utility of own offer (dashed: BATNA)")
    ax.set_title(f"Concessions: {result.outcome} ({result.ended_by}, round {result.round})")
    ax.legend(fontsize=7)
    for j, (tid, values) in enumerate(tracks.items(), start=1):
        ax2 = axes[0, j]
        ax2.plot(rounds, values, color="black")
        if tid in result.frozen:
            ax2.axvline(result.frozen[tid], color="grey", lw=0.8, ls=":")
        ax2.set_xlabel("round")
        ax2.set_title(
            f"track {tid}" + (f" (frozen in round {result.frozen[tid]})" if tid in result.frozen else ""),
            fontsize=9,
        )
    fig.tight_layout()
    if path is not None:
        _save(fig, Path(path))
    return fig


def _save(fig: Any, path: Path) -> None:
    """Save ``fig`` atomically: into a temporary sibling file, then renamed into place.

    The format follows ``path``'s suffix (as ``savefig`` would), so the temporary name keeps it.

    Raises
    ------
    InputError
        When the file cannot be written; the message names ``path`` as given.
    """
    from accord.errors import InputError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix or ".png")
    except OSError as err:
        raise InputError.single(str(path), f"cannot be written: {err.strerror or err}") from err
    try:
        with os.fdopen(fd, "wb") as fh:
            fig.savefig(fh, dpi=120, format=path.suffix.lstrip(".").lower() or "png")
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise InputError.single(str(path), f"cannot be written: {err.strerror or err}") from err
        raise
