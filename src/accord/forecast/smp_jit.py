"""Compiled pieces of the stacked SMP (:mod:`accord.forecast.smp_stacked`), bit for bit as numpy has them.

This module holds the arithmetic primitives, the PCEs and the risk attitudes; the challenges, bargains
and queues of a round are in :mod:`accord.forecast.smp_jit_round`, their multi-issue variants in
:mod:`accord.forecast.smp_jit_multi`.

The SMP's DEU runs break exact ties on the last bits of their sums (many actors share a stance), so a
faster SMP is only the same SMP if every floating-point operation is the one :func:`smp_run` performs, in
the same order. These kernels therefore transcribe the numpy expressions of :mod:`smp_engine`,
:mod:`smp_kernels` and :mod:`smp_rules` operation by operation, for one issue per actor (``m = 1``; the
multi-issue kernels of :mod:`smp_jit_multi` take what numpy sums over issues from numpy) and
the default rules (``Prop`` votes, ``Linear`` victory, ``Conditional`` PCE, ``SemiCommit``,
``InitOnlyInterp``):

* element-wise arithmetic is IEEE-exact, and numba neither fuses ``a * b + c`` nor reassociates (no
  fastmath), so each expression is written with numpy's evaluation order;
* ``numpy.maximum`` keeps its first argument on ties and propagates NaN (:func:`npmax`);
* sums over a contiguous row follow numpy's pairwise summation (:func:`pairwise`: eight accumulators from
  eight elements on, ``numpy/_core/src/umath/loops_utils.h.src``);
* ``argmax`` returns the first maximum, or the first NaN (:func:`argmax`).

What they do not do is left to numpy itself, called by the driver on the stacked arrays: the coalition
sums (BLAS ``gemv``, whose rounding depends on the matrix shape, so each issue keeps its own call) and
``log``/``exp`` (numpy's SIMD versions round differently from libm's). ``tests/forecast/test_smp_stacked.py``
checks each of these assumptions on the machine it runs on.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = [
    "pairwise",
    "npmax",
    "argmax",
    "values_v1",
    "pce_in",
    "pce_mid",
    "pce_out",
    "votes_v1",
    "risk_groups",
    "fill_v2",
]

#: KTAB's minimum coalition strength (smp_rules.MIN_COALITION).
MIN_COALITION = 1e-8
#: Positions closer than this count as one (smp_kernels._EQUIV_TOL).
EQUIV_TOL = 1.5e-4
#: KTAB's minimum interpolation weight (smp_kernels._MIN_WEIGHT).
MIN_WEIGHT = 1e-6
#: Smallest advantageous gain (smp_engine.MIN_GAIN).
MIN_GAIN = 1e-5
#: Elements per temporary in the coalition sums (smp_rules._BLOCK_ELEMENTS).
BLOCK_ELEMENTS = 1 << 21

#: Compiled once and cached on disk; numpy's error model (x / 0 is inf, not an exception), as numpy has.
_jit = njit(cache=True, nogil=True, error_model="numpy")


@_jit
def pairwise(a, lo, n):
    """``a[lo:lo + n].sum()`` in numpy's order (rows of at most 128 elements)."""
    if n < 8:
        res = -0.0  # numpy starts from -0.0 so that a sum of -0.0 stays -0.0
        for i in range(n):
            res += a[lo + i]
        return res
    if n > 128:
        raise ValueError("pairwise: rows longer than 128 are summed recursively by numpy")
    r0 = a[lo]
    r1 = a[lo + 1]
    r2 = a[lo + 2]
    r3 = a[lo + 3]
    r4 = a[lo + 4]
    r5 = a[lo + 5]
    r6 = a[lo + 6]
    r7 = a[lo + 7]
    i = 8
    stop = n - n % 8
    while i < stop:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@_jit
def npmax(a, b):
    """``numpy.maximum(a, b)`` for scalars."""
    if a >= b or a != a:
        return a
    return b


@_jit
def argmax(a, lo, n):
    """``numpy.argmax(a[lo:lo + n])``: the first maximum, or the first NaN."""
    best = a[lo]
    k = 0
    if best != best:
        return 0
    for i in range(1, n):
        v = a[lo + i]
        if v != v:
            return i
        if v > best:
            best = v
            k = i
    return k


