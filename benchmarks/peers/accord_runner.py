"""One accord task in its own process (run by accord's virtual environment).

Usage::

    accord_runner.py deals FOLDER --answer FILE
    accord_runner.py game FOLDER --rounds R --exponents 0.25,4 [--round-by-round] --answer FILE
    accord_runner.py smp KTAB_CSV --answer FILE

``deals`` does what ``accord deals FOLDER`` does: reads the folder through the analysis layer's deal
sources and analyses it (feasibility, Pareto frontier, Nash / Kalai-Smorodinsky / egalitarian /
utilitarian points, concessions). ``game`` plays alternating offers between the folder's parties with
accord's time-dependent strategy (``1 - t ** (1 / exponent)``: Boulware below 1, Conceder above), on the
batched path unless ``--round-by-round``. ``smp`` does what ``accord import ktab CSV -o S.yaml`` and
``accord forecast S.yaml --models smp`` do (KTAB's Spatial Model of Politics on KTAB's own input).

The answer and the time spent importing, reading and computing (``time.perf_counter`` inside this
process) go to ``--answer`` as JSON; the parent measures the whole process.
"""

from __future__ import annotations

import time

_T_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402


def deals(folder: str) -> dict:
    """What ``accord deals FOLDER`` computes, and the Pareto size and Nash point of it."""
    from accord.analysis import deal_space
    from accord.analysis import deals as run_deals

    t_import = time.perf_counter()
    space = deal_space(folder)
    t_read = time.perf_counter()
    report = run_deals(space)
    t_done = time.perf_counter()
    nash = report.solutions.get("nash")
    return {
        "pareto_size": report.pareto_size,
        "nash": [
            {
                "package": dict(nash.package),
                "utilities": [float(nash.utilities[a]) for a in report.actors],
            }
        ]
        if nash is not None
        else [],
        "timings": {"import": t_import - _T_START, "read": t_read - t_import, "compute": t_done - t_read},
    }


def game(folder: str, n_rounds: int, exponents: list[float], batch: bool) -> dict:
    """Alternating offers with time-dependent strategies; the agreement round and package."""
    from accord.analysis import deal_space
    from accord.simulate import Negotiation
    from accord.simulate.strategies import TimeDependent

    t_import = time.perf_counter()
    space = deal_space(folder)
    strategies = {a: TimeDependent(exponent=e) for a, e in zip(space.actors, exponents, strict=True)}
    neg = Negotiation(space, strategies, n_rounds=n_rounds, partial=False, batch=batch)
    t_read = time.perf_counter()
    res = neg.run()
    t_done = time.perf_counter()
    agreement = None
    if res.agreement is not None:
        agreement = {
            "round": int(res.round),
            "package": dict(res.agreement),
            "utilities": [float(res.utilities[a]) for a in space.actors],
        }
    return {
        "agreement": agreement,
        "rounds": int(res.round),
        "timings": {"import": t_import - _T_START, "read": t_read - t_import, "compute": t_done - t_read},
    }


def smp(csv: str) -> dict:
    """Import a KTAB CSV and forecast it with the SMP model, as the two CLI commands would."""
    import tempfile
    from pathlib import Path

    from accord.analysis import forecast, import_file
    from accord.scenario import load_scenario

    t_import = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scenario.yaml"
        import_file("ktab", csv, out)
        scenario = load_scenario(out)
    t_read = time.perf_counter()
    report = forecast(scenario, ["smp"], strict=True)
    t_done = time.perf_counter()
    model = report.models[0]
    return {
        "forecast": {i.id: float(i.forecast) for i in model.issues},
        "n_rounds": int(model.n_rounds),
        "timings": {"import": t_import - _T_START, "read": t_read - t_import, "compute": t_done - t_read},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("task", choices=["deals", "game", "smp"])
    ap.add_argument("source", help="a Genius folder (deals, game) or a KTAB CSV (smp)")
    ap.add_argument("--answer", required=True, help="where to write the answer (JSON)")
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument(
        "--exponents", default="0.25,4", help="time-dependent exponents e (1 - t**(1/e)), by party"
    )
    ap.add_argument("--round-by-round", action="store_true", help="force the round-by-round path")
    args = ap.parse_args(argv)
    if args.task == "deals":
        out = deals(args.source)
    elif args.task == "smp":
        out = smp(args.source)
    else:
        exps = [float(x) for x in args.exponents.split(",")]
        out = game(args.source, args.rounds, exps, batch=not args.round_by_round)
    import accord

    out["version"] = getattr(accord, "__version__", "unknown")
    out["python"] = sys.version.split()[0]
    with open(args.answer, "w", encoding="utf-8") as fh:
        json.dump(out, fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
