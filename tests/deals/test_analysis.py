"""The streamed scan, the limits, and the MILP fallback of :func:`accord.deals.analyze`."""

from __future__ import annotations

import numpy as np
import pytest
from deal_strategies import brute_force, deal_spaces
from hypothesis import given, settings

from accord.deals import (
    DealSpace,
    analyze,
    egalitarian,
    milp_egalitarian,
    milp_nash,
    milp_utilitarian,
    nash,
    pareto_frontier,
    scan,
    utilitarian,
)


@settings(max_examples=60, deadline=None)
@given(deal_spaces())
def test_scan_counts_match_brute_force(space):
    idx, utils, feasible = brute_force(space)
    result = scan(space, chunk_size=5)
    assert result.n_feasible == int(feasible.sum())
    for i, actor in enumerate(space.actors):
        own = space.red_line_mask(idx, [actor]) & (utils[:, i] >= space.disagreement[i] - 1e-12)
        assert result.n_acceptable[actor] == int(own.sum())


@settings(max_examples=60, deadline=None)
@given(deal_spaces())
def test_milp_search_agrees_with_the_frontier(space):
    rows = space.signatory_rows
    front_i, front_u = pareto_frontier(space)
    d = space.disagreement[rows]
    e = milp_egalitarian(space)
    u = milp_utilitarian(space)
    if not len(front_i):
        assert e is None and u is None
        return
    best_e = (front_u[:, rows] - d).min(axis=1)[egalitarian(front_u[:, rows], d)]
    best_u = front_u[:, rows].sum(axis=1)[utilitarian(front_u[:, rows], d)]
    ue = space.utilities([e])[0, rows]
    uu = space.utilities([u])[0, rows]
    assert np.isclose((ue - d).min(), best_e, atol=1e-7)
    assert np.isclose(uu.sum(), best_u, atol=1e-7)
    assert space.red_line_mask([e])[0] and space.red_line_mask([u])[0]


@settings(max_examples=40, deadline=None)
@given(deal_spaces())
def test_milp_nash_agrees_with_the_frontier(space):
    rows = space.signatory_rows
    front_i, front_u = pareto_frontier(space)
    d = space.disagreement[rows]
    for e in (None, space.exponents[rows]):
        r = nash(front_u[:, rows], d, e) if len(front_i) else None
        got = milp_nash(space, e)
        if r is None:
            assert got is None
            continue
        assert got is not None
        w = np.ones(len(rows)) if e is None else e / e.sum()
        want = np.sum(w * np.log(front_u[r, rows] - d))
        have = np.sum(w * np.log(space.utilities([got])[0, rows] - d))
        assert have >= want - 1e-7


def random_space(n_k: int, n_o: int, n_a: int, seed: int = 0) -> DealSpace:
    rng = np.random.default_rng(seed)
    return DealSpace(
        issues=tuple(f"i{k}" for k in range(n_k)),
        options=tuple(tuple(f"o{j}" for j in range(n_o)) for _ in range(n_k)),
        actors=tuple(f"a{i}" for i in range(n_a)),
        weights=rng.dirichlet(np.ones(n_k), size=n_a),
        values=tuple(rng.random((n_a, n_o)) for _ in range(n_k)),
        disagreement=np.full(n_a, 0.3),
    )


def test_beyond_limits_the_search_path_answers_what_it_can():
    space = random_space(6, 6, 4)
    full = analyze(space)
    limited = analyze(space, enumeration_limit=1000, max_candidates=50)
    assert limited.n_feasible is None and limited.pareto_indices is None
    assert limited.solutions["kalai_smorodinsky"] is None
    assert any("Kalai" in n for n in limited.notes) and any("enumeration limit" in n for n in limited.notes)
    for name in ("nash", "egalitarian", "utilitarian"):
        a, b = full.solutions[name], limited.solutions[name]
        assert a is not None and b is not None
        np.testing.assert_allclose(list(a.utilities.values()), list(b.utilities.values()), atol=1e-7)
    d = limited.to_dict(pareto=True)
    assert d["pareto"] is None and d["pareto_size"] is None and d["solutions"]["kalai_smorodinsky"] is None


def test_huge_space_gets_an_answer_not_a_crash():
    # 40 issues x 10 options: 10**40 packages, beyond 64-bit indices.
    space = random_space(40, 10, 3)
    with pytest.raises(OverflowError):
        _ = space.strides
    result = analyze(space, max_candidates=10_000)
    assert result.n_feasible is None
    assert result.solutions["egalitarian"] is not None or not result.zopa
    assert any("64-bit" in n or "candidates" in n for n in result.notes)


def test_chunking_does_not_change_results():
    space = random_space(4, 7, 3)
    a, b = scan(space, chunk_size=1 << 20), scan(space, chunk_size=97)
    assert a == b


def test_to_dict_has_the_documented_shape():
    space = random_space(3, 3, 2)
    d = analyze(space).to_dict()
    assert list(d) == ["n_packages", "n_feasible", "pareto_size", "solutions", "concessions"]
    assert list(d["solutions"]) == [
        "nash",
        "kalai_smorodinsky",
        "egalitarian",
        "utilitarian",
        "nash_weighted",
    ]
    assert set(d["solutions"]["nash"]) == {"package", "utilities"}
    d2 = analyze(space).to_dict(pareto=True)
    assert len(d2["pareto"]) == d2["pareto_size"]
    assert set(d2["pareto"][0]) == {"package", "utilities"}
