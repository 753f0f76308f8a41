"""Backtest the outlook on real outcomes: the expected state against what was decided.

The outlook (:func:`accord.analysis.outlook.outlook`) plays the talks forward many times and gives per
issue the chance of agreement (``p_agreement``) and the expected state (the agreed option's value where
settled, the status quo where not). Here it runs on every DEU issue that has an outcome (the issues the
model backtest scores, :func:`accord.forecast.backtest.deu_issues`), or on an evenly spaced selection of
``max_cases`` of them, and is scored with the model backtest's measure: the mean absolute error on the
0-100 scale, with the paired difference to the compromise model (bootstrap 95% interval), beside the
compromise and median models and the plain median of the positions **on the same issues**.

Two readings of the outlook are scored:

* ``expected``: the expected state, on the issues where it is defined: those with a status quo (the
  DEU reference point) to fall back on where a run ends without agreement, and those every run settles;
* ``if_agreed``: the mean agreed value over the runs that settle the issue, on every issue some run
  settles (comparable to a forecast model's "outcome if agreed").

Calibration of ``p_agreement``: the DEU data holds adopted legislation only, so every scored issue was
agreed; an outlook that is calibrated on it gives probabilities near 1. The report gives the Brier score
against "agreed" and the probabilities binned (mean p against the observed share, 1 in every bin), and
says plainly that the data cannot show whether the outlook over-predicts agreement (no case failed).

References
----------
(bibliography: Achen2006a, DEU)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputError
from .results import CalibrationBin, ModelScore, OutlookScore

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["CalibrationBin", "OutlookScore", "outlook_backtest", "select_cases", "CALIBRATION_NOTE"]

#: What the DEU data can and cannot say about the outlook's p_agreement.
CALIBRATION_NOTE = (
    "DEU holds adopted legislation only: every scored issue was agreed, so calibration is measured "
    "against 'agreed' alone (a calibrated outlook gives p near 1); with no failed case the data cannot "
    "show over-prediction of agreement"
)


def select_cases(n: int, max_cases: int | None) -> list[int]:
    """Indices of ``max_cases`` issues evenly spaced over ``n`` (all of them when None or larger)."""
    if max_cases is None or max_cases >= n:
        return list(range(n))
    if max_cases < 1:
        raise InputError.single("--max-cases", f"must be at least 1, not {max_cases}")
    return sorted({int(round(x)) for x in np.linspace(0, n - 1, max_cases)})


def _scores(section: dict[str, dict[str, object]]) -> dict[str, ModelScore]:
    out = {}
    for name, e in section.items():
        ci = e.get("diff_vs_compromise")
        out[name] = ModelScore(
            int(e["n"]),  # type: ignore[call-overload]
            e["mae"],  # type: ignore[arg-type]
            e.get("diff_mean"),  # type: ignore[arg-type]
            None if ci is None else (float(ci[0]), float(ci[1])),  # type: ignore[index]
        )
    return out


def outlook_backtest(
    scenarios: Sequence[Scenario],
    *,
    n_runs: int = 20,
    rounds: int = 26,
    max_cases: int | None = None,
    n_boot: int = 2000,
    seed: int = 0,
) -> OutlookScore:
    """Run the outlook on each single-issue case with an outcome and score it (see the module docstring).

    Parameters
    ----------
    scenarios : sequence of Scenario
        Single-issue cases whose ``metadata["outcome"]`` holds the decided value on the 0-100 scale.
    n_runs : int
        Simulated runs per case.
    rounds : int
        The horizon of each run.
    max_cases : int, optional
        Run on this many cases, evenly spaced in file order (default: every one).
    n_boot, seed : int
        Bootstrap resamples, and the seed of the outlook runs, the models and the bootstrap.
    """
    from ..forecast.backtest import _references, run_models, score
    from .outlook import outlook

    picked = [scenarios[k] for k in select_cases(len(scenarios), max_cases)]
    if not picked:
        raise InputError.single("cases", "no case has an outcome")
    y = np.array([sc.metadata["outcome"] for sc in picked], dtype=float)
    expected = np.full(len(picked), np.nan)
    if_agreed = np.full(len(picked), np.nan)
    p_agree = np.zeros(len(picked))
    for k, sc in enumerate(picked):
        rep = outlook(sc, n_runs=n_runs, seed=seed, default_rounds=rounds)
        io = rep.issues[0]
        p_agree[k] = io.p_agreement
        if io.expected is not None:
            expected[k] = io.expected
        if io.options:
            # The options' shares sum to p_agreement; their values are the deal space's grid.
            from ..deals import deal_space_from_scenario

            space = deal_space_from_scenario(sc)
            vals = dict(zip(space.options[0], space.option_values[0], strict=True))
            w = np.array(list(io.options.values()))
            if_agreed[k] = float(np.dot([vals[o] for o in io.options], w) / w.sum())
    models, _ = run_models(picked, ["compromise", "median"], seed)
    refs = _references(picked)
    base = {**models, "plain_median": refs["plain_median"]}
    scored = np.isfinite(expected)
    on_sq = {name: np.where(scored, f, np.nan) for name, f in base.items()}
    ex = score({**on_sq, "outlook": expected}, y, n_boot=n_boot, seed=seed)
    ag = score({"compromise": base["compromise"], "outlook": if_agreed}, y, n_boot=n_boot, seed=seed)
    every = score(base, y, n_boot=n_boot, seed=seed)
    edges = np.linspace(0.0, 1.0, 6)
    bins = []
    for j in range(5):
        lo, hi = float(edges[j]), float(edges[j + 1])
        inside = (p_agree >= lo) & ((p_agree < hi) if j < 4 else (p_agree <= hi))
        n = int(inside.sum())
        bins.append(
            CalibrationBin(lo, hi, n, float(p_agree[inside].mean()) if n else None, 1.0 if n else None)
        )
    return OutlookScore(
        n_cases=len(picked),
        n_available=len(scenarios),
        n_runs=n_runs,
        rounds=rounds,
        expected=_scores(ex)["outlook"],
        if_agreed=_scores(ag)["outlook"],
        baselines={k: v for k, v in _scores(ex).items() if k != "outlook"},
        baselines_all=_scores(every),
        mean_p_agreement=float(p_agree.mean()),
        brier=float(np.mean((1.0 - p_agree) ** 2)),
        calibration=tuple(bins),
        note=CALIBRATION_NOTE,
    )
