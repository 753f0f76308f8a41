"""Stacked multi-issue SMP runs (smp_multi) equal one smp_run each; the batched model one run per sample."""

from __future__ import annotations

import importlib
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.forecast import ForecastInput
from accord.forecast.smp import SMPModel
from accord.forecast.smp_engine import SMPRun, smp_run
from accord.forecast.smp_prepare import _prepare_batch
from accord.forecast.smp_rules import SMPParams
from accord.forecast.smp_stacked import SMPProblem, jit_available, smp_run_many

if not jit_available():
    if os.environ.get("CI"):
        pytest.fail("CI is set but numba is not installed: the stacked SMP is untested")
    pytest.skip("numba is not installed: the SMP runs one input at a time", allow_module_level=True)


def same_run(a: SMPRun, b: SMPRun, rounds: bool = True) -> None:
    """Every array and record of two runs, bit for bit (the per-round records only when ``rounds``)."""
    for name in ("positions", "ideals", "probs", "expected", "fractional_change"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape and np.array_equal(x, y, equal_nan=True), name
    assert a.converged == b.converged
    if not rounds:
        return
    assert len(a.rounds) == len(b.rounds)
    for r, (p, q) in enumerate(zip(a.rounds, b.rounds, strict=True)):
        for name in ("risk", "targets", "gains", "p_win", "chosen_prob"):
            x, y = getattr(p, name), getattr(q, name)
            assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=True), (r, name)
        assert p.chosen == q.chosen, r


def problem(rng: np.random.Generator, n: int, m: int, ties: bool) -> SMPProblem:
    """m issues on 0-100; with ``ties`` coarse stances (coinciding positions, exact ties) and some zeros."""
    if ties:
        pos = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], (n, m))
        sal = rng.choice([0.0, 10.0, 30.0], (n, m))
        cap = rng.choice([1.0, 2.0], n)
    else:
        pos, sal, cap = rng.uniform(0, 100, (n, m)), rng.uniform(0, 100 / m, (n, m)), rng.uniform(1, 10, n)
    return SMPProblem(cap, pos, sal, scale=100.0)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 9),
    m=st.integers(2, 12),
    ties=st.booleans(),
    big_r_range=st.sampled_from(["Min", "Mid", "Max"]),
    inter_vec_bargain=st.sampled_from(["S1P1", "S2P2"]),
    precision=st.sampled_from([1e-4, None]),
)
def test_stacked_multi_issue_runs_equal_smp_run(
    seed: int, n: int, m: int, ties: bool, big_r_range: str, inter_vec_bargain: str, precision: float | None
) -> None:
    rng = np.random.default_rng(seed)
    params = SMPParams(big_r_range=big_r_range, inter_vec_bargain=inter_vec_bargain, precision=precision)
    # two shapes in one call: each shape is its own stack
    problems = [problem(rng, n, m, ties) for _ in range(4)] + [problem(rng, n + 1, m, ties) for _ in range(2)]
    stacked = smp_run_many(problems, params, min_stack=1)
    for prob, run in zip(problems, stacked, strict=True):
        assert isinstance(run, SMPRun)
        one = smp_run(prob.capabilities, prob.positions, prob.saliences, params, scale=prob.scale)
        same_run(run, one)
    # without the trail: the same run, no rounds recorded
    for prob, run in zip(problems, smp_run_many(problems, params, min_stack=1, trail=False), strict=True):
        assert isinstance(run, SMPRun) and run.rounds == []
        same_run(run, smp_run(prob.capabilities, prob.positions, prob.saliences, params, scale=100.0), False)


def batch(seed: int, n_samples: int, n_actors: int, n_issues: int, missing: float) -> ForecastInput:
    """Random inputs on 0-100 with missing stances (actors 0 and 1 state every stance)."""
    rng = np.random.default_rng(seed)
    shape = (n_samples, n_actors, n_issues)
    pos = rng.choice([0.0, 20.0, 50.0, 70.0, 100.0], shape)
    sal = rng.uniform(0, 100, shape)
    cap = rng.uniform(0, 50, shape[:2])
    missing_stances = rng.random((n_actors, n_issues)) < missing  # the same in every sample, as in a sweep
    missing_stances[:2] = False
    pos[:, missing_stances] = np.nan
    ids = tuple(f"a{i}" for i in range(n_actors))
    issues = tuple(f"i{k}" for k in range(n_issues))
    return ForecastInput(
        ids, issues, pos, sal, cap, np.zeros(n_issues), np.full(n_issues, 100.0), np.full(n_issues, np.nan)
    )


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_actors=st.integers(2, 9),
    n_issues=st.integers(1, 5),
    missing=st.sampled_from([0.0, 0.4]),
)
def test_batched_model_equals_one_run_per_sample(
    seed: int, n_actors: int, n_issues: int, missing: float
) -> None:
    arrays = batch(seed, 5, n_actors, n_issues, missing)
    importlib.import_module("accord.forecast.smp_stacked")._warm = True  # stack from the first run on
    model = SMPModel()
    res = model.run(arrays)
    assert res.forecast.shape == (5, n_issues) and res.moves == ()
    for i in range(5):
        one = model.run(arrays.sample(i))
        assert np.array_equal(res.forecast[i], one.forecast)  # bit for bit
        rounds = len(one.forecast_by_round)
        assert np.array_equal(res.forecast_by_round[i, :rounds], one.forecast_by_round)
        assert np.array_equal(res.trajectory[i, :rounds], one.trajectory, equal_nan=True)
        if n_actors <= 7:  # prepared at once: the same unit-scale inputs as one sample's
            prepared = _prepare_batch(arrays)
            assert prepared is not None
            mine, theirs = prepared[i], model._prepare(arrays.sample(i))
            for name in ("cap", "unit", "sal"):
                assert np.array_equal(getattr(mine, name), getattr(theirs, name)), name


def test_batched_model_refuses_stochastic_transitions() -> None:
    with pytest.raises(ValueError, match="Stochastic"):
        SMPModel(state_transition="Stochastic").run(batch(0, 3, 3, 2, 0.0))


def test_large_stacks_are_split_with_the_same_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    problems = [problem(rng, 5, 3, ties=False) for _ in range(5)]
    whole = smp_run_many(problems, min_stack=1)
    stacked = importlib.import_module("accord.forecast.smp_stacked")
    monkeypatch.setattr(stacked, "_STACK_ELEMENTS", 2 * (5**3 + 5 * 5 * 3))  # two runs per stack
    for a, b in zip(whole, smp_run_many(problems, min_stack=1), strict=True):
        assert isinstance(a, SMPRun) and isinstance(b, SMPRun)
        same_run(a, b)