@_jit
def _rutil(v, r):
    """``risk_utility``: ``out = (1 - v) * r; out += 1; out *= v``."""
    return ((1.0 - v) * r + 1.0) * v


@_jit
def _value(s, sn, q, x):
    """``1 - distance`` for one issue: ``sqrt((s (q - x))^2 / sn)``, 0 for an actor with no salience."""
    diff = s * (q - x)
    sq = diff * diff
    d = math.sqrt(sq / sn) if sn > 0 else 0.0
    return 1.0 - d


@_jit
def _at(base, k_, m_, k, col, f):
    """Where element (k, col) of a ``(k_, m_)`` matrix lies: row-major, or column-major when ``f``."""
    return base + (col * k_ + k if f else k * m_ + col)


@_jit
def _votes(u, opts, n, d, f, out):
    """``out[k, a * d + c] = max(u[k, opts[a]] - u[k, opts[c]], 0)`` (column-major when ``f``)."""
    row = np.empty(d)
    if f:
        for k in range(n):
            for a in range(d):
                row[a] = u[k * n + opts[a]]
            for a in range(d):
                ua = row[a]
                for c in range(d):
                    out[(a * d + c) * n + k] = npmax(ua - row[c], 0.0)
    else:
        for k in range(n):
            for a in range(d):
                row[a] = u[k * n + opts[a]]
            base = k * d * d
            for a in range(d):
                ua = row[a]
                for c in range(d):
                    out[base + a * d + c] = npmax(ua - row[c], 0.0)


@_jit
def values_v1(issues, n_, o1, o2, o3, f1, sal, sal_norm, ideal, pos, value, v1):
    """Risk-neutral values ``value[i, x]`` and the vote matrix of the first PCE (voters x (a, b)).

    ``v1[k, a * n + b] = max(value[k, a] - value[k, b], 0)``: the ``(K, M)`` matrix that
    ``numpy.tensordot`` hands to BLAS in ``smp_rules._coalitions``, column-major where ``f1[b]`` (numpy
    hands BLAS the layout its broadcasting chose, and the layout changes the rounding).
    """
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        q0 = o2[b]
        for i in range(n):
            s = sal[a0 + i]
            sn = sal_norm[a0 + i]
            qi = ideal[a0 + i]
            for x in range(n):
                value[q0 + i * n + x] = _value(s, sn, qi, pos[a0 + x])
        _votes(value[q0 : q0 + n * n], np.arange(n), n, n, f1[b], v1[o3[b] : o3[b] + n * n * n])


@_jit
def votes_v1(issues, n_, o2, o3, f1, value, v1):
    """The vote matrix of the first PCE from given values (the multi-issue runs compute them in numpy)."""
    for b in issues:
        n = n_[b]
        q0 = o2[b]
        _votes(value[q0 : q0 + n * n], np.arange(n), n, n, f1[b], v1[o3[b] : o3[b] + n * n * n])


@_jit
def pce_in(eo, ep, coal, minc, q):
    """First part of a Conditional PCE per election: ``max(where(eye, 1, P(a > b)), 1e-300)``.

    Election e has ``ep[e]`` options and its coalition strengths at ``coal[eo[e]:]`` (row-major).
    """
    for e in range(len(eo)):
        o = eo[e]
        p = ep[e]
        for a in range(p):
            for c in range(p):
                if a == c:
                    w = 1.0
                else:
                    x = npmax(coal[o + a * p + c] + minc, MIN_COALITION)
                    y = npmax(coal[o + c * p + a] + minc, MIN_COALITION)
                    w = x / (x + y)
                q[o + a * p + c] = npmax(w, 1e-300)


@_jit
def pce_mid(eo, ep, xo, logs, x):
    """Second part: ``logp = log(...).sum(-1); logp -= logp.max(-1)`` into ``x[xo[e]:]``."""
    for e in range(len(eo)):
        o = eo[e]
        p = ep[e]
        xe = xo[e]
        for a in range(p):
            x[xe + a] = pairwise(logs, o + a * p, p)
        mx = x[xe]
        for a in range(1, p):
            v = x[xe + a]
            if mx != mx:
                break
            if v > mx or v != v:
                mx = v
        for a in range(p):
            x[xe + a] = x[xe + a] - mx


