"""Linked issues in a deal space: pairs of options of two issues that cannot be agreed together.

A scenario's ``constraints:`` (:class:`accord.scenario.Constraint`) say, for example, that a permanently
neutral Ukraine excludes NATO membership as its security guarantee. In a deal space each becomes a
:class:`ForbiddenPairs`: a boolean table over the options of two issues, True where the pair is ruled out.
A package that chooses a forbidden pair cannot be agreed by anyone: unlike a red line, no concession
relaxes it, so it is not feasible, not on the Pareto frontier, and not an opening.

The tables only ever remove packages: adding one never makes a package feasible that was not.

:func:`count_packages` counts the packages that choose only allowed options and no forbidden pair, exactly
where the linked issues form small groups (the count factorises over the connected components of the
graph whose edges are the linked issue pairs) and as an upper bound otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from .space import DealSpace

__all__ = ["ForbiddenPairs", "count_packages", "DEFAULT_COMPONENT_LIMIT"]

BoolArray = NDArray[np.bool_]

#: Largest number of option combinations of one group of linked issues :func:`count_packages` enumerates.
DEFAULT_COMPONENT_LIMIT = 2_000_000


@dataclass(frozen=True, eq=False)
class ForbiddenPairs:
    """Options of two issues that cannot be agreed together.

    Parameters
    ----------
    issues : (str, str)
        The two issues (different).
    pairs : array_like of bool, shape (n options of ``issues[0]``, n options of ``issues[1]``)
        True where the pair of options is ruled out.
    note : str
        The constraint in words (``"I1 = neutrality excludes I10 = nato"``), for display.
    """

    issues: tuple[str, str]
    pairs: BoolArray
    note: str = ""

    def __post_init__(self) -> None:
        a, b = (str(i) for i in self.issues)
        if a == b:
            raise ValueError(f"forbidden pairs link two different issues, not {a!r} with itself")
        p = np.array(self.pairs, dtype=bool)
        if p.ndim != 2:
            raise ValueError(f"forbidden pairs of {a!r} and {b!r} must be a 2-d table")
        p.setflags(write=False)
        object.__setattr__(self, "issues", (a, b))
        object.__setattr__(self, "pairs", p)
        object.__setattr__(self, "note", str(self.note))

    @classmethod
    def from_labels(
        cls,
        issue_a: str,
        options_a: Sequence[str],
        issue_b: str,
        options_b: Sequence[str],
        forbidden: Sequence[tuple[str, str]],
        note: str = "",
    ) -> ForbiddenPairs:
        """The table over ``options_a x options_b`` that forbids the listed (option a, option b) pairs."""
        table = np.zeros((len(options_a), len(options_b)), dtype=bool)
        for x, y in forbidden:
            table[list(options_a).index(x), list(options_b).index(y)] = True
        return cls((issue_a, issue_b), table, note)

    def transposed(self) -> ForbiddenPairs:
        """The same exclusion with the two issues swapped."""
        return ForbiddenPairs((self.issues[1], self.issues[0]), self.pairs.T, self.note)


def _components(n_issues: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n_issues))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for k, l in edges:
        parent[root(k)] = root(l)
    groups: dict[int, list[int]] = {}
    for i in range(n_issues):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def count_packages(
    space: DealSpace, allowed: Sequence[ArrayLike] | None = None, *, limit: int = DEFAULT_COMPONENT_LIMIT
) -> tuple[int, bool]:
    """Packages that choose an allowed option on every issue and no forbidden pair.

    Parameters
    ----------
    space : DealSpace
    allowed : sequence of array_like of bool, one per issue, optional
        Which options may be chosen (for example the options every signatory accepts); all by default.
    limit : int
        Largest number of option combinations of one group of linked issues to enumerate; a larger group
        is counted as if its issues were not linked (an upper bound).

    Returns
    -------
    count : int
        The number of packages (a Python int: it may exceed 2**63).
    exact : bool
        False when some group was too large to enumerate and ``count`` is an upper bound.
    """
    masks = [
        np.ones(r, dtype=bool) if allowed is None else np.asarray(allowed[k], dtype=bool)
        for k, r in enumerate(space.radices.tolist())
    ]
    tables = space.pair_tables
    total, exact = 1, True
    for comp in _components(space.n_issues, [(k, l) for k, l, _ in tables]):
        sizes = [int(masks[k].sum()) for k in comp]
        product = 1
        for s in sizes:
            product *= s
        if len(comp) == 1 or product == 0:
            total *= product
            continue
        if product > limit:
            total *= product
            exact = False
            continue
        # Grow the combinations issue by issue, dropping those with a forbidden pair as soon as both
        # issues of the pair are chosen.
        combos = np.zeros((1, 0), dtype=np.int64)
        for j, k in enumerate(comp):
            opts = np.flatnonzero(masks[k])
            combos = np.hstack([np.repeat(combos, len(opts), axis=0), np.tile(opts, len(combos))[:, None]])
            ok = np.ones(len(combos), dtype=bool)
            for a, b, table in tables:
                if b == k and a in comp[:j]:
                    ok &= ~table[combos[:, comp.index(a)], combos[:, j]]
                elif a == k and b in comp[:j]:
                    ok &= ~table[combos[:, j], combos[:, comp.index(b)]]
            combos = combos[ok]
        total *= len(combos)
    return total, exact
