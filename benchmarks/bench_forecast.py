"""Speed of the forecast models, with the peers' figures beside ours (see ../shared/reference/peers.md).

Run: ``PYTHONPATH=src python benchmarks/bench_forecast.py`` (reads ../shared/data for the real inputs).

Cases (targets from issue 3):

- EUM, 17 actors x 10 rounds (synthetic, seeded; the convergence test is disabled so all 10 rounds run):
  target < 0.05 s; the Python port of Bueno de Mesquita's model takes 263 s.
- Exchange model, COP21 (15 actors x 13 issues), 10 rounds: target < 0.2 s; Decide's model loop 9.5 s.
- The whole DEU dev backtest (222 issues, every listed model, 2000 bootstrap resamples):
  target < 30 s.
- Compromise and median models over a sample axis (1,000 samples of 80 actors x 20 issues, one numpy
  pass each, the path the uncertainty sweeps take): target < 0.5 s; no peer batches these. The loop of
  one ``run`` per sample is printed beside it as the reference.

Peers were measured on a 2-core machine like ours; compare ratios, not single absolute numbers.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from accord.forecast import CompromiseModel, ForecastInput, ForecastModel, ForecastResult, MedianModel
from accord.forecast.eum import EUMParams, eum

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Best wall time of ``repeat`` runs (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _per_sample(model: ForecastModel, batch: ForecastInput) -> list[ForecastResult]:
    """The reference the batch is measured against: one ``run`` per sample."""
    return [model.run(batch.sample(i)) for i in range(batch.n_samples or 0)]


def _batch(n_samples: int, n_actors: int, n_issues: int) -> ForecastInput:
    """A seeded batch of random inputs, a tenth of the stances missing."""
    rng = np.random.default_rng(5)
    pos = rng.uniform(0, 100, (n_samples, n_actors, n_issues))
    pos[rng.random(pos.shape) < 0.1] = np.nan
    return ForecastInput(
        actor_ids=tuple(f"a{i}" for i in range(n_actors)),
        issue_ids=tuple(f"i{k}" for k in range(n_issues)),
        positions=pos,
        saliences=rng.uniform(0, 100, pos.shape),
        capabilities=rng.uniform(0.1, 1.0, (n_samples, n_actors)),
        scale_lo=np.zeros(n_issues),
        scale_hi=np.full(n_issues, 100.0),
        status_quo=np.full(n_issues, np.nan),
    )


def main() -> int:
    rows: list[tuple[str, float, float, str, str]] = []
    rng = np.random.default_rng(17)
    x = rng.uniform(0, 100, (17, 1))
    s = rng.uniform(10, 100, (17, 1))
    c = rng.uniform(0.1, 1.0, 17)
    params = EUMParams(max_rounds=10, tol=-1.0)
    assert eum(x, s, c, params).n_rounds == 10
    rows.append(
        (
            "EUM 17 actors x 10 rounds",
            best_of(lambda: eum(x, s, c, params)),
            0.05,
            "263 s",
            "Python port (dmasad/jmckib)",
        )
    )
    batch = _batch(1000, 80, 20)
    models: list[ForecastModel] = [CompromiseModel(), MedianModel()]
    for model in models:
        one_pass = functools.partial(model.run, batch)
        per_sample = functools.partial(_per_sample, model, batch)
        loop = best_of(per_sample, repeat=1)
        rows.append(
            (
                f"{model.name}, batch 1000 x 80x20",
                best_of(one_pass),
                0.5,
                f"{loop:.2f} s",
                "one run per sample (accord, loop)",
            )
        )
    if SHARED.is_dir():
        from accord.forecast.backtest import backtest
        from accord.forecast.exchange import ExchangeParams, exchange
        from accord.scenario.importers import read_decide

        sc = read_decide(SHARED / "decide" / "cop21.csv")
        xp = ExchangeParams(max_rounds=10)
        assert exchange(sc.positions, sc.saliences, sc.capabilities, xp).n_rounds == 10
        rows.append(
            (
                "Exchange COP21 15x13, 10 rounds",
                best_of(lambda: exchange(sc.positions, sc.saliences, sc.capabilities, xp)),
                0.2,
                "9.5 s",
                "decide-exchange-model loop",
            )
        )
        deu = SHARED / "deu" / "deu3-dev.tsv"
        result: dict = {}

        def run_backtest() -> None:
            result.update(backtest(deu))

        rows.append(
            (
                "DEU dev backtest, all models",
                best_of(run_backtest, repeat=1),
                30.0,
                "-",
                f"models: {', '.join(result['models'])}",
            )
        )
    else:
        print(f"note: {SHARED} is absent; only the synthetic EUM case runs", file=sys.stderr)
    print(f"{'case':<34}{'accord':>11}{'target':>9}{'peer':>9}  {'ratio':>8}  peer tool")
    failed = False
    for name, t, target, peer, tool in rows:
        ratio = ""
        if peer.endswith(" s"):
            ratio = f"{float(peer[:-2]) / t:,.0f}x"
        ok = t < target
        failed |= not ok
        print(f"{name:<34}{t:>10.4f}s{target:>8g}s{peer:>9}  {ratio:>8}  {tool}{'' if ok else '  MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
