"""Hypothesis strategies shared by the simulation property tests (one module, as in Axelrod's
``tests/property.py``)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from accord.deals import DealSpace
from accord.simulate import filtered_strategies

PARTY_STRATEGIES = filtered_strategies(mediator=False)
TIME_BASED = filtered_strategies(time_based=True)


@st.composite
def deal_spaces(draw: st.DrawFn, max_actors: int = 4) -> DealSpace:
    """Small random additive spaces with red lines (at least one acceptable option per actor and issue)."""
    n_a = draw(st.integers(2, max_actors))
    n_k = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    radices = rng.integers(2, 5, n_k)
    acc = []
    for r in radices:
        a = rng.random((n_a, r)) > 0.25
        a[np.arange(n_a), rng.integers(0, r, n_a)] = True
        acc.append(a)
    return DealSpace(
        issues=tuple(f"i{k}" for k in range(n_k)),
        options=tuple(tuple(f"o{j}" for j in range(r)) for r in radices),
        actors=tuple(f"p{i}" for i in range(n_a)),
        weights=rng.dirichlet(np.ones(n_k), size=n_a),
        values=tuple(rng.random((n_a, r)) for r in radices),
        disagreement=rng.uniform(0, 0.5, n_a),
        acceptable=tuple(acc),
    )


@st.composite
def tables(draw: st.DrawFn, names: list[str] | None = None) -> tuple[DealSpace, dict[str, str]]:
    """A space and a strategy for each of its actors."""
    space = draw(deal_spaces())
    pool = names or PARTY_STRATEGIES
    return space, {a: draw(st.sampled_from(pool)) for a in space.actors}