@_jit
def pce_out(ep, xo, ex, out):
    """Last part: ``p / p.sum(-1)`` with ``p = exp(logp)``."""
    for e in range(len(ep)):
        p = ep[e]
        xe = xo[e]
        s = pairwise(ex, xe, p)
        for a in range(p):
            out[xe + a] = ex[xe + a] / s


@_jit
def _before(pos, i, j):
    """Whether row i of ``pos`` sorts before row j lexicographically (first coordinate first)."""
    for k in range(pos.shape[1]):
        if pos[i, k] != pos[j, k]:
            return pos[i, k] < pos[j, k]
    return False


@_jit
def _close(pos, i, j):
    """``abs(pos[i] - pos[j]).max() <= EQUIV_TOL``: within a grid step on every coordinate."""
    for k in range(pos.shape[1]):
        if not abs(pos[i, k] - pos[j, k]) <= EQUIV_TOL:
            return False
    return True


@_jit
def _groups(pos, a0, n, first, group):
    """``unique_groups`` for one run: connected components of positions within EQUIV_TOL.

    ``pos`` holds one row per actor, ``(n_all, m)``. Returns the number of groups; ``first[g]`` is the
    lowest-numbered member of group g.
    """
    # a stable sort by position (numpy.lexsort, first coordinate as the primary key), then the same
    # label propagation
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        j = i
        while j > 0 and _before(pos, a0 + i, a0 + order[j - 1]):
            order[j] = order[j - 1]
            j -= 1
        order[j] = i
    label = np.empty(n, dtype=np.int64)
    for r in range(n):
        label[order[r]] = r
    new = np.empty(n, dtype=np.int64)
    while True:
        same = True
        for i in range(n):
            m = n
            for j in range(n):
                if label[j] < m and _close(pos, a0 + i, a0 + j):
                    m = label[j]
            new[i] = m
            if m != label[i]:
                same = False
        if same:
            break
        for i in range(n):
            label[i] = new[i]
    # dense ranks of the labels (numpy.unique's inverse), and each group's lowest-numbered member
    present = np.zeros(n + 1, dtype=np.int64)
    for i in range(n):
        present[label[i]] = 1
    rank = np.empty(n + 1, dtype=np.int64)
    d = 0
    for v in range(n + 1):
        rank[v] = d
        d += present[v]
    for g in range(d):
        first[g] = n
    for i in range(n):
        g = rank[label[i]]
        group[i] = g
        if i < first[g]:
            first[g] = i
    return d


@_jit
def risk_groups(issues, n_, o1, o2, r_range, p_neutral, value, pos, risk, util, first, group, n_groups):
    """Risk attitudes, risk-aware utilities and the distinct positions (``first``, ``group``, ``n_groups``).

    ``r_range``: 0 Min, 1 Mid, 2 Max (BigRRange); ``pos``: one row per actor, ``(n_all, m)``.
    """
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        q0 = o2[b]
        # float(probs.max()), float(probs.min()): NaN wins
        pmax = p_neutral[a0]
        pmin = p_neutral[a0]
        for i in range(1, n):
            v = p_neutral[a0 + i]
            if v != v:
                pmax = v
                pmin = v
                break
            if v > pmax:
                pmax = v
            if v < pmin:
                pmin = v
        span = pmax - pmin
        for i in range(n):
            pi = p_neutral[a0 + i]
            if span <= 1e-15:
                r = 0.0
            elif r_range == 0:
                r = (pi - pmin) / span
            elif r_range == 1:
                r = (3.0 * pi - pmax - 2.0 * pmin) / (2.0 * span)
            else:
                r = (2.0 * pi - pmax - pmin) / span
            risk[a0 + i] = r
        for k in range(n):
            rk = risk[a0 + k]
            for x in range(n):
                util[q0 + k * n + x] = _rutil(value[q0 + k * n + x], rk)
        n_groups[b] = _groups(pos, a0, n, first[a0 : a0 + n], group[a0 : a0 + n])


@_jit
def fill_v2(issues, n_, o1, o2, o3, f2, util, first, n_groups, v2):
    """Vote matrix of the PCE over distinct positions: ``max(util[k, first[a]] - util[k, first[c]], 0)``."""
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        q0 = o2[b]
        d = n_groups[b]
        _votes(util[q0 : q0 + n * n], first[a0 : a0 + d], n, d, f2[b], v2[o3[b] : o3[b] + n * d * d])
