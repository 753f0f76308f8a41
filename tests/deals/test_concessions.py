"""Opening concessions, cheap-to-cede demands and logrolls."""

from __future__ import annotations

import numpy as np
from deal_strategies import brute_force, deal_spaces
from hypothesis import given, settings

from accord.deals import DealSpace, analyze, cheap_to_cede, describe_opening, logrolls, milp_opening
from accord.deals.concessions import crossing_costs, opening_cost


def two_party_clash() -> DealSpace:
    # Issue "land": A wants it all (red line: at least "half"), B refuses "all". Issue "money" is free.
    return DealSpace(
        issues=("land", "money"),
        options=(("none", "half", "all"), ("low", "high")),
        actors=("A", "B"),
        weights=[[0.8, 0.2], [0.3, 0.7]],
        values=([[0.0, 0.6, 1.0], [1.0, 0.5, 0.0]], [[0.0, 1.0], [1.0, 0.0]]),
        acceptable=([[False, False, True], [True, True, False]], [[True, True], [True, True]]),
    )


def test_opening_names_who_moves_and_what_it_costs():
    space = two_party_clash()
    result = analyze(space)
    assert not result.zopa and result.n_feasible == 0
    o = result.opening
    assert o is not None
    # Cheapest: A accepts "half" (loses 0.8 * (1.0 - 0.6) = 0.32) rather than B accepting "all"
    # (0.3 * (0.5 - 0.0) = 0.15)... B's move is cheaper.
    assert o.package["land"] == "all"
    assert o.movers == ("B",)
    assert [m.kind for m in o.moves] == ["red_line"]
    assert np.isclose(o.cost, 0.3 * 0.5)
    items = result.concessions()
    assert items[0]["kind"] == "open_deal" and items[0]["movers"] == ["B"]
    # B's nearest accepted option is "half", one step (option numbers are the scale here) short of "all".
    assert items[1] == {
        "kind": "red_line",
        "actor": "B",
        "cost": o.cost,
        "issue": "land",
        "option": "all",
        "limit": "half",
        "beyond": 1.0,
    }


def test_batna_drop_is_a_move():
    space = DealSpace(
        issues=("x",),
        options=(("p", "q"),),
        actors=("A", "B"),
        weights=[[1.0], [1.0]],
        values=([[1.0, 0.0], [0.0, 1.0]],),
        disagreement=[0.6, 0.7],
    )
    o = analyze(space).opening
    assert o is not None
    assert [m.kind for m in o.moves] == ["batna"]
    # A gets p (B drops 0.7), or B gets q (A drops 0.6): A's drop is cheaper.
    assert o.package == {"x": "q"} and o.movers == ("A",)
    assert np.isclose(o.cost, 0.6)
    assert o.moves[0].from_value == 0.6 and o.moves[0].to_value == 0.0


@settings(max_examples=80, deadline=None)
@given(deal_spaces())
def test_opening_cost_is_the_brute_force_minimum_and_milp_agrees(space):
    idx, utils, feasible = brute_force(space)
    cost = opening_cost(space, idx, utils)
    assert np.all(cost[feasible] == 0)
    best = cost.min()
    assert np.isclose(describe_opening(space, int(np.argmin(cost))).cost, best, atol=1e-12)
    j = milp_opening(space)
    assert np.isclose(cost[j], best, atol=1e-6)
    if not feasible.any():
        result = analyze(space)
        assert result.opening is not None and np.isclose(result.opening.cost, best, atol=1e-12)


def test_crossing_cost_is_zero_for_acceptable_options():
    tables = crossing_costs(two_party_clash())
    np.testing.assert_allclose(tables[0], [[0.8 * 1.0, 0.8 * 0.4, 0.0], [0.0, 0.0, 0.3 * 0.5]])
    np.testing.assert_allclose(tables[1], 0.0)


def test_cheap_to_cede_finds_the_low_weight_extreme_demand():
    # A demands the extreme option on "flag" but weighs it little; B weighs it highly.
    space = DealSpace(
        issues=("flag", "core"),
        options=(("a", "mid", "b"), ("a", "b")),
        actors=("A", "B"),
        weights=[[0.1, 0.9], [0.8, 0.2]],
        values=([[1.0, 0.5, 0.0], [0.0, 0.5, 1.0]], [[1.0, 0.0], [0.0, 1.0]]),
    )
    items = cheap_to_cede(space)
    top = items[0]
    assert (top.actor, top.issue, top.demand, top.beneficiary, top.wanted) == ("A", "flag", "a", "B", "b")
    assert np.isclose(top.cost, 0.1) and np.isclose(top.gain, 0.8) and top.extremity == 1.0
    assert all(c.gain > c.cost for c in items)


def test_logroll_between_two_issues():
    space = DealSpace(
        issues=("k", "l"),
        options=(("a", "b"), ("a", "b")),
        actors=("A", "B"),
        weights=[[0.8, 0.2], [0.2, 0.8]],
        values=([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]),
    )
    rolls = logrolls(space)
    assert len(rolls) == 1
    g = rolls[0]
    assert (g.actor_a, g.issue_a, g.option_a, g.actor_b, g.issue_b, g.option_b) == (
        "A",
        "k",
        "a",
        "B",
        "l",
        "b",
    )
    assert np.isclose(g.gain_a, 0.6) and np.isclose(g.gain_b, 0.6)
    assert logrolls(space.with_signatories(["A"])) == []
