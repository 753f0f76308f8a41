"""Vectorised kernels of the SMP (:mod:`accord.forecast.smp`): distances, challenges, bargains.

Everything here works on whole rounds at once: the challenge evaluation covers every initiator, target and
third party with numpy broadcasting (O(n^3) work in blocks of bounded memory), as KTAB's ``probEduChlg``
does one triple at a time [KTAB]_.

References
----------
.. [KTAB] KAPSARC Toolkit for Behavioral Analysis, ``examples/smp/libsrc/smp.cpp`` (MIT licence).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .smp_rules import MIN_COALITION, SMPParams, risk_utility, victory_prob, vote

__all__ = ["distance", "unique_groups", "challenges", "third_parties", "interpolate"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Positions closer than this (unit scale, per coordinate) count as one position in the reported PCE.
_EQUIV_TOL = 1.5e-4
#: KTAB's minimum interpolation weight (``minW``), added to a party's own side of its copy of a bargain.
_MIN_WEIGHT = 1e-6
#: Elements per (initiators, targets, third parties) block in the challenge evaluation.
_BLOCK_ELEMENTS = 1 << 21


# --------------------------------------------------------------------------------------------- helpers


def distance(ideals: FloatArray, points: FloatArray, sal: FloatArray, sal_norm: FloatArray) -> FloatArray:
    """Salience-weighted distance ``d[i, x]`` from each actor's ideal to each point, in [0, 1].

    ``sal_norm[i] = sum_k s_ik^2``; actors with no salience at all are indifferent (distance 0).
    """
    diff = sal[:, None, :] * (ideals[:, None, :] - points[None, :, :])
    sq = np.einsum("ixk,ixk->ix", diff, diff)
    return np.sqrt(np.divide(sq, sal_norm[:, None], out=np.zeros_like(sq), where=sal_norm[:, None] > 0))


def unique_groups(pos: FloatArray, tol: float = _EQUIV_TOL) -> tuple[IntArray, IntArray]:
    """Distinct positions: a representative holder of each, and per actor the index of its group.

    KTAB treats positions within a bargaining grid step of each other as the same position when it
    reports win probabilities (its logs give actors 0.01 apart on 0-100 one shared probability). Groups are
    the connected components of "within ``tol`` on every coordinate" (so the grouping does not depend on
    the order of the actors), each represented by its lowest-numbered member as in KTAB (a relabelling
    can change the representative, and so the reported probabilities, only within a grid step).
    """
    n = pos.shape[0]
    close = np.abs(pos[:, None, :] - pos[None, :, :]).max(axis=2) <= tol
    # rank actors by position (ties by index, which only matters for identical positions)
    order = np.lexsort(pos.T[::-1])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    label = rank.copy()
    while True:  # propagate the smallest rank through each component
        new = np.where(close, label[None, :], n).min(axis=1)
        if np.array_equal(new, label):
            break
        label = new
    _, group = np.unique(label, return_inverse=True)
    group = np.asarray(group, dtype=np.int64).ravel()
    first = np.full(group.max() + 1, n, dtype=np.int64)
    np.minimum.at(first, group, np.arange(n))  # KTAB: the lowest-numbered holder
    return first, group


def third_parties(
    p: SMPParams,
    a_i: FloatArray,
    a_j: FloatArray,
    own: FloatArray,
    cij: FloatArray,
    cji: FloatArray,
    weight: FloatArray,
    rows: IntArray,
) -> tuple[FloatArray, FloatArray]:
    """Third parties' support for initiators ``rows`` against every target: (for i, against i) sums.

    ``a_i[r, 0, n]``, ``a_j[r, j, n]`` and ``own[r, 0, n]``: initiator r's estimate of third party n's
    utility of i's position, of j's position and of its own position; ``cij``, ``cji`` the principals'
    contributions. n first votes on i vs j; the little contest with that vote added gives its chance
    ``p_in`` of being on the winning side, and it then votes on its expected utility of each side under
    the ThirdPartyCommit rule.
    """
    n = a_j.shape[1]
    if p.vote_rule == "Prop" and p.victory_prob_model == "Linear" and p.third_party_commit == "SemiCommit":
        # KTAB's defaults, computed in place in two (block, n, n) buffers: fresh temporaries of this size
        # cost more in page faults than in arithmetic
        t = np.subtract(a_i, a_j)
        t *= weight  # n's vote on i vs j
        buf = np.abs(t)
        t += buf
        t *= 0.5
        t += cij  # i's side in the little contest with n's vote: cij + max(v, 0)
        buf += np.maximum(cij, MIN_COALITION) + np.maximum(cji, MIN_COALITION)
        t /= buf  # p_in
        # EU(i) - EU(j) = (2p - 1) own + u_nj - p (u_nj + u_ni)
        np.add(a_j, a_i, out=buf)
        buf *= t
        t *= 2.0
        t -= 1.0
        t *= own
        t += a_j
        t -= buf
        t *= weight
        del buf
    else:
        if p.vote_rule == "Prop" and p.victory_prob_model == "Linear":
            v_n = (a_i - a_j) * weight
            absv = np.abs(v_n)
            p_in = (cij + 0.5 * (v_n + absv)) / (
                np.maximum(cij, MIN_COALITION) + np.maximum(cji, MIN_COALITION) + absv
            )
            del v_n, absv
        else:
            v_n = vote(p.vote_rule, weight[None, None, :], a_i, a_j)
            p_in = victory_prob(p.victory_prob_model, cij + np.maximum(v_n, 0.0), cji + np.maximum(-v_n, 0.0))
            del v_n
        if p.third_party_commit == "SemiCommit":
            # backing the winner keeps n where it is; backing the loser moves n to the winner's position:
            # EU(i) - EU(j) = p own + (1-p) u_nj - (1-p) own - p u_ni
            diff = (2.0 * p_in - 1.0) * own + a_j - p_in * (a_j + a_i)
        elif p.third_party_commit == "FullCommit":
            # n shares its side's fate: the winner's position, whichever side n took
            diff = (2.0 * p_in - 1.0) * (a_i - a_j)
        else:  # NoCommit: plain preference between the two positions
            diff = a_i - a_j
        del p_in
        if p.vote_rule == "Prop":
            t = diff * weight
        else:
            t = vote(p.vote_rule, weight[None, None, :], diff, np.zeros(1))
    # principals are not third parties in their own contest
    local = np.arange(len(rows))
    t[local, :, rows] = 0.0
    t[:, np.arange(n), np.arange(n)] = 0.0
    total = t.sum(axis=2)
    np.abs(t, out=t)
    absolute = t.sum(axis=2)
    return 0.5 * (absolute + total), 0.5 * (absolute - total)


def challenges(
    p: SMPParams, value: FloatArray, est_risk: FloatArray, weight: FloatArray, sal_sum: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Every actor's estimate of winning against, and gaining from challenging, every other actor.

    Parameters
    ----------
    value : ndarray (n, n)
        Risk-neutral value ``v[n, x]`` of actor x's position to actor n.
    est_risk : ndarray (n, n)
        ``est_risk[h, n]``: h's estimate of n's risk attitude.
    weight : ndarray (n,)
        Vote weight in challenges, ``c s`` (capability x total salience).
    sal_sum : ndarray (n,)
        Total salience of each actor (probability that a target resists).

    Returns
    -------
    prob, gain : ndarray (n, n)
        ``prob[i, j]``: i's estimate that it beats j; ``gain[i, j]``: i's expected gain (diagonal -inf).
    """
    n = value.shape[0]
    idx = np.arange(n)
    # u[h, n, x]: h's estimate of n's utility of x's position. Only h = initiator i is needed, so that
    # u[i, :, i], u[i, :, j] and u[i, n, n] cover principals and third parties: O(n^3) in all.
    vt = value.T  # vt[x, n] = value[n, x]
    u_ni = risk_utility(vt, est_risk)  # [i, n]: i's estimate of n's utility of i's position
    u_nn = risk_utility(np.diag(value)[None, :], est_risk)  # [i, n]: of n's own position
    u_ii = u_ni[idx, idx]  # (i,)
    u_ij = risk_utility(value, np.diag(est_risk)[:, None])  # [i, j]: i's utility of j's position
    u_ji = u_ni  # [i, j]: (i's estimate of) j's utility of i's position
    u_jj = u_nn  # [i, j]: j's utility of its own position

    # the principals' contributions ("little contest"), signed votes split onto their sides
    v_i = vote(p.vote_rule, weight[:, None], u_ii[:, None], u_ij)
    v_j = vote(p.vote_rule, weight[None, :], u_ji, u_jj)
    c_ij = np.maximum(v_i, 0.0) + np.maximum(v_j, 0.0)
    c_ji = np.maximum(-v_i, 0.0) + np.maximum(-v_j, 0.0)

    # third parties, in blocks of initiators so that the (block, n, n) temporaries stay around 16 MB
    s_ij, s_ji = c_ij.copy(), c_ji.copy()
    size = max(1, _BLOCK_ELEMENTS // (n * n))
    for start in range(0, n, size):
        blk = idx[start : start + size]
        pos_sum, neg_sum = third_parties(
            p,
            u_ni[blk, None, :],
            risk_utility(vt[None, :, :], est_risk[blk, None, :]),  # [i, j, n]: of j's position
            u_nn[blk, None, :],
            c_ij[blk, :, None],
            c_ji[blk, :, None],
            weight,
            blk,
        )
        s_ij[blk] += pos_sum
        s_ji[blk] += neg_sum
    prob = victory_prob(p.victory_prob_model, s_ij, s_ji)

    s_j = sal_sum[None, :]
    eu_sq = u_ii[:, None] + u_ij
    eu_vict = 2.0 * u_ii[:, None]
    eu_cntst = prob * 2.0 * u_ii[:, None] + (1.0 - prob) * 2.0 * u_ij
    gain = (1.0 - s_j) * eu_vict + s_j * eu_cntst - eu_sq
    np.fill_diagonal(gain, -np.inf)
    return prob, gain


def interpolate(
    p: SMPParams, x_i: FloatArray, x_j: FloatArray, s_i: FloatArray, s_j: FloatArray, p_i: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Bargained positions per dimension: weights ``(s P)^a``, a = 1 (S1P1) or 2 (S2P2).

    Rows are bargains. KTAB computes each party's copy of the bargain separately, adding its minimum weight
    (1e-6) to that party's own side: the two copies differ by a hair (about 1e-6 / (w_i + w_j) of the gap),
    which after rounding to the grid puts them 0.01 apart now and then, as KTAB's logs show.
    """
    power = 2.0 if p.inter_vec_bargain == "S2P2" else 1.0
    w_i = (s_i * p_i[:, None]) ** power
    w_j = (s_j * (1.0 - p_i)[:, None]) ** power
    total = w_i + w_j + _MIN_WEIGHT
    y_i = ((w_i + _MIN_WEIGHT) * x_i + w_j * x_j) / total
    y_j = (w_i * x_i + (w_j + _MIN_WEIGHT) * x_j) / total
    return y_i, y_j
