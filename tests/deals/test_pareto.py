"""Pareto filters and frontiers against a quadratic brute-force oracle."""

from __future__ import annotations

import numpy as np
import pytest
from deal_strategies import brute_force, deal_spaces
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.deals import (
    DealSpace,
    SpaceTooLargeError,
    pareto_frontier,
    pareto_frontier_enumerated,
    pareto_mask,
)


def oracle(points: np.ndarray) -> np.ndarray:
    ge = np.all(points[None, :, :] >= points[:, None, :], axis=2)
    gt = np.any(points[None, :, :] > points[:, None, :], axis=2)
    return ~np.any(ge & gt, axis=1)


@settings(max_examples=150, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(0, 60), st.integers(1, 5)),
        elements=st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 0.3, 0.7]),
    )
)
def test_mask_matches_oracle_with_ties(points):
    np.testing.assert_array_equal(pareto_mask(points), oracle(points))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_mask_matches_oracle_continuous(m, seed):
    points = np.random.default_rng(seed).random((3000, m))
    np.testing.assert_array_equal(pareto_mask(points), oracle(points))


def test_mask_keeps_duplicates_and_handles_edges():
    pts = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.4, 0.4]])
    np.testing.assert_array_equal(pareto_mask(pts), [True, True, True, True, False])
    assert pareto_mask(np.zeros((0, 3))).shape == (0,)
    np.testing.assert_array_equal(pareto_mask(np.array([[1.0], [2.0], [2.0]])), [False, True, True])
    with pytest.raises(ValueError):
        pareto_mask(np.zeros(3))


@settings(max_examples=120, deadline=None)
@given(deal_spaces())
def test_frontier_merge_equals_brute_force(space):
    idx, utils, feasible = brute_force(space)
    rows = space.signatory_rows
    cand = idx[feasible]
    expected = cand[oracle(utils[feasible][:, rows])] if len(cand) else cand
    front_i, front_u = pareto_frontier(space)
    np.testing.assert_array_equal(front_i, expected)
    np.testing.assert_array_equal(front_u, utils[front_i])
    enum_i, enum_u = pareto_frontier_enumerated(space, chunk_size=7)
    np.testing.assert_array_equal(enum_i, expected)


@settings(max_examples=60, deadline=None)
@given(deal_spaces(grid=True))
def test_frontier_with_many_ties(space):
    idx, utils, feasible = brute_force(space)
    rows = space.signatory_rows
    cand = idx[feasible]
    expected = cand[oracle(utils[feasible][:, rows])] if len(cand) else cand
    np.testing.assert_array_equal(pareto_frontier(space)[0], expected)


def test_frontier_refuses_beyond_candidate_limit():
    rng = np.random.default_rng(0)
    n_k, n_o, n_a = 6, 8, 5
    space = DealSpace(
        issues=tuple(f"i{k}" for k in range(n_k)),
        options=tuple(tuple(f"o{j}" for j in range(n_o)) for _ in range(n_k)),
        actors=tuple(f"a{i}" for i in range(n_a)),
        weights=rng.dirichlet(np.ones(n_k), size=n_a),
        values=tuple(rng.random((n_a, n_o)) for _ in range(n_k)),
    )
    with pytest.raises(SpaceTooLargeError, match="candidates"):
        pareto_frontier(space, max_candidates=100)
    # Many objectives: the frontier grows with every issue, so the work, not the memory, runs out first.
    with pytest.raises(SpaceTooLargeError, match="comparisons"):
        pareto_frontier(space, max_comparisons=10_000)
    assert len(pareto_frontier(space)[0]) > 0
