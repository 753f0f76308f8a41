"""Deal-space benchmarks of accord alone, against issue 11's targets.

Side-by-side figures with NegMAS come only from the peer harness (``benchmarks/run.py --peers``), which
runs both on the same problems in the same run and checks their answers; none are quoted here.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_deals.py [--large]``

Each row times :func:`accord.deals.analyze` end to end (utilities and feasibility of every package in a
streamed pass, the exact Pareto frontier, the Nash / Kalai-Smorodinsky / egalitarian / utilitarian
points, concessions), best of ``--repeat`` runs; a separate run under :mod:`tracemalloc` measures the
peak of memory allocated meanwhile (numpy reports its buffers to tracemalloc). Random spaces are
seeded; each actor has one red-lined option per issue and a BATNA of 0.3, so feasibility matters.
"linked" rows add forbidden option pairs between random issue pairs (scenario ``constraints:``), which the
frontier merge, the counts and the search must honour; "no deal" rows raise every BATNA until nothing is
feasible, so the time includes the five cheapest distinct openings (MILP) and, up to 10^6 packages, an
exact count of the packages each opens (one streamed pass per opening). The flagship row is
``accord deals examples/ukraine-2025/scenario.yaml`` (2.3e13 packages, openings by MILP only).
``--large`` adds a 10^8-package streamed pass (about a minute on two cores) to show that memory stays
bounded. Timings on a shared two-core machine are noisy: compare ratios taken in one run.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from accord.deals import (
    DealAnalysis,
    DealSpace,
    ForbiddenPairs,
    analyze,
    deal_space_from_scenario,
    read_genius,
    scan,
)
from accord.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
KILLER_ROBOT = ROOT.parent / "shared" / "data" / "genius" / "anac" / "y2015" / "group9-killer_robot"
MIB = 1024 * 1024


def random_space(
    n_issues: int,
    n_options: int,
    n_actors: int,
    seed: int = 0,
    constrained: bool = True,
    linked: int = 0,
    batna: float = 0.3,
) -> DealSpace:
    """Random additive space: Dirichlet weights, uniform values; if ``constrained``, one refused option per
    actor and issue and a BATNA of ``batna`` (otherwise every package is feasible, as in NegMAS's
    benchmark); ``linked`` forbidden-pair tables, each ruling out a quarter of its issue pair's options."""
    rng = np.random.default_rng(seed)
    acceptable = []
    for _ in range(n_issues):
        acc = np.ones((n_actors, n_options), dtype=bool)
        if constrained:
            acc[np.arange(n_actors), rng.integers(0, n_options, n_actors)] = False
        acceptable.append(acc)
    return DealSpace(
        issues=tuple(f"issue{k}" for k in range(n_issues)),
        options=tuple(tuple(f"o{j}" for j in range(n_options)) for _ in range(n_issues)),
        actors=tuple(f"actor{i}" for i in range(n_actors)),
        weights=rng.dirichlet(np.ones(n_issues), size=n_actors),
        values=tuple(rng.random((n_actors, n_options)) for _ in range(n_issues)),
        disagreement=np.full(n_actors, batna if constrained else 0.0),
        acceptable=tuple(acceptable),
        forbidden=tuple(
            ForbiddenPairs(
                (f"issue{k}", f"issue{(k + 1) % n_issues}"), rng.random((n_options, n_options)) < 0.25
            )
            for k in range(linked)
        ),
    )


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Best wall time over ``repeat`` runs, and the tracemalloc peak (MiB) of one more run."""
    best = np.inf
    out: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / MIB, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also stream a 10^8-package space")
    args = parser.parse_args(argv)

    rows: list[tuple[str, str, str, str, str]] = []

    def add(
        name: str,
        fn: Callable[[], object],
        detail: Callable[[Any], str],
        target: str,
        repeat: int = args.repeat,
    ) -> None:
        seconds, peak, out = measure(fn, repeat)
        rows.append((name, f"{seconds:.3f}", f"{peak:.0f}", detail(out), target))
        print(f"  done: {name}", file=sys.stderr)

    def summary(r: Any) -> str:
        return f"feasible {r.n_feasible:,}, Pareto {r.pareto_size:,}"

    def openings(r: Any) -> str:
        costs = ", ".join(f"{o.cost:.4f}" for o in r.openings)
        return f"feasible {r.n_feasible}, openings {costs}"

    def run(space: DealSpace) -> Callable[[], DealAnalysis]:
        return lambda: analyze(space)

    for constrained in (False, True):
        tag = "red lines + BATNA" if constrained else "unconstrained"
        s4 = random_space(6, 10, 4, constrained=constrained)
        add(
            f"10^6 packages x 4 actors, {tag}",
            run(s4),
            summary,
            "< 1 s, < 300 MiB",
        )
        s2 = random_space(7, 10, 2, constrained=constrained)
        add(
            f"10^7 packages x 2 actors, {tag}",
            run(s2),
            summary,
            "< 5 s, < 1 GiB",
        )
    s4l = random_space(6, 10, 4, linked=3)
    add(
        "10^6 packages x 4 actors, red lines + BATNA, linked",
        run(s4l),
        summary,
        "< 2 s",
    )
    s2l = random_space(7, 10, 2, linked=3)
    add(
        "10^7 packages x 2 actors, red lines + BATNA, linked",
        run(s2l),
        summary,
        "< 10 s",
    )
    s4n = random_space(6, 10, 4, linked=3, batna=0.75)
    add(
        "10^6 packages x 4 actors, no deal: 5 openings, counted",
        run(s4n),
        openings,
        "< 10 s",
    )
    flagship = deal_space_from_scenario(load_scenario(ROOT / "examples" / "ukraine-2025" / "scenario.yaml"))
    add(
        "flagship (2.3e13 packages), no deal: 5 openings by MILP",
        run(flagship),
        openings,
        "< 5 s",
    )
    if KILLER_ROBOT.is_dir():
        add(
            "y2015/group9-killer_robot (5 x 240,000), read + analyze",
            lambda: analyze(read_genius(KILLER_ROBOT)),
            summary,
            "< 2 s",
        )
    else:
        print(f"  skipped killer_robot: {KILLER_ROBOT} is absent", file=sys.stderr)
    big = random_space(30, 10, 4)
    add(
        "10^30 packages x 4 actors (beyond enumeration)",
        lambda: analyze(big),
        lambda a: "frontier too large; Nash, egalitarian, utilitarian by MILP",
        "clear answer, no OOM",
        repeat=1,
    )
    if args.large:
        s8 = random_space(8, 10, 2)
        add(
            "10^8 packages x 2 actors, streamed scan",
            lambda: scan(s8),
            lambda r: f"feasible {r.n_feasible:,}",
            "bounded memory",
            repeat=1,
        )

    header = ("workload", "accord s", "peak MiB", "result", "target")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
