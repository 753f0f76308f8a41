"""Compiled round of the batched exchange model (:mod:`accord.forecast.exchange_batched`), bit for bit.

One round of :func:`~accord.forecast.exchange.exchange_round` for every sample of a batch: the possible
exchanges in ``numpy.argwhere``'s order, their sizes and gains, the order of realisation (a stable merge
sort on the keys of ``_tie_break_order``'s ``numpy.lexsort``) and the greedy pass that realises them
(bibliography: Stokman1994, Stokman2013). The greedy pass is sequential by nature, so numpy cannot batch
it; compiled, a round of the flagship's 500-odd candidates costs microseconds instead of milliseconds.

Every expression is numpy's, operation by operation (element-wise IEEE arithmetic; numba neither fuses
nor reassociates without fastmath), and ``numpy.round(total, 10)`` is numpy's own algorithm,
``rint(total * 1e10) / 1e10``. ``tests/forecast/test_exchange_batched.py`` compares the batch with one
run per sample.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["exchange_rounds"]

#: Compiled once and cached on disk; numpy's error model (x / 0 is inf, not an exception).
_jit = njit(cache=True, nogil=True, error_model="numpy")


@_jit
def _ranks(c, s, x, rank):
    """Dense rank of each actor's row (c, s, x with NaN as -1) in lexicographic order (``numpy.unique``)."""
    n, m = s.shape
    less = np.zeros((n, n), np.bool_)
    for a in range(n):
        for b in range(n):
            less[a, b] = _row_less(c, s, x, a, b, m)
    for a in range(n):
        below = 0
        for b in range(n):
            if not less[b, a]:
                continue
            # count each distinct smaller row once: skip b if an earlier row equals it
            dup = False
            for e in range(b):
                if not less[e, b] and not less[b, e]:
                    dup = True
                    break
            if not dup:
                below += 1
        rank[a] = below


@_jit
def _cell(c, s, x, a, col, m):
    if col == 0:
        return c[a]
    if col <= m:
        return s[a, col - 1]
    v = x[a, col - 1 - m]
    return -1.0 if np.isnan(v) else v


@_jit
def _row_less(c, s, x, a, b, m):
    """Whether actor a's row sorts before actor b's (float comparisons, as a structured sort has them)."""
    for col in range(1 + 2 * m):
        u = _cell(c, s, x, a, col, m)
        v = _cell(c, s, x, b, col, m)
        if u < v:
            return True
        if v < u:
            return False
    return False


@_jit
def _before(u, v, key, lo, hi, r_lo, r_hi):
    """Whether candidate u strictly precedes v: lexsort's keys, the primary first."""
    if key[u] != key[v]:
        return key[u] < key[v]
    if lo[u] != lo[v]:
        return lo[u] < lo[v]
    if hi[u] != hi[v]:
        return hi[u] < hi[v]
    if r_lo[u] != r_lo[v]:
        return r_lo[u] < r_lo[v]
    return r_hi[u] < r_hi[v]


@_jit
def _merge_sort(k, order, tmp, key, lo, hi, r_lo, r_hi):
    """Stable bottom-up merge sort of ``order[:k]`` (ties keep their argwhere order, as lexsort's)."""
    width = 1
    while width < k:
        start = 0
        while start < k:
            mid = min(start + width, k)
            end = min(start + 2 * width, k)
            a, b, t = start, mid, start
            while a < mid and b < end:
                if _before(order[b], order[a], key, lo, hi, r_lo, r_hi):
                    tmp[t] = order[b]
                    b += 1
                else:
                    tmp[t] = order[a]
                    a += 1
                t += 1
            while a < mid:
                tmp[t] = order[a]
                a += 1
                t += 1
            while b < end:
                tmp[t] = order[b]
                b += 1
                t += 1
            start += 2 * width
        for t in range(k):
            order[t] = tmp[t]
        width *= 2


