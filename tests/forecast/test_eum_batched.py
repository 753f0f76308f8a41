"""The EUM on a batch (a leading sample axis) equals one run per sample (accord.forecast.eum_batched)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.forecast import ForecastInput
from accord.forecast.eum import ExpectedUtilityModel


def batch(seed: int, n_samples: int, n_actors: int, n_issues: int, missing: float) -> ForecastInput:
    """Random inputs on a 0-100 scale; coarse positions make ties, medians between two actors and cycles."""
    rng = np.random.default_rng(seed)
    pos = rng.integers(0, 11, (n_samples, n_actors, n_issues)) * 10.0
    pos[rng.random(pos.shape) < missing] = np.nan
    pos[:, 0, :] = np.where(np.isnan(pos[:, 0, :]), 50.0, pos[:, 0, :])  # someone takes every stance
    sal = rng.integers(0, 5, pos.shape) * 25.0
    cap = rng.integers(0, 4, (n_samples, n_actors)) * 10.0
    ids = tuple(f"a{i}" for i in range(n_actors))
    issues = tuple(f"i{k}" for k in range(n_issues))
    lo, hi = np.zeros(n_issues), np.full(n_issues, 100.0)
    return ForecastInput(ids, issues, pos, sal, cap, lo, hi, np.full(n_issues, np.nan))


def assert_equal_to_single_runs(model: ExpectedUtilityModel, arrays: ForecastInput) -> None:
    res = model.run(arrays)
    assert arrays.n_samples is not None
    rounds = res.trajectory.shape[1]
    for i in range(arrays.n_samples):
        one = model.run(arrays.sample(i))
        assert np.array_equal(res.forecast[i], one.forecast)  # bit for bit
        k = one.trajectory.shape[0]
        assert np.array_equal(res.trajectory[i, :k], one.trajectory, equal_nan=True)
        assert np.array_equal(res.forecast_by_round[i, :k], one.forecast_by_round)
        pad = np.repeat(one.trajectory[-1:], rounds - k, axis=0)
        assert np.array_equal(res.trajectory[i, k:], pad, equal_nan=True)
        assert res.params["cycles"][i] == one.params["cycles"]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_actors=st.integers(1, 12),
    n_issues=st.integers(1, 4),
    missing=st.sampled_from([0.0, 0.3]),
    q=st.sampled_from([1.0, 0.7]),
    t_rule=st.sampled_from(["closer", "always", "never"]),
    risk=st.sampled_from(["security", "neutral"]),
    selection=st.sampled_from(["priority", "least_move"]),
    scale=st.sampled_from(["positions", "issue"]),
)
def test_batch_equals_one_run_per_sample(
    seed: int,
    n_actors: int,
    n_issues: int,
    missing: float,
    q: float,
    t_rule: str,
    risk: str,
    selection: str,
    scale: str,
) -> None:
    params: dict[str, Any] = {"t_rule": t_rule, "risk": risk, "offer_selection": selection, "scale": scale}
    model = ExpectedUtilityModel(q=q, **params)
    assert_equal_to_single_runs(model, batch(seed, 6, n_actors, n_issues, missing))


def test_batch_on_continuous_inputs_and_a_round_cap() -> None:
    rng = np.random.default_rng(11)
    pos = rng.uniform(0, 100, (20, 9, 3))
    sal = rng.uniform(0, 100, pos.shape)
    cap = rng.uniform(0, 50, (20, 9))
    arrays = ForecastInput(
        tuple("abcdefghi"), ("x", "y", "z"), pos, sal, cap, np.zeros(3), np.full(3, 100.0), np.full(3, np.nan)
    )
    options: list[dict[str, Any]] = [{}, {"max_rounds": 3, "tol": -1.0}, {"max_rounds": 0}]
    for params in options:
        assert_equal_to_single_runs(ExpectedUtilityModel(**params), arrays)


def test_bad_sample_fails_the_batch() -> None:
    arrays = batch(1, 3, 4, 2, 0.0)
    sal = np.array(arrays.saliences)
    sal[1, 0, 0] = 150.0
    bad = ForecastInput(
        arrays.actor_ids, arrays.issue_ids, arrays.positions, sal, arrays.capabilities,
        arrays.scale_lo, arrays.scale_hi, arrays.status_quo,
    )  # fmt: skip
    with pytest.raises(InputError):
        ExpectedUtilityModel().run(bad)
    with pytest.raises(InputError):
        ExpectedUtilityModel().run(bad.sample(1))
