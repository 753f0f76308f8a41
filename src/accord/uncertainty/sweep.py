"""Sweeps: sample a scenario's uncertain inputs, evaluate the analyses on every sample, analyse the table.

:func:`sweep` is the three steps end to end (``accord sweep``); each is public on its own
(:func:`~accord.uncertainty.sample`, :func:`evaluate`, the functions of :mod:`accord.uncertainty.analyse`),
so another sampler or analysis plugs in. :func:`uncertainty_summary` is the small, fast sweep behind the
uncertainty section of ``accord analyze``.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ..errors import InputError
from ..scenario import Scenario
from .analyse import Columns, agreement_curves, deal_summary, failures, forecast_spreads, simulation_summary
from .apply import scenario_at
from .evaluate import ScenarioEvaluator
from .executors import LocalExecutor, RayExecutor, chunks_of
from .problem import Problem, build_problem
from .results import ParameterRecord, SweepReport, UncertaintySummary
from .sampling import sample
from .store import MemoryStore, PartStore, inputs_path, read_table, write_inputs

__all__ = [
    "evaluate",
    "sweep",
    "uncertainty_summary",
    "default_chunk_size",
    "parameter_records",
]

FloatArray = NDArray[np.float64]
Executor = LocalExecutor | RayExecutor

#: Forecast models fast enough to summarise on every ``accord analyze``.
SUMMARY_MODELS = ("compromise", "median")


def default_chunk_size(evaluator: Any, n: int, workers: int) -> int:
    """Rows per chunk: large for batched forecasts only, small where each sample runs on its own."""
    batched_only = getattr(evaluator, "analyses", ("function",)) == ("forecast",) and all(
        m in SUMMARY_MODELS for m in getattr(evaluator, "models", ())
    )
    if batched_only or not hasattr(evaluator, "analyses"):
        return max(1, min(16384, math.ceil(n / max(1, workers))))
    from ..registry import MODELS

    if getattr(evaluator, "analyses", ()) == ("forecast",) and all(
        getattr(MODELS.get(m, "--models"), "batched", False) for m in getattr(evaluator, "models", ())
    ):
        # Iterative models with a sample axis (EUM, exchange, Nash, SMP): chunks large enough to pay their
        # per-round numpy calls once for many samples, small enough for their (samples x issues x n^3)
        # temporaries.
        return max(1, min(512, math.ceil(n / max(1, 4 * workers))))
    # A few chunks per worker balance the load; a cap keeps progress (and resume) fine-grained.
    return max(1, min(64, n // max(1, 4 * workers)))


def evaluate(
    evaluator: Any,
    values: FloatArray,
    *,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    store: MemoryStore | PartStore | None = None,
    progress: Callable[[int], None] | None = None,
) -> Any:
    """Step 2: evaluate every row of a design, chunk by chunk, streaming each finished chunk to ``store``.

    Parameters
    ----------
    evaluator : ScenarioEvaluator or FunctionEvaluator
    values : ndarray, shape (n_samples, n_variables)
    executor : LocalExecutor or RayExecutor, optional
        Default: this process.
    chunk_size : int, optional
        Rows per chunk (default: :func:`default_chunk_size`). Results do not depend on it.
    store : MemoryStore or PartStore, optional
        Where chunks go (default: memory). Rows a :class:`PartStore` already holds are skipped.
    progress : callable, optional
        Called with the number of samples of each finished chunk.

    Returns
    -------
    pyarrow.Table or Path
        The tidy table (memory) or the merged Parquet file (:class:`PartStore`).
    """
    executor = executor or LocalExecutor(1)
    store = store if store is not None else MemoryStore()
    n = int(values.shape[0])
    size = chunk_size or default_chunk_size(evaluator, n, executor.n_workers or os.cpu_count() or 1)
    chunks = chunks_of(n, size, store.done())
    layout = evaluator.layout
    for a, b, block in executor.map(evaluator, values, chunks):
        store.write(a, b, layout.table(block))
        if progress is not None:
            progress(b - a)
    return store.finish()


def parameter_records(problem: Problem) -> tuple[ParameterRecord, ...]:
    """The uncertain inputs as document records."""
    return tuple(ParameterRecord(v.name, v.describe(), v.origin, v.nominal) for v in problem.variables)


def _options(scenario: Scenario) -> dict[str, list[tuple[str, float]]]:
    return {i.id: [(o.id, o.value) for o in i.options] for i in scenario.issues}


def _round_dates(scenario: Scenario, n_rounds: int) -> tuple[str, ...] | None:
    """The date each round ends on (the scenario's ``as_of`` and round length), or None without a date."""
    try:
        return tuple(scenario.round_date(r).isoformat() for r in range(1, n_rounds + 1))
    except InputError:
        return None


def _spec(scenario: Scenario, problem: Problem, **options: Any) -> dict[str, Any]:
    from ..scenario import dumps_scenario

    digest = hashlib.sha256(dumps_scenario(scenario, "json").encode()).hexdigest()[:16]
    return {
        "format": "accord-sweep/1",
        "scenario": digest,
        "title": scenario.title,
        "variables": [f"{v.name} ~ {v.describe()}" for v in problem.variables],
        **options,
    }


def sweep(
    scenario: Scenario,
    *,
    n_samples: int,
    analyses: Sequence[str] = ("forecast",),
    models: Sequence[str] | None = None,
    method: str = "lhs",
    seed: int = 0,
    default_spread: bool = True,
    n_rounds: int = 26,
    inputs: bool = True,
    path: str | os.PathLike[str] | None = None,
    resume: bool = False,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], Any] | None = None,
) -> SweepReport:
    """Sample, evaluate and analyse a scenario's uncertainty.

    Parameters
    ----------
    scenario : Scenario
    n_samples : int
        Samples to draw (the base size of a Sobol' design).
    analyses : sequence of str
        Some of ``forecast``, ``deals``, ``outlook``, ``simulate``.
    models : sequence of str, optional
        Forecast models (default: every registered model that is not a variant).
    method : {"lhs", "sobol", "random"}
    seed : int
        Seeds the design and every stochastic step; the same seed gives the same table, byte for byte,
        whatever the executor, the chunk size, or an interruption and resume.
    default_spread : bool
        Vary every stance's position and salience by its confidence (see :data:`DEFAULT_SPREAD`).
    n_rounds : int
        The simulation's horizon (outlook, simulate).
    inputs : bool
        With ``path``, also write each sample's input values, one column per input, to
        ``OUT.inputs.parquet`` (join it to the table on ``sample``).
    path : path-like, optional
        Write the tidy table to this Parquet file, streaming chunks as they finish.
    resume : bool
        Continue an interrupted sweep to ``path``.
    executor : LocalExecutor or RayExecutor, optional
        Default: this process.
    chunk_size : int, optional
    progress : callable, optional
        ``progress(total, done)`` returns a context manager yielding ``advance(n)`` (the CLI's bar).

    Returns
    -------
    SweepReport
    """
    from ..registry import MODELS

    problem = build_problem(scenario, default_spread=default_spread)
    design = sample(problem, n_samples, method, seed)
    names = tuple(models) if models is not None else tuple(MODELS.listed())
    evaluator = ScenarioEvaluator(scenario, problem, tuple(analyses), names, seed, n_rounds)
    spec = _spec(
        scenario,
        problem,
        n_samples=n_samples,
        method=method,
        seed=seed,
        analyses=list(evaluator.analyses),
        models=list(names) if "forecast" in evaluator.analyses else [],
        n_rounds=n_rounds,
        default_spread=default_spread,
    )
    store: MemoryStore | PartStore = MemoryStore() if path is None else PartStore(path, spec, resume)
    done = sum(b - a for a, b in store.done())
    if progress is not None:
        with progress(design.n_samples, done) as advance:
            result = evaluate(
                evaluator,
                design.values,
                executor=executor,
                chunk_size=chunk_size,
                store=store,
                progress=advance,
            )
    else:
        result = evaluate(evaluator, design.values, executor=executor, chunk_size=chunk_size, store=store)
    table = result if isinstance(result, pa.Table) else read_table(result)
    if path is not None and inputs:
        labels = [v.labels for v in problem.variables]
        write_inputs(inputs_path(path), list(problem.names), labels, design.values)
    return summarize(
        table,
        scenario,
        problem,
        file=None if path is None else str(path),
        seed=seed,
        method=method,
        analyses=evaluator.analyses,
        models=names if "forecast" in evaluator.analyses else (),
        default_spread=default_spread,
        n_rounds=n_rounds,
    )


