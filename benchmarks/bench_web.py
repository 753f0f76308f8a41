"""Load test of the web API: N concurrent clients for T seconds against a local server, zero errors.

Starts ``accord``'s app under uvicorn in its own process on 127.0.0.1 (never another host) with a fresh
SQLite store, stores the flagship scenario, then runs ``--clients`` concurrent clients for
``--seconds`` seconds. Each client loops over a mix of API calls: the library, one scenario, its
versions, the analysis document of version 1 (computed once, then served from memory; 0.7 MB), and a new
version saved now and then (a write). Any answer other than the expected status, or any exception, is
an error; the run fails (exit 1) on the first one counted. Latency percentiles are reported per call and
overall.

    .venv/bin/python benchmarks/bench_web.py                  # 50 clients, 60 s
    .venv/bin/python benchmarks/bench_web.py --seconds 10     # the CI version
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
MAX_CLIENTS, MAX_SECONDS = 200, 300  # the bounds: this is a load test of a local server, not a flood

# (name, weight): what a client does, in proportion.
MIX = (("library", 30), ("scenario", 30), ("versions", 15), ("analysis", 20), ("save", 5))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))
    return s[k]


async def _client(
    k: int, base: str, sid: int, text: str, deadline: float, out: dict[str, list[float]], errors: list[str]
) -> None:
    rng = random.Random(k)
    names = [n for n, _ in MIX]
    weights = [w for _, w in MIX]
    async with httpx.AsyncClient(base_url=base, timeout=60.0) as c:
        n = 0
        while time.monotonic() < deadline:
            what = rng.choices(names, weights)[0]
            t0 = time.perf_counter()
            try:
                if what == "library":
                    r, ok = await c.get("/api/scenarios"), 200
                elif what == "scenario":
                    r, ok = await c.get(f"/api/scenarios/{sid}"), 200
                elif what == "versions":
                    r, ok = await c.get(f"/api/scenarios/{sid}/versions"), 200
                elif what == "analysis":
                    r, ok = await c.get(f"/api/scenarios/{sid}/analysis?version=1"), 200
                else:
                    n += 1
                    body = text.replace("capability: 35", f"capability: {35 + (k * 1000 + n) % 50}", 1)
                    r, ok = await c.put(f"/api/scenarios/{sid}?message=load&author=c{k}", content=body), 200
                _ = r.content
            except Exception as err:  # a refused connection, a timeout: an error like any other
                errors.append(f"{what}: {type(err).__name__}: {err}")
                continue
            dt = time.perf_counter() - t0
            if r.status_code != ok:
                errors.append(f"{what}: HTTP {r.status_code} {r.text[:200]}")
                continue
            out.setdefault(what, []).append(dt)


async def _load(base: str, clients: int, seconds: float) -> dict[str, Any]:
    text = FLAGSHIP.read_text(encoding="utf-8")
    async with httpx.AsyncClient(base_url=base, timeout=120.0) as c:
        r = await c.post("/api/scenarios", content=text, headers={"content-type": "application/yaml"})
        r.raise_for_status()
        sid = int(r.json()["id"])
        t0 = time.perf_counter()
        (await c.get(f"/api/scenarios/{sid}/analysis?version=1")).raise_for_status()  # the first computes it
        first = time.perf_counter() - t0
    out: dict[str, list[float]] = {}
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    start = time.perf_counter()
    await asyncio.gather(*(_client(k, base, sid, text, deadline, out, errors) for k in range(clients)))
    wall = time.perf_counter() - start
    every = [x for xs in out.values() for x in xs]

    def summary(xs: list[float]) -> dict[str, Any]:
        return {
            "n": len(xs),
            "p50_ms": round(1000 * _percentile(xs, 50), 1),
            "p95_ms": round(1000 * _percentile(xs, 95), 1),
            "p99_ms": round(1000 * _percentile(xs, 99), 1),
            "max_ms": round(1000 * max(xs), 1) if xs else None,
        }

    return {
        "clients": clients,
        "seconds": seconds,
        "wall_s": round(wall, 2),
        "requests": len(every),
        "errors": len(errors),
        "first_errors": errors[:5],
        "requests_per_s": round(len(every) / wall, 1) if wall else None,
        "first_analysis_s": round(first, 2),
        "overall": summary(every),
        "by_call": {k: summary(v) for k, v in sorted(out.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS:
        ap.error(f"--clients must be 1..{MAX_CLIENTS} and --seconds 0..{MAX_SECONDS}")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="accord-bench-web-") as tmp:
        env = dict(os.environ, ACCORD_DB=f"sqlite:///{tmp}/accord.db")
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "accord.web:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        server = subprocess.Popen(cmd, env=env, cwd=tmp)
        try:
            end = time.monotonic() + 60
            while time.monotonic() < end:
                try:
                    if httpx.get(base + "/api/scenarios", timeout=1.0).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                print("the server did not start", file=sys.stderr)
                return 1
            result = asyncio.run(_load(base, args.clients, args.seconds))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        o = result["overall"]
        print(
            f"{result['clients']} clients, {result['wall_s']} s: {result['requests']} requests "
            f"({result['requests_per_s']}/s), {result['errors']} errors; "
            f"first analysis {result['first_analysis_s']} s"
        )
        print(f"  {'call':<10} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for name, s in [*result["by_call"].items(), ("overall", o)]:
            cells = (s["n"], s["p50_ms"], s["p95_ms"], s["p99_ms"], s["max_ms"])
            print(f"  {name:<10} {cells[0]:>7} " + " ".join(f"{c:>8}" for c in cells[1:]))
        for e in result["first_errors"]:
            print(f"  error: {e}", file=sys.stderr)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
