"""Conformance checks every registered forecast model must pass (SMP included once registered)."""

from __future__ import annotations

import numpy as np
import pytest

from accord.forecast.registry import MODELS, run_model
from accord.scenario import Actor, Issue, Scenario, Stance


def make(positions, saliences, capabilities, status_quo=None) -> Scenario:
    x = np.asarray(positions, dtype=float)
    n, m = x.shape
    actors = tuple(Actor(f"a{i}", f"Actor {i}", float(capabilities[i])) for i in range(n))
    issues = tuple(
        Issue(
            f"i{k}", f"Issue {k}", 0.0, 100.0, status_quo=None if status_quo is None else float(status_quo[k])
        )
        for k in range(m)
    )
    stances = tuple(
        Stance(f"a{i}", f"i{k}", float(x[i, k]), float(saliences[i][k]))
        for i in range(n)
        for k in range(m)
        if np.isfinite(x[i, k])
    )
    return Scenario(actors=actors, issues=issues, stances=stances)


RNG = np.random.default_rng(11)
RANDOM = (
    RNG.uniform(0, 100, (6, 3)).round(1),
    RNG.uniform(5, 100, (6, 3)).round(1),
    RNG.uniform(0.5, 3, 6).round(2),
    [30.0, 50.0, 70.0],
)


@pytest.mark.parametrize("name", list(MODELS))
def test_finite_and_within_range(name):
    x, s, c, sq = RANDOM
    res = run_model(name, make(x, s, c, sq), seed=1)
    assert res.forecast.shape == (3,) and np.isfinite(res.forecast).all()
    assert (res.forecast >= x.min(axis=0) - 1e-6).all() and (res.forecast <= x.max(axis=0) + 1e-6).all()
    assert res.trajectory.shape[1:] == (6, 3) and res.forecast_by_round.shape[1] == 3
    np.testing.assert_allclose(res.forecast_by_round[-1], res.forecast)


@pytest.mark.parametrize("name", list(MODELS))
def test_seeded_repeat_and_actor_order(name):
    x, s, c, sq = RANDOM
    a = run_model(name, make(x, s, c, sq), seed=5)
    b = run_model(name, make(x, s, c, sq), seed=5)
    np.testing.assert_array_equal(a.forecast, b.forecast)
    perm = [3, 0, 5, 1, 4, 2]
    p = run_model(name, make(x[perm], s[perm], c[perm], sq), seed=5)
    np.testing.assert_allclose(p.forecast, a.forecast, atol=1e-6)


@pytest.mark.parametrize("name", list(MODELS))
def test_unanimity_and_degenerate_issues(name):
    # Issue 0 unanimous at 40; issue 1 has a single actor; issue 2 nobody cares about (zero saliences).
    x = [[40.0, 10.0, 20.0], [40.0, np.nan, 80.0], [40.0, np.nan, 50.0]]
    s = [[50.0, 50.0, 0.0], [80.0, 0.0, 0.0], [20.0, 0.0, 0.0]]
    res = run_model(name, make(x, s, [1.0, 2.0, 1.0], [60.0, 0.0, 50.0]), seed=0)
    assert np.isfinite(res.forecast).all()
    assert res.forecast[0] == pytest.approx(40.0) and res.forecast[1] == pytest.approx(10.0)
    assert 20.0 - 1e-9 <= res.forecast[2] <= 80.0 + 1e-9