@_jit
def exchange_rounds(x, s, c, ratio, side, y, count):
    """One equal-gain round for each sample b: ``y[b]`` the positions after it, ``count[b]`` its exchanges.

    ``x``, ``s``, ``ratio``, ``side``: (B, n, m) as ``exchange_round`` has them (start positions with NaN,
    saliences 0-1 with 0 where no stance, exchange ratios w_id, side of the outcome); ``c``: (B, n).
    """
    n_b, n, m = x.shape
    size = max(1, n * (n - 1) // 2 * m * (m - 1))
    ci = np.empty(size, np.int64)
    cj = np.empty(size, np.int64)
    cp = np.empty(size, np.int64)
    cq = np.empty(size, np.int64)
    lo = np.empty(size, np.int64)
    hi = np.empty(size, np.int64)
    r_lo = np.empty(size, np.int64)
    r_hi = np.empty(size, np.int64)
    d_p = np.empty(size)
    d_q = np.empty(size)
    key = np.empty(size)
    order = np.empty(size, np.int64)
    tmp = np.empty(size, np.int64)
    rank = np.empty(n, np.int64)
    moved = np.zeros((n, m), np.bool_)
    for b in range(n_b):
        xb, sb = x[b], s[b]
        for a in range(n):
            for d in range(m):
                y[b, a, d] = xb[a, d]
        k = 0
        for i in range(n):
            for j in range(i + 1, n):
                for p in range(m):
                    if not (side[b, i, p] * side[b, j, p] < 0) or not (ratio[b, j, p] > 0):
                        continue
                    for q in range(m):
                        if q == p or not (sb[i, p] * sb[j, q] > sb[i, q] * sb[j, p]):
                            continue
                        if not (side[b, i, q] * side[b, j, q] < 0) or not (ratio[b, i, q] > 0):
                            continue
                        sip, siq, sjp, sjq = sb[i, p], sb[i, q], sb[j, p], sb[j, q]
                        wjp, wiq = ratio[b, j, p], ratio[b, i, q]
                        theta = 0.5
                        rho = wjp * (sip - theta * (sip - sjp)) / (wiq * (siq + theta * (sjq - siq)))
                        gap_p = np.abs(xb[i, p] - xb[j, p])
                        gap_q = np.abs(xb[j, q] - xb[i, q])
                        r = gap_q / rho
                        d_jp = gap_p if gap_p <= r else r  # numpy.minimum (no NaN here)
                        if np.isnan(gap_p) or np.isnan(r):
                            d_jp = np.nan
                        d_iq = rho * d_jp
                        g_i = sip * wjp * d_jp - siq * wiq * d_iq
                        g_j = sjq * wiq * d_iq - sjp * wjp * d_jp
                        total = g_i + g_j
                        if not (total > 1e-12) or not (d_jp > 0):
                            continue
                        ci[k], cj[k], cp[k], cq[k] = i, j, p, q
                        d_p[k], d_q[k] = d_jp, d_iq
                        key[k] = -(np.rint(total * 1e10) / 1e10)
                        k += 1
        if k == 0:
            count[b] = 0
            continue
        _ranks(c[b], sb, xb, rank)
        for t in range(k):
            # the exchange from its lower issue (whose mover is j when p < q) and its higher one
            first = cp[t] < cq[t]
            lo[t] = min(cp[t], cq[t])
            hi[t] = max(cp[t], cq[t])
            r_lo[t] = rank[cj[t]] if first else rank[ci[t]]
            r_hi[t] = rank[ci[t]] if first else rank[cj[t]]
            order[t] = t
        _merge_sort(k, order, tmp, key, lo, hi, r_lo, r_hi)
        moved[:, :] = False
        done = 0
        for t in range(k):
            u = order[t]
            i, j, p, q = ci[u], cj[u], cp[u], cq[u]
            if moved[j, p] or moved[i, q]:
                continue
            moved[j, p] = True
            moved[i, q] = True
            y[b, j, p] = xb[j, p] + np.sign(xb[i, p] - xb[j, p]) * d_p[u]
            y[b, i, q] = xb[i, q] + np.sign(xb[j, q] - xb[i, q]) * d_q[u]
            done += 1
        count[b] = done
