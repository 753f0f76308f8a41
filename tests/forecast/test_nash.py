"""Tests of the Nash bargaining forecast model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.forecast import ForecastInput
from accord.forecast.nash import NashBargainingModel, nash, nash_issue


def test_closed_form_two_actors_quadratic_worst():
    # Two actors at 0 and 100 with equal weights, disagreement = each one's worst end: by symmetry 50.
    assert nash_issue(np.array([0.0, 100.0]), np.ones(2), np.array([100.0, 0.0]), 0, 100) == pytest.approx(
        50, abs=1e-6
    )


def test_closed_form_one_sided_status_quo():
    # Both actors above the status quo 0, at 40 and 80, linear utilities, equal weights.
    # Gains g1 = 40 - |x - 40|, g2 = 80 - |x - 80|: product x^2 on [0, 40], x (80 - x) on [40, 80] -> 40.
    x = nash_issue(np.array([40.0, 80.0]), np.ones(2), 0.0, 0, 100, utility="linear")
    assert x == pytest.approx(40, abs=1e-3)
    # Quadratic: g1 = 40^2 - (x - 40)^2, g2 = 80^2 - (x - 80)^2; d/dx log: solve numerically.
    xq = nash_issue(np.array([40.0, 80.0]), np.ones(2), 0.0, 0, 100)
    grid = np.linspace(0, 80, 800001)
    obj = np.log(np.maximum(1600 - (grid - 40) ** 2, 1e-300)) + np.log(
        np.maximum(6400 - (grid - 80) ** 2, 1e-300)
    )
    assert xq == pytest.approx(grid[np.argmax(obj)], abs=1e-3)


def test_weights_pull_toward_the_stronger_actor():
    lo = nash_issue(np.array([0.0, 100.0]), np.array([3.0, 1.0]), np.array([100.0, 0.0]), 0, 100)
    assert lo < 50


def test_status_quo_between_actors_is_the_forecast():
    # Actors on both sides of the reference point: nobody can gain without another losing (unanimity).
    res = nash(np.array([[10.0], [90.0], [60.0]]), np.full((3, 1), 50.0), np.ones(3), np.array([50.0]))
    assert res.forecast[0] == pytest.approx(50.0)
    assert res.params["fallback_issues"] == []


def test_no_status_quo_falls_back_clearly():
    res = nash(
        np.array([[10.0], [90.0]]),
        np.full((2, 1), 50.0),
        np.ones(2),
        np.array([np.nan]),
        np.array([0.0]),
        np.array([100.0]),
    )
    assert res.params["fallback_issues"] == [0]
    assert res.forecast[0] == pytest.approx(50.0, abs=1e-6)
    assert nash(np.array([[10.0], [90.0]]), np.full((2, 1), 50.0), np.ones(2)).params["fallback_issues"] == [
        0
    ]


def test_degenerate_inputs():
    assert nash(np.array([[30.0]]), np.array([[50.0]]), np.ones(1), np.array([0.0])).forecast[0] == 30.0
    assert (
        nash(np.full((3, 1), 20.0), np.full((3, 1), 50.0), np.ones(3), np.array([80.0])).forecast[0] == 20.0
    )
    zero = nash(
        np.array([[0.0], [100.0]]), np.zeros((2, 1)), np.ones(2), None, np.array([0.0]), np.array([100.0])
    )
    assert zero.forecast[0] == pytest.approx(50.0, abs=1e-6)
    with pytest.raises(ValueError, match="no actor"):
        nash(np.array([[np.nan]]), np.array([[50.0]]), np.ones(1))
    with pytest.raises(ValueError, match="utility"):
        nash(np.array([[1.0]]), np.array([[50.0]]), np.ones(1), utility="cubic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=">= 0"):
        nash(np.array([[1.0]]), np.array([[50.0]]), -np.ones(1))


def test_facade_uses_the_scenario_status_quo(shared_data):
    from accord.scenario.importers import read_deu

    scs = [
        sc
        for sc in read_deu(shared_data / "deu" / "deu3-dev.tsv")
        if sc.metadata["reference_point"] is not None
    ]
    res = NashBargainingModel().run(ForecastInput.from_scenario(scs[0]))
    direct = nash(
        scs[0].positions,
        scs[0].saliences,
        scs[0].capabilities,
        np.array([scs[0].metadata["reference_point"]]),
        np.array([0.0]),
        np.array([100.0]),
    )
    assert res.forecast[0] == direct.forecast[0]


issue = st.integers(2, 8).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(0, 100), min_size=n, max_size=n),
        st.lists(st.floats(0, 100), min_size=n, max_size=n),
        st.lists(st.floats(0.1, 5), min_size=n, max_size=n),
        st.one_of(st.none(), st.floats(0, 100)),
        st.permutations(range(n)),
    )
)


@settings(max_examples=80, deadline=None)
@given(issue, st.sampled_from(["quadratic", "linear"]))
def test_property_in_range_and_order_invariant(data, utility):
    x, s, c, sq, perm = data
    x, s, c = np.array(x)[:, None], np.array(s)[:, None], np.array(c)
    perm = list(perm)
    sqa = None if sq is None else np.array([sq])
    a = nash(x, s, c, sqa, np.array([0.0]), np.array([100.0]), utility=utility)
    b = nash(x[perm], s[perm], c[perm], sqa, np.array([0.0]), np.array([100.0]), utility=utility)
    assert np.isfinite(a.forecast).all()
    lo, hi = x.min(), x.max()
    if sq is not None:
        lo, hi = min(lo, sq), max(hi, sq)
    assert lo - 1e-6 <= a.forecast[0] <= hi + 1e-6
    assert a.forecast[0] == pytest.approx(b.forecast[0], abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.floats(0, 100), st.one_of(st.none(), st.floats(0, 100)))
def test_property_unanimous_position_is_the_forecast(n, pos, sq):
    res = nash(
        np.full((n, 1), pos),
        np.full((n, 1), 50.0),
        np.ones(n),
        None if sq is None else np.array([sq]),
        np.array([0.0]),
        np.array([100.0]),
    )
    assert res.forecast[0] == pos
