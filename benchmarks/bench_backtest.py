"""Backtest benchmark: the DEU dev backtest of every model, in process and as a whole ``accord`` process.

Run: ``.venv/bin/python benchmarks/bench_backtest.py [--repeat N] [--no-process]``

1. In process: :func:`accord.forecast.backtest.backtest` with every listed model (``--models all``),
   median of ``--repeat`` runs after one warm-up run (which loads numba's compiled SMP kernels from its
   on-disk cache, or compiles them on a first run); then each model alone (``run_models``, median).
2. The SMP alone, stacked across issues (``SMPModel.run_many``) and one issue at a time (``run``), with a
   check that the two give the same forecasts bit for bit.
3. Whole process: ``accord backtest ../shared/data/deu/deu3-dev.tsv --models all``, wall time, median of
   ``--repeat`` runs (Python start-up, imports, numba's start-up and the backtest).

Target (issue 11): the backtest of all models under 1.5 s. Timings on a shared two-core machine are
noisy: compare figures taken in one run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from accord.forecast import ForecastInput
from accord.forecast.backtest import backtest, deu_issues, run_models
from accord.forecast.smp import SMPModel
from accord.forecast.smp_stacked import jit_available
from accord.registry import MODELS

ROOT = Path(__file__).resolve().parents[1]
DEU = ROOT.parent / "shared" / "data" / "deu" / "deu3-dev.tsv"
TARGET_S = 1.5


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    ap.add_argument("--no-process", action="store_true", help="skip the whole-process timing")
    args = ap.parse_args(argv)
    if not DEU.is_file():
        print(f"{DEU} is missing: the benchmark needs ../shared/data beside the checkout")
        return 1
    print(
        f"numba {'installed: the SMP stacks issues' if jit_available() else 'missing: one issue at a time'}"
    )

    t0 = time.perf_counter()
    backtest(DEU, n_boot=2000)
    warm = time.perf_counter() - t0
    whole = median_time(lambda: backtest(DEU, n_boot=2000), args.repeat)
    print(f"backtest, all models, in process: {whole:.2f} s (first run {warm:.2f} s)")
    scenarios = deu_issues(DEU)
    for name in MODELS.listed():
        print(f"  {name:<12}{median_time(lambda n=name: run_models(scenarios, [n]), args.repeat):>7.3f} s")

    model = SMPModel()
    inputs = [ForecastInput.from_scenario(sc) for sc in scenarios]

    def rngs() -> list[np.random.Generator]:
        return [np.random.default_rng(0) for _ in inputs]

    stacked = model.run_many(inputs, rngs())
    one_by_one = [model.run(a, r) for a, r in zip(inputs, rngs(), strict=True)]
    same = all(
        np.array_equal(a.forecast, b.forecast) and np.array_equal(a.trajectory, b.trajectory, equal_nan=True)
        for a, b in zip(stacked, one_by_one, strict=True)
        if not isinstance(a, ValueError)
    )
    t_stack = median_time(lambda: model.run_many(inputs, rngs()), args.repeat)
    t_one = median_time(lambda: [model.run(a, r) for a, r in zip(inputs, rngs(), strict=True)], args.repeat)
    print(
        f"SMP on {len(inputs)} issues: stacked {t_stack:.2f} s, one by one {t_one:.2f} s "
        f"({t_one / t_stack:.1f}x); forecasts and trajectories identical: {'yes' if same else 'NO'}"
    )

    met = whole < TARGET_S
    if not args.no_process:
        cmd = [sys.executable, "-m", "accord", "backtest", str(DEU), "--models", "all"]
        proc = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True), args.repeat)
        print(f"whole process ({' '.join(['accord', *cmd[3:]])}): {proc:.2f} s")
    print(f"target: backtest of all models under {TARGET_S} s in process: {'met' if met else 'NOT met'}")
    return 0 if met and same else 2


if __name__ == "__main__":
    sys.exit(main())