def summarize(
    table: pa.Table,
    scenario: Scenario,
    problem: Problem,
    *,
    file: str | None,
    seed: int,
    method: str,
    analyses: Sequence[str],
    models: Sequence[str],
    default_spread: bool,
    n_rounds: int,
) -> SweepReport:
    """Step 3: the :class:`SweepReport` of a sweep's tidy table."""
    cols = Columns(table)
    p_zopa, cost, openings = deal_summary(cols)
    outcomes, utilities = simulation_summary(cols)
    curves = agreement_curves(cols, n_rounds)
    return SweepReport(
        title=scenario.title,
        file=file,
        seed=seed,
        method=method,
        n_samples=cols.n_samples,
        n_rows=int(table.num_rows),
        analyses=tuple(analyses),
        models=tuple(models),
        default_spread=default_spread,
        parameters=parameter_records(problem),
        forecasts=tuple(forecast_spreads(cols, _options(scenario))),
        p_zopa=p_zopa,
        opening_cost=cost,
        openings=tuple(openings),
        agreement=tuple(curves),
        round_dates=_round_dates(scenario, n_rounds) if curves else None,
        outcomes=outcomes,
        utilities=utilities,
        failures=failures(cols),
    )


def _has_zopa(scenario: Scenario) -> bool:
    """Whether any package is feasible, by the deal analysis's own test.

    A non-empty Pareto frontier of the feasible packages, or an exact MILP search where the frontier is
    too large; without the opening and concession views that ``accord.deals.analyze`` adds.
    """
    from ..analysis import deal_space
    from ..deals import SpaceTooLargeError, pareto_frontier
    from ..deals.search import milp_utilitarian

    space = deal_space(scenario)
    try:
        front, _ = pareto_frontier(space)
        return len(front) > 0
    except SpaceTooLargeError:
        return milp_utilitarian(space) is not None


