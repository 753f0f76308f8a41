"""The arena: every package or a candidate set, live utilities, sorted orders, projection."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from accord.deals import deal_space_from_scenario
from accord.simulate import Arena, candidate_packages
from accord.simulate.conformance import conformance_scenario

from .conftest import two_issue_space


def test_complete_arena_matches_the_deal_space() -> None:
    space = deal_space_from_scenario(conformance_scenario())
    ar = Arena(space)
    assert ar.complete and ar.n_rows == space.n_packages == 180
    np.testing.assert_array_equal(ar.U, space.utilities(ar.index))  # bit-identical
    for i, a in enumerate(space.actors):
        np.testing.assert_array_equal(ar.ok[:, i], space.red_line_mask(ar.index, [a]))


def test_sorted_order_is_own_red_lines_in_increasing_utility() -> None:
    ar = Arena(two_issue_space())
    rows, su = ar.sorted_for(0)
    assert rows.tolist() == [0, 1, 3, 2, 4, 6, 5, 7, 8]
    np.testing.assert_allclose(su, [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0])


def test_salience_change_recomputes_only_that_actor() -> None:
    space = deal_space_from_scenario(conformance_scenario())
    sal = np.array(conformance_scenario().saliences)
    ar = Arena(space, saliences=sal)
    before = ar.U.copy()
    sal2 = sal.copy()
    sal2[1, 3] = 0.0  # b's chip is gone
    ar.set_saliences(sal2)
    np.testing.assert_array_equal(ar.U[:, [0, 2]], before[:, [0, 2]])
    # The lost salience is not spread over b's other issues: weights keep the initial total.
    w = sal2 / sal.sum(axis=1, keepdims=True)
    np.testing.assert_array_equal(ar.weights, w)
    np.testing.assert_allclose(
        ar.U, dataclasses.replace(space, weights=w).utilities(ar.index), rtol=0, atol=1e-15
    )
    sal3 = sal.copy()
    sal3[1, 3] = 400.0  # a rise renormalises, keeping utilities within [0, 1]
    ar.set_saliences(sal3)
    assert ar.weights[1].sum() == pytest.approx(1.0) and ar.U.max() <= 1.0


def test_fix_projects_every_row_onto_the_settled_option() -> None:
    ar = Arena(two_issue_space())
    ar.fix(0, 2)
    assert ar.index.tolist() == [6, 7, 8]
    assert np.all(ar.digit(0) == 2)


def test_row_of_appends_missing_packages() -> None:
    space = two_issue_space()
    ar = Arena(space, index=[0, 8])
    assert ar.row_of([2, 2]) == 1
    row = ar.row_of([1, 1])
    assert ar.index[row] == 4 and ar.U[row, 0] == space.utilities([4])[0, 0]


def test_candidates_for_a_large_space_include_each_ideal_package() -> None:
    sc = conformance_scenario()
    space = deal_space_from_scenario(sc)
    idx = candidate_packages(space, n_candidates=64, seed=1)
    assert np.all(np.diff(idx) > 0)
    for i in range(space.n_actors):
        best = [
            int(np.argmax(np.where(acc[i], w * v[i], -np.inf)))
            for acc, w, v in zip(space.acceptable, space.weights[i], space.values, strict=True)
        ]
        assert int(space.encode([best])[0]) in idx.tolist()
    assert np.array_equal(idx, candidate_packages(space, n_candidates=64, seed=1))
    forced = Arena(space, max_packages=10, n_candidates=64, candidate_seed=1)
    assert not forced.complete and np.array_equal(forced.index, idx)
