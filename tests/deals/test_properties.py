"""Properties every analysis must have, on random deal spaces with red lines, BATNAs and signatories."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from deal_strategies import brute_force, deal_spaces
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.deals import SOLUTION_NAMES, analyze


@settings(max_examples=120, deadline=None)
@given(deal_spaces())
def test_solutions_are_feasible_pareto_optimal_and_individually_rational(space):
    idx, utils, feasible = brute_force(space)
    rows = space.signatory_rows
    result = analyze(space)
    assert result.n_feasible == int(feasible.sum())
    assert result.zopa == bool(feasible.any())
    sols = [result.solutions[n] for n in SOLUTION_NAMES] + [result.nash_weighted]
    for sol in sols:
        if sol is None:
            continue
        i = sol.index
        assert feasible[i]
        assert space.feasible_mask([i])[0]
        u = utils[i, rows]
        assert np.all(u >= space.disagreement[rows] - 1e-12)
        others = utils[feasible][:, rows]
        dominated = np.any(np.all(others >= u, axis=1) & np.any(others > u, axis=1))
        assert not dominated
    if feasible.any():
        # Egalitarian and utilitarian points always exist when a deal does.
        assert result.solutions["egalitarian"] is not None
        assert result.solutions["utilitarian"] is not None
        assert result.opening is None
    else:
        assert all(s is None for s in sols)
        assert result.opening is not None


@settings(max_examples=100, deadline=None)
@given(deal_spaces(), st.data())
def test_adding_a_red_line_never_adds_a_feasible_package(space, data):
    actor = data.draw(st.sampled_from(space.actors))
    k = data.draw(st.integers(0, space.n_issues - 1))
    keep = data.draw(st.lists(st.sampled_from(space.options[k]), unique=True))
    tighter = space.with_red_line(actor, space.issues[k], keep)
    idx = np.arange(space.n_packages)
    before = space.feasible_mask(idx)
    after = tighter.feasible_mask(idx)
    assert not np.any(after & ~before)
    assert analyze(tighter).n_feasible <= analyze(space).n_feasible


def _solution_utilities(result, actor_order):
    out = {}
    for name in SOLUTION_NAMES:
        s = result.solutions[name]
        out[name] = None if s is None else np.array([s.utilities[a] for a in actor_order])
    return out


@settings(max_examples=80, deadline=None)
@given(deal_spaces(), st.data())
def test_relabelling_actors_changes_nothing(space, data):
    perm = data.draw(st.permutations(range(space.n_actors)))
    names = [f"z{p}" for p in range(space.n_actors)]  # new names, in a new order
    rename = {space.actors[p]: names[j] for j, p in enumerate(perm)}
    permuted = replace(
        space,
        actors=tuple(names),
        weights=space.weights[list(perm)],
        values=tuple(v[list(perm)] for v in space.values),
        acceptable=tuple(a[list(perm)] for a in space.acceptable),
        disagreement=space.disagreement[list(perm)],
        exponents=space.exponents[list(perm)],
        extremity=space.extremity[list(perm)],
        signatories=tuple(rename[s] for s in space.signatories),
    )
    a, b = analyze(space), analyze(permuted)
    assert a.n_feasible == b.n_feasible
    np.testing.assert_array_equal(a.pareto_indices, b.pareto_indices)
    ua = _solution_utilities(a, space.actors)
    ub = _solution_utilities(b, [rename[x] for x in space.actors])
    for name in SOLUTION_NAMES:
        if ua[name] is None:
            assert ub[name] is None
        else:
            np.testing.assert_allclose(ua[name], ub[name], rtol=0, atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(deal_spaces(), st.data())
def test_relabelling_and_reordering_options_changes_nothing(space, data):
    perms = [data.draw(st.permutations(range(len(o)))) for o in space.options]
    permuted = replace(
        space,
        options=tuple(tuple(f"x{space.options[k][p]}" for p in perm) for k, perm in enumerate(perms)),
        values=tuple(v[:, list(perm)] for v, perm in zip(space.values, perms, strict=True)),
        acceptable=tuple(a[:, list(perm)] for a, perm in zip(space.acceptable, perms, strict=True)),
        extremity=space.extremity,
    )
    a, b = analyze(space), analyze(permuted)
    assert a.n_feasible == b.n_feasible
    # The same frontier, as sets of packages (by original labels).
    fa = {tuple(space.package(int(i)).values()) for i in a.pareto_indices}
    fb = {tuple(v[1:] for v in permuted.package(int(i)).values()) for i in b.pareto_indices}
    assert fa == fb
    ua, ub = _solution_utilities(a, space.actors), _solution_utilities(b, space.actors)
    for name in SOLUTION_NAMES:
        if ua[name] is None:
            assert ub[name] is None
        else:
            np.testing.assert_allclose(ua[name], ub[name], rtol=0, atol=1e-12)
