"""Uncertainty sweeps on the flagship: batched forecasts, every model, the deal analysis, and Ray.

Run: ``.venv/bin/python benchmarks/bench_sweep.py [--repeat N] [--quick] [--no-ray] [--no-cli] [--only K]``

Every row is a sweep of ``examples/ukraine-2025/scenario.yaml`` with its default spreads (200 uncertain
inputs: each stance's position and salience, by confidence), seed 0, Latin hypercube, best of
``--repeat`` runs after one warm-up:

1. **Compromise + median, 10^5 samples, 2 workers** (target: under 2 s on 2 cores). ``sweep()`` in
   memory (sample, evaluate, analyse), the evaluate step alone, and the sweep streamed to Parquet with
   and without the input rows; then the whole ``accord sweep ... -o`` process (start-up and imports
   included).
2. **Every listed forecast model, 10^4 samples, 2 workers** (target: under 20 s), and each model's cost
   per sample.
3. **Deal analysis (zone of agreement and cheapest opening), 10^3 samples, 2 workers** (target: under 30 s).
4. **Ray**: throughput of the deal analysis with 1 and 2 workers of a local Ray instance (start-up
   included and excluded), then the same sweep against a separately started cluster
   (``ray start --head --block``, joined with ``--address``; stopped by its own process id), with a check
   that its table is byte-identical to the local pool's.

``--quick`` divides every sample count by 10 (a smoke run); ``--only K`` runs section K alone. Timings
on a shared two-core machine are noisy (the load average is printed): compare figures taken in one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import accord
from accord.registry import MODELS
from accord.uncertainty import (
    LocalExecutor,
    RayExecutor,
    ScenarioEvaluator,
    build_problem,
    evaluate,
    sample,
    sweep,
)

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls (after one warm-up call), and the last result."""
    out = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def row(what: str, seconds: float, n: int, target: float | None = None) -> None:
    verdict = (
        "" if target is None else f"  (target < {target:g} s: {'met' if seconds < target else 'MISSED'})"
    )
    print(f"  {what:<58} {seconds:8.2f} s  {n / seconds:12,.0f} samples/s{verdict}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="a tenth of every sample count")
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--no-cli", action="store_true")
    ap.add_argument("--only", type=int, choices=(1, 2, 3, 4), help="run one section")
    args = ap.parse_args(argv)
    run = {1, 2, 3, 4} if args.only is None else {args.only}
    scale = 10 if args.quick else 1
    s = accord.load_scenario(FLAGSHIP)
    problem = build_problem(s)
    print(f"accord {accord.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print(f"flagship: {problem.n_variables} uncertain inputs (default spreads), seed 0, Latin hypercube\n")
    two = LocalExecutor(2)
    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    try:
        if 1 in run:
            section_one(s, problem, tmp, scale, args)
        # 2. every listed model, 10^4 samples.
        if 2 in run:
            section_two(s, problem, two, scale)
        # 3. the deal analysis, 10^3 samples.
        if 3 in run:
            n = 1000 // scale
            print(f"\n3. deal analysis (zone of agreement, cheapest opening), {n:,} samples, 2 workers")
            t0 = time.perf_counter()
            r = sweep(s, n_samples=n, analyses=("deals",), executor=two, path=tmp / "deals.parquet")
            row("sweep() of the deal analysis", time.perf_counter() - t0, n, 30.0 / scale)
            listed = f"{len(r.openings)} distinct cheapest openings listed"
            print(f"  P(zone of agreement) = {r.p_zopa:.3f}; {listed}")
        # 4. Ray.
        if 4 in run and not args.no_ray:
            ray_rows(s, tmp, 200 // scale)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def section_one(s: Any, problem: Any, tmp: Path, scale: int, args: argparse.Namespace) -> None:
    """Compromise + median, 10^5 samples: in memory, the steps alone, to Parquet, the CLI."""
    two = LocalExecutor(2)
    n = 100_000 // scale
    print(f"1. compromise + median, {n:,} samples, 2 workers")
    cm = ("compromise", "median")
    t, _ = best(lambda: sweep(s, n_samples=n, models=cm, executor=two), args.repeat)
    row("sweep() in memory: sample + evaluate + analyse", t, n, 2.0)
    design = sample(problem, n, "lhs", 0)
    ev = ScenarioEvaluator(s, problem, ("forecast",), cm, 0)
    t, _ = best(lambda: evaluate(ev, design.values, executor=two), args.repeat)
    row("evaluate step alone (batched models, 2 workers)", t, n)
    t, _ = best(lambda: evaluate(ev, design.values, executor=LocalExecutor(1)), args.repeat)
    row("evaluate step alone (one process)", t, n)
    t, _ = best(lambda: sample(problem, n, "lhs", 0), args.repeat)
    row("sample step alone (Latin hypercube + inverse CDFs)", t, n)
    out = tmp / "cm.parquet"
    t, _ = best(lambda: sweep(s, n_samples=n, models=cm, executor=two, path=out, inputs=False), args.repeat)
    row(f"sweep() to Parquet, outputs only ({out.stat().st_size / 1e6:.0f} MB)", t, n)
    t, _ = best(lambda: sweep(s, n_samples=n, models=cm, executor=two, path=out), args.repeat)
    size = (out.stat().st_size + out.with_name("cm.inputs.parquet").stat().st_size) / 1e6
    row(f"sweep() to Parquet, and the inputs beside it ({size:.0f} MB)", t, n)
    if not args.no_cli:
        cmd = [
            sys.executable,
            "-m",
            "accord",
            "sweep",
            str(FLAGSHIP),
            "--samples",
            str(n),
            "--workers",
            "2",
        ]
        cmd += ["--no-inputs", "--no-progress", "-o", str(tmp / "cli.parquet")]
        t, _ = best(lambda: subprocess.run(cmd, check=True, capture_output=True), 1)
        row("accord sweep --no-inputs -o (whole process)", t, n)


def section_two(s: Any, problem: Any, two: LocalExecutor, scale: int) -> None:
    """Every listed forecast model, 10^4 samples, and each model's cost per sample."""
    n = 10_000 // scale
    models = MODELS.listed()
    print(f"\n2. every listed forecast model ({', '.join(models)}), {n:,} samples, 2 workers")
    small = sample(problem, 256, "lhs", 1).values
    for m in models:
        e = ScenarioEvaluator(s, problem, ("forecast",), (m,), 0)
        t, _ = best(lambda e=e: evaluate(e, small), 3)
        print(f"  {m:<14} {t / 256 * 1e3:8.3f} ms per sample (one process, 256 samples, best of 3)")
    t0 = time.perf_counter()
    sweep(s, n_samples=n, models=models, executor=two)
    row("sweep() of every model", time.perf_counter() - t0, n, 20.0 / (1 if scale == 1 else 10))


def ray_rows(s: Any, tmp: Path, n: int) -> None:
    """Ray throughput with 1 and 2 local workers, and a run against a separately started cluster."""
    print(f"\n4. Ray: deal analysis, {n} samples, chunks of 4")
    ref = tmp / "ref.parquet"
    opts: dict[str, Any] = {"n_samples": n, "analyses": ("deals",), "chunk_size": 4}
    t0 = time.perf_counter()
    sweep(s, executor=LocalExecutor(2), path=ref, **opts)
    row("local process pool, 2 workers", time.perf_counter() - t0, n)
    import ray

    for workers in (1, 2):
        ray.init(address="local", num_cpus=workers, include_dashboard=False, log_to_driver=False)
        try:
            t0 = time.perf_counter()
            sweep(s, executor=RayExecutor(workers=workers), path=tmp / f"ray{workers}.parquet", **opts)
            row(f"Ray, {workers} local worker(s), instance already up", time.perf_counter() - t0, n)
        finally:
            ray.shutdown()
        t0 = time.perf_counter()
        sweep(s, executor=RayExecutor(workers=workers), path=tmp / f"ray{workers}b.parquet", **opts)
        row(f"Ray, {workers} local worker(s), start-up included", time.perf_counter() - t0, n)
        same = (tmp / f"ray{workers}.parquet").read_bytes() == ref.read_bytes()
        print(f"  table byte-identical to the local pool's: {same}")
    port = free_port()
    ray_bin = Path(sys.executable).with_name("ray")
    head = subprocess.Popen(
        [
            str(ray_bin),
            "start",
            "--head",
            "--block",
            f"--port={port}",
            "--num-cpus=2",
            "--include-dashboard=false",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(2)  # the raylet registers after the GCS port opens
        out = tmp / "cluster.parquet"
        t0 = time.perf_counter()
        sweep(s, executor=RayExecutor(address=f"127.0.0.1:{port}"), path=out, **opts)
        row(f"Ray cluster from `ray start --head` (--address 127.0.0.1:{port})", time.perf_counter() - t0, n)
        print(f"  table byte-identical to the local pool's: {out.read_bytes() == ref.read_bytes()}")
    finally:
        head.terminate()  # `ray start --block` stops the processes it started when it is terminated
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            head.kill()


if __name__ == "__main__":
    sys.exit(main())
