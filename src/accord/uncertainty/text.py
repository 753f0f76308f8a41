"""Terminal text for the uncertainty documents (sweep, sensitivity, the analyze section).

Tables go through :func:`accord.report.text.table`, as every other result's do.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..report.text import table
from .results import SensitivityReport, Spread, SweepReport, UncertaintySummary

__all__ = ["render_sweep", "render_sensitivity", "render_uncertainty_summary", "RENDERERS"]


def _f(x: float | str | None, digits: int = 1) -> str:
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    if not math.isfinite(x):
        return "-"
    return f"{x:.{digits}f}"


def _options(shares: dict[str, float], k: int = 3) -> str:
    top = sorted(shares.items(), key=lambda t: -t[1])[:k]
    return ", ".join(f"{o} {p:.0%}" for o, p in top)


def _origins(origins: list[str]) -> str:
    counts = Counter("written" if o == "written" else "default" for o in origins)
    parts = []
    if counts["written"]:
        parts.append(f"{counts['written']} written")
    if counts["default"]:
        parts.append(f"{counts['default']} default spreads by confidence")
    return ", ".join(parts)


def _forecast_rows(forecasts: Any) -> list[list[str]]:
    return [
        [
            f.model,
            f.issue,
            _f(f.spread.p05),
            _f(f.spread.p50),
            _f(f.spread.p95),
            _f(f.spread.sd),
            _options(f.options),
        ]
        for f in forecasts
    ]


def _spread_text(s: Spread | None, digits: int = 3) -> str:
    if s is None or s.n == 0:
        return "-"
    return f"{_f(s.p50, digits)} (90% in {_f(s.p05, digits)} - {_f(s.p95, digits)})"


def render_sweep(r: SweepReport, top: int = 10) -> str:
    """What a sweep found: forecast intervals, the deal space's odds, agreement by round, outcomes."""
    out = [
        f"Sweep of {r.title!r}: {r.n_samples:,} samples ({r.method}, seed {r.seed}), "
        f"{len(r.parameters)} uncertain inputs ({_origins([p.origin for p in r.parameters])})"
    ]
    if r.file:
        out.append(f"Table: {r.file} ({r.n_rows:,} rows, one per sample x output)")
    out.append("")
    if r.forecasts:
        head = ["model", "issue", "p05", "median", "p95", "sd", "nearest option (share of samples)"]
        out.append(table(head, _forecast_rows(r.forecasts), title="Forecasts over the samples", right=2))
    if r.p_zopa is not None:
        cost = _spread_text(r.opening_cost)
        out.append(f"Zone of agreement: P = {r.p_zopa:.2f}; cost of the cheapest opening {cost}")
        if r.openings:
            # The likeliest opening in full, the others by what they change in it.
            first = dict(x.split("=", 1) for x in r.openings[0].package.split(", "))
            rows = []
            for k, o in enumerate(r.openings[:top]):
                pkg = dict(x.split("=", 1) for x in o.package.split(", "))
                diff = ", ".join(f"{i}={v}" for i, v in pkg.items() if first.get(i) != v)
                rows.append(
                    ["(the likeliest)" if k == 0 else diff, f"{o.probability:.2f}", _f(o.mean_cost, 3)]
                )
            title = f"Cheapest openings; the likeliest: {r.openings[0].package}"
            out.append(table(["differs from the likeliest", "P", "cost"], rows, title=title))
    if r.agreement:
        n = len(r.agreement[0].by_round)
        marks = sorted({m for m in (1, 4, 8, 13, 26, 52, n) if m <= n})
        dates = r.round_dates
        head = ["settled", *[f"r{m}" + (f" {dates[m - 1]}" if dates else "") for m in marks]]
        rows = [
            [c.subject, *[f"{c.by_round[m - 1]:.2f}" for m in marks]] for c in r.agreement if c.settled > 0
        ]
        if rows:
            out.append(table(head, rows, title="P(settled by round), for what is settled in some sample"))
        else:
            out.append(f"Nothing is settled by round {n} in any sample.\n")
    if r.outcomes:
        out.append("Simulated outcomes: " + ", ".join(f"{k} {v:.2f}" for k, v in r.outcomes.items()) + "\n")
    if r.utilities:
        rows = [[a, _f(s.p05, 3), _f(s.p50, 3), _f(s.p95, 3)] for a, s in r.utilities.items()]
        out.append(table(["actor", "p05", "median", "p95"], rows, title="Simulated utilities"))
    for what, n in r.failures.items():
        out.append(f"{what}: failed on {n} sample(s) (see the error rows of the table)")
    return "\n".join(out).rstrip() + "\n"


def render_sensitivity(r: SensitivityReport, top: int = 20) -> str:
    """The inputs ranked by how much they move the output."""
    what = f"{r.output} ({r.model} forecast)" if r.model else r.output
    how = "Sobol' indices" if r.method == "sobol" else "one-at-a-time tornado (5% - 95%)"
    out = [
        f"Sensitivity of {what} in {r.title!r}: {how}, {r.n_evaluations:,} evaluations, "
        f"{r.n_parameters} uncertain inputs",
        f"output: mean {_f(r.mean, 3)}, sd {_f(r.sd, 3)}; with every input as stated {_f(r.nominal, 3)}",
        "",
    ]
    if r.method == "sobol":
        rows = [
            [str(x.rank), x.parameter, _f(x.s1, 3), _f(x.s1_conf, 3), _f(x.st, 3), _f(x.st_conf, 3)]
            for x in r.sobol[:top]
        ]
        out.append(table(["rank", "input", "S1", "+-", "ST", "+-"], rows, right=2))
    else:
        rows = [
            [
                str(x.rank),
                x.parameter,
                _f(x.low),
                _f(x.high),
                _f(x.output_low, 3),
                _f(x.output_high, 3),
                _f(x.swing, 3),
            ]
            for x in r.tornado[:top]
        ]
        out.append(
            table(["rank", "input", "low", "high", "output at low", "at high", "swing"], rows, right=2)
        )
    shown = len(r.sobol or r.tornado)
    if shown > top:
        out.append(f"({shown - top} more inputs in --json)")
    out.extend(r.notes)
    return "\n".join(out).rstrip() + "\n"


def render_uncertainty_summary(r: UncertaintySummary) -> str:
    """The uncertainty section of ``accord analyze``."""
    out = [
        f"Uncertainty: {r.n_parameters} uncertain inputs, {r.n_samples} samples"
        + (" (default spreads by confidence)" if r.default_spread else "")
    ]
    if r.forecasts:
        head = ["model", "issue", "p05", "median", "p95", "sd", "nearest option (share of samples)"]
        out.append(table(head, _forecast_rows(r.forecasts), right=2))
    if r.p_zopa is not None:
        out.append(f"P(zone of agreement) = {r.p_zopa:.2f} ({r.n_deal_samples} samples)")
    return "\n".join(out).rstrip() + "\n"


#: Renderer per document type (for :func:`accord.report.render`).
RENDERERS: dict[type[Any], Callable[..., str]] = {
    SweepReport: render_sweep,
    SensitivityReport: render_sensitivity,
    UncertaintySummary: render_uncertainty_summary,
}
