"""One NegMAS task in its own process (run by the peer's virtual environment; imports only NegMAS).

Usage::

    negmas_runner.py deals FOLDER --answer FILE
    negmas_runner.py game FOLDER --rounds R --exponents 4,0.25 --answer FILE

``deals`` reads a Genius XML folder and computes the Pareto frontier and the Nash point(s) with NegMAS's
public functions (``pareto_frontier``, ``nash_points``). ``game`` plays alternating offers between the
folder's parties with NegMAS's SAO mechanism and time-based negotiators aligned to accord's conventions
(see :class:`AccordClockNegotiator`). The answer and the time spent importing, reading and computing
(``time.perf_counter`` inside this process) go to ``--answer`` as JSON; the parent measures the whole
process.
"""

from __future__ import annotations

import time

_T_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402


def _decode(index: int, issues: list) -> tuple:
    """The outcome at ``index`` of the enumeration of ``issues`` (itertools.product order)."""
    values = [list(i.all) for i in issues]
    digits = []
    for vals in reversed(values):
        index, d = divmod(index, len(vals))
        digits.append(vals[d])
    return tuple(reversed(digits))


def deals(folder: str) -> dict:
    """Pareto frontier and Nash point(s) of a Genius folder, as a NegMAS user computes them."""
    from negmas.inout import load_genius_domain_from_folder
    from negmas.preferences import nash_points, pareto_frontier

    t_import = time.perf_counter()
    scenario = load_genius_domain_from_folder(folder)
    ufuns = list(scenario.ufuns)
    issues = list(scenario.outcome_space.issues)
    t_read = time.perf_counter()
    frontier, indices = pareto_frontier(ufuns, issues=issues)
    nash = nash_points(ufuns, frontier, outcome_space=scenario.outcome_space)
    t_done = time.perf_counter()
    names = [i.name for i in issues]
    return {
        "pareto_size": len(frontier),
        "nash": [
            {
                "package": dict(zip(names, map(str, _decode(int(indices[k]), issues)), strict=True)),
                "utilities": [float(u) for u in point],
            }
            for point, k in nash
        ],
        "timings": {"import": t_import - _T_START, "read": t_read - t_import, "compute": t_done - t_read},
    }


def _aligned_class():
    from negmas.sao.negotiators import TimeBasedNegotiator

    class AccordClockNegotiator(TimeBasedNegotiator):
        """NegMAS's time-based negotiator on accord's clock, one offer per step.

        NegMAS's own negotiator concedes ``1 - t**x`` over ``[max(worst, reserved), best]``, proposing
        the worst outcome at or above its aspiration: the same tactic as accord's time-dependent
        strategies (``x = 1 / exponent``). What differs is the clock (``peers.md``): NegMAS's relative
        time at step ``s`` of ``N`` is ``(s + 1) / (N + 1)`` and the responder answers an offer one step
        after it was made, while accord's round ``r`` of ``R`` is at ``(r - 1) / (R - 1)`` and is answered
        in the same round. So step ``s`` (one offer per step) is accord's round ``s + 1``: the offer
        uses that round's aspiration and the answer, given at step ``s``, to the offer of round ``s``
        uses round ``s``'s. Only the two public range methods are overridden.
        """

        def __init__(self, *args, exponent: float, n_rounds: int, **kwargs):
            super().__init__(*args, offering_curve=exponent, stochastic=False, eps=0.0, **kwargs)
            self.exponent = exponent
            self.n_rounds = n_rounds

        def _aspiration(self, round_: int) -> float:
            if self.n_rounds <= 1:
                t = min(max(round_ - self.n_rounds + 1.0, 0.0), 1.0)
            else:
                t = min(max((round_ - 1.0) / (self.n_rounds - 1), 0.0), 1.0)
            return 1.0 - math.pow(t, self.exponent)

        def utility_range_to_propose(self, state) -> tuple[float, float]:
            return self._aspiration(state.step + 1), 1.0

        def utility_range_to_accept(self, state) -> tuple[float, float]:
            return self._aspiration(state.step), 1.0

    return AccordClockNegotiator


def game(folder: str, n_rounds: int, exponents: list[float]) -> dict:
    """Alternating offers between the folder's parties with aligned time-based negotiators."""
    from negmas.inout import load_genius_domain_from_folder
    from negmas.sao import SAOMechanism

    negotiator = _aligned_class()
    t_import = time.perf_counter()
    scenario = load_genius_domain_from_folder(folder)
    issues = list(scenario.outcome_space.issues)
    # One offer per step, and one step more than accord's horizon: the offer of accord's last round is
    # answered at NegMAS's step R (accord answers it within round R).
    mech = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=n_rounds + 1, one_offer_per_step=True)
    for ufun, e in zip(scenario.ufuns, exponents, strict=True):
        mech.add(negotiator(exponent=e, n_rounds=n_rounds, name=ufun.name), ufun=ufun)
    t_read = time.perf_counter()
    state = mech.run()
    t_done = time.perf_counter()
    trace = mech.extended_trace  # (step, negotiator, offer) per offer made
    agreement = None
    if state.agreement is not None:
        # The agreed offer is the last one made; it was made at step s, accord's round s + 1.
        step = max(s for s, _, o in trace if o == state.agreement)
        agreement = {
            "round": int(step) + 1,
            "package": dict(zip([i.name for i in issues], map(str, state.agreement), strict=True)),
            "utilities": [float(u(state.agreement)) for u in scenario.ufuns],
        }
    return {
        "agreement": agreement,
        "rounds": len(trace),
        "timings": {"import": t_import - _T_START, "read": t_read - t_import, "compute": t_done - t_read},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("task", choices=["deals", "game"])
    ap.add_argument("folder")
    ap.add_argument("--answer", required=True, help="where to write the answer (JSON)")
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument(
        "--exponents", default="4,0.25", help="NegMAS aspiration exponents x (1 - t**x), by party"
    )
    args = ap.parse_args(argv)
    if args.task == "deals":
        out = deals(args.folder)
    else:
        out = game(args.folder, args.rounds, [float(x) for x in args.exponents.split(",")])
    import negmas

    out["version"] = negmas.__version__
    out["python"] = sys.version.split()[0]
    with open(args.answer, "w", encoding="utf-8") as fh:
        json.dump(out, fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
