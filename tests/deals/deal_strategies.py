"""Hypothesis strategies for deal spaces and scenarios, shared by the deal-space tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from accord.deals import DealSpace, ForbiddenPairs
from accord.scenario import Actor, Constraint, Issue, Option, OutcomeSet, RedLine, Scenario, Stance

__all__ = ["deal_spaces", "scenarios", "brute_force", "allowed_by_pairs"]


@st.composite
def deal_spaces(
    draw,
    max_actors: int = 4,
    max_issues: int = 4,
    max_options: int = 4,
    red_lines: bool = True,
    batnas: bool = True,
    grid: bool = False,
    linked: bool = False,
) -> DealSpace:
    """Small random deal spaces with red lines, BATNAs and a random set of signatories.

    ``grid=True`` draws values from a coarse grid, so ties (equal utility vectors) are common.
    ``linked=True`` adds up to three forbidden-pair tables between random issue pairs.
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
    forbidden = []
    if linked and n_k > 1:
        for _ in range(draw(st.integers(0, 3))):
            a, b = rng.choice(n_k, size=2, replace=False)
            density = rng.choice([0.2, 0.5, 0.9])
            table = rng.random((sizes[a], sizes[b])) < density
            forbidden.append(ForbiddenPairs((f"i{a}", f"i{b}"), table, f"i{a} / i{b}"))
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
        forbidden=tuple(forbidden),
    )


@st.composite
def scenarios(draw, max_actors: int = 4, max_issues: int = 4, max_options: int = 4) -> Scenario:
    """Small random scenarios: labelled options, stances with red lines on either side, constraints."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_a = draw(st.integers(2, max_actors))
    n_k = draw(st.integers(2, max_issues))
    issues = []
    for k in range(n_k):
        n_o = int(rng.integers(2, max_options + 1))
        xs = np.sort(rng.choice(np.arange(0, 101, 5), size=n_o, replace=False)).astype(float)
        opts = tuple(Option(f"o{k}_{j}", f"option {j} of issue {k}", float(x)) for j, x in enumerate(xs))
        sq = float(rng.choice(xs)) if rng.random() < 0.7 else None
        issues.append(Issue(f"I{k}", f"issue {k}", 0.0, 100.0, opts, discrete=True, status_quo=sq))
    actors = tuple(Actor(f"a{i}", f"actor {i}", capability=float(rng.integers(1, 40))) for i in range(n_a))
    stances = []
    for a in actors:
        for issue in issues:
            if rng.random() < 0.15:
                continue
            position = float(rng.choice([o.value for o in issue.options]))
            red = None
            roll = rng.random()
            bound = rng.choice(issue.options).id
            if roll < 0.25 and position <= issue.option(bound).value:
                red = RedLine.at_most_of(issue, bound)
            elif roll < 0.5 and position >= issue.option(bound).value:
                red = RedLine.at_least_of(issue, bound)
            elif roll < 0.6:
                keep = [o.id for o in issue.options if o.value == position or rng.random() < 0.5]
                red = RedLine.acceptable_of(issue, keep)
            stances.append(Stance(a.id, issue.id, position, float(rng.integers(5, 101)), red))
    constraints = []
    for _ in range(draw(st.integers(0, 3))):
        a, b = rng.choice(n_k, size=2, replace=False)
        ia, ib = issues[a], issues[b]
        sa = frozenset(o.id for o in ia.options if rng.random() < 0.5) or frozenset({ia.options[0].id})
        sb = frozenset(o.id for o in ib.options if rng.random() < 0.5) or frozenset({ib.options[-1].id})
        constraints.append(
            Constraint(
                OutcomeSet(ia.id, sa, values=tuple(ia.option(o).value for o in sorted(sa))),
                OutcomeSet(ib.id, sb, values=tuple(ib.option(o).value for o in sorted(sb))),
            )
        )
    return Scenario(actors, tuple(issues), tuple(stances), constraints=tuple(constraints))


def allowed_by_pairs(space: DealSpace, digits) -> bool:
    """Whether option numbers ``digits`` (one per issue) hold no forbidden pair, read from the tables."""
    for fp in space.forbidden:
        ka, kb = (space.issues.index(i) for i in fp.issues)
        if fp.pairs[digits[ka], digits[kb]]:
            return False
    return True


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
        ok = ok and allowed_by_pairs(space, digits)
        utils[n] = u
        feasible[n] = ok and all(u[r] >= space.disagreement[r] - 1e-12 for r in rows)
    return idx, utils, feasible
