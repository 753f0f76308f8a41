"""Compiled pieces of the stacked SMP (:mod:`accord.forecast.smp_stacked`), bit for bit as numpy has them.

The SMP's DEU runs break exact ties on the last bits of their sums (many actors share a stance), so a
faster SMP is only the same SMP if every floating-point operation is the one :func:`smp_run` performs, in
the same order. These kernels therefore transcribe the numpy expressions of :mod:`smp_engine`,
:mod:`smp_kernels` and :mod:`smp_rules` operation by operation, for one issue per actor (``m = 1``) and
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
    "risk_groups",
    "fill_v2",
    "challenges_bargains",
    "fill_v3",
    "decide",
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
def _groups(pos, a0, n, first, group):
    """``unique_groups`` for one issue: connected components of positions within EQUIV_TOL.

    Returns the number of groups; ``first[g]`` is the lowest-numbered member of group g.
    """
    # a stable sort by position (numpy.lexsort of one key), then the same label propagation
    order = np.empty(n, dtype=np.int64)
    for i in range(n):
        j = i
        while j > 0 and pos[a0 + order[j - 1]] > pos[a0 + i]:
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
                if abs(pos[a0 + i] - pos[a0 + j]) <= EQUIV_TOL and label[j] < m:
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

    ``r_range``: 0 Min, 1 Mid, 2 Max (BigRRange).
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


@_jit
def _third_parties(n, i, value, q0, est, u_ni, u_nn, w, cij, cji, floor, row, total, absolute):
    """Third parties' signed votes in i's contest with every target j, summed over the third parties.

    The default branch of ``smp_kernels.third_parties``: its in-place sequence of numpy operations on
    ``t`` and ``buf``, for third party k and every target j at once (so that the loop over j runs in
    SIMD lanes). numpy lays ``t`` out with the targets innermost (it follows ``value.T``), so its sums
    over the third parties are running sums in k order, kept here per target.
    """
    for j in range(n):
        total[j] = -0.0  # numpy's running sum starts from the first element; -0.0 + x is x
        absolute[j] = -0.0
    for k in range(n):
        ai = u_ni[i * n + k]
        e = est[i * n + k]
        own = u_nn[i * n + k]
        wk = w[k]
        vk = value[q0 + k * n : q0 + (k + 1) * n]
        if k == i:  # the initiator is no third party in its own contests
            for j in range(n):
                row[j] = 0.0
        else:
            for j in range(n):
                v = vk[j]
                aj = ((1.0 - v) * e + 1.0) * v
                x = (ai - aj) * wk
                buf = abs(x)
                x = (x + buf) * 0.5 + cij[j]
                buf = buf + floor[j]
                x = x / buf  # p_in
                buf = (aj + ai) * x
                row[j] = (((x * 2.0 - 1.0) * own + aj) - buf) * wk
            row[k] = 0.0  # nor is the target
        for j in range(n):
            x = row[j]
            total[j] += x
            absolute[j] += abs(x)


@_jit
def challenges_bargains(
    issues,
    n_,
    o1,
    o2,
    share,
    power,
    precision,
    value,
    risk,
    util,
    w_chlg,
    sal_sum,
    sal,
    sal_norm,
    pos,
    ideal,
    targets,
    gains,
    p_win,
    n_barg,
    b_init,
    b_recv,
    y_i,
    y_j,
    u_barg,
    u_sq,
    q_size,
    q_list,
    g_size,
    g_count,
    need,
):
    """Challenges, bargains and each queue's options, for every issue in ``issues``.

    Per issue: ``targets``/``gains``/``p_win`` as :class:`SMPRound` records them; the bargains (initiator,
    target, the two copies ``y_i``, ``y_j`` on the grid); ``u_barg[k, b]`` and ``u_sq[k]``, each voter's
    utility of a queue's options; each actor's queue (``q_size``, bargain numbers in ``q_list``). ``need``
    gets, per issue: the vote-matrix elements, coalition elements, elections, BLAS calls and PCE slots
    of the queue PCEs, and the number of batches of equal-length queues, whose length and count are in
    ``g_size``/``g_count`` (the driver allocates the buffers and picks each BLAS call's layout).
    """
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        q0 = o2[b]
        est = np.empty(n * n)
        u_ni = np.empty(n * n)
        u_nn = np.empty(n * n)
        prob = np.empty(n * n)
        gain = np.empty(n * n)
        u_ij = np.empty(n)
        cij = np.empty(n)
        cji = np.empty(n)
        floor = np.empty(n)
        row = np.empty(n)
        total = np.empty(n)
        absolute = np.empty(n)
        keep = 1.0 - share
        for h in range(n):
            for i in range(n):
                est[h * n + i] = risk[a0 + h] if h == i else keep * risk[a0 + h] + share * risk[a0 + i]
        for i in range(n):
            for k in range(n):
                e = est[i * n + k]
                u_ni[i * n + k] = _rutil(value[q0 + k * n + i], e)
                u_nn[i * n + k] = _rutil(value[q0 + k * n + k], e)
        w = w_chlg[a0 : a0 + n]
        for i in range(n):
            u_ii = u_ni[i * n + i]
            e_ii = est[i * n + i]
            wi = w_chlg[a0 + i]
            # the principals' votes: i's and (i's estimate of) j's, split onto their sides
            for j in range(n):
                u_ij[j] = _rutil(value[q0 + i * n + j], e_ii)
                v_i = wi * (u_ii - u_ij[j])
                v_j = w[j] * (u_ni[i * n + j] - u_nn[i * n + j])
                cij[j] = npmax(v_i, 0.0) + npmax(v_j, 0.0)
                cji[j] = npmax(-v_i, 0.0) + npmax(-v_j, 0.0)
                floor[j] = npmax(cij[j], MIN_COALITION) + npmax(cji[j], MIN_COALITION)
            _third_parties(n, i, value, q0, est, u_ni, u_nn, w, cij, cji, floor, row, total, absolute)
            for j in range(n):
                if j == i:
                    gain[i * n + j] = -np.inf
                    continue
                absl, tot = absolute[j], total[j]
                s_a = npmax(cij[j] + 0.5 * (absl + tot), MIN_COALITION)
                s_b = npmax(cji[j] + 0.5 * (absl - tot), MIN_COALITION)
                pr = s_a / (s_a + s_b)
                prob[i * n + j] = pr
                s_j = sal_sum[a0 + j]
                eu_sq = u_ii + u_ij[j]
                eu_vict = 2.0 * u_ii
                eu_cntst = pr * 2.0 * u_ii + (1.0 - pr) * 2.0 * u_ij[j]
                gain[i * n + j] = (1.0 - s_j) * eu_vict + s_j * eu_cntst - eu_sq
        # targets and bargains, initiators in ascending order
        nb = 0
        for i in range(n):
            tg = argmax(gain, i * n, n)
            best = gain[i * n + tg]
            if best > MIN_GAIN:
                targets[a0 + i] = tg
                gains[a0 + i] = best
                pr = prob[i * n + tg]
                p_win[a0 + i] = pr
                b_init[a0 + nb] = i
                b_recv[a0 + nb] = tg
                # interpolate (S2P2: power 2, S1P1: power 1), each copy with its party's minimum weight
                s_i = sal[a0 + i]
                s_t = sal[a0 + tg]
                x_i = pos[a0 + i]
                x_j = pos[a0 + tg]
                wa = s_i * pr
                wb = s_t * (1.0 - pr)
                if power == 2.0:
                    wa = wa * wa
                    wb = wb * wb
                total = wa + wb + MIN_WEIGHT
                ya = ((wa + MIN_WEIGHT) * x_i + wb * x_j) / total
                yb = (wa * x_i + (wb + MIN_WEIGHT) * x_j) / total
                if precision != 0.0:
                    ya = np.rint(ya / precision) * precision
                    yb = np.rint(yb / precision) * precision
                y_i[a0 + nb] = ya
                y_j[a0 + nb] = yb
                nb += 1
            else:
                targets[a0 + i] = -1
                gains[a0 + i] = 0.0
                p_win[a0 + i] = np.nan
        n_barg[b] = nb
        # each voter's utility of the status quo and of every bargain (mean over all positions after it)
        for k in range(n):
            base = pairwise(util, q0 + k * n, n)
            u_sq[a0 + k] = base / n
            rk = risk[a0 + k]
            s = sal[a0 + k]
            sn = sal_norm[a0 + k]
            qk = ideal[a0 + k]
            for m in range(nb):
                ui = _rutil(_value(s, sn, qk, y_i[a0 + m]), rk)
                uj = _rutil(_value(s, sn, qk, y_j[a0 + m]), rk)
                u_barg[q0 + k * n + m] = (
                    base - util[q0 + k * n + b_init[a0 + m]] - util[q0 + k * n + b_recv[a0 + m]] + ui + uj
                ) / n
        # queues: the bargains each actor sent or received, in initiator order
        for a in range(n):
            c = 0
            for m in range(nb):
                if b_init[a0 + m] == a or b_recv[a0 + m] == a:
                    q_list[q0 + a * n + c] = m
                    c += 1
            q_size[a0 + a] = c
        n_v = 0
        n_c = 0
        n_e = 0
        n_m = 0
        n_x = 0
        n_g = 0
        for size in range(1, n + 1):
            count = 0
            for a in range(n):
                if q_size[a0 + a] == size:
                    count += 1
            if count == 0:
                continue
            g_size[a0 + n_g] = size
            g_count[a0 + n_g] = count
            n_g += 1
            p = size + 1
            blk = max(1, BLOCK_ELEMENTS // max(1, count * n * p))
            n_v += n * count * p * p
            n_c += count * p * p
            n_e += count
            n_x += count * p
            n_m += (p + blk - 1) // blk
        need[b, 0] = n_v
        need[b, 1] = n_c
        need[b, 2] = n_e
        need[b, 3] = n_m
        need[b, 4] = n_x
        need[b, 5] = n_g


@_jit
def fill_v3(
    issues,
    n_,
    o1,
    o2,
    off,
    u_barg,
    u_sq,
    q_size,
    q_list,
    v3,
    el_c,
    el_p,
    el_x,
    el_actor,
    mat,
    mflag,
):
    """The queue PCEs' vote matrices, as ``smp_rules._coalitions`` hands them to BLAS.

    Queues of equal length form one batch of elections (``smp_engine``), options ``[status quo,
    bargains...]``; each block of options is one ``(n, count * block * p)`` matrix with columns
    ``(actor, option a, option b)``. ``off[b]`` gives the issue's first vote-matrix element, coalition
    element, election, BLAS call and PCE slot. Per election: its coalition offset ``el_c``, options
    ``el_p``, PCE slots ``el_x`` and actor ``el_actor`` (a global row). Per BLAS call ``mat``: issue,
    matrix offset, columns, coalition offset of its batch, batch count, options, first option, block;
    ``mflag`` (given) says which calls numpy makes with a column-major matrix.
    """
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        q0 = o2[b]
        pv = off[b, 0]
        pc = off[b, 1]
        pe = off[b, 2]
        pm = off[b, 3]
        px = off[b, 4]
        for size in range(1, n + 1):
            count = 0
            for a in range(n):
                if q_size[a0 + a] == size:
                    count += 1
            if count == 0:
                continue
            p = size + 1
            actors = np.empty(count, dtype=np.int64)
            c = 0
            for a in range(n):
                if q_size[a0 + a] == size:
                    actors[c] = a
                    c += 1
            # utils[r, k, o]: voter k's utility of option o of actor r's queue
            utils = np.empty((count, n, p))
            for r in range(count):
                a = actors[r]
                for k in range(n):
                    utils[r, k, 0] = u_sq[a0 + k]
                    for o in range(size):
                        utils[r, k, 1 + o] = u_barg[q0 + k * n + q_list[q0 + a * n + o]]
                el_c[pe + r] = pc + r * p * p
                el_p[pe + r] = p
                el_x[pe + r] = px + r * p
                el_actor[pe + r] = a0 + a
            blk = max(1, BLOCK_ELEMENTS // max(1, count * n * p))
            start = 0
            while start < p:
                bl = min(blk, p - start)
                cols = count * bl * p
                mat[pm, 0] = b
                mat[pm, 1] = pv
                mat[pm, 2] = cols
                mat[pm, 3] = pc
                mat[pm, 4] = count
                mat[pm, 5] = p
                mat[pm, 6] = start
                mat[pm, 7] = bl
                f = mflag[pm]
                for k in range(n):
                    for r in range(count):
                        for a in range(bl):
                            ua = utils[r, k, start + a]
                            for o in range(p):
                                col = (r * bl + a) * p + o
                                v3[_at(pv, n, cols, k, col, f)] = npmax(ua - utils[r, k, o], 0.0)
                pv += n * cols
                pm += 1
                start += bl
            pc += count * p * p
            pe += count
            px += count * p


@_jit
def decide(
    issues,
    n_,
    o1,
    off,
    n_el,
    el_p,
    el_x,
    el_actor,
    probs,
    q_list,
    q_list_base,
    b_init,
    b_recv,
    y_i,
    y_j,
    pos,
    new_pos,
    chosen,
    chosen_prob,
    change,
):
    """Deterministic transitions: each queue's most probable option; the new positions and their change.

    ``chosen[a]`` is the (initiator, target) pair of the option taken, ``(a, a)`` for the status quo;
    ``change[b]`` is ``numpy.linalg.norm(new_pos - pos, axis=1).sum()``.
    """
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        for a in range(n):
            new_pos[a0 + a] = pos[a0 + a]
            chosen[a0 + a, 0] = a
            chosen[a0 + a, 1] = a
            chosen_prob[a0 + a] = 1.0
        e0 = off[b, 2]
        for e in range(e0, e0 + n_el[b]):
            p = el_p[e]
            xe = el_x[e]
            k = argmax(probs, xe, p)
            g = el_actor[e]
            a = g - a0
            chosen_prob[g] = probs[xe + k]
            if k > 0:
                m = q_list[q_list_base[b] + a * n + k - 1]
                chosen[g, 0] = b_init[a0 + m]
                chosen[g, 1] = b_recv[a0 + m]
                new_pos[g] = y_i[a0 + m] if b_init[a0 + m] == a else y_j[a0 + m]
        s = np.empty(n)
        for a in range(n):
            d = new_pos[a0 + a] - pos[a0 + a]
            s[a] = math.sqrt(d * d)
        change[b] = pairwise(s, 0, n)
