"""Start-up of the command line, whole processes (issue 11 targets: --help < 0.2 s, validate < 0.3 s).

Usage: python benchmarks/bench_startup.py [--repeat N]
Prints the median wall time of each command over N runs (default 7), run alternately.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = str(ROOT / "examples" / "ukraine-2025" / "scenario.yaml")
COMMANDS = {
    "accord --help": ["--help"],
    "accord validate flagship": ["validate", FLAGSHIP],
    "accord deals flagship": ["deals", FLAGSHIP],
    "accord analyze flagship": ["analyze", FLAGSHIP],
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    n = ap.parse_args().repeat
    times: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for _ in range(n):
        for name, args in COMMANDS.items():
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "accord", *args], capture_output=True, check=True)
            times[name].append(time.perf_counter() - t)
    print(f"{'command':<28} {'median s':>9}  (of {n}, whole process)")
    for name, ts in times.items():
        print(f"{name:<28} {statistics.median(ts):>9.3f}")


if __name__ == "__main__":
    main()