def uncertainty_summary(
    scenario: Scenario,
    n_samples: int = 512,
    seed: int = 0,
    *,
    n_deal_samples: int = 64,
    default_spread: bool = True,
) -> UncertaintySummary:
    """The uncertainty section of ``accord analyze``: forecast intervals and P(zone of agreement).

    Parameters
    ----------
    scenario : Scenario
    n_samples : int
        Latin-hypercube samples for the compromise and median forecasts (one vectorised pass).
    seed : int
    n_deal_samples : int
        Samples (a Latin hypercube of their own) for the probability of a zone of agreement; each runs
        the deal space's feasibility test (a few milliseconds on the flagship).
    default_spread : bool

    Returns
    -------
    UncertaintySummary
        With no uncertain input, every interval is a point and ``p_zopa`` is 0 or 1.
    """
    problem = build_problem(scenario, default_spread=default_spread)
    if problem.n_variables == 0:
        n_samples, n_deal_samples = 1, 1
        values = np.zeros((1, 0))
        deal_values = values
    else:
        values = sample(problem, n_samples, "lhs", seed).values
        deal_values = (
            sample(problem, n_deal_samples, "lhs", seed + 1).values if n_deal_samples else values[:0]
        )
    evaluator = ScenarioEvaluator(scenario, problem, ("forecast",), SUMMARY_MODELS, seed)
    cols = Columns(evaluate(evaluator, values))
    zopa = [_has_zopa(scenario_at(scenario, problem, row)) for row in deal_values]
    return UncertaintySummary(
        seed=seed,
        n_samples=int(values.shape[0]),
        n_deal_samples=len(zopa),
        n_parameters=problem.n_variables,
        default_spread=default_spread,
        forecasts=tuple(forecast_spreads(cols, _options(scenario))),
        p_zopa=float(np.mean(zopa)) if zopa else None,
    )
