"""Which inputs move an output most: Sobol' indices (SALib) and a one-at-a-time tornado.

Both run through the sweep's steps: a design (Saltelli's for Sobol', a one-at-a-time design for the
tornado), the same evaluators and executors, then the indices.

* **Sobol'** (Saltelli 2002; Saltelli et al. 2010, through ``SALib.analyze.sobol``): the first-order
  index ``S1`` is the share of the output's variance an input explains alone, the total index ``ST`` its
  share with every interaction; an input with ``ST`` near 0 can be fixed at any value in its range.
* **Tornado**: each input moved alone from its 5% to its 95% quantile (every choice, for choices) with
  every other input as the scenario states it; ranked by the swing of the output. Cheap (``2k + 1``
  runs) and easy to read, blind to interactions.

Outputs are an issue id (the forecast of that issue by ``model``) or a metric: ``zopa`` (1 when a zone
of agreement exists), ``opening_cost``, ``agreement`` (1 for a full agreement in the simulated talks),
``agreement_round`` and ``settled_round:<issue>`` (rounds until settled, ``n_rounds + 1`` when never),
``round``, ``utility:<actor>``.

References
----------
A. Saltelli (2002), "Making best use of model evaluations to compute sensitivity indices", *Computer
Physics Communications* 145(2), 280-297. J. Herman, W. Usher (2017), "SALib: an open-source Python
library for sensitivity analysis", *Journal of Open Source Software* 2(9), 97.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from ..scenario import Scenario
from .analyse import Columns
from .evaluate import ScenarioEvaluator
from .executors import LocalExecutor, RayExecutor
from .problem import Problem, build_problem
from .results import SensitivityReport, SobolRow, TornadoRow
from .sampling import sample
from .sweep import evaluate
from .tidy import OutputKey

__all__ = ["METRICS", "METHODS", "resolve_output", "sobol_indices", "tornado", "sensitivity"]

FloatArray = NDArray[np.float64]
Executor = LocalExecutor | RayExecutor

#: Sensitivity methods.
METHODS = ("sobol", "tornado")

#: Metric name -> (analysis, output in the tidy table).
METRICS = {
    "zopa": ("deals", "zopa"),
    "opening_cost": ("deals", "opening_cost"),
    "agreement": ("simulate", "outcome"),
    "agreement_round": ("outlook", "agreement_round"),
    "round": ("simulate", "round"),
}
_PREFIXES = {"settled_round:": "outlook", "utility:": "simulate"}


def _mean(y: FloatArray) -> float:
    """The mean, exact for a constant output (a pairwise sum rounds)."""
    return float(y[0]) if np.ptp(y) == 0 else float(np.mean(y))


def resolve_output(scenario: Scenario, output: str, model: str) -> tuple[OutputKey, bool]:
    """The tidy-table key of ``output``, and whether NaN means "never" (counted as ``n_rounds + 1``).

    Raises
    ------
    InputError
        For an output that is neither an issue of the scenario nor a metric.
    """
    if output in scenario.issue_ids:
        return ("forecast", model, output), False
    if output in METRICS:
        analysis, name = METRICS[output]
        return (analysis, None, name), name == "agreement_round"
    for prefix, analysis in _PREFIXES.items():
        if output.startswith(prefix):
            tail = output[len(prefix) :]
            known = scenario.issue_ids if prefix == "settled_round:" else scenario.actor_ids
            if tail in known:
                return (analysis, None, output), prefix == "settled_round:"
    metrics = ", ".join([*METRICS, "settled_round:ISSUE", "utility:ACTOR"])
    raise InputError.single(
        "--output", f"{output!r} is neither an issue of the scenario nor a metric ({metrics})"
    )


def _outputs(
    evaluator: Any,
    values: FloatArray,
    key: OutputKey,
    never: float | None,
    executor: Executor | None,
    chunk_size: int | None,
    progress: Callable[[int], None] | None,
) -> FloatArray:
    cols = Columns(evaluate(evaluator, values, executor=executor, chunk_size=chunk_size, progress=progress))
    y = cols.values(key)
    if never is not None:
        y = np.where(np.isnan(y), never, y)
    bad = int(np.isnan(y).sum())
    if bad:
        raise InputError.single(
            "--output",
            f"{key[2]} is undefined in {bad} of {len(y)} evaluations (a failed run): choose another output",
        )
    return y


def sobol_indices(
    problem: Problem,
    evaluator: Any,
    key: OutputKey,
    n: int,
    *,
    seed: int = 0,
    never: float | None = None,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[SobolRow], FloatArray, list[str]]:
    """First-order and total Sobol' indices of one output, ranked by the total index.

    Parameters
    ----------
    problem : Problem
    evaluator : ScenarioEvaluator or FunctionEvaluator
        Its layout must hold ``key``.
    key : (analysis, model, output)
    n : int
        Base sample size (a power of two); ``n (k + 2)`` evaluations.
    seed : int
        Seeds the design and the bootstrap confidence intervals.
    never : float, optional
        The value that stands for NaN ("never settled").

    Returns
    -------
    rows, y, notes
        The ranked rows, the output on every row of the design, and notes (a constant output).
    """
    design = sample(problem, n, "sobol", seed)
    y = _outputs(evaluator, design.values, key, never, executor, chunk_size, progress)
    if float(np.ptp(y)) == 0.0:  # exactly constant (np.var of a constant can be 1e-28, not 0)
        rows = [SobolRow(k + 1, name, 0.0, 0.0, 0.0, 0.0) for k, name in enumerate(problem.names)]
        return rows, y, ["the output does not vary over the design: every index is 0"]
    from SALib.analyze import sobol as salib_sobol

    # SALib seeds its bootstrap only when the seed is truthy: derive a positive one from ours.
    ci_seed = int(np.random.SeedSequence(seed).generate_state(1)[0]) or 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        si = salib_sobol.analyze(
            problem.to_salib(), y, calc_second_order=False, num_resamples=200, conf_level=0.95, seed=ci_seed
        )

    def num(x: float) -> float | None:
        return float(x) if np.isfinite(x) else None

    raw = [
        (name, num(si["S1"][k]), num(si["S1_conf"][k]), num(si["ST"][k]), num(si["ST_conf"][k]))
        for k, name in enumerate(problem.names)
    ]
    raw.sort(key=lambda r: (-(r[3] if r[3] is not None else -np.inf), r[0]))
    return [SobolRow(k + 1, *r) for k, r in enumerate(raw)], y, []


def tornado(
    problem: Problem,
    evaluator: Any,
    key: OutputKey,
    *,
    quantiles: tuple[float, float] = (0.05, 0.95),
    never: float | None = None,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[TornadoRow], float, FloatArray]:
    """Each input alone at its low and high quantile (or at every choice), others as stated.

    Returns
    -------
    rows, nominal, y
        Rows ranked by swing, the output with every input as stated, and the output on every design row.
    """
    x0 = problem.nominal()
    rows_x = [x0]
    levels: list[tuple[int, float]] = []
    for k, var in enumerate(problem.variables):
        if var.distribution.kind == "choices":
            vals = (
                np.arange(len(var.distribution.choices), dtype=float)
                if var.categorical
                else np.array([float(v) for v, _ in var.distribution.choices])
            )
        else:
            vals = var.values(np.array(quantiles, dtype=float))
        for v in vals.tolist():
            row = x0.copy()
            row[k] = v
            rows_x.append(row)
            levels.append((k, v))
    values = np.array(rows_x)
    y = _outputs(evaluator, values, key, never, executor, chunk_size, progress)
    nominal = float(y[0])
    out = []
    for k, var in enumerate(problem.variables):
        at = [(v, float(yy)) for (kk, v), yy in zip(levels, y[1:].tolist(), strict=True) if kk == k]
        if var.distribution.kind == "choices":
            lo = min(at, key=lambda t: (t[1], t[0]))
            hi = max(at, key=lambda t: (t[1], -t[0]))
        else:
            lo, hi = at[0], at[-1]

        def shown(v: float, var: Any = var) -> float | str:
            return var.labels[int(v)] if var.categorical else float(v)

        out.append((var.name, shown(lo[0]), shown(hi[0]), lo[1], hi[1], abs(hi[1] - lo[1])))
    out.sort(key=lambda r: (-r[5], r[0]))
    return [TornadoRow(k + 1, *r) for k, r in enumerate(out)], nominal, y


def sensitivity(
    scenario: Scenario,
    output: str,
    *,
    method: str = "sobol",
    n_samples: int = 1024,
    model: str = "compromise",
    seed: int = 0,
    default_spread: bool = True,
    n_rounds: int = 26,
    executor: Executor | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], Any] | None = None,
) -> SensitivityReport:
    """Rank a scenario's uncertain inputs by how much they move ``output``.

    Parameters
    ----------
    scenario : Scenario
    output : str
        An issue id (its forecast by ``model``) or a metric (see the module docstring).
    method : {"sobol", "tornado"}
    n_samples : int
        Sobol': the base size (a power of two; ``n (k + 2)`` evaluations). Unused by the tornado.
    model : str
        The forecast model for an issue output.
    seed : int
    default_spread : bool
    n_rounds : int
    executor, chunk_size, progress
        As :func:`accord.uncertainty.sweep`.
    """
    if method not in METHODS:
        raise InputError.single("--method", f"unknown method {method!r}; known: {', '.join(METHODS)}")
    key, counts_never = resolve_output(scenario, output, model)
    problem = build_problem(scenario, default_spread=default_spread)
    if problem.n_variables == 0:
        raise InputError.single(
            "", "nothing is uncertain: the scenario has no uncertainty section and default spreads are off"
        )
    analysis = key[0]
    evaluator = ScenarioEvaluator(
        scenario,
        problem,
        (analysis,),
        (model,) if analysis == "forecast" else (),
        seed,
        n_rounds,
    )
    never = float(n_rounds + 1) if counts_never else None
    total = (
        n_samples * (problem.n_variables + 2)
        if method == "sobol"
        else 1
        + sum(
            len(v.distribution.choices) if v.distribution.kind == "choices" else 2 for v in problem.variables
        )
    )

    def run(
        advance: Callable[[int], None] | None,
    ) -> tuple[list[Any], list[Any], float | None, FloatArray, list[str]]:
        if method == "sobol":
            srows, y, notes = sobol_indices(
                problem,
                evaluator,
                key,
                n_samples,
                seed=seed,
                never=never,
                executor=executor,
                chunk_size=chunk_size,
                progress=advance,
            )
            nominal = _outputs(evaluator, problem.nominal()[None, :], key, never, None, None, None)
            return srows, [], float(nominal[0]), y, notes
        trows, nom, y = tornado(
            problem, evaluator, key, never=never, executor=executor, chunk_size=chunk_size, progress=advance
        )
        return [], trows, nom, y, []

    if progress is not None:
        with progress(total, 0) as advance:
            sobol_rows, tornado_rows, nominal, y, notes = run(advance)
    else:
        sobol_rows, tornado_rows, nominal, y, notes = run(None)
    if never is not None:
        notes = [*notes, f"a run that never settles counts as round {n_rounds + 1}"]
    return SensitivityReport(
        title=scenario.title,
        output=output,
        analysis=analysis,
        model=key[1],
        method=method,
        seed=seed,
        n_samples=n_samples if method == "sobol" else len(y),
        n_evaluations=len(y),
        n_parameters=problem.n_variables,
        default_spread=default_spread,
        mean=_mean(y),
        sd=float(np.std(y, ddof=1)) if len(y) > 1 and np.ptp(y) > 0 else 0.0,
        nominal=nominal,
        sobol=tuple(sobol_rows),
        tornado=tuple(tornado_rows),
        notes=tuple(notes),
    )
