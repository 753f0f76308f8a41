"""The Nash bargaining forecast on a batch (a leading sample axis) equals one run per sample."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.forecast import ForecastInput
from accord.forecast.nash import NashBargainingModel
from accord.forecast.nash_batched import _linspace


def batch(
    seed: int, n_samples: int, n_actors: int, n_issues: int, missing: float, coarse: bool
) -> ForecastInput:
    """Random inputs; coarse ones make zero weights, coinciding actors and flat objectives."""
    rng = np.random.default_rng(seed)
    shape = (n_samples, n_actors, n_issues)
    if coarse:
        pos = rng.integers(0, 5, shape) * 25.0
        sal = rng.integers(0, 3, shape) * 50.0
        cap = rng.integers(0, 3, shape[:2]) * 10.0
    else:
        pos, sal, cap = rng.uniform(0, 100, shape), rng.uniform(0, 100, shape), rng.uniform(0, 50, shape[:2])
    pos[rng.random(shape) < missing] = np.nan
    pos[:, 0, :] = np.where(np.isnan(pos[:, 0, :]), 50.0, pos[:, 0, :])
    sq = np.where(rng.random(n_issues) < 0.3, np.nan, rng.uniform(0, 100, n_issues))
    ids = tuple(f"a{i}" for i in range(n_actors))
    issues = tuple(f"i{k}" for k in range(n_issues))
    return ForecastInput(ids, issues, pos, sal, cap, np.zeros(n_issues), np.full(n_issues, 100.0), sq)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_actors=st.integers(1, 9),
    n_issues=st.integers(1, 4),
    missing=st.sampled_from([0.0, 0.3]),
    coarse=st.booleans(),
    utility=st.sampled_from(["quadratic", "linear"]),
    disagreement=st.sampled_from(["status_quo", "worst"]),
    n_grid=st.sampled_from([3, 41, 401]),
)
def test_batch_equals_one_run_per_sample(
    seed: int,
    n_actors: int,
    n_issues: int,
    missing: float,
    coarse: bool,
    utility: str,
    disagreement: str,
    n_grid: int,
) -> None:
    model = NashBargainingModel(utility=utility, disagreement=disagreement, n_grid=n_grid)  # type: ignore[arg-type]
    arrays = batch(seed, 6, n_actors, n_issues, missing, coarse)
    res = model.run(arrays)
    for i in range(6):
        one = model.run(arrays.sample(i))
        assert np.array_equal(res.forecast[i], one.forecast)  # bit for bit
        assert np.array_equal(res.trajectory[i], one.trajectory, equal_nan=True)
        assert res.params == one.params


def test_grid_is_numpys_linspace() -> None:
    a = np.array([0.0, -3.5, 1e-300, 2.0])
    b = np.array([1.0, 7.25, 1e-300 + 1e-310, 2.0 + 1e-15])
    got = _linspace(a, b, 401)
    for r in range(len(a)):
        assert np.array_equal(got[r], np.linspace(a[r], b[r], 401))
