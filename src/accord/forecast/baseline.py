"""Baseline forecasts: the compromise model (weighted mean) and the weighted median.

Every other forecast model is reported beside these; see ``models.md`` section 1.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .result import ForecastResult

__all__ = ["compromise", "weighted_median", "compromise_model", "median_model"]

FloatArray = NDArray[np.float64]


def _weights(positions: FloatArray, saliences: FloatArray, capabilities: FloatArray) -> FloatArray:
    """Capability x salience weights, zero where an actor has no position.

    Each issue's weights are divided by their largest value, so that tiny weights (subnormal products)
    cannot lose precision in the weighted sums; only ratios matter.
    """
    c = np.asarray(capabilities, dtype=float)
    s = np.asarray(saliences, dtype=float)
    has = ~np.isnan(positions)
    if not (np.isfinite(c).all() and (c >= 0).all()):
        raise ValueError("capabilities must be finite and >= 0")
    if not (np.isfinite(s[has]).all() and (s[has] >= 0).all()):
        raise ValueError("saliences must be finite and >= 0 wherever an actor has a position")
    w = np.where(has, c[:, None] * np.where(has, s, 0.0), 0.0)
    top = w.max(axis=0, initial=0.0)
    return np.divide(w, top, out=np.zeros_like(w), where=top > 0)


def compromise(positions: FloatArray, saliences: FloatArray, capabilities: FloatArray) -> FloatArray:
    """Capability x salience weighted mean of positions, per issue.

    Parameters
    ----------
    positions : ndarray, shape (n_actors, n_issues)
        Positions; NaN where an actor takes no stance.
    saliences : ndarray, shape (n_actors, n_issues)
        Saliences (any non-negative scale).
    capabilities : ndarray, shape (n_actors,)
        Capabilities (non-negative).

    Returns
    -------
    ndarray, shape (n_issues,)
        ``sum(c s x) / sum(c s)``. Where every weight is zero (nobody cares), the unweighted mean of the
        stated positions, so the answer is never NaN while anyone has a position.

    References
    ----------
    .. [Achen2006] C. H. Achen (2006), "Evaluating political decision-making models", in *The European
       Union Decides*, Cambridge UP.
    .. [vandenBos1991] J. M. M. van den Bos (1991), *Dutch EC Policy Making*, Thela Thesis.
    """
    x = np.asarray(positions, dtype=float)
    w = _weights(x, saliences, capabilities)
    xz = np.nan_to_num(x)
    total = w.sum(axis=0)
    has = ~np.isnan(x)
    n = has.sum(axis=0)
    plain = np.divide(xz.sum(axis=0), n, out=np.full(x.shape[1], np.nan), where=n > 0)
    weighted = np.divide((w * xz).sum(axis=0), total, out=plain.copy(), where=total > 0)
    return weighted


def weighted_median(positions: FloatArray, saliences: FloatArray, capabilities: FloatArray) -> FloatArray:
    """Capability x salience weighted median of positions, per issue.

    The median is the smallest position at which the cumulative weight (positions sorted ascending) reaches
    one half of the total weight [Black1948]_. When the cumulative weight equals one half exactly at a
    position, the midpoint between it and the next position is returned, the usual convention that makes
    the median symmetric under reflection of the scale.

    Parameters
    ----------
    positions, saliences, capabilities
        As in :func:`compromise`.

    Returns
    -------
    ndarray, shape (n_issues,)

    References
    ----------
    .. [Black1948] D. Black (1948), "On the rationale of group decision-making", *Journal of Political
       Economy* 56(1): 23-34.
    """
    x = np.asarray(positions, dtype=float)
    w = _weights(x, saliences, capabilities)
    n_issues = x.shape[1]
    # Missing positions sort last (NaN -> +inf) and carry zero weight.
    xs = np.where(np.isnan(x), np.inf, x)
    order = np.argsort(xs, axis=0, kind="stable")
    xs = np.take_along_axis(xs, order, axis=0)
    ws = np.take_along_axis(w, order, axis=0)
    total = ws.sum(axis=0)
    # Issues where nobody has weight fall back to the unweighted median.
    unweighted = (total <= 0) & (~np.isnan(x)).any(axis=0)
    ws[:, unweighted] = np.isfinite(xs[:, unweighted]).astype(float)
    total = ws.sum(axis=0)
    cum = np.cumsum(ws, axis=0)
    half = total / 2.0
    tol = 1e-12 * np.maximum(total, 1.0)
    out = np.full(n_issues, np.nan)
    for k in range(n_issues):  # one searchsorted per issue; n_issues is small next to n_actors
        if total[k] <= 0:
            continue
        i = int(np.searchsorted(cum[:, k], half[k] - tol[k]))
        if abs(cum[i, k] - half[k]) <= tol[k]:
            # Exactly half the weight at or below x_i: midpoint with the next weighted position.
            nxt = i + 1
            while nxt < len(ws) and ws[nxt, k] <= 0:
                nxt += 1
            out[k] = (xs[i, k] + xs[nxt, k]) / 2.0 if nxt < len(ws) and np.isfinite(xs[nxt, k]) else xs[i, k]
        else:
            out[k] = xs[i, k]
    return out


def _static(model: str, forecast: FloatArray, positions: FloatArray) -> ForecastResult:
    return ForecastResult(
        model=model,
        forecast=forecast,
        trajectory=np.asarray(positions, dtype=float)[None].copy(),
        forecast_by_round=forecast[None].copy(),
        converged=True,
        n_rounds=0,
    )


def compromise_model(
    positions: FloatArray, saliences: FloatArray, capabilities: FloatArray
) -> ForecastResult:
    """:func:`compromise` wrapped in a :class:`ForecastResult`."""
    return _static("compromise", compromise(positions, saliences, capabilities), positions)


def median_model(positions: FloatArray, saliences: FloatArray, capabilities: FloatArray) -> ForecastResult:
    """:func:`weighted_median` wrapped in a :class:`ForecastResult`."""
    return _static("median", weighted_median(positions, saliences, capabilities), positions)
