"""The stacked SMP (smp_run_many) against smp_run, bit for bit, and the numpy behaviours it relies on."""

from __future__ import annotations

import importlib
import os

import numpy as np
import pytest

from accord.errors import InputError
from accord.forecast import ForecastInput
from accord.forecast.smp import SMPModel
from accord.forecast.smp_engine import SMPRun, smp_run
from accord.forecast.smp_rules import SMPParams
from accord.forecast.smp_stacked import SMPProblem, jit_available, smp_run_many

if not jit_available():
    if os.environ.get("CI"):
        pytest.fail("CI is set but numba is not installed: the stacked SMP is untested")
    pytest.skip("numba is not installed: the SMP runs one issue at a time", allow_module_level=True)

from accord.forecast import smp_jit as jit  # noqa: E402 - needs numba


def same_run(a: SMPRun, b: SMPRun) -> None:
    """Every array and record of two runs, bit for bit."""
    for name in ("positions", "ideals", "probs", "expected", "fractional_change"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape and np.array_equal(x, y, equal_nan=True), name
    assert a.converged == b.converged and len(a.rounds) == len(b.rounds)
    for r, (p, q) in enumerate(zip(a.rounds, b.rounds, strict=True)):
        for name in ("risk", "targets", "gains", "p_win", "chosen_prob"):
            x, y = getattr(p, name), getattr(q, name)
            assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=True), (r, name)
        assert p.chosen == q.chosen, r


def random_problem(rng: np.random.Generator, n: int, ties: bool) -> SMPProblem:
    """An issue on 0-100, with actors repeated (the DEU's exact ties) when ``ties``."""
    pos = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], n) if ties else rng.uniform(0, 100, n)
    sal = rng.choice([30.0, 50.0, 80.0], n) if ties else rng.uniform(10, 100, n)
    cap = np.ones(n) if ties else rng.uniform(1, 10, n)
    return SMPProblem(cap, pos[:, None], sal[:, None], scale=100.0)


# ----------------------------------------------------------------------- what the kernels reproduce


def test_pairwise_sum_is_numpys():
    rng = np.random.default_rng(0)
    for n in range(1, 129):
        for _ in range(5):
            x = rng.standard_normal(n) * np.exp(rng.standard_normal(n) * 4)
            assert jit.pairwise(x, 0, n) == x.sum() == x.reshape(1, n).sum(axis=1)[0], n


def test_log_and_exp_do_not_depend_on_where_an_element_sits():
    # the stacked path takes one log and one exp per round over every issue's elections
    rng = np.random.default_rng(1)
    x = rng.random(3000) + 1e-6
    logs, exps = np.log(x), np.exp(-x)
    for n in (1, 2, 3, 5, 8, 17, 31, 100):
        for start in (0, 1, 3, 7, 11):
            assert np.array_equal(np.log(x[start : start + n].copy()), logs[start : start + n])
            assert np.array_equal(np.exp(-x[start : start + n].copy()), exps[start : start + n])


def test_numba_keeps_numpys_rounding():
    rng = np.random.default_rng(2)
    a, b, c = (rng.standard_normal(1000) for _ in range(3))
    got = np.array([jit.npmax(x, 0.0) for x in a])
    assert np.array_equal(got, np.maximum(a, 0.0))
    assert jit.argmax(np.array([1.0, 3.0, 3.0, np.nan, 5.0]), 0, 5) == np.argmax([1.0, 3.0, 3.0, np.nan, 5.0])
    assert jit.argmax(np.array([1.0, 3.0, 3.0, 2.0]), 0, 4) == 1
    # no fused multiply-add: a * b + c rounds twice, as numpy does
    assert all(jit._rutil(x, y) == ((1.0 - x) * y + 1.0) * x for x, y in zip(a, b, strict=True))
    del c


# ----------------------------------------------------------------------- stacked == one by one


@pytest.mark.parametrize(
    "params",
    [
        SMPParams(),
        SMPParams(big_r_range="Min", big_r_adjust="FullRA", inter_vec_bargain="S1P1"),
        SMPParams(big_r_range="Max", big_r_adjust="NoRA", precision=None, stop_fraction=0.1),
        SMPParams(big_r_adjust="Half", max_rounds=3, precision=1e-2),
    ],
    ids=["default", "min-full-s1p1", "max-nora-noprecision", "half-3rounds"],
)
def test_stacked_equals_one_by_one(params):
    rng = np.random.default_rng(3)
    problems = [random_problem(rng, int(n), ties=k % 2 == 0) for k, n in enumerate(rng.integers(2, 36, 24))]
    problems.append(SMPProblem([1.0, 1.0, 1.0], [[50.0], [50.0], [50.0]], [[50.0], [50.0], [50.0]]))
    problems.append(SMPProblem([1.0, 2.0, 3.0], [[10.0], [50.0], [90.0]], [[0.0], [0.0], [0.0]]))
    runs = smp_run_many(problems, params, min_stack=1)
    for prob, run in zip(problems, runs, strict=True):
        assert isinstance(run, SMPRun)
        want = smp_run(prob.capabilities, prob.positions, prob.saliences, params, scale=prob.scale)
        same_run(run, want)


