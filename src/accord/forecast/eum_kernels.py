"""Pairwise kernels of the expected-utility model (:mod:`accord.forecast.eum`), one round at a time.

Every pairwise quantity is an ``(n, n)`` array (``(n, n, n)`` for the third-party probabilities), so a
round costs O(n^3) arithmetic and no Python loop over pairs (bibliography: Scholz2011).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["CONFLICT", "COMPROMISE", "CAPITULATION", "expected_utilities"]

FloatArray = NDArray[np.float64]

CONFLICT, COMPROMISE, CAPITULATION = 0, 1, 2
_EPS = 1e-12


def _median(x: FloatArray, w: FloatArray) -> float:
    """The Condorcet winner among the positions under c s weighted votes (= the weighted median).

    The pairwise vote total for x_j against x_k is sum_i w_i(|x_i - x_k| - |x_i - x_j|) = T_k - T_j with
    T_j = sum_i w_i |x_i - x_j|, so the winner minimises T. Several minimisers (exactly half the weight on
    each side) give their midpoint, as :func:`accord.forecast.baseline.weighted_median` does.
    """
    if w.sum() <= 0:
        w = np.ones_like(x)
    t = np.abs(x[:, None] - x[None, :]).T @ w
    tmin = t.min()
    best = x[t <= tmin + 1e-12 * max(abs(tmin), 1.0)]
    return float((best.min() + best.max()) / 2.0)


def _win_probabilities(x: FloatArray, w: FloatArray) -> FloatArray:
    """P[i, j]: probability that i beats j when third parties join the side they prefer.

    P_ij = sum_{k: closer to i} w_k (|x_k - x_j| - |x_k - x_i|) / sum_k w_k ||x_k - x_j| - |x_k - x_i||;
    0.5 where the denominator is zero (i and j at the same point).
    """
    d = np.abs(x[:, None] - x[None, :])  # d[k, i] = |x_k - x_i|
    diff = d[:, None, :] - d[:, :, None]  # diff[k, i, j] = |x_k - x_j| - |x_k - x_i|
    num = np.einsum("k,kij->ij", w, np.maximum(diff, 0.0))
    den = np.einsum("k,kij->ij", w, np.abs(diff))
    return np.divide(num, den, out=np.full_like(num, 0.5), where=den > 0)


def expected_utilities(
    x: FloatArray,
    s: FloatArray,
    p: FloatArray,
    mu: float,
    span: float,
    r: FloatArray,
    q: float,
    t_rule: str = "closer",
) -> FloatArray:
    """E[i, j] = E_i(U_ij), i's expected utility of challenging j (Scholz et al. 2011, eq. 4).

    Parameters
    ----------
    x, s : ndarray, shape (n,)
        Positions and saliences (0-1).
    p : ndarray, shape (n, n)
        Win probabilities from :func:`_win_probabilities`.
    mu : float
        Current median.
    span : float
        R, the length of the scale (> 0).
    r : ndarray, shape (n,)
        Risk exponents.
    q : float
        Probability that nothing changes without a challenge.
    t_rule : {"closer", "always", "never"}
        How T is set (see the module docstring).

    Returns
    -------
    ndarray, shape (n, n), zero on the diagonal.
    """
    d = np.minimum(np.abs(x[:, None] - x[None, :]) / span, 1.0)
    dm = np.minimum(np.abs(x - mu) / span, 1.0)[:, None]
    rr = r[:, None]
    u_s = 2.0 - 4.0 * (0.5 - 0.5 * d) ** rr
    u_f = 2.0 - 4.0 * (0.5 + 0.5 * d) ** rr
    u_sq = 2.0 - 4.0 * 0.5**rr
    sj = s[None, :]
    eu = sj * (p * u_s + (1.0 - p) * u_f) + (1.0 - sj) * u_s - q * u_sq
    if q < 1.0:
        # Without a challenge things drift toward the median: better for i if the median is nearer to i.
        u_b = 2.0 - 4.0 * np.maximum(0.5 - 0.25 * (dm + d), 0.0) ** rr
        u_w = 2.0 - 4.0 * np.minimum(0.5 + 0.25 * (dm + d), 1.0) ** rr
        if t_rule == "closer":
            t = (dm < d).astype(float)
        elif t_rule == "always":
            t = np.ones_like(d)
        else:
            t = np.zeros_like(d)
        eu = eu - (1.0 - q) * (t * u_b + (1.0 - t) * u_w)
    np.fill_diagonal(eu, 0.0)
    return eu


def _risk_exponents(e1: FloatArray) -> FloatArray:
    """r_i from security levels Sec_i = sum_j E_j(U_ji) computed with r = 1 (column sums of ``e1``)."""
    sec = e1.sum(axis=0)
    lo, hi = sec.min(), sec.max()
    if hi - lo <= 1e-12 * max(abs(hi), 1.0):
        return np.ones_like(sec)
    big_r = (2.0 * sec - hi - lo) / (hi - lo)
    return (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)


def _offers(x: FloatArray, eu: FloatArray) -> tuple[FloatArray, NDArray[np.int64]]:
    """Offers from winner w (column) to loser l (row): new position and type; NaN / -1 where none."""
    a = eu  # a[w, l] = E_w(U_wl)
    b = eu.T  # b[w, l] = E_l(U_lw)
    n = len(x)
    new = np.full((n, n), np.nan)  # indexed [loser, winner]
    kind = np.full((n, n), -1, dtype=np.int64)
    # Signs and comparisons within _EPS count as ties, so float noise (summation order) cannot decide.
    conflict = (a > _EPS) & (b > _EPS) & (a > b + _EPS)
    opposite = (a > _EPS) & (b <= _EPS)
    compromise = opposite & (a > np.abs(b) + _EPS)
    capitulation = opposite & ~compromise
    xw = np.broadcast_to(x[:, None], (n, n))  # xw[w, l] = x_w
    xl = np.broadcast_to(x[None, :], (n, n))
    frac = np.divide(np.abs(b), a, out=np.zeros_like(a), where=a > 0)
    pos = np.where(compromise, xl + (xw - xl) * frac, xw)
    for mask, code in ((conflict, CONFLICT), (compromise, COMPROMISE), (capitulation, CAPITULATION)):
        m = mask.T
        new[m] = pos.T[m]
        kind[m] = code
    np.fill_diagonal(kind, -1)
    np.fill_diagonal(new, np.nan)
    return new, kind
