"""The compiled round loop (numba): alternating offers between time-dependent and tit-for-tat strategies.

:mod:`accord.simulate.compiled` decides when a run can be played here and writes the trace; this module
is the loop itself. Each round does what the round-by-round path (:mod:`accord.simulate.moves`) does with
:class:`~accord.simulate.strategies.base.TimeDependent` and
:class:`~accord.simulate.strategies.reciprocal.TitForTat` strategies, with the same IEEE operations in the
same order (numba neither fuses nor reassociates them without fastmath):

* a time-dependent strategy's target is ``best`` when its best package is below its reservation value,
  else ``reservation + (best - reservation) * aspiration``, the aspiration read from its table at
  ``min(round, table_end - 1)``; it offers the package of least own utility at or above ``target - TOL``
  (a binary search, ``searchsorted(side="left")``) and accepts a package within its red lines worth at
  least its reservation value and its target (each less ``TOL``);
* tit-for-tat's level is ``min(best, max(reservation, best - niceness * (best - reservation) -
  conceded))`` once another member has offered (without the niceness term before), ``conceded`` being
  the mean over the other members who have offered of their last offer's utility to it minus their first
  offer's; it offers and accepts against its level the same way.

The proposer's offer is logged before the others answer, so a tit-for-tat responder counts it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["play", "TIME_DEPENDENT", "TIT_FOR_TAT"]

#: Strategy kinds.
TIME_DEPENDENT = 0
TIT_FOR_TAT = 1

#: accord.simulate.state.TOL.
_TOL = 1e-9

_jit = njit(cache=True, nogil=True, error_model="numpy")


@_jit
def _row_at(rows, su, lo, n, target):
    """``rows[min(searchsorted(su, target - TOL), n - 1)]`` within the member's slice ``[lo, lo + n)``."""
    x = target - _TOL
    a, b = 0, n
    while a < b:
        mid = (a + b) >> 1
        if su[lo + mid] < x:
            a = mid + 1
        else:
            b = mid
    return rows[lo + min(a, n - 1)]


@_jit
def _target(best, res, n, aspiration):
    """TimeDependent.targets for one aspiration (inf when nothing is within the red lines)."""
    if n == 0:
        return np.inf
    if best < res:
        return best
    return res + (best - res) * aspiration


@_jit
def _level(k, m, actor, kind_best, res, n, nice, first, last, made, U):
    """TitForTat._level of member k."""
    if n == 0:
        return np.inf
    best = kind_best
    r = res
    if best < r:
        return best
    total = 0.0
    count = 0
    for q in range(m):
        if q == k or made[q] == 0:
            continue
        total += U[last[q], actor] - U[first[q], actor]
        count += 1
    conceded = total / count if count else 0.0
    level = best - (nice * (best - r) if count else 0.0) - conceded
    high = level if level > r else r  # max(r, level): r on a tie, as Python's max
    return high if high < best else best  # min(best, high): best on a tie


@_jit
def play(  # noqa: PLR0913 - the loop's whole state, as arrays
    r0,
    r_last,
    actors,
    signs,
    kind,
    res,
    best,
    n_own,
    own_lo,
    rows,
    su,
    asp_lo,
    asp_end,
    asp,
    nice,
    first,
    last,
    made,
    U,
    ok,
    out_row,
    out_accepted,
    out_yes,
):
    """Play rounds ``r0..r_last`` (alternating offers round the table) until one is agreed.

    Per member k (table order): its actor row ``actors[k]``, whether it signs, its kind, reservation,
    best own utility, its sorted rows and utilities (``n_own[k]`` of them from ``own_lo[k]`` in ``rows``,
    ``su``), its aspiration table (``asp[asp_lo[k]:]``, indexed by ``min(round, asp_end[k] - 1)``), its
    niceness, and the first and last rows it offered and how many (updated here). Per round (from
    ``r0``): the row offered (-1 for none), whether every signatory accepted, each member's answer
    (the proposer's True). Returns the number of rounds played (the last one agreed, or ``r_last``).
    """
    m = len(actors)
    for r in range(r0, r_last + 1):
        t = r - r0
        p = (r - 1) % m
        out_yes[t, p] = True
        out_accepted[t] = False
        ap = actors[p]
        if kind[p] == TIME_DEPENDENT:
            target = _target(best[p], res[p], n_own[p], asp[asp_lo[p] + min(r, asp_end[p] - 1)])
        else:
            target = _level(p, m, ap, best[p], res[p], n_own[p], nice[p], first, last, made, U)
        if n_own[p] == 0:
            out_row[t] = -1
            continue
        row = _row_at(rows, su, own_lo[p], n_own[p], target)
        out_row[t] = row
        # logged before the answers (the round-by-round path logs, then asks)
        if made[p] == 0:
            first[p] = row
        last[p] = row
        made[p] += 1
        agreed = True
        for q in range(m):
            if q == p:
                continue
            aq = actors[q]
            if kind[q] == TIME_DEPENDENT:
                target = _target(best[q], res[q], n_own[q], asp[asp_lo[q] + min(r, asp_end[q] - 1)])
            else:
                target = _level(q, m, aq, best[q], res[q], n_own[q], nice[q], first, last, made, U)
            u = U[row, aq]
            yes = ok[row, aq] and u >= res[q] - _TOL and u >= target - _TOL
            out_yes[t, q] = yes
            if signs[q] and not yes:
                agreed = False
        out_accepted[t] = agreed
        if agreed:
            return t + 1
    return r_last - r0 + 1
