"""The load test's short version (what CI runs): 50 clients for 10 s on a local server, zero errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_web.py"


def test_ten_seconds_of_fifty_clients_without_an_error() -> None:
    r = subprocess.run(
        [sys.executable, str(BENCH), "--seconds", "10", "--clients", "50", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    doc = json.loads(r.stdout)
    assert doc["errors"] == 0 and doc["clients"] == 50
    assert doc["requests"] > 200  # measured about 2,500 on two shared cores
    assert set(doc["by_call"]) == {"library", "scenario", "versions", "analysis", "save"}
    for s in (*doc["by_call"].values(), doc["overall"]):
        assert 0 < s["p50_ms"] <= s["p95_ms"] <= s["p99_ms"] <= s["max_ms"]


def test_refuses_unbounded_runs() -> None:
    for args in (["--clients", "1000"], ["--seconds", "3600"], ["--seconds", "0"]):
        r = subprocess.run(
            [sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=60, check=False
        )
        assert r.returncode == 2 and "must be" in r.stderr
