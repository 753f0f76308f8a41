"""Linked issues: forbidden option pairs, honoured by counts, the frontier, solutions and the search."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from deal_strategies import allowed_by_pairs, brute_force, deal_spaces
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from accord.deals import (
    SOLUTION_NAMES,
    DealSpace,
    ForbiddenPairs,
    analyze,
    count_packages,
    deal_space_from_scenario,
    milp_egalitarian,
    milp_nash,
    milp_opening,
    milp_utilitarian,
    pareto_frontier,
    pareto_frontier_enumerated,
    scan,
)
from accord.deals.concessions import opening_cost
from accord.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


def linked_pair() -> DealSpace:
    # A wants "a" on both issues, B wants "b" on both; "a" on x excludes "b" on y.
    return DealSpace(
        issues=("x", "y"),
        options=(("a", "b"), ("a", "b")),
        actors=("A", "B"),
        weights=[[0.5, 0.5], [0.5, 0.5]],
        values=([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]),
        forbidden=(ForbiddenPairs(("x", "y"), [[False, True], [False, False]], "x = a excludes y = b"),),
    )


def test_a_forbidden_pair_is_never_feasible():
    space = linked_pair()
    idx = np.arange(space.n_packages)
    assert space.allowed_mask(idx).tolist() == [True, False, True, True]
    assert space.feasible_mask(idx).tolist() == [True, False, True, True]
    result = analyze(space)
    assert result.n_feasible == 3 and result.n_acceptable == {"A": 3, "B": 3}
    # Without the link (a, b) would be on the frontier (it splits the gains evenly).
    assert space.index_of({"x": "a", "y": "b"}) not in result.pareto_indices.tolist()
    assert sorted(result.pareto_indices.tolist()) == [0, 2, 3]
    assert [fp.note for fp in space.broken_pairs(1)] == ["x = a excludes y = b"]


def test_forbidden_pairs_are_checked_and_stored_in_issue_order():
    space = linked_pair()
    with pytest.raises(ValueError, match="two different issues"):
        ForbiddenPairs(("x", "x"), [[True]])
    with pytest.raises(ValueError, match="unknown issues"):
        DealSpace(**_fields(space), forbidden=(ForbiddenPairs(("x", "z"), [[True, False], [False, False]]),))
    with pytest.raises(ValueError, match="must have shape"):
        DealSpace(**_fields(space), forbidden=(ForbiddenPairs(("x", "y"), [[True, False, True]]),))
    # Given the other way round, the table is transposed so that the earlier issue comes first.
    flipped = DealSpace(**_fields(space), forbidden=(("y", "x", [[False, False], [True, False]]),))
    assert flipped.forbidden[0].issues == ("x", "y")
    np.testing.assert_array_equal(flipped.forbidden[0].pairs, space.forbidden[0].pairs)
    # Tables on the same pair merge; an empty table is dropped from the merged view.
    more = space.with_forbidden("y", "x", [("a", "b")]).with_forbidden("x", "y", [])
    assert len(more.forbidden) == 3 and len(more.pair_tables) == 1
    np.testing.assert_array_equal(more.pair_tables[0][2], [[False, True], [True, False]])
    assert more.linked_issues == frozenset({0, 1})


def _fields(space: DealSpace) -> dict[str, object]:
    return {
        "issues": space.issues,
        "options": space.options,
        "actors": space.actors,
        "weights": space.weights,
        "values": space.values,
    }


@settings(max_examples=80, deadline=None)
@given(deal_spaces(linked=True), st.integers(1, 50))
def test_allowed_mask_and_counts_match_brute_force(space, limit):
    idx = np.arange(space.n_packages)
    digits = space.decode(idx)
    expected = np.array([allowed_by_pairs(space, d) for d in digits])
    np.testing.assert_array_equal(space.allowed_mask(idx), expected)
    within = expected & space.red_line_mask(idx)
    count, exact = count_packages(space, space.jointly_acceptable)
    assert exact and count == int(within.sum())
    # A group too large to enumerate is counted as if unlinked: an upper bound, flagged.
    bound, exact_small = count_packages(space, space.jointly_acceptable, limit=limit)
    assert bound >= count and (exact_small or bound >= count)
    if not exact_small:
        assert bound == int(np.prod([int(a.sum()) for a in space.jointly_acceptable]))
    # The streamed pass counts what brute force counts, whatever the chunk size.
    _, utils, feasible = brute_force(space)
    result = scan(space, chunk_size=3)
    assert result.n_feasible == int(feasible.sum())
    for i, actor in enumerate(space.actors):
        own = space.red_line_mask(idx, [actor]) & expected & (utils[:, i] >= space.disagreement[i] - 1e-12)
        assert result.n_acceptable[actor] == int(own.sum())


@settings(max_examples=100, deadline=None)
@given(deal_spaces(linked=True), st.data())
def test_a_constraint_never_adds_a_feasible_package(space, data):
    assume(space.n_issues >= 2)
    k, l = data.draw(st.lists(st.integers(0, space.n_issues - 1), min_size=2, max_size=2, unique=True))
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(space.options[k]), st.sampled_from(space.options[l])), max_size=4)
    )
    tighter = space.with_forbidden(space.issues[k], space.issues[l], pairs)
    idx = np.arange(space.n_packages)
    before, after = space.feasible_mask(idx), tighter.feasible_mask(idx)
    assert not np.any(after & ~before)
    a, b = analyze(space), analyze(tighter)
    assert b.n_feasible <= a.n_feasible
    assert b.n_feasible_at_most <= a.n_feasible_at_most
    assert all(b.n_acceptable[x] <= a.n_acceptable[x] for x in space.actors)


@settings(max_examples=100, deadline=None)
@given(deal_spaces(linked=True))
def test_frontier_and_solutions_never_violate_a_constraint(space):
    idx, utils, feasible = brute_force(space)
    rows = space.signatory_rows
    front_i, front_u = pareto_frontier(space)
    enum_i, enum_u = pareto_frontier_enumerated(space, chunk_size=7)
    np.testing.assert_array_equal(front_i, enum_i)
    np.testing.assert_array_equal(front_u, enum_u)
    assert np.all(space.allowed_mask(front_i))
    result = analyze(space)
    assert result.n_feasible == int(feasible.sum())
    others = utils[feasible][:, rows]
    for sol in [result.solutions[n] for n in SOLUTION_NAMES] + [result.nash_weighted]:
        if sol is None:
            continue
        assert feasible[sol.index] and not space.broken_pairs(sol.index)
        u = utils[sol.index, rows]
        assert not np.any(np.all(others >= u, axis=1) & np.any(others > u, axis=1))
    if result.opening is not None:
        assert not space.broken_pairs(result.opening.index)


@settings(max_examples=60, deadline=None)
@given(deal_spaces(linked=True))
def test_milp_search_honours_constraints(space):
    rows = space.signatory_rows
    d = space.disagreement[rows]
    _, utils, feasible = brute_force(space)
    if not feasible.any():
        assert milp_utilitarian(space) is None and milp_egalitarian(space) is None
    else:
        gains = utils[feasible][:, rows] - d
        u, e = milp_utilitarian(space), milp_egalitarian(space)
        assert feasible[u] and feasible[e]
        assert np.isclose(utils[u, rows].sum(), utils[feasible][:, rows].sum(axis=1).max(), atol=1e-7)
        assert np.isclose((utils[e, rows] - d).min(), gains.min(axis=1).max(), atol=1e-7)
        n = milp_nash(space)
        positive = np.all(gains > 1e-9, axis=1)
        assert (n is None) == (not positive.any())
        if n is not None:
            best = np.log(gains[positive]).sum(axis=1).max()
            assert feasible[n] and np.isclose(np.log(utils[n, rows] - d).sum(), best, atol=1e-6)
    cost = opening_cost(space, np.arange(space.n_packages), utils)
    j = milp_opening(space)
    if np.isinf(cost).all():
        assert j is None
    else:
        assert np.isfinite(cost[j]) and np.isclose(cost[j], cost.min(), atol=1e-6)


def test_flagship_constraints_are_honoured():
    scenario = load_scenario(FLAGSHIP)
    assert scenario.constraints, "the flagship declares linked issues"
    space = deal_space_from_scenario(scenario)
    assert len(space.forbidden) == len(scenario.constraints)
    i1, i10 = space.issues.index("I1"), space.issues.index("I10")
    # I1 = neutrality excludes I10 = nato (the scenario's own option definitions).
    table = space.pair_tables[0][2]
    assert space.pair_tables[0][:2] == (i1, i10)
    assert table[space.options[i1].index("neutrality"), space.options[i10].index("nato")]
    assert not table[space.options[i1].index("membership"), space.options[i10].index("nato")]
    result = analyze(space.with_signatories(["russia", "usa"]))
    assert result.pareto_size == 78  # the flagship README's figure: the link binds no efficient package
    assert np.all(space.allowed_mask(result.pareto_indices))
    for sol in result.solutions.values():
        assert sol is None or not space.broken_pairs(sol.index)
