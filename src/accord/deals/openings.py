"""Openings, plural: the cheapest distinct ways to open a deal when no package is feasible.

An opening is a package plus the moves that make every signatory accept it (:func:`describe_opening`):
red lines relaxed to accept an option, BATNAs dropped. Its *move set* is what it asks of whom: the
(issue, option) pairs chosen that some signatory refuses (each names who crosses its red line there) and
the signatories left below their BATNA (by however much).

Many packages share a move set and differ only on issues where nobody has to move: in the
Russia-Ukraine scenario thousands of packages open at the cheapest cost by varying the issues every
signatory accepts either way. Many more ask the cheapest opening's moves *plus* some more (another
actor's small BATNA drop, a red line crossed at no cost): they are no new way to open a deal, since the
cheaper moves already open one. So the openings reported are taken greedily in order of cost, skipping
every package whose move set contains the moves of an opening already listed:

1. the cheapest opening (:func:`accord.deals.scan` or :func:`accord.deals.search.milp_opening`);
2. then, repeatedly, the cheapest package whose move set contains no listed opening's move set.

No two listed openings differ only on issues where no one moves, and each asks at least one move that
no cheaper listed opening asks. Each comes with the margin to the next and how many packages it opens:
exactly where the space is small enough to count (``count_limit``), and always at most the packages
within the signatories' relaxed red lines and the linked-issue constraints
(:func:`accord.deals.linked.count_packages`). The search is exact: a MILP with one cut per listed
opening (:func:`accord.deals.search.milp_openings`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from .concessions import Opening, describe_opening
from .linked import count_packages
from .space import FEASIBILITY_TOL, DealSpace

__all__ = [
    "move_set",
    "opened_space",
    "describe_openings",
    "DEFAULT_N_OPENINGS",
    "DEFAULT_COUNT_LIMIT",
    "MAX_OPENINGS",
]

FloatArray = NDArray[np.float64]

#: How many openings :func:`accord.deals.analyze` reports by default.
DEFAULT_N_OPENINGS = 5
#: The most openings one analysis lists (each takes a MILP solve and a count).
MAX_OPENINGS = 100
#: Spaces up to this many packages get an exact count of the packages each opening opens (one streamed
#: pass per opening); larger ones get the upper bound only.
DEFAULT_COUNT_LIMIT = 1_000_000


def move_set(space: DealSpace, index: int) -> frozenset[tuple[str, ...]]:
    """What opening package ``index`` asks of whom (see the module docstring).

    Returns
    -------
    frozenset
        ``("red_line", issue, option)`` for each chosen option some signatory refuses, and
        ``("batna", actor)`` for each signatory left below its BATNA.
    """
    digits = space.decode([index])[0]
    u = space.utilities([index])[0]
    out: set[tuple[str, ...]] = {
        ("red_line", space.issues[k], space.options[k][int(o)])
        for k, o in enumerate(digits)
        if not space.jointly_acceptable[k][int(o)]
    }
    for r in space.signatory_rows.tolist():
        if u[r] < space.disagreement[r] - FEASIBILITY_TOL:
            out.add(("batna", space.actors[r]))
    return frozenset(out)


def opened_space(space: DealSpace, opening: Opening) -> DealSpace:
    """The space after the opening's moves: the red lines it crosses relaxed, the BATNAs it drops lowered."""
    tables = [a.copy() for a in space.acceptable]
    d = space.disagreement.copy()
    for m in opening.moves:
        i = space.actors.index(m.actor)
        if m.kind == "red_line" and m.issue is not None and m.option is not None:
            k = space.issues.index(m.issue)
            tables[k][i, space.options[k].index(m.option)] = True
        elif m.kind == "batna" and m.to_value is not None:
            d[i] = min(d[i], m.to_value)
    return replace(space, acceptable=tuple(tables), disagreement=d)


def describe_openings(
    space: DealSpace, indices: list[int], n: int, *, count_limit: int = DEFAULT_COUNT_LIMIT
) -> list[Opening]:
    """The first ``n`` of the given openings (cheapest first), with margins and the packages each opens.

    Parameters
    ----------
    space : DealSpace
    indices : list of int
        Packages standing for distinct openings (see the module docstring), cheapest first; one more than
        ``n`` gives the last opening's margin.
    n : int
        How many openings to describe.
    count_limit : int
        Largest space whose opened packages are counted exactly (one streamed pass per opening).
    """
    from .analysis import scan  # analysis imports this module

    described = [describe_opening(space, i) for i in indices]
    out = []
    for j, o in enumerate(described[:n]):
        after = opened_space(space, o)
        at_most, _ = count_packages(after, after.jointly_acceptable)
        exact = scan(after).n_feasible if space.n_packages <= count_limit else None
        # Equal costs summed in another order can differ in the last bit: a margin is never negative.
        margin = max(0.0, described[j + 1].cost - o.cost) if j + 1 < len(described) else None
        out.append(replace(o, margin=margin, n_opened=exact, n_opened_at_most=at_most))
    return out
