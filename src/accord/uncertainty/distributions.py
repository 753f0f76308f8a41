"""Inverse distribution functions: the numbers behind a :class:`~accord.scenario.Distribution`.

Samplers work on the unit hypercube (SALib's convention); :func:`ppf` turns a column of unit values into
a parameter's values. Every continuous distribution is cut at the ends of the parameter's range
``[lo, hi]`` by inverting the truncated CDF, ``F^-1(F(lo) + u (F(hi) - F(lo)))``, so a normal on a
0-100 scale never leaves it and keeps its shape inside (no pile-up at the ends, which clipping would
give).

References
----------
D. Vose (2008), *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley: the triangular and beta-PERT
distributions (PERT: ``alpha = 1 + 4 (mode - lo) / (hi - lo)``, ``beta = 1 + 4 (hi - mode) / (hi - lo)``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy import special

from ..scenario.model import Distribution

__all__ = ["ppf", "cdf", "describe", "support"]

FloatArray = NDArray[np.float64]


def _fmt(x: float | str) -> str:
    return x if isinstance(x, str) else f"{x:g}"


def describe(d: Distribution) -> str:
    """The distribution in words: ``triangular(60, 85, 95)``, ``choices(boulware: 2, conceder: 1)``."""
    if d.kind == "choices":
        return "choices(" + ", ".join(f"{_fmt(v)}: {_fmt(w)}" for v, w in d.choices) + ")"
    return f"{d.kind}(" + ", ".join(_fmt(x) for x in d.params) + ")"


def support(d: Distribution, lo: float = -math.inf, hi: float = math.inf) -> tuple[float, float]:
    """Smallest and largest value ``d`` takes once cut at ``[lo, hi]`` (numeric distributions)."""
    if d.kind == "choices":
        vals = [float(v) for v, w in d.choices if w > 0 and not isinstance(v, str)]
        return (min(vals), max(vals)) if vals else (math.nan, math.nan)
    if d.kind == "normal":
        mean, sd = d.params
        return (lo, hi) if sd > 0 else (min(max(mean, lo), hi),) * 2
    return max(d.params[0], lo), min(d.params[-1], hi)


def cdf(d: Distribution, x: FloatArray) -> FloatArray:
    """The (untruncated) cumulative distribution function of a continuous distribution."""
    x = np.asarray(x, dtype=float)
    if d.kind == "uniform":
        a, b = d.params
        return np.clip((x - a) / (b - a), 0.0, 1.0) if b > a else (x >= a).astype(float)
    if d.kind == "triangular":
        a, m, b = d.params
        if b <= a:
            return (x >= a).astype(float)
        left = np.where(m > a, (x - a) ** 2 / ((b - a) * max(m - a, 1e-300)), 0.0)
        right = np.where(b > m, 1.0 - (b - x) ** 2 / ((b - a) * max(b - m, 1e-300)), 1.0)
        return np.where(x <= a, 0.0, np.where(x >= b, 1.0, np.where(x <= m, left, right)))
    if d.kind == "pert":
        a, m, b = d.params
        if b <= a:
            return (x >= a).astype(float)
        alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
        return np.asarray(special.betainc(alpha, beta, np.clip((x - a) / (b - a), 0.0, 1.0)))
    if d.kind == "normal":
        mean, sd = d.params
        if sd <= 0:
            return (x >= mean).astype(float)
        return np.asarray(special.ndtr((x - mean) / sd))
    raise ValueError(f"no CDF for a {d.kind} distribution")


def _inverse(d: Distribution, p: FloatArray) -> FloatArray:
    """The (untruncated) inverse CDF at probabilities ``p`` in [0, 1]."""
    if d.kind == "uniform":
        a, b = d.params
        return a + p * (b - a)
    if d.kind == "triangular":
        a, m, b = d.params
        if b <= a:
            return np.full_like(p, a)
        c = (m - a) / (b - a)
        return np.where(
            p < c,
            a + np.sqrt(p * (b - a) * (m - a)),
            b - np.sqrt(np.maximum(1.0 - p, 0.0) * (b - a) * (b - m)),
        )
    if d.kind == "pert":
        a, m, b = d.params
        if b <= a:
            return np.full_like(p, a)
        alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
        return a + (b - a) * np.asarray(special.betaincinv(alpha, beta, p))
    if d.kind == "normal":
        mean, sd = d.params
        if sd <= 0:
            return np.full_like(p, mean)
        return mean + sd * np.asarray(special.ndtri(p))
    raise ValueError(f"unknown distribution {d.kind!r}")


def ppf(d: Distribution, u: FloatArray, lo: float = -math.inf, hi: float = math.inf) -> FloatArray:
    """Values of ``d`` cut at ``[lo, hi]`` at unit-interval points ``u`` (the inverse CDF).

    Parameters
    ----------
    d : Distribution
    u : ndarray
        Points in [0, 1] (a column of a sampler's unit hypercube).
    lo, hi : float
        The parameter's range; continuous distributions are truncated to it.

    Returns
    -------
    ndarray
        Same shape as ``u``. For ``choices``, the chosen value, or the index of the choice when the
        values are names (strategies).
    """
    u = np.asarray(u, dtype=float)
    if d.kind == "choices":
        w = np.array([c[1] for c in d.choices], dtype=float)
        cum = np.cumsum(w) / w.sum()
        k = np.minimum(np.searchsorted(cum, u, side="right"), len(w) - 1)
        # A zero-weight choice is never drawn: searchsorted skips it, except at u == 1 exactly.
        vals = np.array([i if isinstance(v, str) else float(v) for i, (v, _) in enumerate(d.choices)])
        return np.asarray(vals[k], dtype=float)
    if d.kind == "uniform":  # exact, and the common case: no CDF round trip
        a, b = max(d.params[0], lo), min(d.params[1], hi)
        return a + u * (b - a)
    f_lo, f_hi = (float(x) for x in cdf(d, np.array([lo, hi])))
    if f_hi - f_lo < 1e-12:
        # The distribution's mass lies outside [lo, hi]: all of it goes to the nearer end.
        centre = float(_inverse(d, np.array([0.5]))[0])
        return np.full_like(u, min(max(centre, lo), hi))
    x = _inverse(d, f_lo + u * (f_hi - f_lo))
    return np.clip(x, lo, hi)
