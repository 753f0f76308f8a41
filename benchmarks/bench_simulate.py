"""Simulated-bargaining benchmarks: rounds per second on each path, set-up of a large space, a tournament.

Run: ``.venv/bin/python benchmarks/bench_simulate.py [--quick]``

Rounds per second are medians of 3 runs of ``Negotiation.run()`` (construction excluded, the result
included) on a random 10^3-package space (3 issues x 10 options) with two agents:

1. two time-based agents (Boulware vs Conceder) on the batched path (``batch=True``, the default);
2. round by round, two built-in strategies, one adaptive (Boulware vs Tit For Tat, which cannot be
   batched): in the compiled loop (``batch=True`` and a long horizon: :mod:`accord.simulate.compiled`,
   numba, started once before timing) and on the pure-Python path (``batch=False``); also Boulware vs
   Conceder forced round by round both ways. Each compiled run is checked to give the Python path's
   result, every field;
3. round by round, a plug-in strategy written in plain Python (:class:`PlainConceder` below, which the
   engine knows nothing about) against Boulware, and against itself;
4. four time-based agents over a random 10^6-package space: set-up time and rounds per second;
5. the flagship tournament: 8 strategies x 7 actors' assignments x 20 seeds on
   ``examples/ukraine-2025/scenario.yaml`` (1,120 runs, round by round in Python: tracks and partial
   deals keep them off the batched and compiled paths).

Each actor's concession clock is its patience, independent of the horizon (issue 9); the runs here
set it to the horizon (``patience=horizon``) so that they are long enough to time.

Targets (issue 11): 800,000 rounds/s round by round for two built-in strategies, 200,000 for a
pure-Python plug-in. Side-by-side figures with NegMAS come from the peer harness
(``python benchmarks/run.py --peers``), not from here. Timings on a shared two-core machine are noisy:
compare figures taken in one run.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

import numpy as np

from accord.deals import DealSpace
from accord.scenario import load_scenario
from accord.simulate import Negotiation, SimulationResult, Tournament
from accord.simulate.compiled import compilable
from accord.simulate.state import NegotiationInfo, Offer, State
from accord.simulate.strategies.base import DEFAULT_TRAITS, Strategy

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


class PlainConceder(Strategy):
    """A plug-in in plain Python: concede from its best package to its BATNA by its deadline.

    Its target at relative time ``t`` is ``r + (best - r) (1 - t ** (1 / exponent))``; it offers the
    package of least own utility at or above the target (a bisection in its sorted utilities, kept as
    Python lists) and accepts offers within its red lines worth at least the target and its BATNA.
    """

    name = "Plain Conceder"
    traits = dict(DEFAULT_TRAITS)

    def __init__(self, exponent: float = 1.0) -> None:
        self.exponent = exponent

    def start(self, info: NegotiationInfo) -> None:
        """Keep the rules; the sorted utilities are read at the first decision."""
        super().start(info)
        self.order_: tuple[object, list[int], list[float]] | None = None

    def _order(self, state: State) -> tuple[list[int], list[float]]:
        rows, su = state.arena.sorted_for(state.me)
        if self.order_ is None or self.order_[0] is not rows:
            self.order_ = (rows, rows.tolist(), su.tolist())
        return self.order_[1], self.order_[2]

    def _target(self, state: State, su: list[float]) -> float:
        d = self.info_.deadline
        t = min(1.0, (state.round - 1) / (d - 1)) if d > 1 else 1.0
        r = state.reservation
        return r + (su[-1] - r) * (1.0 - t ** (1.0 / self.exponent))

    def propose(self, state: State) -> Offer | None:
        """The package of least own utility at or above the target."""
        rows, su = self._order(state)
        if not rows:
            return None
        return Offer(row=rows[min(bisect_left(su, self._target(state, su)), len(rows) - 1)])

    def respond(self, state: State, offer: Offer) -> bool:
        """Accept offers within the red lines worth at least the target and the BATNA."""
        rows, su = self._order(state)
        if not rows or not state.acceptable(offer):
            return False
        return state.utility(offer) >= max(state.reservation, self._target(state, su))


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


def fingerprint(res: SimulationResult) -> str:
    """A digest of the result's outcome and trace (to check two paths agree)."""
    h = hashlib.sha256(
        repr((res.round, res.ended_by, res.agreement_index, res.offers, res.responses)).encode()
    )
    h.update(np.ascontiguousarray(res.offer_utilities).tobytes())
    for v in res.rounds.values():
        h.update(np.ascontiguousarray(v).tobytes())
    return h.hexdigest()


