"""Tests of Stokman's exchange model (equal-gain and random-rate variants)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.forecast import ForecastInput, run_model
from accord.forecast.baseline import compromise
from accord.forecast.exchange import ExchangeModel, ExchangeParams, exchange, exchange_round


@pytest.fixture(scope="module", params=["cop21", "copenhagen"])
def decide(request, shared_data):
    from accord.scenario.importers import read_decide

    return read_decide(shared_data / "decide" / f"{request.param}.csv")


def test_two_actor_hand_example():
    # A cares about issue 0, B about issue 1; they sit at opposite ends. Equal gain: rho = 1, both move all
    # the way; each gains 0.9 * 0.1 * 100 - 0.1 * 0.1 * 100 = 8.
    x = np.array([[0.0, 0.0], [100.0, 100.0]])
    s = np.array([[0.9, 0.1], [0.1, 0.9]])
    y, done = exchange_round(x, s, np.ones(2), ExchangeParams())
    assert len(done) == 1
    i, j, p, q, d_jp, d_iq, g_i, g_j = done[0]
    assert (i, j, p, q) == (0, 1, 0, 1)
    assert d_jp == pytest.approx(100) and d_iq == pytest.approx(100)
    assert g_i == pytest.approx(8) and g_j == pytest.approx(8)
    np.testing.assert_allclose(y, [[0, 100], [0, 100]])
    res = exchange(x, s * 100, np.ones(2), ExchangeParams(max_rounds=1))
    np.testing.assert_allclose(res.forecast_by_round, [[10, 90], [0, 100]])
    # Round update: the next round starts at (1 - lam) x + lam y with lam = 0.4 (1 - s) + 0.1.
    res2 = exchange(x, s * 100, np.ones(2), ExchangeParams(max_rounds=2))
    # B (salience 0.1 on issue 0) starts round 2 at 0.54 * 100 + 0.46 * 0; A on issue 1 at 0.46 * 100.
    starts = {(mv.actor, mv.issue): mv.before for mv in res2.moves if mv.round == 2}
    assert starts == {(1, 0): pytest.approx(54.0), (0, 1): pytest.approx(46.0)}


def test_decide_files_run_deterministically(decide):
    a = ExchangeModel().run(ForecastInput.from_scenario(decide))
    b = ExchangeModel().run(ForecastInput.from_scenario(decide))
    np.testing.assert_array_equal(a.trajectory, b.trajectory)
    assert a.moves == b.moves
    assert np.isfinite(a.forecast).all()
    assert (a.forecast >= decide.scale_lo).all() and (a.forecast <= decide.scale_hi).all()
    assert a.n_rounds == 10 and a.trajectory.shape == (11, decide.n_actors, decide.n_issues)
    np.testing.assert_allclose(
        a.forecast_by_round[0], compromise(decide.positions, decide.saliences, decide.capabilities)
    )


def test_equal_gain_and_full_move_on_real_data(decide):
    x = np.array(decide.positions)
    s = np.nan_to_num(decide.saliences) / 100
    y, done = exchange_round(x, s, np.array(decide.capabilities), ExchangeParams())
    assert done
    used = set()
    for i, j, p, q, d_jp, d_iq, g_i, g_j in done:
        assert g_i == pytest.approx(g_j, rel=1e-9) and g_i > 0
        gap_p, gap_q = abs(x[i, p] - x[j, p]), abs(x[j, q] - x[i, q])
        assert d_jp <= gap_p + 1e-9 and d_iq <= gap_q + 1e-9
        assert np.isclose(d_jp, gap_p) or np.isclose(d_iq, gap_q)  # one of them moves all the way
        assert (j, p) not in used and (i, q) not in used
        used |= {(j, p), (i, q)}
    gains = [g_i + g_j for *_, g_i, g_j in done]
    assert gains == sorted(gains, reverse=True)


def test_random_rate_variant_is_seeded(decide):
    model, arrays = ExchangeModel(rate="random"), ForecastInput.from_scenario(decide)
    a, b, c = (model.run(arrays, np.random.default_rng(seed)) for seed in (7, 7, 8))
    np.testing.assert_array_equal(a.trajectory, b.trajectory)
    assert not np.array_equal(a.trajectory, c.trajectory)
    # p = 0 collapses the random share to one half: the equal-gain model.
    flat = ExchangeModel(rate="random", p=0.0).run(arrays, np.random.default_rng(1))
    np.testing.assert_allclose(flat.forecast, ExchangeModel().run(arrays).forecast, atol=1e-9)
    # The random draws come from the generator the caller passes, through run_model's seed too.
    np.testing.assert_array_equal(
        run_model("exchange", decide, seed=7, rate="random").trajectory, a.trajectory
    )


def test_trail_names_the_counterpart(decide):
    res = ExchangeModel(max_rounds=1).run(ForecastInput.from_scenario(decide))
    assert res.moves and all(m.reason == "exchange" and m.counterpart is not None for m in res.moves)
    for m in res.moves:
        assert res.trajectory[1, m.actor, m.issue] == pytest.approx(m.after)
        assert decide.actors[m.counterpart].name in m.detail


def test_degenerate_inputs():
    one = exchange(np.array([[30.0, 70.0]]), np.array([[50.0, 50.0]]), np.ones(1))
    np.testing.assert_allclose(one.forecast, [30, 70])
    assert one.converged and one.n_rounds == 0
    same = exchange(np.full((4, 3), 40.0), np.full((4, 3), 60.0), np.ones(4))
    np.testing.assert_allclose(same.forecast, 40.0)
    zero = exchange(np.array([[0.0, 100.0], [100.0, 0.0]]), np.zeros((2, 2)), np.ones(2))
    assert np.isfinite(zero.forecast).all()
    with pytest.raises(ValueError, match="no actor"):
        exchange(np.array([[1.0, np.nan]]), np.array([[50.0, 50.0]]), np.ones(1))
    with pytest.raises(ValueError, match="saliences"):
        exchange(np.array([[1.0, 2.0]]), np.array([[150.0, 50.0]]), np.ones(1))
    with pytest.raises(ValueError, match="exchange.rate: must be one of"):
        exchange(np.array([[1.0, 2.0]]), np.array([[50.0, 50.0]]), np.ones(1), ExchangeParams(rate="x"))  # type: ignore[arg-type]


scenario_data = st.tuples(st.integers(2, 6), st.integers(2, 4)).flatmap(
    lambda nm: st.tuples(
        st.lists(st.integers(0, 10).map(lambda v: 10.0 * v), min_size=nm[0] * nm[1], max_size=nm[0] * nm[1]),
        st.lists(st.integers(0, 4).map(lambda v: 25.0 * v), min_size=nm[0] * nm[1], max_size=nm[0] * nm[1]),
        st.lists(st.integers(1, 3).map(float), min_size=nm[0], max_size=nm[0]),
        st.permutations(range(nm[0])),
        st.just(nm),
    )
)


@settings(max_examples=60, deadline=None)
@given(scenario_data)
def test_property_actor_order_invariant_and_in_range(data):
    xs, ss, cs, perm, (n, m) = data
    x = np.array(xs).reshape(n, m)
    s = np.array(ss).reshape(n, m)
    c = np.array(cs)
    perm = list(perm)
    a = exchange(x, s, c, ExchangeParams(max_rounds=4))
    b = exchange(x[perm], s[perm], c[perm], ExchangeParams(max_rounds=4))
    assert np.isfinite(a.forecast).all()
    assert (a.forecast >= x.min(axis=0) - 1e-9).all() and (a.forecast <= x.max(axis=0) + 1e-9).all()
    np.testing.assert_allclose(a.forecast_by_round, b.forecast_by_round, atol=1e-7)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.floats(0, 100))
def test_property_unanimous_position_is_the_forecast(n, m, pos):
    res = exchange(np.full((n, m), pos), np.full((n, m), 50.0), np.ones(n))
    np.testing.assert_allclose(res.forecast, pos, atol=1e-9)
