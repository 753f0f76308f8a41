"""Bargaining solutions over a finite Pareto frontier: Nash, Kalai-Smorodinsky, egalitarian, utilitarian.

Each function takes the frontier's utility vectors (rows, one column per bargaining party) and the
disagreement point, and returns the row it selects, or None when no row qualifies. Ties go to the first
row; callers pass the frontier sorted by package index, so ties go to the lowest package index.

Every solution picks a row of the frontier, so it is Pareto-optimal and (the frontier holding only
feasible packages) feasible and individually rational by construction. Taking the maximum over the
frontier rather than over all feasible packages loses nothing: any package that dominates a maximiser is
itself a maximiser of each of these (monotone) criteria.

Names are unambiguous on purpose: NegMAS's ``kalai_points`` is the egalitarian point, GeniusWeb's
"kalai" is Kalai-Smorodinsky (``peers.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .space import FEASIBILITY_TOL

__all__ = ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian", "SOLUTION_NAMES", "Solution"]

FloatArray = NDArray[np.float64]

#: The solution names, in reporting order.
SOLUTION_NAMES = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


@dataclass(frozen=True)
class Solution:
    """A selected package: its index, ``{issue: option}`` and ``{actor: utility}``."""

    name: str
    index: int
    package: dict[str, str]
    utilities: dict[str, float]


def _prepare(points: ArrayLike, disagreement: ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2:
        raise ValueError("points must have shape (n, m)")
    d = np.zeros(p.shape[1]) if disagreement is None else np.asarray(disagreement, dtype=np.float64)
    if d.shape != (p.shape[1],):
        raise ValueError(f"disagreement must have shape ({p.shape[1]},)")
    return p, d


def _first_max(score: FloatArray, valid: NDArray[np.bool_]) -> int | None:
    if not valid.any():
        return None
    s = np.where(valid, score, -np.inf)
    return int(np.flatnonzero(s == s.max())[0])


def nash(
    points: ArrayLike, disagreement: ArrayLike | None = None, exponents: ArrayLike | None = None
) -> int | None:
    """Nash bargaining solution: maximise ``prod_i (u_i - d_i) ** e_i`` over points with all gains > 0.

    Parameters
    ----------
    points : array_like, shape (n, m)
        Utility vectors of the candidate packages (the Pareto frontier).
    disagreement : array_like, shape (m,), optional
        Disagreement utilities ``d``; zeros by default.
    exponents : array_like, shape (m,), optional
        Bargaining powers ``e`` for the asymmetric solution (e.g. capabilities); the symmetric solution
        (all ones) by default. Only their ratios matter.

    Returns
    -------
    int or None
        Row of the solution; None when no point gives every party a positive gain.

    References
    ----------
    J. Nash (1950), "The bargaining problem", Econometrica 18(2):155-162. Asymmetric form:
    A.E. Roth (1979), *Axiomatic Models of Bargaining*, Springer; Kalai (1977), "Nonsymmetric Nash
    solutions and replications of 2-person bargaining", Int. J. Game Theory 6.
    """
    p, d = _prepare(points, disagreement)
    gains = p - d
    valid = np.all(gains > 0, axis=1)
    e = np.ones(p.shape[1]) if exponents is None else np.asarray(exponents, dtype=np.float64)
    if e.shape != (p.shape[1],) or np.any(e < 0):
        raise ValueError(f"exponents must be {p.shape[1]} non-negative numbers")
    e = e / e.sum() if e.sum() > 0 else np.ones_like(e)
    # Logs keep the product of many small gains away from underflow (60 parties with gains near 1e-6
    # multiply to 0); the argmax is the same.
    score = np.sum(e * np.log(np.where(valid[:, None], gains, 1.0)), axis=1)
    return _first_max(score, valid)


def kalai_smorodinsky(points: ArrayLike, disagreement: ArrayLike | None = None) -> int | None:
    """Kalai-Smorodinsky solution on a finite frontier (the ANAC/GeniusWeb convention).

    With normalised gains ``g_i = (u_i - d_i) / (max u_i - d_i)`` (maxima over the given points, i.e.
    the ideal point of the feasible set), pick the point minimising ``max_i g_i - min_i g_i``; ties go to
    the larger ``min_i g_i``, then to the first row. On a continuous frontier this is the point of equal
    normalised gains. A party whose maximum equals its disagreement value gets ``g_i = 1`` everywhere.
    Only points with all gains >= 0 qualify.

    References
    ----------
    E. Kalai, M. Smorodinsky (1975), "Other solutions to Nash's bargaining problem", Econometrica
    43(3):513-518. Finite-frontier convention: GeniusWeb ``specials.json`` "kalai" (bibliography:
    KalaiSmorodinsky1975, GeniusWeb).
    """
    p, d = _prepare(points, disagreement)
    if not len(p):
        return None
    gains = p - d
    valid = np.all(gains >= -FEASIBILITY_TOL, axis=1)
    if not valid.any():
        return None
    span = gains[valid].max(axis=0)
    safe = np.where(span > 0, span, 1.0)
    g = np.where(span > 0, gains / safe, 1.0)
    spread = g.max(axis=1) - g.min(axis=1)
    s = np.where(valid, spread, np.inf)
    best = np.flatnonzero(s == s.min())
    if len(best) > 1:
        low = g[best].min(axis=1)
        best = best[low == low.max()]
    return int(best[0])


def egalitarian(points: ArrayLike, disagreement: ArrayLike | None = None) -> int | None:
    """Egalitarian solution: maximise ``min_i (u_i - d_i)`` (raw, not normalised, gains).

    References
    ----------
    E. Kalai (1977), "Proportional solutions to bargaining situations: interpersonal utility
    comparisons", Econometrica 45(7):1623-1630; J. Rawls (1971), *A Theory of Justice*.
    """
    p, d = _prepare(points, disagreement)
    if not len(p):
        return None
    return _first_max((p - d).min(axis=1), np.ones(len(p), dtype=bool))


def utilitarian(points: ArrayLike, disagreement: ArrayLike | None = None) -> int | None:
    """Utilitarian solution: maximise the sum of utilities (GeniusWeb's "social_welfare").

    The disagreement point does not change the maximiser; it is accepted for a uniform signature.

    References
    ----------
    J.C. Harsanyi (1955), "Cardinal welfare, individualistic ethics, and interpersonal comparisons of
    utility", Journal of Political Economy 63(4):309-321.
    """
    p, _ = _prepare(points, disagreement)
    if not len(p):
        return None
    return _first_max(p.sum(axis=1), np.ones(len(p), dtype=bool))
