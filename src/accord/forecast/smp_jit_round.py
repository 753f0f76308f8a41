"""Compiled round of the stacked SMP: challenges, bargains, the queue PCEs' votes and the decisions.

The second half of the kernels of :mod:`accord.forecast.smp_stacked` (the first, and the rules that keep
them bit for bit numpy's, are in :mod:`accord.forecast.smp_jit`). :func:`challenges` and :func:`queues`
are the pieces that single-issue runs (:func:`challenges_bargains`) and multi-issue runs
(:mod:`accord.forecast.smp_jit_multi`) share (bibliography: WiseIntro, WiseMulti, KTAB).
"""

from __future__ import annotations

import math

import numpy as np

from .smp_jit import (
    BLOCK_ELEMENTS,
    MIN_COALITION,
    MIN_GAIN,
    MIN_WEIGHT,
    _at,
    _jit,
    _rutil,
    _value,
    argmax,
    npmax,
    pairwise,
)

__all__ = ["challenges", "bargain", "queues", "challenges_bargains", "fill_v3", "decide"]


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
def challenges(n, a0, q0, share, value, risk, w_chlg, sal_sum, targets, gains, p_win, b_init, b_recv):
    """One run's challenges: each actor's best target, and the bargains in initiator order.

    Fills ``targets``/``gains``/``p_win`` as :class:`SMPRound` records them and the bargains' initiators
    ``b_init`` and targets ``b_recv`` (from ``a0``); bargain m's win probability is ``p_win`` of its
    initiator. Returns the number of bargains.
    """
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
            p_win[a0 + i] = prob[i * n + tg]
            b_init[a0 + nb] = i
            b_recv[a0 + nb] = tg
            nb += 1
        else:
            targets[a0 + i] = -1
            gains[a0 + i] = 0.0
            p_win[a0 + i] = np.nan
    return nb


@_jit
def bargain(s_i, s_t, x_i, x_j, pr, power, precision):
    """One coordinate of a bargain: the initiator's and the target's copies (``smp_kernels.interpolate``).

    Weights ``(s P)^power`` (S2P2: 2, S1P1: 1), each copy with its party's minimum weight, on the grid.
    """
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
    return ya, yb


@_jit
def queues(b, n, a0, q0, nb, b_init, b_recv, q_size, q_list, g_size, g_count, need):
    """Each actor's queue (the bargains it sent or received, in initiator order) and run b's ``need``.

    ``need[b]``: the vote-matrix elements, coalition elements, elections, BLAS calls and PCE slots of the
    queue PCEs, and the number of batches of equal-length queues, whose length and count go to
    ``g_size``/``g_count`` (the driver allocates the buffers and picks each BLAS call's layout).
    """
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
    """Challenges, bargains and each queue's options, for every single-issue run in ``issues``.

    Per run: :func:`challenges`; the bargains' two copies ``y_i``, ``y_j`` on the grid; ``u_barg[k, b]``
    and ``u_sq[k]``, each voter's utility of a queue's options; :func:`queues`.
    """
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        q0 = o2[b]
        nb = challenges(n, a0, q0, share, value, risk, w_chlg, sal_sum, targets, gains, p_win, b_init, b_recv)
        for m in range(nb):
            i = b_init[a0 + m]
            tg = b_recv[a0 + m]
            ya, yb = bargain(
                sal[a0 + i], sal[a0 + tg], pos[a0 + i], pos[a0 + tg], p_win[a0 + i], power, precision
            )
            y_i[a0 + m] = ya
            y_j[a0 + m] = yb
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
        queues(b, n, a0, q0, nb, b_init, b_recv, q_size, q_list, g_size, g_count, need)


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
