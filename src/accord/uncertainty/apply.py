"""Putting sampled values into a scenario: one scenario per sample, or one batch of model arrays.

:func:`scenario_at` gives the scenario of one sample (every parameter kind: stances, red lines,
actors, strategies, the status quo, tracks), so that the deal analysis, the simulation and every
forecast model read a sample exactly as they read a file. :func:`batched_input` gives the forecast
models that take a sample axis (``batched``: compromise, median, EUM, exchange, Nash) the arrays of a
whole chunk at once, without building a scenario per sample (and the per-sample models each sample of
those arrays); it applies only when the uncertain parameters are ones those arrays
hold (positions, saliences, capabilities).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..forecast.arrays import ForecastInput
from ..scenario import Scenario
from .problem import Problem

__all__ = ["scenario_at", "batched_input", "ARRAY_KINDS"]

FloatArray = NDArray[np.float64]

#: Parameter kinds the forecast arrays hold (and :func:`batched_input` can vary).
ARRAY_KINDS = frozenset({"position", "salience", "capability"})


def scenario_at(scenario: Scenario, problem: Problem, values: FloatArray) -> Scenario:
    """The scenario with each of ``problem``'s parameters set to its value in ``values``.

    Parameters
    ----------
    scenario : Scenario
    problem : Problem
        Variables that refer to ``scenario``'s parameters.
    values : ndarray, shape (n_variables,)
        One row of a design (indices for categorical variables).
    """
    actors: dict[str, dict[str, Any]] = {}
    stances: dict[tuple[str, str], dict[str, Any]] = {}
    issues: dict[str, dict[str, Any]] = {}
    tracks: dict[str, dict[str, Any]] = {}
    for var, x in zip(problem.variables, values.tolist(), strict=True):
        ref = var.ref
        if ref is None:
            continue
        value: Any = var.labels[int(x)] if var.categorical else float(x)
        if ref.kind in ("capability", "batna", "strategy", "deadline"):
            assert ref.actor is not None
            actors.setdefault(ref.actor, {})[ref.kind] = int(value) if ref.kind == "deadline" else value
        elif ref.kind == "status_quo":
            assert ref.issue is not None
            issues.setdefault(ref.issue, {})["status_quo"] = value
        elif ref.track is not None:
            tracks.setdefault(ref.track, {})[ref.kind] = value
        else:
            assert ref.actor is not None and ref.issue is not None
            stances.setdefault((ref.actor, ref.issue), {})[ref.kind] = value
    if not (actors or stances or issues or tracks):
        return scenario
    new_stances = []
    for st in scenario.stances:
        change = stances.get((st.actor, st.issue))
        if change is None:
            new_stances.append(st)
            continue
        rl = st.red_line
        if rl is not None and ("red_line.min" in change or "red_line.max" in change):
            # replace(): whatever else the red line records (its stated side) stays as it was.
            rl = replace(rl, lo=change.get("red_line.min", rl.lo), hi=change.get("red_line.max", rl.hi))
        fields = {k: v for k, v in change.items() if k in ("position", "salience")}
        new_stances.append(replace(st, red_line=rl, **fields))
    return replace(
        scenario,
        actors=tuple(replace(a, **actors[a.id]) if a.id in actors else a for a in scenario.actors),
        issues=tuple(replace(i, **issues[i.id]) if i.id in issues else i for i in scenario.issues),
        stances=tuple(new_stances),
        tracks=tuple(replace(t, **tracks[t.id]) if t.id in tracks else t for t in scenario.tracks),
    )


def batched_input(base: ForecastInput, problem: Problem, values: FloatArray) -> ForecastInput | None:
    """The forecast arrays of a chunk of samples (a leading sample axis), or None when not possible.

    Parameters
    ----------
    base : ForecastInput
        The scenario's own arrays (no sample axis).
    problem : Problem
    values : ndarray, shape (n, n_variables)

    Returns
    -------
    ForecastInput or None
        None when some uncertain parameter reaches the models other than through positions,
        saliences and capabilities (a status quo, say): each sample then needs its own scenario.
    """
    refs = [v.ref for v in problem.variables]
    # Of the other kinds, only the status quo is in the forecast arrays (red lines, BATNAs, strategies
    # and tracks are not), and it has no sample axis there.
    if any(r is not None and r.kind == "status_quo" for r in refs):
        return None
    n = values.shape[0]
    rows = {a: k for k, a in enumerate(base.actor_ids)}
    cols = {i: k for k, i in enumerate(base.issue_ids)}
    pos = np.broadcast_to(base.positions, (n, *base.positions.shape)).copy()
    sal = np.broadcast_to(base.saliences, (n, *base.saliences.shape)).copy()
    cap = np.broadcast_to(base.capabilities, (n, *base.capabilities.shape)).copy()
    for k, ref in enumerate(refs):
        if ref is None or ref.kind not in ARRAY_KINDS:
            continue
        assert ref.actor is not None
        if ref.kind == "capability":
            cap[:, rows[ref.actor]] = values[:, k]
        else:
            assert ref.issue is not None
            target = pos if ref.kind == "position" else sal
            target[:, rows[ref.actor], cols[ref.issue]] = values[:, k]
    return replace(base, positions=pos, saliences=sal, capabilities=cap)
