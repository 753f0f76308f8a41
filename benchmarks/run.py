"""accord's benchmarks, one command.

Run with accord's environment::

    .venv/bin/python benchmarks/run.py --peers                   # accord beside NegMAS (and KTAB's figures)
    .venv/bin/python benchmarks/run.py --peers --quick           # a small smoke run (one repeat)
    .venv/bin/python benchmarks/run.py --peers --out benchmarks/README.md

``--peers`` builds NegMAS (pinned, from PyPI) in its own environment under ``benchmarks/peers/``, generates
each problem once as a Genius XML folder, runs accord and NegMAS alternately in whole processes (3
repeats, medians), checks that they give the same answers, and prints one Markdown table; ``--out``
writes it into a file (between the table's markers if the file has them, else at its end).
Exit status: 0 when every answer matches, 1 when an answer differs (printed loudly), 2 when a run fails.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    # `peers` is a folder of benchmarks/, not an installed package.
    sys.path.insert(0, str(HERE))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="example: .venv/bin/python benchmarks/run.py --peers --out benchmarks/README.md",
    )
    ap.add_argument("--peers", action="store_true", help="run accord and its peers side by side")
    ap.add_argument("--quick", action="store_true", help="small problems, one repeat: a smoke run")
    ap.add_argument(
        "--repeats", type=int, default=None, help="runs of each tool per task (default 3; quick 1)"
    )
    ap.add_argument("--out", type=Path, default=None, help="write the Markdown table into this file")
    ap.add_argument("--raw", type=Path, default=None, help="write every run's measurements as JSON")
    ap.add_argument("--rebuild-env", action="store_true", help="recreate the peer's virtual environment")
    ap.add_argument(
        "--from-raw", type=Path, default=None, metavar="FILE",
        help="re-render the table of a run saved with --raw (answers checked again, nothing re-measured)",
    )  # fmt: skip
    args = ap.parse_args(argv)
    if not args.peers and args.from_raw is None:
        ap.error("choose what to run: --peers (the only suite run.py drives so far)")
    if args.repeats is not None and args.repeats < 1:
        ap.error("--repeats must be at least 1")
    from peers.harness import rerender, run_peers

    if args.from_raw is not None:
        return rerender(args.from_raw, args.out)

    shown = ["python", "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)]
    return run_peers(
        quick=args.quick,
        repeats=args.repeats,
        out=args.out,
        raw=args.raw,
        rebuild=args.rebuild_env,
        command=shlex.join(shown),
    )


if __name__ == "__main__":
    raise SystemExit(main())