def rounds_per_second(make: Callable[[], Negotiation], repeat: int = 3) -> tuple[float, SimulationResult]:
    """Median rounds per second of ``make().run()`` (construction not timed), and the last result."""
    rates = []
    for _ in range(repeat):
        neg = make()
        t0 = time.perf_counter()
        res = neg.run()
        rates.append(res.round / (time.perf_counter() - t0))
    return statistics.median(rates), res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="shorter horizons and 2 tournament seeds")
    args = ap.parse_args()
    rows: list[tuple[str, str, str]] = []
    small = random_space(3, 10, 2)
    horizon = 20_000 if args.quick else 200_000

    def neg(table: dict, n: int, batch: bool) -> Callable[[], Negotiation]:
        return lambda: Negotiation(small, dict(table), n_rounds=n, patience=n, batch=batch)

    two = {"agent0": "boulware", "agent1": "conceder"}
    rps, res = rounds_per_second(neg(two, horizon, True))
    rows.append(
        ("2 time-based agents, 10^3 packages, batched", f"{rps:,.0f} rounds/s ({res.round:,} rounds)", "-")
    )

    # numba starts once (import and cached kernels), outside the timings
    t0 = time.perf_counter()
    Negotiation(
        small, {"agent0": "boulware", "agent1": "tit-for-tat"}, n_rounds=100_000, patience=100_000
    ).run()
    rows.append(
        ("  numba start and one compiled run (once a process)", f"{time.perf_counter() - t0:.2f} s", "-")
    )
    adaptive = {"agent0": "boulware", "agent1": "tit-for-tat"}
    assert compilable(neg(adaptive, horizon, True)()), "the compiled loop should take this run"
    rps_c, res_c = rounds_per_second(neg(adaptive, horizon, True))
    rps_p, res_p = rounds_per_second(neg(adaptive, horizon, False))
    same = "same result" if fingerprint(res_c) == fingerprint(res_p) else "RESULTS DIFFER"
    rows.append(
        (
            "round by round, Boulware vs Tit For Tat, compiled",
            f"{rps_c:,.0f} rounds/s ({res_c.round:,} rounds; {same})",
            ">= 800,000 rounds/s",
        )
    )
    rows.append(("  same, pure Python (batch=False)", f"{rps_p:,.0f} rounds/s", "(the reference path)"))

    from accord.simulate.compiled import run_compiled

    def forced(table: dict) -> Callable[[], Negotiation]:
        class Forced(Negotiation):
            def run(self) -> SimulationResult:
                run_compiled(self)
                while not self.done:
                    self.step()
                return self.result()

        return lambda: Forced(small, dict(table), n_rounds=horizon, patience=horizon)

    rps_fc, res_fc = rounds_per_second(forced(two))
    rps_fp, res_fp = rounds_per_second(neg(two, horizon, False))
    same = "same result" if fingerprint(res_fc) == fingerprint(res_fp) else "RESULTS DIFFER"
    rows.append(
        (
            "round by round, Boulware vs Conceder, compiled",
            f"{rps_fc:,.0f} rounds/s ({res_fc.round:,} rounds; {same})",
            ">= 800,000 rounds/s",
        )
    )
    rows.append(("  same, pure Python (batch=False)", f"{rps_fp:,.0f} rounds/s", "(the reference path)"))

    plug = {"agent0": PlainConceder(0.3), "agent1": "boulware"}
    rps_pl, res_pl = rounds_per_second(
        lambda: Negotiation(small, dict(plug), n_rounds=horizon, patience=horizon)
    )
    rows.append(
        (
            "round by round, plain-Python plug-in vs Boulware",
            f"{rps_pl:,.0f} rounds/s ({res_pl.round:,} rounds)",
            ">= 200,000 rounds/s",
        )
    )
    plug2 = {"agent0": PlainConceder(0.2), "agent1": PlainConceder(0.2)}
    rps_pl2, res_pl2 = rounds_per_second(
        lambda: Negotiation(small, dict(plug2), n_rounds=horizon, patience=horizon)
    )
    rows.append(
        (
            "  plain-Python plug-in vs itself",
            f"{rps_pl2:,.0f} rounds/s ({res_pl2.round:,} rounds)",
            ">= 200,000 rounds/s",
        )
    )

    big = random_space(6, 10, 4, seed=1)
    four = {f"agent{i}": s for i, s in enumerate(["boulware", "conceder", "linear", "boulware"])}
    t0 = time.perf_counter()
    n4 = 20_000 if args.quick else 100_000
    neg4 = Negotiation(big, four, n_rounds=n4, patience=n4)
    setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    res4 = neg4.run()
    rows.append(("4 agents, 10^6 packages: setup", f"{setup:.2f} s", "< 1 s"))
    rows.append(
        (
            "4 agents, 10^6 packages: rounds (batched)",
            f"{res4.round / (time.perf_counter() - t0):,.0f} rounds/s ({res4.round:,} rounds)",
            ">= 10,000 rounds/s",
        )
    )

    scenario = load_scenario(FLAGSHIP)
    n_seeds = 2 if args.quick else 20
    t0 = time.perf_counter()
    tour = Tournament([scenario], STRATEGIES, n_seeds=n_seeds, seed=0).run()
    dt = time.perf_counter() - t0
    n_runs = len({(r["assignment"], r["seed"]) for r in tour.records})
    rows.append(
        (
            f"flagship tournament, 8 x 7 x {n_seeds} ({n_runs} runs)",
            f"{dt:.1f} s ({n_runs / dt:,.0f} runs/s)",
            "< 60 s (20 seeds)",
        )
    )

    w = [max(len(r[i]) for r in [("task", "accord", "target"), *rows]) for i in range(3)]
    for r in [("task", "accord", "target"), tuple("-" * x for x in w), *rows]:
        print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)))


if __name__ == "__main__":
    main()
