"""Tournaments: strategies x scenarios x seeds, seated at the table, as a tidy table and a ranking.

Like Axelrod's ``Tournament`` and Mesa's ``batch_run``: a plain description (scenarios, the strategies
compared, how they are seated, seeds), one run per combination, one record per (run, actor at the
table), and a ranking. Everything is reproducible from ``seed``: the run seeds are drawn from
``numpy.random.SeedSequence(seed)``.

Seating
-------
The *table* (every actor of each scenario by default) negotiates; ``fixed`` pins some of its seats to a
strategy in every run; the other seats are *focal* and take the strategies compared:

``mode="each-actor"`` (default)
    Every compared strategy in turn plays every focal actor while the other focal actors play
    ``default``: ``n_strategies x n_focal`` seatings per scenario.
``mode="all"``
    Every combination of the compared strategies over the focal actors (``n_strategies ** n_focal``;
    refused above ``max_assignments``).
``assignments=[{actor: name, ...}, ...]``
    As given, for library users (the table is each mapping's actors; all of them focal).

``signatories`` (a subset of the table, the whole table by default) are those whose acceptance a deal
needs; the others at the table propose and respond but cannot block.

Runs go through a plain loop, or, split into ``n_jobs`` chunks, through an executor: a local process pool
by default, or any object with ``map(fn, iterable)`` such as a ``concurrent.futures`` executor or Ray's
``ray.util.multiprocessing.Pool`` for sweeps that outgrow one machine (:func:`ray_pool`; Ray is the
optional ``accord[distributed]`` extra). The records do not depend on how the runs were executed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.deals import DealSpace, deal_space_from_scenario
from accord.errors import InputError, LimitError
from accord.registry import STRATEGIES

from .arena import Arena
from .engine import DEFAULT_ROUNDS, Negotiation
from .results import write_csv
from .seats import DEFAULT_STRATEGY

if TYPE_CHECKING:
    from accord.scenario import Scenario

__all__ = ["Tournament", "TournamentResult", "run_tournament", "ray_pool", "rank"]

#: (scenario number, seating number, seating, focal actors, seed) of one run.
Job = tuple[int, int, dict[str, str], tuple[str, ...], int]


@dataclass(frozen=True)
class TournamentResult:
    """Tidy records (one per run and actor at the table) and the strategies ranked by focal performance."""

    records: list[dict[str, Any]]
    ranking: list[dict[str, Any]]

    def to_csv(self, path: str | None = None) -> str:
        """The records as CSV (also written to ``path``, atomically, when given)."""
        return write_csv(self.records, path)


@dataclass
class Tournament:
    """A tournament description.

    Parameters
    ----------
    scenarios : sequence of Scenario
    strategies : sequence of str
        Registered names of the strategies compared.
    n_seeds : int
        Runs per seating, each with its own seed.
    seed : int
        Master seed.
    mode : {"each-actor", "all"}
        How the compared strategies are seated at the focal actors (see the module docstring).
    fixed : mapping of actor id to str, optional
        Seats pinned to a strategy in every run; those actors are not focal.
    default : str
        Strategy of the focal actors not playing a compared strategy in ``"each-actor"``.
    table : sequence of str, optional
        Who negotiates; every actor of each scenario by default.
    signatories : sequence of str, optional
        Whose acceptance a deal needs: a subset of the table (the whole table by default).
    protocol, n_rounds, mediator, deadlines, patience : as for :class:`Negotiation`
    n_jobs : int
        Chunks the runs are split into, one task each (1 without an executor: a plain loop).
    executor : object with ``map(fn, iterable)``, optional
        Runs the chunks, e.g. :func:`ray_pool` or a ``concurrent.futures`` executor; a local process
        pool of ``n_jobs`` workers when None and ``n_jobs > 1``.
    assignments : sequence of mappings, optional
        Explicit seatings (actor -> strategy name) instead of ``mode``, ``fixed`` and ``table``.
    max_assignments : int
        Refuse ``"all"`` beyond this many seatings per scenario.

    Raises
    ------
    InputError
        (from :meth:`jobs` and :meth:`run`) unknown strategies or actors, a signatory off the table, no
        focal actor, a count below 1; each names the option at fault.
    LimitError
        ``"all"`` over ``max_assignments`` seatings.
    """

    scenarios: Sequence[Scenario]
    strategies: Sequence[str]
    n_seeds: int = 20
    seed: int = 0
    mode: str = "each-actor"
    fixed: Mapping[str, str] | None = None
    default: str = DEFAULT_STRATEGY
    table: Sequence[str] | None = None
    signatories: Sequence[str] | None = None
    protocol: str = "alternating"
    n_rounds: int = DEFAULT_ROUNDS
    mediator: str | None = None
    deadlines: Mapping[str, int | None] | None = None
    patience: int | Mapping[str, int | None] | None = None
    n_jobs: int = 1
    executor: Any = None
    assignments: Sequence[Mapping[str, str]] | None = None
    max_assignments: int = 10_000

    def _validate(self) -> None:
        if not self.strategies:
            raise InputError.single("--strategies", "a tournament needs at least one strategy")
        for s in self.strategies:
            STRATEGIES.get(s, "--strategies")
        STRATEGIES.get(self.default, "--default")
        for s in (self.fixed or {}).values():
            STRATEGIES.get(s, "--strategy")
        if not self.scenarios:
            raise InputError.single("scenario", "a tournament needs at least one scenario")
        if not isinstance(self.n_seeds, int | np.integer) or self.n_seeds < 1:
            raise InputError.single("--seeds", f"n_seeds must be at least 1, not {self.n_seeds!r}")
        if not isinstance(self.n_rounds, int | np.integer) or self.n_rounds < 1:
            raise InputError.single(
                "--rounds", f"the horizon must be at least 1 round, not {self.n_rounds!r}"
            )
        if self.assignments is None and self.mode not in ("each-actor", "all"):
            raise InputError.single(
                "--mode", f"unknown assignment mode {self.mode!r}; use 'each-actor' or 'all'"
            )
        if isinstance(self.assignments, str):
            raise InputError.single("assignments", "a list of mappings; use mode= for 'each-actor' or 'all'")

    def _seatings(self, sc: Scenario, si: int) -> list[tuple[dict[str, str], tuple[str, ...]]]:
        """(seating, focal actors) for one scenario."""
        name = sc.title or f"scenario {si}"
        actors = sc.actor_ids
        if self.assignments is not None:
            for given in self.assignments:
                unknown = [a for a in given if a not in actors]
                if unknown:
                    raise InputError.single("assignments", f"unknown actor {unknown[0]!r} in {name}")
            return [(dict(given), tuple(given)) for given in self.assignments]
        table = tuple(actors if self.table is None else self.table)
        fixed = dict(self.fixed or {})
        for what, names in (
            ("--table", table),
            ("--strategy", fixed),
            ("--signatories", self.signatories or ()),
        ):
            unknown = [a for a in names if a not in actors]
            if unknown:
                raise InputError.single(
                    what, f"unknown actor {unknown[0]!r} in {name}; actors are {', '.join(actors)}"
                )
        off = [a for a in [*fixed, *(self.signatories or ())] if a not in table]
        if off:
            what = "--strategy" if off[0] in fixed else "--signatories"
            raise InputError.single(what, f"{off[0]!r} is not at the table ({', '.join(table)})")
        focal = tuple(a for a in table if a not in fixed)
        if not focal:
            raise InputError.single(
                "--strategy", "every seat at the table is fixed: no actor left to compare strategies on"
            )
        plans: list[tuple[dict[str, str], tuple[str, ...]]] = []
        if self.mode == "each-actor":
            for s in self.strategies:
                for a in focal:
                    plans.append(({b: fixed.get(b) or (s if b == a else self.default) for b in table}, (a,)))
        else:
            n = len(self.strategies) ** len(focal)
            if n > self.max_assignments:
                raise LimitError(
                    f"mode 'all' would make {n} assignments (limit {self.max_assignments})",
                    knob="max_assignments",
                )
            for combo in itertools.product(self.strategies, repeat=len(focal)):
                pick = dict(zip(focal, combo, strict=True))
                plans.append(({b: fixed.get(b) or pick[b] for b in table}, focal))
        return plans

    def jobs(self) -> list[Job]:
        """(scenario number, seating number, seating, focal actors, seed) for every run."""
        self._validate()
        seeds = np.random.SeedSequence(self.seed).generate_state(self.n_seeds).tolist()
        out = []
        for si, sc in enumerate(self.scenarios):
            for ai, (assign, focal) in enumerate(self._seatings(sc, si)):
                for seed in seeds:
                    out.append((si, ai, assign, focal, int(seed)))
        return out

    def run(self, progress: Callable[[int], None] | None = None) -> TournamentResult:
        """Play every run; records and ranking.

        ``progress(n)`` is called as runs finish (``n`` runs each time), for a progress bar.
        """
        jobs = self.jobs()
        if self.n_jobs > 1 or self.executor is not None:
            # A few chunks per worker, so progress moves and a slow chunk does not idle the others;
            # the records are re-ordered below, so the chunking does not change the result.
            n_chunks = min(len(jobs), 4 * self.n_jobs) or 1
            chunks = [jobs[i::n_chunks] for i in range(n_chunks)]
            tasks = [(replace(self, executor=None), c) for c in chunks]
            parts = []
            if self.executor is not None:
                mapped = self.executor.map(_play_many, tasks)
                for chunk, part in zip(chunks, mapped, strict=True):
                    parts.append(part)
                    if progress is not None:
                        progress(len(chunk))
            else:
                with ProcessPoolExecutor(max_workers=self.n_jobs) as pool:
                    for chunk, part in zip(chunks, pool.map(_play_many, tasks), strict=True):
                        parts.append(part)
                        if progress is not None:
                            progress(len(chunk))
            # Re-interleave so the record order does not depend on n_jobs.
            order = {id_: n for n, id_ in enumerate((j[0], j[1], j[4]) for j in jobs)}
            records = sorted(
                (r for p in parts for r in p),
                key=lambda r: (order[(r["scenario_no"], r["assignment"], r["seed"])], r["actor_no"]),
            )
        else:
            records = _play_many((self, jobs), progress)
        return TournamentResult(records=records, ranking=rank(records))


def _prepare(sc: Scenario) -> tuple[DealSpace, Arena]:
    """The deal space and arena of a scenario (built once per batch of runs, then copied per run)."""
    space = deal_space_from_scenario(sc)
    return space, Arena(space, saliences=np.maximum(np.array(sc.saliences), 0.0))


def _play_many(
    args: tuple[Tournament, list[Job]], progress: Callable[[int], None] | None = None
) -> list[dict[str, Any]]:
    t, jobs = args
    # Prepared objects live as long as this batch of runs, keyed by scenario number: nothing outlives
    # the call (a long-lived server would otherwise accumulate every scenario it ever saw).
    prepared: dict[int, tuple[DealSpace, Arena]] = {}
    out = []
    for si, ai, assign, focal, seed in jobs:
        sc = t.scenarios[si]
        if si not in prepared:
            prepared[si] = _prepare(sc)
        space, arena = prepared[si]
        neg = Negotiation.from_scenario(
            sc,
            assign,
            space=space,
            arena=arena,
            protocol=t.protocol,
            n_rounds=t.n_rounds,
            seed=seed,
            signatories=t.signatories,
            mediator=t.mediator,
            deadlines=t.deadlines,
            patience=t.patience,
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
        if progress is not None:
            progress(1)
    return out


def rank(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Strategies ranked by the mean gain over the initial BATNA of their focal plays.

    Equal mean gains share a rank (competition ranking: 1, 1, 3), listed by name. Also reported: runs,
    mean utility, share of runs with a full agreement and with any agreement, mean final round.
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
    for n, r in enumerate(rows):
        tied = n > 0 and r["mean_gain"] == rows[n - 1]["mean_gain"]
        r["rank"] = rows[n - 1]["rank"] if tied else n + 1
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
    InputError
        With the install hint when Ray is absent, or when the address does not answer
        (:func:`accord.distributed.start_ray`).
    """
    from ..distributed import start_ray

    start_ray(address)
    from ray.util.multiprocessing import Pool

    return Pool(processes=processes)
