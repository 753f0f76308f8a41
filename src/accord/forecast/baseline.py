"""Baseline forecasts: the compromise model (weighted mean) and the weighted median.

Every other forecast model is reported beside these (bibliography: Achen2006a, vandenBos1991,
Black1948). Both accept a leading sample axis and forecast a whole batch in one numpy pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .arrays import ForecastInput
from .base import ForecastModel
from .result import ForecastResult

__all__ = [
    "compromise",
    "weighted_median",
    "compromise_model",
    "median_model",
    "CompromiseModel",
    "MedianModel",
]

FloatArray = NDArray[np.float64]


def _weights(positions: FloatArray, saliences: FloatArray, capabilities: FloatArray) -> FloatArray:
    """Capability x salience weights, zero where an actor has no position.

    Each issue's weights are divided by their largest value, so that tiny weights (subnormal products)
    cannot lose precision in the weighted sums; only ratios matter. Leading (sample) axes broadcast.
    """
    c = np.asarray(capabilities, dtype=float)
    s = np.asarray(saliences, dtype=float)
    has = ~np.isnan(positions)
    if not (np.isfinite(c).all() and (c >= 0).all()):
        raise InputError("capabilities must be finite and >= 0")
    if not (np.isfinite(s[has]).all() and (s[has] >= 0).all()):
        raise InputError("saliences must be finite and >= 0 wherever an actor has a position")
    w = np.where(has, c[..., :, None] * np.where(has, s, 0.0), 0.0)
    top = w.max(axis=-2, initial=0.0)[..., None, :]
    return np.divide(w, top, out=np.zeros_like(w), where=top > 0)


def compromise(positions: FloatArray, saliences: FloatArray, capabilities: FloatArray) -> FloatArray:
    """Capability x salience weighted mean of positions, per issue.

    Parameters
    ----------
    positions : ndarray, shape ([n_samples,] n_actors, n_issues)
        Positions; NaN where an actor takes no stance.
    saliences : ndarray, shape ([n_samples,] n_actors, n_issues)
        Saliences (any non-negative scale).
    capabilities : ndarray, shape ([n_samples,] n_actors)
        Capabilities (non-negative).

    Returns
    -------
    ndarray, shape ([n_samples,] n_issues)
        ``sum(c s x) / sum(c s)``. Where every weight is zero (nobody cares), the unweighted mean of the
        stated positions, so the answer is never NaN while anyone has a position.

    References
    ----------
    (bibliography: Achen2006a, vandenBos1991)
    """
    x = np.asarray(positions, dtype=float)
    w = _weights(x, saliences, capabilities)
    xz = np.nan_to_num(x)
    total = w.sum(axis=-2)
    n = (~np.isnan(x)).sum(axis=-2)
    plain = np.divide(xz.sum(axis=-2), n, out=np.full(total.shape, np.nan), where=n > 0)
    return np.divide((w * xz).sum(axis=-2), total, out=plain.copy(), where=total > 0)


def weighted_median(positions: FloatArray, saliences: FloatArray, capabilities: FloatArray) -> FloatArray:
    """Capability x salience weighted median of positions, per issue.

    The median is the smallest position at which the cumulative weight (positions sorted ascending) reaches
    one half of the total weight (bibliography: Black1948). When the cumulative weight equals one half
    exactly at a position, the midpoint between it and the next weighted position is returned, the usual
    convention that makes the median symmetric under reflection of the scale.

    Parameters
    ----------
    positions, saliences, capabilities
        As in :func:`compromise` (a leading sample axis broadcasts).

    Returns
    -------
    ndarray, shape ([n_samples,] n_issues)

    References
    ----------
    (bibliography: Black1948)
    """
    x = np.asarray(positions, dtype=float)
    w = _weights(x, saliences, capabilities)
    # Missing positions sort last (NaN -> +inf) and carry zero weight.
    xs = np.where(np.isnan(x), np.inf, x)
    order = np.argsort(xs, axis=-2, kind="stable")
    xs = np.take_along_axis(xs, order, axis=-2)
    ws = np.take_along_axis(w, order, axis=-2)
    # Issues where nobody has weight fall back to the unweighted median.
    unweighted = (ws.sum(axis=-2) <= 0) & (~np.isnan(x)).any(axis=-2)
    ws = np.where(unweighted[..., None, :], np.isfinite(xs).astype(float), ws)
    total = ws.sum(axis=-2)
    cum = np.cumsum(ws, axis=-2)
    half = total / 2.0
    tol = 1e-12 * np.maximum(total, 1.0)

    def pick(a: FloatArray, idx: NDArray[np.intp]) -> FloatArray:
        return np.take_along_axis(a, idx[..., None, :], axis=-2)[..., 0, :]

    # First position whose cumulative weight reaches half (what searchsorted finds on the sorted cum).
    i = np.argmax(cum >= (half - tol)[..., None, :], axis=-2)
    x_i = pick(xs, i)
    # Exactly half the weight at or below x_i: midpoint with the next weighted position.
    later = (np.arange(x.shape[-2])[:, None] > i[..., None, :]) & (ws > 0)
    x_next = pick(xs, np.argmax(later, axis=-2))
    exact = (np.abs(pick(cum, i) - half) <= tol) & later.any(axis=-2) & np.isfinite(x_next)
    out = np.where(exact, (x_i + x_next) / 2.0, x_i)
    return np.where(total > 0, out, np.nan)


def _static(model: str, forecast: FloatArray, positions: FloatArray) -> ForecastResult:
    # One round (the input), with the round axis after any sample axis.
    return ForecastResult(
        model=model,
        forecast=forecast,
        trajectory=np.asarray(positions, dtype=float)[..., None, :, :].copy(),
        forecast_by_round=forecast[..., None, :].copy(),
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


@dataclass(frozen=True)
class CompromiseModel(ForecastModel):
    """The compromise model: capability x salience weighted mean of the positions (no parameters).

    Accepts a leading sample axis: every array of the result then has it first
    (``forecast`` of shape ``(n_samples, n_issues)``).

    References
    ----------
    (bibliography: Achen2006a, vandenBos1991)
    """

    name: ClassVar[str] = "compromise"
    title: ClassVar[str] = "Compromise model (capability x salience weighted mean)"
    batched: ClassVar[bool] = True

    def run(self, arrays: ForecastInput, rng: np.random.Generator | None = None) -> ForecastResult:
        """Forecast every issue (and sample) of ``arrays``; deterministic, ``rng`` is unused."""
        return compromise_model(arrays.positions, arrays.saliences, arrays.capabilities)


@dataclass(frozen=True)
class MedianModel(ForecastModel):
    """The capability x salience weighted median of the positions (no parameters).

    Accepts a leading sample axis, as :class:`CompromiseModel` does.

    References
    ----------
    (bibliography: Black1948)
    """

    name: ClassVar[str] = "median"
    title: ClassVar[str] = "Weighted median (median voter)"
    batched: ClassVar[bool] = True

    def run(self, arrays: ForecastInput, rng: np.random.Generator | None = None) -> ForecastResult:
        """Forecast every issue (and sample) of ``arrays``; deterministic, ``rng`` is unused."""
        return median_model(arrays.positions, arrays.saliences, arrays.capabilities)
