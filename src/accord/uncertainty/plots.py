"""The sensitivity plot: a tornado chart, or Sobol' first and total indices, as a PNG (or SVG, PDF).

matplotlib is imported inside the function (the optional ``plots`` extra), and the file is written
atomically.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..io import atomic_path
from .results import SensitivityReport

__all__ = ["plot_sensitivity"]


def plot_sensitivity(report: SensitivityReport, path: str | Path, top: int = 15, dpi: int = 120) -> None:
    """Draw the ``top`` inputs of a sensitivity report to ``path`` (format from the suffix)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError.single("--plot", "plots need matplotlib: pip install 'accord[plots]'") from None
    what = f"{report.output} ({report.model})" if report.model else report.output
    if report.method == "sobol":
        srows = list(report.sobol[:top])[::-1]
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(srows) + 1.5))
        ys = list(range(len(srows)))
        ax.barh([y + 0.2 for y in ys], [r.st or 0.0 for r in srows], height=0.4, label="total (ST)")
        ax.barh([y - 0.2 for y in ys], [r.s1 or 0.0 for r in srows], height=0.4, label="first order (S1)")
        ax.set_yticks(ys, [r.parameter for r in srows], fontsize=8)
        ax.set_xlabel("share of the output's variance")
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title(f"Sobol' indices of {what}", fontsize=10)
    else:
        trows = list(report.tornado[:top])[::-1]
        base = report.nominal if report.nominal is not None else 0.0
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(trows) + 1.5))
        for y, r in enumerate(trows):
            lo = r.output_low if r.output_low is not None else base
            hi = r.output_high if r.output_high is not None else base
            ax.barh(y, lo - base, left=base, color="tab:blue", height=0.6)
            ax.barh(y, hi - base, left=base, color="tab:orange", height=0.6)
        ax.axvline(base, color="black", linewidth=0.8)
        ax.set_yticks(range(len(trows)), [r.parameter for r in trows], fontsize=8)
        ax.set_xlabel(f"{what} (blue: input at its low value, orange: at its high value)")
        ax.set_title(f"Tornado of {what}: each input alone, others as stated", fontsize=10)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format=Path(path).suffix.lstrip(".") or "png")
    plt.close(fig)
