"""The exchange model on a batch (a leading sample axis) equals one run per sample."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.forecast import ForecastInput
from accord.forecast.exchange import ExchangeModel
from accord.forecast.exchange_batched import _one_by_one


def batch(
    seed: int, n_samples: int, n_actors: int, n_issues: int, missing: float, coarse: bool
) -> ForecastInput:
    """Random inputs on 0-100; coarse ones make equal gains (the tie-break) and identical actors."""
    rng = np.random.default_rng(seed)
    shape = (n_samples, n_actors, n_issues)
    if coarse:
        pos = rng.integers(0, 5, shape) * 25.0
        sal = rng.integers(0, 5, shape) * 25.0
        cap = rng.integers(0, 3, shape[:2]) * 10.0
    else:
        pos, sal, cap = rng.uniform(0, 100, shape), rng.uniform(0, 100, shape), rng.uniform(0, 50, shape[:2])
    pos[rng.random(shape) < missing] = np.nan
    pos[:, 0, :] = np.where(np.isnan(pos[:, 0, :]), 50.0, pos[:, 0, :])
    ids = tuple(f"a{i}" for i in range(n_actors))
    issues = tuple(f"i{k}" for k in range(n_issues))
    return ForecastInput(
        ids, issues, pos, sal, cap, np.zeros(n_issues), np.full(n_issues, 100.0), np.full(n_issues, np.nan)
    )


def assert_equal_to_single_runs(model: ExchangeModel, arrays: ForecastInput) -> None:
    res = model.run(arrays)
    assert arrays.n_samples is not None
    rounds = res.trajectory.shape[1]
    assert rounds == max(model.run(arrays.sample(i)).n_rounds for i in range(arrays.n_samples)) + 1
    for i in range(arrays.n_samples):
        one = model.run(arrays.sample(i))
        assert np.array_equal(res.forecast[i], one.forecast)  # bit for bit
        k = one.trajectory.shape[0]
        assert np.array_equal(res.trajectory[i, :k], one.trajectory, equal_nan=True)
        assert np.array_equal(res.forecast_by_round[i, :k], one.forecast_by_round)
        pad = np.repeat(one.trajectory[-1:], rounds - k, axis=0)
        assert np.array_equal(res.trajectory[i, k:], pad, equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_actors=st.integers(1, 10),
    n_issues=st.integers(1, 5),
    missing=st.sampled_from([0.0, 0.3]),
    coarse=st.booleans(),
    weights=st.sampled_from([(0.4, 0.1), (0.0, 0.0), (0.9, 0.1)]),
    max_rounds=st.sampled_from([0, 1, 10]),
)
def test_batch_equals_one_run_per_sample(
    seed: int,
    n_actors: int,
    n_issues: int,
    missing: float,
    coarse: bool,
    weights: tuple[float, float],
    max_rounds: int,
) -> None:
    model = ExchangeModel(salience_weight=weights[0], fixed_weight=weights[1], max_rounds=max_rounds)
    assert_equal_to_single_runs(model, batch(seed, 5, n_actors, n_issues, missing, coarse))


def test_without_numba_the_batch_runs_one_sample_at_a_time() -> None:
    arrays = batch(3, 4, 5, 3, 0.2, True)
    model = ExchangeModel()
    res = model.run(arrays)
    slow = _one_by_one(arrays.positions, arrays.saliences, arrays.capabilities, model, 100.0)
    assert np.array_equal(res.forecast, slow.forecast)
    assert np.array_equal(res.trajectory, slow.trajectory, equal_nan=True)


def test_random_rate_and_bad_samples_are_refused() -> None:
    arrays = batch(1, 3, 4, 2, 0.0, False)
    with pytest.raises(InputError, match="random-rate"):
        ExchangeModel(rate="random").run(arrays)
    sal = np.array(arrays.saliences)
    sal[2, 1, 1] = -5.0
    bad = ForecastInput(
        arrays.actor_ids, arrays.issue_ids, arrays.positions, sal, arrays.capabilities,
        arrays.scale_lo, arrays.scale_hi, arrays.status_quo,
    )  # fmt: skip
    with pytest.raises(InputError):
        ExchangeModel().run(bad)
