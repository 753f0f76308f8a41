"""Simulated-bargaining benchmarks, with NegMAS 0.16's figures (shared/reference/peers.md) beside ours.

Run: ``.venv/bin/python benchmarks/bench_simulate.py [--quick]``

1. Two time-based agents (Boulware vs Conceder) over a random 10^3-package space, alternating offers
   with a horizon long enough that they agree late: rounds per second of ``Negotiation.run()`` (the
   batched path, which these strategies qualify for) and of the round-by-round path (``batch=False``).
2. Four time-based agents over a random 10^6-package space: setup time (constructing the
   ``Negotiation``: every package's utilities and red-line masks, and each agent's sorted utility
   order) and rounds per second of ``run()`` (which includes the first walk-away check, a pass over
   every package).
3. The flagship tournament: 8 strategies x 7 actors' assignments x 20 seeds on
   ``examples/ukraine-2025/scenario.yaml`` (1,120 runs, every actor at the table, round by round:
   tracks, partial deals and reactive strategies rule out batching).

Random spaces are seeded. Timings on a shared two-core machine are noisy: compare ratios from one run.
NegMAS figures are from peers.md (measured on a machine like CI's); they are not re-measured here.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from accord.deals import DealSpace
from accord.scenario import load_scenario
from accord.simulate import Negotiation, Tournament

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
STRATEGIES = [
    "boulware",
    "linear",
    "conceder",
    "tit-for-tat",
    "anchor-and-cede",
    "staller",
    "deadline-driven",
    "hardliner",
]


def random_space(n_issues: int, n_options: int, n_actors: int, seed: int = 0) -> DealSpace:
    """Random additive space with opposed interests (values of actor 2k+1 mirror those of actor 2k)."""
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_issues):
        v = rng.random((n_actors, n_options))
        v[1::2] = 1.0 - v[0::2][: v[1::2].shape[0]]
        values.append(v)
    return DealSpace(
        issues=tuple(f"issue{k}" for k in range(n_issues)),
        options=tuple(tuple(f"o{j}" for j in range(n_options)) for _ in range(n_issues)),
        actors=tuple(f"agent{i}" for i in range(n_actors)),
        weights=rng.dirichlet(np.ones(n_issues), size=n_actors),
        values=tuple(values),
        disagreement=np.full(n_actors, 0.2),
    )


def bench_rounds(
    space: DealSpace, strategies: dict[str, str], n_rounds: int, batch: bool
) -> tuple[float, float, int]:
    """(setup seconds, rounds per second, rounds played)."""
    t0 = time.perf_counter()
    neg = Negotiation(space, strategies, n_rounds=n_rounds, batch=batch)
    t1 = time.perf_counter()
    res = neg.run()
    t2 = time.perf_counter()
    return t1 - t0, res.round / (t2 - t1), res.round


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller horizons and 2 tournament seeds")
    args = ap.parse_args()
    rows: list[tuple[str, str, str, str]] = []

    small = random_space(3, 10, 2)
    two = {"agent0": "boulware", "agent1": "conceder"}
    horizon = 20_000 if args.quick else 200_000
    _, rps, n = bench_rounds(small, two, horizon, batch=True)
    rows.append(
        (
            "2 time-based agents, 10^3 packages",
            "3,500 rounds/s",
            f"{rps:,.0f} rounds/s ({n:,} rounds, batched)",
            ">= 100,000 rounds/s",
        )
    )
    _, rps_s, n_s = bench_rounds(small, two, min(horizon, 20_000), batch=False)
    rows.append(
        (
            "  same, round by round",
            "3,500 rounds/s",
            f"{rps_s:,.0f} rounds/s ({n_s:,} rounds)",
            "(for reference)",
        )
    )

    big = random_space(6, 10, 4, seed=1)
    four = {f"agent{i}": s for i, s in enumerate(["boulware", "conceder", "linear", "boulware"])}
    setup, rps4, n4 = bench_rounds(big, four, 20_000 if args.quick else 100_000, batch=True)
    rows.append(("4 agents, 10^6 packages: setup", "6 s (first step)", f"{setup:.2f} s", "< 1 s"))
    rows.append(
        (
            "4 agents, 10^6 packages: rounds",
            "170 rounds/s (2 agents)",
            f"{rps4:,.0f} rounds/s ({n4:,} rounds)",
            ">= 10,000 rounds/s",
        )
    )
    _, rps4s, n4s = bench_rounds(big, four, 5_000, batch=False)
    rows.append(
        (
            "  same, round by round",
            "170 rounds/s",
            f"{rps4s:,.0f} rounds/s ({n4s:,} rounds)",
            "(for reference)",
        )
    )

    scenario = load_scenario(FLAGSHIP)
    n_seeds = 2 if args.quick else 20
    t0 = time.perf_counter()
    t = Tournament([scenario], STRATEGIES, n_seeds=n_seeds, seed=0)
    res = t.run()
    dt = time.perf_counter() - t0
    n_runs = len({(r["assignment"], r["seed"]) for r in res.records})
    rows.append(
        (
            f"flagship tournament, 8 x 7 x {n_seeds} ({n_runs} runs)",
            "-",
            f"{dt:.1f} s ({n_runs / dt:,.0f} runs/s)",
            "< 60 s (20 seeds)",
        )
    )

    w = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("task", "NegMAS 0.16", "accord", "target")
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(head)))
    print("  ".join("-" * w[i] for i in range(4)))
    for r in rows:
        print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)))


if __name__ == "__main__":
    main()
