"""The named bargaining solutions on hand-made frontiers."""

from __future__ import annotations

import numpy as np
import pytest

from accord.deals import DealSpace, egalitarian, kalai_smorodinsky, nash, utilitarian


def test_nash_maximises_product_of_gains():
    pts = np.array([[0.9, 0.2], [0.6, 0.6], [0.3, 0.9]])
    assert nash(pts) == 1
    # Moving the disagreement point towards the second party favours it.
    assert nash(pts, [0.0, 0.55]) == 2
    # No point gives both a positive gain.
    assert nash(pts, [0.95, 0.0]) is None


def test_weighted_nash_follows_bargaining_power():
    pts = np.array([[0.9, 0.2], [0.6, 0.6], [0.3, 0.9]])
    assert nash(pts, exponents=[1.0, 1.0]) == 1
    assert nash(pts, exponents=[10.0, 1.0]) == 0
    assert nash(pts, exponents=[1.0, 10.0]) == 2
    with pytest.raises(ValueError):
        nash(pts, exponents=[1.0])


def test_kalai_smorodinsky_minimises_spread_of_normalised_gains():
    pts = np.array([[1.0, 0.0], [0.7, 0.35], [0.5, 0.5], [0.0, 0.5]])
    # Ideal point (1, 0.5): normalised gains (0.7, 0.7) for row 1, spread 0.
    assert kalai_smorodinsky(pts) == 1
    assert egalitarian(pts) == 2
    assert utilitarian(pts) == 1


def test_kalai_smorodinsky_breaks_ties_by_larger_minimum_then_first_row():
    pts = np.array([[0.2, 0.2], [0.8, 0.8], [0.8, 0.8], [1.0, 0.0], [0.0, 1.0]])
    assert kalai_smorodinsky(pts) == 1


def test_ties_go_to_first_row_and_empty_inputs_give_none():
    pts = np.array([[0.5, 0.5], [0.5, 0.5]])
    assert nash(pts) == 0
    assert egalitarian(pts) == 0
    assert utilitarian(pts) == 0
    empty = np.zeros((0, 2))
    assert nash(empty) is None
    assert kalai_smorodinsky(empty) is None
    assert egalitarian(empty) is None
    assert utilitarian(empty) is None


def test_egalitarian_uses_raw_gains_over_disagreement():
    pts = np.array([[0.9, 0.5], [0.6, 0.7]])
    assert egalitarian(pts) == 1
    assert egalitarian(pts, [0.5, 0.0]) == 0


def test_shapes_are_checked():
    with pytest.raises(ValueError):
        nash(np.zeros(3))
    with pytest.raises(ValueError):
        egalitarian(np.zeros((2, 2)), [0.0])


def test_nash_does_not_underflow_with_many_parties():
    # 60 parties with gains near 1e-6: the plain product is 0 for every package, the log-sum is not.
    base = np.full((2, 60), 1e-6)
    base[1, :30] *= 1.2  # package 1 is better for half the parties ...
    base[1, 30:] *= 0.95  # ... and a little worse for the others: a larger product
    assert np.prod(base, axis=1).max() == 0.0
    assert nash(base) == 1


def test_space_refuses_infinite_disagreement():
    with pytest.raises(ValueError, match="finite"):
        DealSpace(
            issues=("i",),
            options=(("a", "b"),),
            actors=("x", "y"),
            weights=np.ones((2, 1)),
            values=(np.eye(2),),
            disagreement=[np.inf, 0.0],
        )
