"""Compromise (weighted mean) and weighted median baselines."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.forecast.baseline import compromise, compromise_model, median_model, weighted_median


def test_hand_computed() -> None:
    x = np.array([[0.0], [100.0], [40.0]])
    s = np.array([[50.0], [50.0], [100.0]])
    c = np.array([1.0, 1.0, 2.0])
    assert compromise(x, s, c)[0] == pytest.approx((0 + 5000 + 8000) / 300)
    assert weighted_median(x, s, c)[0] == 40.0
    # Exactly half the weight on each side: the midpoint.
    assert weighted_median(np.array([[0.0], [10.0]]), np.ones((2, 1)), np.ones(2))[0] == 5.0


def test_missing_positions_and_zero_weights() -> None:
    x = np.array([[10.0, np.nan], [30.0, 50.0]])
    s = np.array([[0.0, 0.0], [0.0, 80.0]])
    c = np.ones(2)
    # Nobody cares about issue 0: fall back to the plain mean / median, never NaN.
    np.testing.assert_allclose(compromise(x, s, c), [20.0, 50.0])
    np.testing.assert_allclose(weighted_median(x, s, c), [20.0, 50.0])


def test_bad_weights_are_refused() -> None:
    x = np.array([[10.0], [20.0], [80.0]])
    for s, c in (
        ([[np.nan], [50], [50]], [1, 1, 1]),
        ([[-5], [50], [50]], [1, 1, 1]),
        ([[5], [5], [5]], [1, np.nan, 1]),
    ):
        for f in (compromise, weighted_median):
            with pytest.raises(ValueError, match="finite and >= 0"):
                f(x, np.array(s, dtype=float), np.array(c, dtype=float))


def test_results_are_static_forecasts() -> None:
    x = np.array([[10.0], [30.0]])
    r = compromise_model(x, np.ones((2, 1)), np.ones(2))
    assert r.model == "compromise" and r.converged and r.trajectory.shape == (1, 2, 1)
    assert median_model(x, np.ones((2, 1)), np.ones(2)).forecast[0] == 20.0


def _problem(n_max: int = 8) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    return st.integers(1, n_max).flatmap(
        lambda n: st.integers(1, 4).flatmap(
            lambda m: st.tuples(
                hnp.arrays(float, (n, m), elements=st.floats(0, 100)),
                hnp.arrays(float, (n, m), elements=st.floats(0, 100)),
                hnp.arrays(float, (n,), elements=st.floats(0, 10)),
            )
        )
    )


@given(_problem(), st.randoms())
def test_properties(problem: tuple[np.ndarray, np.ndarray, np.ndarray], rnd: object) -> None:
    x, s, c = problem
    for f in (compromise, weighted_median):
        out = f(x, s, c)
        # Within the range of positions, never NaN.
        assert np.all(out >= x.min(axis=0) - 1e-9) and np.all(out <= x.max(axis=0) + 1e-9)
        # Actor order does not matter.
        perm = np.random.default_rng(0).permutation(len(c))
        np.testing.assert_allclose(f(x[perm], s[perm], c[perm]), out, atol=1e-9)
        # A unanimous position is the forecast.
        same = np.broadcast_to(x[:1], x.shape)
        np.testing.assert_allclose(f(same, s, c), x[0], atol=1e-9)
