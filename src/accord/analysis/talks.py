"""The bargaining entry points: simulated talks and tournaments (see :mod:`accord.analysis.run`).

Both take a scenario and plain options, seat the strategies (:mod:`accord.simulate.seats`), run the
engine and return one typed result; every stochastic step is seeded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from ..errors import InputError
from ..limits import MAX_ROUNDS, MAX_RUNS, check
from .build import simulation_report
from .results import (
    RankRow,
    SimulationReport,
    TournamentReport,
)

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["simulate", "tournament", "horizon_of", "table_strategies"]


def check_actors(scenario: Scenario, names: Sequence[str], what: str) -> None:
    unknown = [a for a in names if a not in scenario.actor_ids]
    if unknown:
        raise InputError.single(
            what, f"unknown actor(s) {', '.join(unknown)}; actors are {', '.join(scenario.actor_ids)}"
        )


def simulate(
    scenario: Scenario,
    strategies: Mapping[str, str] | None = None,
    *,
    default: str | None = None,
    table: Sequence[str] | None = None,
    signatories: Sequence[str] | None = None,
    protocol: str = "alternating",
    mediator: str | None = None,
    n_rounds: int = 26,
    seed: int = 0,
    deadlines: Mapping[str, int | None] | None = None,
    partial: bool = True,
    max_rounds: int = MAX_ROUNDS,
    until: str | None = None,
    patience: int | Mapping[str, int | None] | None = None,
) -> SimulationReport:
    """Play the talks forward round by round.

    Parameters
    ----------
    scenario : Scenario
    strategies : mapping of actor to strategy name, optional
        Seats given explicitly; every other actor at the table plays ``default``, or else its declared
        default strategy (the scenario's ``strategy`` field, falling back to
        :data:`accord.simulate.DEFAULT_STRATEGY`).
    default : str, optional
    table : sequence of str, optional
        Who negotiates (default: every actor).
    signatories : sequence of str, optional
        Whose acceptance a deal needs: a subset of the table (default: the whole table).
    protocol, mediator, n_rounds, seed, deadlines, partial, patience
        As :class:`accord.simulate.Negotiation` (the horizon ``n_rounds`` sets no one's concession
        clock: each actor concedes against its own deadline or patience).
    max_rounds : int
        The largest horizon accepted (:mod:`accord.limits`).
    until : str, optional
        The horizon as a date (YYYY-MM-DD, mapped to rounds from the scenario's ``as_of`` and ``round``)
        or a round number; replaces ``n_rounds``.
    """
    if until is not None:
        n_rounds = horizon_of(scenario, until)
    check(n_rounds, max_rounds, "--rounds", "--max-rounds", "rounds")
    neg = _negotiation(
        scenario,
        strategies,
        default,
        table,
        signatories,
        protocol,
        mediator,
        n_rounds,
        seed,
        deadlines,
        partial,
        patience,
    )
    return simulation_report(neg.run(), scenario)


def horizon_of(scenario: Scenario, until: str) -> int:
    """The round that ends on or after ``until`` (YYYY-MM-DD, from ``as_of``), or ``until`` as a round.

    Raises
    ------
    InputError
        A malformed date, a date not after ``as_of``, or a scenario without a usable ``as_of``
        (``--until``).
    """
    text = str(until).strip()
    if text.isdigit():
        r = int(text)
    else:
        try:
            r = scenario.round_of(text)
        except InputError as e:
            raise InputError.single("--until", str(e).strip() or f"{text!r} is not a date") from None
    if r < 1:
        raise InputError.single(
            "--until", f"{text} is not after the scenario's as_of ({scenario.as_of}): nothing to simulate"
        )
    return r


def table_strategies(
    scenario: Scenario,
    strategies: Mapping[str, str] | None,
    default: str | None,
    table: Sequence[str] | None,
) -> dict[str, str]:
    """Who sits at the table and with which strategy (explicit seats, then ``default``, then declared)."""
    from ..simulate import default_strategies

    strategies = dict(strategies or {})
    check_actors(scenario, list(strategies), "--strategy")
    seats = list(table) if table else scenario.actor_ids
    check_actors(scenario, seats, "--table")
    outside = [a for a in strategies if a not in seats]
    if outside:
        raise InputError.single("--strategy", f"{', '.join(outside)} not at the table ({', '.join(seats)})")
    declared = default_strategies(scenario)
    return {a: strategies.get(a) or default or declared[a] for a in seats}


def _negotiation(
    scenario: Scenario,
    strategies: Mapping[str, str] | None,
    default: str | None,
    table: Sequence[str] | None,
    signatories: Sequence[str] | None,
    protocol: str,
    mediator: str | None,
    n_rounds: int,
    seed: int,
    deadlines: Mapping[str, int | None] | None,
    partial: bool,
    patience: int | Mapping[str, int | None] | None = None,
) -> Any:
    from ..simulate import Negotiation

    seats = table_strategies(scenario, strategies, default, table)
    if signatories:
        check_actors(scenario, signatories, "--signatories")
    check_actors(scenario, list(deadlines or {}), "--deadline")
    return Negotiation.from_scenario(
        scenario,
        seats,
        protocol=protocol,
        n_rounds=n_rounds,
        seed=seed,
        signatories=None if not signatories else list(signatories),
        mediator=mediator,
        deadlines=dict(deadlines or {}),
        partial=partial,
        patience=patience,
    )


def tournament(
    scenarios: Sequence[Scenario],
    strategies: Sequence[str] | None = None,
    *,
    fixed: Mapping[str, str] | None = None,
    default: str = "linear",
    mode: Literal["each-actor", "all"] = "each-actor",
    table: Sequence[str] | None = None,
    signatories: Sequence[str] | None = None,
    n_seeds: int = 20,
    seed: int = 0,
    protocol: str = "alternating",
    mediator: str | None = None,
    n_rounds: int = 26,
    deadlines: Mapping[str, int | None] | None = None,
    patience: int | Mapping[str, int | None] | None = None,
    n_jobs: int = 1,
    executor: Any = None,
    progress: Any = None,
    max_rounds: int = MAX_ROUNDS,
    max_runs: int = MAX_RUNS,
) -> TournamentReport:
    """Strategies x scenarios x seeds: every run as a record, and a ranking (ties share a rank).

    ``progress(n, total=None)``, if given, is called with the number of runs first, then as runs
    finish (for a progress bar).
    """
    from ..simulate import Tournament, filtered_strategies

    names = list(strategies) if strategies else filtered_strategies(mediator=False)
    for sc in scenarios:
        check_actors(sc, list(fixed or {}), "--strategy")
        check_actors(sc, list(deadlines or {}), "--deadline")
        if isinstance(patience, Mapping):
            check_actors(sc, list(patience), "--patience")
        if table:
            check_actors(sc, table, "--table")
    t = Tournament(
        scenarios=list(scenarios),
        strategies=names,
        n_seeds=n_seeds,
        seed=seed,
        mode=mode,
        fixed=dict(fixed or {}),
        default=default,
        table=None if not table else list(table),
        signatories=None if not signatories else list(signatories),
        protocol=protocol,
        n_rounds=n_rounds,
        mediator=mediator,
        deadlines=dict(deadlines or {}),
        patience=dict(patience) if isinstance(patience, Mapping) else patience,
        n_jobs=n_jobs,
        executor=executor,
    )
    check(n_rounds, max_rounds, "--rounds", "--max-rounds", "rounds")
    check(n_seeds, max_runs, "--seeds", "--max-runs", "runs")
    n_jobs_total = len(t.jobs())
    check(n_jobs_total, max_runs, "--seeds", "--max-runs", "runs (assignments x seeds)")
    if progress is not None:
        progress(0, total=n_jobs_total)
    res = t.run(progress)
    runs = {(r["scenario_no"], r["assignment"], r["seed"]) for r in res.records}
    return TournamentReport(
        seed=seed,
        n_seeds=n_seeds,
        n_runs=len(runs),
        ranking=tuple(
            RankRow(
                int(r["rank"]),
                r["strategy"],
                int(r["runs"]),
                float(r["mean_gain"]),
                float(r["mean_utility"]),
                float(r["any_deal_rate"]),
                float(r["agreement_rate"]),
                float(r["mean_round"]),
            )
            for r in res.ranking
        ),
        records=tuple(res.records),
    )
