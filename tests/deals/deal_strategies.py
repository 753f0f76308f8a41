"""Hypothesis strategies for deal spaces, shared by the deal-space tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from accord.deals import DealSpace

__all__ = ["deal_spaces", "brute_force"]


@st.composite
def deal_spaces(
    draw,
    max_actors: int = 4,
    max_issues: int = 4,
    max_options: int = 4,
    red_lines: bool = True,
    batnas: bool = True,
    grid: bool = False,
) -> DealSpace:
    """Small random deal spaces with red lines, BATNAs and a random set of signatories.

    ``grid=True`` draws values from a coarse grid, so ties (equal utility vectors) are common.
    """
    n_a = draw(st.integers(1, max_actors))
    n_k = draw(st.integers(1, max_issues))
    sizes = [draw(st.integers(1, max_options)) for _ in range(n_k)]
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.ones(n_k), size=n_a) if n_k > 1 else np.ones((n_a, 1))
    if grid:
        values = [rng.integers(0, 3, size=(n_a, s)) / 2.0 for s in sizes]
        weights = np.full((n_a, n_k), 1.0 / n_k)
    else:
        values = [rng.random((n_a, s)) for s in sizes]
    acceptable = [rng.random((n_a, s)) > (0.25 if red_lines else -1.0) for s in sizes]
    d = rng.random(n_a) * 0.6 if batnas and draw(st.booleans()) else np.zeros(n_a)
    actors = [f"a{i}" for i in range(n_a)]
    sig = [a for a in actors if rng.random() < 0.7] or actors[:1]
    return DealSpace(
        issues=tuple(f"i{k}" for k in range(n_k)),
        options=tuple(tuple(f"o{j}" for j in range(s)) for s in sizes),
        actors=tuple(actors),
        weights=weights,
        values=tuple(values),
        disagreement=d,
        acceptable=tuple(acceptable),
        signatories=tuple(sig),
        exponents=rng.random(n_a) + 0.1,
    )


def brute_force(space: DealSpace) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All packages, their utilities and feasibility, computed one package at a time (the slow oracle)."""
    idx = np.arange(space.n_packages)
    utils = np.zeros((len(idx), space.n_actors))
    feasible = np.zeros(len(idx), dtype=bool)
    rows = space.signatory_rows
    for n in idx:
        digits = [(n // int(space.strides[k])) % int(space.radices[k]) for k in range(space.n_issues)]
        u = np.zeros(space.n_actors)
        for k, o in enumerate(digits):
            u += space.weights[:, k] * space.values[k][:, o]
        ok = all(space.acceptable[k][r, o] for r in rows for k, o in enumerate(digits))
        utils[n] = u
        feasible[n] = ok and all(u[r] >= space.disagreement[r] - 1e-12 for r in rows)
    return idx, utils, feasible
