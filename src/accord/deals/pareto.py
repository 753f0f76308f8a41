"""Exact Pareto frontiers: of a point set, and of a deal space without enumerating it.

Definitions (bibliography: Miettinen1999): a feasible package is on the frontier when no feasible
package weakly dominates it (at least as good for every signatory, strictly better for one). Packages
with identical utility vectors do not dominate each other, so all of them are kept.

Two algorithms:

* :func:`pareto_mask` filters an explicit point set. Two objectives: sort by the first utility and
  sweep the running maximum of the second (Kung, Luccio & Preparata 1975). More objectives: sort by the
  sum of utilities (a dominating point always comes first) and filter block-wise against the front found
  so far, high-sum front points first so that most candidates are discarded after a few comparisons.
* :func:`pareto_frontier` builds the frontier of a deal space issue by issue. With additive utilities,
  the utility set is a Minkowski sum of per-issue option sets, and a package whose partial choice on the
  first ``k`` issues is dominated (as a partial sum) is dominated as a whole (swap in the dominating
  partial choice). So ``F_k = Pareto(F_{k-1} (+) options_k)`` yields the exact frontier of all packages
  that cross no signatory's red line (red lines are per-option, so they just remove options). Packages
  below a BATNA are dropped at the end: a package that dominates an individually rational one is itself
  individually rational, so this gives exactly the frontier of the feasible set. This is the classic
  dynamic programme for multi-objective knapsack problems (Klamroth & Wiecek 2000) and needs no
  enumeration, so it also serves spaces far beyond the enumeration limit.

  Linked issues (forbidden pairs of options of two issues, :mod:`accord.deals.linked`) break the swap
  argument: the dominating partial choice may be the one a later issue rules out. The merge then keeps
  one partial frontier per choice on the *live* linked issues (those merged so far that a forbidden pair
  ties to an issue still to come), drops candidates holding a forbidden pair as soon as both of its
  issues are merged, and compares candidates only within the same live choice: a dominating partial
  choice with the same live options completes to an allowed package wherever the dominated one does, so
  the result is again exact. Options of a linked issue are not pruned beforehand, for the same reason.
  Once the last linked issue is merged, one frontier remains.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .errors import SpaceTooLargeError
from .space import FEASIBILITY_TOL, DealSpace

__all__ = ["pareto_mask", "pareto_frontier", "pareto_frontier_enumerated", "DEFAULT_MAX_CANDIDATES"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

#: Largest intermediate candidate set :func:`pareto_frontier` accepts (rows of utilities).
DEFAULT_MAX_CANDIDATES = 20_000_000
#: Limit on the dominance comparisons of one merge step (candidates x current frontier) with three or
#: more signatories, where frontiers grow fast with the number of objectives: about 20 s of work here.
#: Measured: killer_robot (5 parties) peaks at 4e8 and takes 0.6 s in all.
DEFAULT_MAX_COMPARISONS = 4_000_000_000

# Comparisons per block in the many-objective filter: bounds temporary memory to a few tens of MiB.
_BLOCK_CELLS = 1 << 21


def _pareto_2d(points: FloatArray) -> BoolArray:
    a, b = points[:, 0], points[:, 1]
    order = np.lexsort((-b, -a))
    sa, sb = a[order], b[order]
    # Identical vectors are adjacent after the sort; judge each group of them once, by its first member.
    new = np.ones(len(order), dtype=bool)
    new[1:] = (sa[1:] != sa[:-1]) | (sb[1:] != sb[:-1])
    reps = np.flatnonzero(new)
    rb = sb[reps]
    best_before = np.empty_like(rb)
    best_before[0] = -np.inf
    np.maximum.accumulate(rb[:-1], out=best_before[1:])
    # Every earlier representative has a >= and differs, so it dominates unless its b is smaller.
    keep_rep = rb > best_before
    keep_sorted = keep_rep[np.cumsum(new) - 1]
    mask = np.zeros(len(order), dtype=bool)
    mask[order] = keep_sorted
    return mask


def _dominated_by(cand: FloatArray, front: FloatArray, same: bool = False) -> BoolArray:
    """Whether each candidate row is dominated by some front row (front ordered best-first).

    Rows must be pairwise distinct (callers remove duplicates first), so "at least as good in every
    coordinate" already means "dominates" and one comparison per coordinate suffices. With
    ``same=True`` the two arrays are the same and a row is not compared with itself.
    """
    n, m = cand.shape
    dominated = np.zeros(n, dtype=bool)
    alive = np.arange(n)
    start = 0
    # Small first steps: most dominated candidates fall to one of the first (highest-sum) front rows,
    # so they are dropped before the expensive comparisons with the rest of the front.
    growth = 64
    while start < len(front) and alive.size:
        step = max(1, min(growth, _BLOCK_CELLS // alive.size))
        growth *= 4
        f = front[start : start + step]
        c = cand[alive]
        ge = f[None, :, 0] >= c[:, None, 0]
        tmp = np.empty_like(ge)
        for j in range(1, m):
            np.greater_equal(f[None, :, j], c[:, None, j], out=tmp)
            ge &= tmp
        if same:
            col = alive - start
            inside = (col >= 0) & (col < len(f))
            ge[np.flatnonzero(inside), col[inside]] = False
        hit = ge.any(axis=1)
        dominated[alive[hit]] = True
        alive = alive[~hit]
        start += len(f)
    return dominated


def _pareto_nd(points: FloatArray) -> BoolArray:
    n, m = points.shape
    total = points.sum(axis=1)
    # Sum first, then lexicographic: whoever dominates a point is strictly earlier in this order even
    # when rounding makes the sums equal; identical rows end up adjacent.
    keys = tuple(-points[:, j] for j in range(m - 1, -1, -1)) + (-total,)
    order = np.lexsort(keys)
    q = points[order]
    new = np.ones(n, dtype=bool)
    new[1:] = np.any(q[1:] != q[:-1], axis=1)
    reps = q[new]
    keep_rep = np.zeros(len(reps), dtype=bool)
    front = np.empty((0, m))
    block = 2048
    for start in range(0, len(reps), block):
        c = reps[start : start + block]
        alive = np.flatnonzero(~_dominated_by(c, front))
        if not alive.size:
            continue
        c_alive = c[alive]
        survivors = alive[~_dominated_by(c_alive, c_alive, same=True)]
        keep_rep[start + survivors] = True
        front = np.concatenate([front, c[survivors]])
    mask = np.zeros(n, dtype=bool)
    mask[order] = keep_rep[np.cumsum(new) - 1]
    return mask


def pareto_mask(points: FloatArray) -> BoolArray:
    """Mask of the rows of ``points`` that no other row weakly dominates (maximisation).

    Parameters
    ----------
    points : ndarray, shape (n, m)
        Utility vectors.

    Returns
    -------
    ndarray of bool, shape (n,)
        True for the non-dominated rows; rows with identical vectors are all kept or all dropped.

    References
    ----------
    H.T. Kung, F. Luccio, F.P. Preparata (1975), "On finding the maxima of a set of vectors", JACM 22(4).
    """
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2:
        raise ValueError("points must be a 2-d array (n, m)")
    n, m = p.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    if m == 0:
        return np.ones(n, dtype=bool)
    if m == 1:
        return p[:, 0] == p[:, 0].max()
    if m == 2:
        return _pareto_2d(p)
    return _pareto_nd(p)


def pareto_frontier(
    space: DealSpace,
    *,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    max_comparisons: int = DEFAULT_MAX_COMPARISONS,
) -> tuple[IntArray, FloatArray]:
    """Exact Pareto frontier of the feasible packages, by issue-wise merging (no enumeration).

    Parameters
    ----------
    space : DealSpace
    max_candidates : int
        Limit on an intermediate candidate set; beyond it a :class:`SpaceTooLargeError` is raised rather
        than exhausting memory.
    max_comparisons : int
        With three or more signatories, limit on candidates x current frontier size in one merge step;
        beyond it a :class:`SpaceTooLargeError` is raised rather than running for hours.

    Returns
    -------
    indices : ndarray of int64, shape (n_front,)
        Package indices of the frontier, ascending.
    utilities : ndarray, shape (n_front, n_actors)
        Every actor's utility of those packages (non-signatories included).

    Notes
    -----
    Dominance is judged on the signatories' utilities. See the module docstring for why the merge is
    exact; Klamroth & Wiecek (2000), "Dynamic programming approaches to the multiple criteria knapsack
    problem", Naval Research Logistics 47(1).
    """
    rows = space.signatory_rows
    m = len(rows)
    front_u = np.zeros((1, m))
    front_i = np.zeros(1, dtype=np.int64)
    if space.n_packages >= 2**63:
        raise SpaceTooLargeError(
            f"{space.n_packages:,} packages exceed 64-bit package indices; "
            "split the space into sub-negotiations"
        )
    tables = space.pair_tables
    # Linked issues: ``live`` are the issues already merged that a forbidden pair ties to an issue still
    # to come; ``front_d`` holds each candidate's options on them (see the module docstring).
    live: list[int] = []
    front_d = np.zeros((1, 0), dtype=np.int64)
    for k, table in enumerate(space.contributions):
        allowed = np.flatnonzero(space.jointly_acceptable[k])
        if not allowed.size:
            return np.zeros(0, dtype=np.int64), np.zeros((0, space.n_actors))
        opt_u = table[allowed][:, rows]
        # An option worse for every signatory than another allowed option of the same issue never
        # appears on the frontier, unless a forbidden pair can rule the better one out.
        opts = allowed if k in space.linked_issues else allowed[pareto_mask(opt_u)]
        n_cand = len(front_i) * len(opts)
        if n_cand > max_candidates:
            raise SpaceTooLargeError(
                f"the exact Pareto frontier needs {n_cand:,} candidates at issue {space.issues[k]!r} "
                f"(limit {max_candidates:,}); raise max_candidates, add red lines, or use the MILP search "
                "(accord.deals.search) for the egalitarian and utilitarian points"
            )
        if m > 2 and n_cand * len(front_i) > max_comparisons:
            raise SpaceTooLargeError(
                f"the exact Pareto frontier of {m} signatories needs about {n_cand * len(front_i):,} "
                f"comparisons at issue {space.issues[k]!r} (limit {max_comparisons:,}): the frontier "
                "is too large to build; use fewer options or signatories, add red lines, or the MILP search "
                "(accord.deals.search) for the Nash, egalitarian and utilitarian points"
            )
        cand_u = (front_u[:, None, :] + table[opts][:, rows][None, :, :]).reshape(-1, m)
        cand_i = (front_i[:, None] * space.radices[k] + opts[None, :]).reshape(-1)
        if not tables:
            keep = pareto_mask(cand_u)
            front_u, front_i = cand_u[keep], cand_i[keep]
            continue
        cand_d = np.hstack([np.repeat(front_d, len(opts), axis=0), np.tile(opts, len(front_i))[:, None]])
        here = [*live, k]
        ok = np.ones(len(cand_i), dtype=bool)
        for a, b, pairs in tables:
            if b == k:
                ok &= ~pairs[cand_d[:, here.index(a)], cand_d[:, -1]]
        live = [j for j in here if any(a == j and b > k for a, b, _ in tables)]
        cand_u, cand_i, cand_d = cand_u[ok], cand_i[ok], cand_d[ok][:, [here.index(j) for j in live]]
        keep = _grouped_pareto_mask(cand_u, cand_d)
        front_u, front_i, front_d = cand_u[keep], cand_i[keep], cand_d[keep]
    order = np.argsort(front_i, kind="stable")
    front_i = front_i[order]
    utils = space.utilities(front_i)
    ok = np.all(utils[:, rows] >= space.disagreement[rows] - FEASIBILITY_TOL, axis=1)
    return front_i[ok], utils[ok]


def _grouped_pareto_mask(points: FloatArray, groups: IntArray) -> BoolArray:
    """:func:`pareto_mask` within each group of rows with identical ``groups`` rows (all rows if none)."""
    if groups.shape[1] == 0 or not len(points):
        return pareto_mask(points)
    _, inverse = np.unique(groups, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(inverse, kind="stable")
    bounds = np.flatnonzero(np.diff(inverse[order])) + 1
    keep = np.zeros(len(points), dtype=bool)
    for members in np.split(order, bounds):
        keep[members] = pareto_mask(points[members])
    return keep


def pareto_frontier_enumerated(space: DealSpace, chunk_size: int = 1 << 18) -> tuple[IntArray, FloatArray]:
    """The same frontier by brute force: stream every package, filter feasible ones, keep non-dominated.

    Memory is bounded by the chunk size plus the running frontier. Used to cross-check
    :func:`pareto_frontier` and for spaces with few packages.
    """
    rows = space.signatory_rows
    best_i = np.zeros(0, dtype=np.int64)
    best_u = np.zeros((0, space.n_actors))
    for idx, u in space.iter_chunks(chunk_size):
        ok = space.feasible_mask(idx, u)
        ci = np.concatenate([best_i, idx[ok]])
        cu = np.concatenate([best_u, u[ok]])
        keep = pareto_mask(cu[:, rows])
        best_i, best_u = ci[keep], cu[keep]
    order = np.argsort(best_i, kind="stable")
    return best_i[order], best_u[order]
