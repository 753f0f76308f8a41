"""Compiled round of the stacked multi-issue SMP (:mod:`accord.forecast.smp_multi`), bit for bit.

With m issues an actor's position is a point of ``[0, 1]^m`` and its value of a position is
``1 - sqrt(sum_k (s_k (q_k - x_k))^2 / sum_k s_k^2)`` [WiseMulti]_: the issues are coupled through that
distance, so a multi-issue run is not m single-issue runs. What changes against the single-issue kernels
(:mod:`accord.forecast.smp_jit_round`) is what touches coordinates: the bargains are interpolated per
coordinate, the distances to the bargains sum over issues, and a round's change is a sum of Euclidean
norms. The sums over issues are numpy's own: ``numpy.einsum`` (whose order depends on numpy's SIMD code),
called by the driver on the stacked differences that :func:`bargain_diffs` gathers; the row sums of the
norms are numpy's pairwise sums (:func:`~accord.forecast.smp_jit.pairwise`).

References
----------
.. [WiseMulti] B. Wise, L. Lester, B. Efird, "Multidimensional Bargaining Using KTAB", KAPSARC
   discussion paper (bibliography: WiseMulti, KTAB).
"""

from __future__ import annotations

import math

import numpy as np

from .smp_jit import _jit, _rutil, argmax, pairwise
from .smp_jit_round import bargain, challenges, queues

__all__ = ["challenges_md", "bargain_diffs", "queues_md", "decide_md"]


@_jit
def challenges_md(
    issues, n_, o1, o2, share, power, precision, value, risk, w_chlg, sal_sum, sal, pos, targets, gains,
    p_win, n_barg, b_init, b_recv, y_i, y_j,
):  # fmt: skip
    """Challenges and bargains of every run in ``issues``; ``sal``, ``pos``, ``y_i``, ``y_j``: (n_all, m).

    :func:`~accord.forecast.smp_jit_round.challenges` (it reads only the values), then each bargain's
    two copies, coordinate by coordinate (``smp_kernels.interpolate``).
    """
    m = pos.shape[1]
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        q0 = o2[b]
        nb = challenges(n, a0, q0, share, value, risk, w_chlg, sal_sum, targets, gains, p_win, b_init, b_recv)
        for g in range(nb):
            i = a0 + b_init[a0 + g]
            t = a0 + b_recv[a0 + g]
            pr = p_win[i]
            for c in range(m):
                ya, yb = bargain(sal[i, c], sal[t, c], pos[i, c], pos[t, c], pr, power, precision)
                y_i[a0 + g, c] = ya
                y_j[a0 + g, c] = yb
        n_barg[b] = nb


@_jit
def bargain_diffs(issues, n_, o1, n_barg, boff, sal, ideal, y_i, y_j, d_i, d_j):
    """``sal[k] * (ideal[k] - y[g])`` for voter k and bargain g of each run, at row ``boff[b] + k nb + g``.

    The differences that ``smp_kernels.distance`` squares and sums over issues (``numpy.einsum``, left
    to the driver).
    """
    m = sal.shape[1]
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        nb = n_barg[b]
        for k in range(n):
            for g in range(nb):
                r = boff[b] + k * nb + g
                for c in range(m):
                    s = sal[a0 + k, c]
                    q = ideal[a0 + k, c]
                    d_i[r, c] = s * (q - y_i[a0 + g, c])
                    d_j[r, c] = s * (q - y_j[a0 + g, c])


@_jit
def _unit_value(sq, sn):
    """``1 - distance`` from the sum of squares: ``sqrt(sq / sn)``, 0 for an actor with no salience."""
    d = math.sqrt(sq / sn) if sn > 0 else 0.0
    return 1.0 - d


@_jit
def queues_md(
    issues, n_, o1, o2, n_barg, boff, sq_i, sq_j, sal_norm, risk, util, b_init, b_recv, u_barg, u_sq,
    q_size, q_list, g_size, g_count, need,
):  # fmt: skip
    """Each voter's utility of the status quo and of every bargain, then the queues (``queues``).

    ``sq_i``/``sq_j``: the sums of squares of :func:`bargain_diffs`' rows.
    """
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        q0 = o2[b]
        nb = n_barg[b]
        # the mean utility over all positions after each bargain (smp_engine.bargain_utilities)
        for k in range(n):
            base = pairwise(util, q0 + k * n, n)
            u_sq[a0 + k] = base / n
            rk = risk[a0 + k]
            sn = sal_norm[a0 + k]
            for g in range(nb):
                r = boff[b] + k * nb + g
                ui = _rutil(_unit_value(sq_i[r], sn), rk)
                uj = _rutil(_unit_value(sq_j[r], sn), rk)
                u_barg[q0 + k * n + g] = (
                    base - util[q0 + k * n + b_init[a0 + g]] - util[q0 + k * n + b_recv[a0 + g]] + ui + uj
                ) / n
        queues(b, n, a0, q0, nb, b_init, b_recv, q_size, q_list, g_size, g_count, need)


@_jit
def decide_md(
    issues, n_, o1, off, n_el, el_p, el_x, el_actor, probs, q_list, q_list_base, b_init, b_recv, y_i, y_j,
    pos, new_pos, chosen, chosen_prob, change,
):  # fmt: skip
    """``smp_jit_round.decide`` on rows of m coordinates.

    ``change[b]`` is ``numpy.linalg.norm(new_pos - pos, axis=1).sum()``: per actor the pairwise sum of
    the squared differences, its square root, and the pairwise sum of those over the actors.
    """
    m = pos.shape[1]
    sq = np.empty(m)
    for b in issues:
        n = n_[b]
        a0 = o1[b]
        for a in range(n):
            for c in range(m):
                new_pos[a0 + a, c] = pos[a0 + a, c]
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
                mm = q_list[q_list_base[b] + a * n + k - 1]
                chosen[g, 0] = b_init[a0 + mm]
                chosen[g, 1] = b_recv[a0 + mm]
                for c in range(m):
                    new_pos[g, c] = y_i[a0 + mm, c] if b_init[a0 + mm] == a else y_j[a0 + mm, c]
        s = np.empty(n)
        for a in range(n):
            for c in range(m):
                d = new_pos[a0 + a, c] - pos[a0 + a, c]
                sq[c] = d * d
            s[a] = math.sqrt(pairwise(sq, 0, m))
        change[b] = pairwise(s, 0, n)