def test_stacked_equals_one_by_one_on_deu(shared_data):
    from accord.forecast.backtest import deu_issues

    model = SMPModel()
    # every third DEU issue: many exact ties, and runs that stop early or go to the 100-round cap
    inputs = [ForecastInput.from_scenario(sc) for sc in deu_issues(shared_data / "deu" / "deu3-dev.tsv")[::3]]
    preps = [model._prepare(a) for a in inputs]
    problems = [SMPProblem(q.cap, q.unit, q.sal, scale=1.0) for q in preps]
    runs = smp_run_many(problems, min_stack=1)
    assert any(len(r.rounds) == 100 for r in runs) and any(len(r.rounds) < 5 for r in runs)
    for prob, run in zip(problems, runs, strict=True):
        same_run(run, smp_run(prob.capabilities, prob.positions, prob.saliences, scale=1.0))


def test_runs_that_cannot_be_stacked_run_one_by_one():
    rng = np.random.default_rng(4)
    two_issues = SMPProblem(np.ones(4), rng.uniform(0, 100, (4, 2)), rng.uniform(10, 90, (4, 2)))
    accommodation = SMPProblem(
        np.ones(3), [[10.0], [50.0], [90.0]], [[50.0], [60.0], [70.0]], accommodation=np.full((3, 3), 0.2)
    )
    bad = SMPProblem(np.ones(3), [[10.0], [50.0], [190.0]], [[50.0], [60.0], [70.0]], scale=100.0)
    one = random_problem(rng, 6, ties=True)
    runs = smp_run_many([two_issues, bad, accommodation, one], min_stack=1)
    assert isinstance(runs[1], InputError) and "positions must lie on" in str(runs[1])
    for k in (0, 2, 3):
        prob = [two_issues, bad, accommodation, one][k]
        run = runs[k]
        assert isinstance(run, SMPRun)
        want = smp_run(
            prob.capabilities,
            prob.positions,
            prob.saliences,
            scale=prob.scale,
            accommodation=prob.accommodation,
        )
        same_run(run, want)
    # Stochastic transitions draw from a generator as they go: never stacked, same as smp_run
    stochastic = SMPParams(state_transition="Stochastic")
    run = smp_run_many([one], stochastic)[0]
    assert isinstance(run, SMPRun)
    same_run(run, smp_run(one.capabilities, one.positions, one.saliences, stochastic, scale=one.scale))


def test_model_run_many_equals_run(monkeypatch):
    monkeypatch.setattr(importlib.import_module("accord.forecast.smp_stacked"), "MIN_STACK", 1)
    rng = np.random.default_rng(5)
    inputs = []
    for n in (3, 7, 12):
        pos = rng.choice([0.0, 40.0, 100.0], (n, 1))
        pos[0, 0] = np.nan  # a missing stance: filled in, as SMPModel.run does
        inputs.append(
            ForecastInput(
                tuple(f"a{i}" for i in range(n)),
                ("i",),
                pos,
                rng.uniform(20, 90, (n, 1)),
                rng.uniform(1, 5, n),
                [0.0],
                [100.0],
                [np.nan],
            )  # fmt: skip
        )
    lonely = ForecastInput(
        ("a", "b"), ("i",), [[10.0], [np.nan]], [[50.0], [50.0]], [1.0, 1.0], [0.0], [100.0], [np.nan]
    )
    model = SMPModel()
    got = model.run_many([*inputs, lonely], [np.random.default_rng(0) for _ in range(4)])
    assert isinstance(got[3], InputError) and "at least 2 actors" in str(got[3])
    for arrays, res in zip(inputs, got, strict=False):
        want = model.run(arrays, np.random.default_rng(0))
        assert not isinstance(res, ValueError)
        assert np.array_equal(res.forecast, want.forecast)
        assert np.array_equal(res.trajectory, want.trajectory, equal_nan=True)
        assert np.array_equal(res.forecast_by_round, want.forecast_by_round)
        assert res.moves == want.moves and res.params == want.params
        assert (res.converged, res.n_rounds) == (want.converged, want.n_rounds)
    # without numba the same call runs them one by one
    monkeypatch.setattr(importlib.import_module("accord.forecast.smp"), "jit_available", lambda: False)
    again = model.run_many(inputs, [np.random.default_rng(0) for _ in inputs])
    assert all(np.array_equal(a.forecast, b.forecast) for a, b in zip(again, got, strict=False))  # type: ignore[union-attr]
