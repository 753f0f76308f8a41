"""Openings, plural: the cheapest distinct ways to open a deal, their margins and the packages they open."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from deal_strategies import brute_force, deal_spaces
from hypothesis import assume, given, settings

from accord.deals import DealSpace, analyze, deal_space_from_scenario, move_set
from accord.deals.concessions import opening_cost
from accord.deals.openings import opened_space
from accord.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


def greedy_openings(space: DealSpace, n: int) -> list[tuple[float, frozenset]]:
    """The oracle: every package's cost and move set, then the greedy rule of accord.deals.openings.

    Among equal costs (to 1e-9) fewer moves come first, so a listed opening is never a proper superset of
    a later one of the same cost.
    """
    idx, utils, _ = brute_force(space)
    cost = opening_cost(space, idx, utils)
    sizes = np.array([len(move_set(space, i)) for i in idx.tolist()])
    order = np.lexsort((sizes, np.round(np.where(np.isfinite(cost), cost, np.inf), 9)))
    listed: list[tuple[float, frozenset]] = []
    for i in order.tolist():
        if not np.isfinite(cost[i]):
            break
        moves = move_set(space, i)
        if any(moves >= m for _, m in listed):
            continue
        listed.append((float(cost[i]), moves))
        if len(listed) == n:
            break
    return listed


def clash_with_a_free_issue() -> DealSpace:
    # "land": A refuses "none", B refuses "all". "colour" nobody refuses and only A cares about a little.
    return DealSpace(
        issues=("land", "colour"),
        options=(("none", "half", "all"), ("red", "blue")),
        actors=("A", "B"),
        weights=[[0.9, 0.1], [1.0, 0.0]],
        values=([[0.0, 0.5, 1.0], [1.0, 0.5, 0.0]], [[1.0, 0.9], [0.5, 0.5]]),
        acceptable=([[False, False, True], [True, True, False]], [[True, True], [True, True]]),
    )


def test_openings_are_the_distinct_ways_to_open_cheapest_first():
    result = analyze(clash_with_a_free_issue(), n_openings=5)
    o = result.openings
    assert result.opening == o[0]
    # Cheapest: B accepts "all" (1.0 * (0.5 - 0.0) = 0.5); then A accepts "half" (0.9 * 0.5 = 0.45 is
    # cheaper!). Costs: A->half 0.45 < B->all 0.5 < A->none 0.9 (colour free).
    assert [round(x.cost, 6) for x in o] == [0.45, 0.5, 0.9]
    assert [x.movers for x in o] == [("A",), ("B",), ("A",)]
    assert [x.package["land"] for x in o] == ["half", "all", "none"]
    # "colour" is chosen at no cost: each opening appears once, not once per colour.
    assert len({x.package["land"] for x in o}) == len(o)
    assert np.isclose(o[0].margin, 0.05) and np.isclose(o[1].margin, 0.4) and o[2].margin is None
    # Each opens the packages feasible after its moves: A accepting "half" opens (half, red), (half, blue).
    assert [x.n_opened for x in o] == [2, 2, 2]
    assert all(x.n_opened_at_most >= x.n_opened for x in o)
    # Asking for one still gives its margin to the next.
    assert analyze(clash_with_a_free_issue(), n_openings=1).openings == [o[0]]


@settings(max_examples=80, deadline=None)
@given(deal_spaces(linked=True))
def test_openings_match_the_brute_force_greedy_list(space):
    result = analyze(space, n_openings=4)
    _, _, feasible = brute_force(space)
    if feasible.any():
        assert result.openings == [] and result.opening is None
        return
    expected = greedy_openings(space, 5)
    if not expected:  # every package holds a forbidden pair
        assert result.opening is None and result.openings == []
        assert any("forbidden pair" in n for n in result.notes)
        return
    got = result.openings
    assert len(got) == min(4, len(expected))
    np.testing.assert_allclose([o.cost for o in got], [c for c, _ in expected[: len(got)]], atol=1e-7)
    for j, o in enumerate(got):
        assert not space.broken_pairs(o.index)
        moves = move_set(space, o.index)
        # No listed opening asks everything an earlier (no dearer) one asks.
        assert not any(moves >= move_set(space, p.index) for p in got[:j])
        nxt = expected[j + 1][0] if j + 1 < len(expected) else None
        if nxt is None:
            assert o.margin is None
        else:
            assert np.isclose(o.margin, max(0.0, nxt - o.cost), atol=1e-7)
        after = opened_space(space, o)
        _, _, opened = brute_force(after)
        assert o.n_opened == int(opened.sum()) >= 1
        assert o.n_opened_at_most >= o.n_opened


@settings(max_examples=40, deadline=None)
@given(deal_spaces(linked=True))
def test_openings_beyond_the_count_limit_are_bounded_not_counted(space):
    assume(space.n_packages > 1)
    result = analyze(space, count_limit=0)
    for o in result.openings:
        assert o.n_opened is None and o.n_opened_at_most >= 1


def test_flagship_openings():
    space = deal_space_from_scenario(load_scenario(FLAGSHIP))
    result = analyze(space)
    assert result.n_feasible == 0 and not result.zopa
    assert len(result.openings) == 5 and result.openings[0] == result.opening
    first = result.opening
    # The figure the example README quotes: Russia alone moves, at a cost of 0.1504.
    assert round(first.cost, 4) == 0.1504 and first.movers == ("russia",)
    costs = [o.cost for o in result.openings]
    assert all(b >= a - 1e-9 for a, b in zip(costs, costs[1:], strict=False))
    seen: list[frozenset] = []
    for o in result.openings:
        assert not space.broken_pairs(o.index)
        moves = move_set(space, o.index)
        assert not any(moves >= m for m in seen)
        seen.append(moves)
        assert o.n_opened is None and o.n_opened_at_most > 0  # 2.3e13 packages: bounded, not counted
    # The second way: Ukraine accepts vague guarantees (I10) instead of Russia accepting European ones.
    second = {(m.actor, m.issue, m.option) for m in result.openings[1].moves}
    assert ("ukraine", "I10", "vague") in second and ("russia", "I10", "european_only") not in second
