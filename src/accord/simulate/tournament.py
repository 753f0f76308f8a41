"""Tournaments: strategies x scenarios x seeds, assigned to actors, as a tidy table and a ranking.

Like Axelrod's ``Tournament`` and Mesa's ``batch_run``: a plain description (scenarios, strategy names,
how they are assigned, seeds), one run per combination, one record per (run, actor), and a ranking.
Everything is reproducible from ``seed``: the run seeds are drawn from ``numpy.random.SeedSequence(seed)``.

Assignments
-----------
``"each-actor"`` (default)
    Every strategy in turn plays every signatory (the *focal* actor) while the others play ``base``:
    ``n_strategies x n_signatories`` assignments per scenario.
``"all"``
    Every combination of the strategies over the signatories (``n_strategies ** n_signatories``; refused
    above ``max_assignments``).
a list of mappings
    As given (actor -> strategy name); every actor in them is focal.

Runs go through a plain loop, or, split into ``n_jobs`` chunks, through an executor: a local process pool
by default, or any object with ``map(fn, iterable)`` such as a ``concurrent.futures`` executor or Ray's
``ray.util.multiprocessing.Pool`` for sweeps that outgrow one machine (:func:`ray_pool`; Ray is the
optional ``accord[distributed]`` extra). The records do not depend on how the runs were executed.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.deals import deal_space_from_scenario

from .arena import Arena
from .engine import DEFAULT_ROUNDS, Negotiation
from .results import write_csv
from .strategies.base import available_strategies

if TYPE_CHECKING:
    from accord.scenario import Scenario

__all__ = ["Tournament", "TournamentResult", "run_tournament", "ray_pool"]


@dataclass(frozen=True)
class TournamentResult:
    """Tidy records (one per run and actor) and the ranking of strategies by focal performance."""

    records: list[dict[str, Any]]
    ranking: list[dict[str, Any]]

    def to_csv(self, path: str | None = None) -> str:
        """The records as CSV."""
        return write_csv(self.records, path)


@dataclass
class Tournament:
    """A tournament description.

    Parameters
    ----------
    scenarios : sequence of Scenario
    strategies : sequence of str
        Registered strategy names.
    n_seeds : int
        Runs per assignment, each with its own seed.
    seed : int
        Master seed.
    assignments : "each-actor", "all" or sequence of mappings
    base : str
        Strategy of the non-focal actors in ``"each-actor"``.
    signatories : sequence of str, optional
        The actors at the table; every actor of each scenario by default.
    protocol, n_rounds, mediator, deadlines : as for :class:`Negotiation`
    n_jobs : int
        Chunks the runs are split into, one task each (1 without an executor: a plain loop).
    executor : object with ``map(fn, iterable)``, optional
        Runs the chunks, e.g. :func:`ray_pool` or a ``concurrent.futures`` executor; a local process
        pool of ``n_jobs`` workers when None and ``n_jobs > 1``.
    max_assignments : int
        Refuse ``"all"`` beyond this many assignments per scenario.
    """

    scenarios: Sequence[Scenario]
    strategies: Sequence[str]
    n_seeds: int = 20
    seed: int = 0
    assignments: str | Sequence[Mapping[str, str]] = "each-actor"
    base: str = "linear"
    signatories: Sequence[str] | None = None
    protocol: str = "alternating"
    n_rounds: int = DEFAULT_ROUNDS
    mediator: str | None = None
    deadlines: Mapping[str, int | None] | None = None
    n_jobs: int = 1
    executor: Any = None
    max_assignments: int = 10_000
    _jobs: list[tuple[int, int, dict[str, str], tuple[str, ...], int]] = field(
        default_factory=list, repr=False
    )

    def _validate(self) -> None:
        known = available_strategies()
        for s in [*self.strategies, self.base]:
            if s not in known:
                raise ValueError(f"unknown strategy {s!r}; known: {', '.join(sorted(known))}")
        if not self.strategies:
            raise ValueError("a tournament needs at least one strategy")
        if not self.scenarios:
            raise ValueError("a tournament needs at least one scenario")
        if self.n_seeds < 1:
            raise ValueError(f"n_seeds must be at least 1, not {self.n_seeds}")
        if self.n_rounds < 1:
            raise ValueError(f"the horizon must be at least 1 round, not {self.n_rounds!r}")

    def jobs(self) -> list[tuple[int, int, dict[str, str], tuple[str, ...], int]]:
        """(scenario number, assignment number, assignment, focal actors, seed) for every run."""
        self._validate()
        seeds = np.random.SeedSequence(self.seed).generate_state(self.n_seeds).tolist()
        out = []
        for si, sc in enumerate(self.scenarios):
            table = tuple(sc.actor_ids if self.signatories is None else self.signatories)
            unknown = [a for a in table if a not in sc.actor_ids]
            if unknown:
                raise ValueError(f"unknown actor {unknown[0]!r} in scenario {sc.title or si}")
            plans: list[tuple[dict[str, str], tuple[str, ...]]] = []
            match self.assignments:
                case "each-actor":
                    for s in self.strategies:
                        for a in table:
                            plans.append(({b: (s if b == a else self.base) for b in table}, (a,)))
                case "all":
                    n = len(self.strategies) ** len(table)
                    if n > self.max_assignments:
                        raise ValueError(f"'all' would make {n} assignments (limit {self.max_assignments})")
                    for combo in itertools.product(self.strategies, repeat=len(table)):
                        plans.append((dict(zip(table, combo, strict=True)), table))
                case str():
                    raise ValueError(
                        f"unknown assignment mode {self.assignments!r}; use 'each-actor' or 'all'"
                    )
                case _:
                    for given in self.assignments:
                        plans.append((dict(given), tuple(given)))
            for ai, (assign, focal) in enumerate(plans):
                for seed in seeds:
                    out.append((si, ai, assign, focal, int(seed)))
        return out

    def run(self) -> TournamentResult:
        """Play every run; records and ranking."""
        jobs = self.jobs()
        if self.n_jobs > 1 or self.executor is not None:
            chunks = [jobs[i :: self.n_jobs] for i in range(self.n_jobs)]
            tasks = [(replace(self, executor=None), c) for c in chunks]
            if self.executor is not None:
                parts = list(self.executor.map(_play_many, tasks))
            else:
                with ProcessPoolExecutor(max_workers=self.n_jobs) as pool:
                    parts = list(pool.map(_play_many, tasks))
            # Re-interleave so the record order does not depend on n_jobs.
            order = {id_: n for n, id_ in enumerate((j[0], j[1], j[4]) for j in jobs)}
            records = sorted(
                (r for p in parts for r in p),
                key=lambda r: (order[(r["scenario_no"], r["assignment"], r["seed"])], r["actor_no"]),
            )
        else:
            records = _play_many((self, jobs))
        return TournamentResult(records=records, ranking=rank(records))


_CACHE: dict[int, tuple[Any, Any, Arena]] = {}


def _prepared(sc: Scenario) -> tuple[Any, Arena]:
    """The deal space and arena of a scenario, built once per process.

    The scenario is kept with them, so a recycled ``id`` cannot return another scenario's arena.
    """
    hit = _CACHE.get(id(sc))
    if hit is None or hit[0] is not sc:
        space = deal_space_from_scenario(sc)
        hit = (sc, space, Arena(space, saliences=np.maximum(np.array(sc.saliences), 0.0)))
        _CACHE[id(sc)] = hit
    return hit[1], hit[2]


def _play_many(
    args: tuple[Tournament, list[tuple[int, int, dict[str, str], tuple[str, ...], int]]],
) -> list[dict[str, Any]]:
    t, jobs = args
    out = []
    for si, ai, assign, focal, seed in jobs:
        sc = t.scenarios[si]
        space, arena = _prepared(sc)
        neg = Negotiation.from_scenario(
            sc,
            assign,
            space=space,
            arena=arena,
            protocol=t.protocol,
            n_rounds=t.n_rounds,
            seed=seed,
            mediator=t.mediator,
            deadlines=t.deadlines,
        )
        d0 = neg.disagreement.copy()
        res = neg.run()
        for a, strat in assign.items():
            row = space.actors.index(a)
            out.append(
                {
                    "scenario": sc.title or f"scenario {si}",
                    "scenario_no": si,
                    "assignment": ai,
                    "seed": seed,
                    "actor": a,
                    "actor_no": row,
                    "strategy": strat,
                    "focal": a in focal,
                    "outcome": res.outcome,
                    "ended_by": res.ended_by,
                    "round": res.round,
                    "partial": ";".join(f"{k}={v}" for k, v in res.partial.items()),
                    "utility": res.utilities[a],
                    "gain": res.utilities[a] - float(d0[row]),
                }
            )
    return out


def rank(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Strategies ranked by mean gain over the initial BATNA of their focal plays (ties: name).

    Also reported: runs, mean utility, share of runs with a full agreement and with any agreement.
    """
    by: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        if r["focal"]:
            by.setdefault(r["strategy"], []).append(r)
    rows: list[dict[str, Any]] = []
    for s, rs in by.items():
        rows.append(
            {
                "strategy": s,
                "runs": len(rs),
                "mean_gain": float(np.mean([r["gain"] for r in rs])),
                "mean_utility": float(np.mean([r["utility"] for r in rs])),
                "agreement_rate": float(np.mean([r["outcome"] == "agreement" for r in rs])),
                "any_deal_rate": float(
                    np.mean([r["outcome"] in ("agreement", "partial agreement") for r in rs])
                ),
                "mean_round": float(np.mean([r["round"] for r in rs])),
            }
        )
    rows.sort(key=lambda r: (-float(r["mean_gain"]), str(r["strategy"])))
    for n, r in enumerate(rows, 1):
        r["rank"] = n
    return rows


def run_tournament(
    scenarios: Sequence[Scenario], strategies: Sequence[str], **kwargs: Any
) -> TournamentResult:
    """Build a :class:`Tournament` and run it."""
    return Tournament(scenarios=scenarios, strategies=strategies, **kwargs).run()


def ray_pool(address: str | None = None, processes: int | None = None) -> Any:
    """A Ray process pool to pass as ``Tournament(executor=...)``.

    Parameters
    ----------
    address : str, optional
        A running Ray cluster (``"auto"``, ``"ray://host:10001"``); a local Ray instance when None and
        none is running. ``RAY_ADDRESS`` is honoured as Ray documents.
    processes : int, optional
        Worker processes (default: every CPU Ray sees).

    Raises
    ------
    ImportError
        With the install hint when Ray is absent (``pip install 'accord[distributed]'``).

    References
    ----------
    P. Moritz et al. (2018), "Ray: a distributed framework for emerging AI applications", OSDI.
    """
    try:
        import ray
        from ray.util.multiprocessing import Pool
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("Ray is not installed: pip install 'accord[distributed]'") from err
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    return Pool(processes=processes)
