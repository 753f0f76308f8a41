"""The Nash bargaining forecast on a batch of inputs: every (sample, issue) grid search at once.

:func:`~accord.forecast.nash.nash_issue` refines a grid over one issue's feasible interval a few times;
an uncertainty sweep runs it for every issue of every sample. :func:`nash_batch` stacks the searches
that have the same number of bargaining actors into ``(B, n)`` arrays and refines all their grids
together, a search leaving the stack when its bracket is narrow enough. The grid is ``numpy.linspace``'s
arithmetic row by row and every other step is :func:`~accord.forecast.nash.nash_issue`'s expression
along the same axes, so the forecasts are those of one run per sample
(``tests/forecast/test_nash_batched.py``; bibliography: Nash1950, Achen2006b, Schneider2010).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .result import ForecastResult

__all__ = ["nash_batch"]

FloatArray = NDArray[np.float64]

#: Searches refined per numpy call: their grids of losses stay in cache (a few hundred kB).
_BLOCK = 64


def _linspace(a: FloatArray, b: FloatArray, num: int) -> FloatArray:
    """``numpy.linspace(a[r], b[r], num)`` for each row r, with its arithmetic (num >= 2)."""
    div = num - 1
    delta = b - a
    step = delta / div
    ar = np.arange(0, num, dtype=float)[None, :]
    y = ar * step[:, None]
    zero = step == 0
    if zero.any():  # numpy.linspace divides first where the step underflows (denormal spans)
        y[zero] = ar / div * delta[zero, None]
    y += a[:, None]
    y[:, -1] = b
    return y


def _search(
    x: FloatArray, w: FloatArray, d: FloatArray, lo: FloatArray, hi: FloatArray, utility: str, n_grid: int
) -> FloatArray:
    """:func:`~accord.forecast.nash.nash_issue` on each row (actors with weight > 0 only)."""
    n_b = len(x)
    out = np.empty(n_b)
    xmin, xmax = x.min(axis=1), x.max(axis=1)
    same = xmax - xmin <= 0
    out[same] = x[same, 0]
    radius = np.abs(d - x)
    a = np.maximum((x - radius).max(axis=1), lo)
    b = np.minimum((x + radius).min(axis=1), hi)
    scale = np.maximum(hi - lo, 1.0)
    narrow = ~same & (b - a <= 1e-12 * scale)
    out[narrow] = np.where(b >= a, (a + b) / 2.0, d[:, 0])[narrow]
    d_loss = radius**2 if utility == "quadratic" else radius
    go = np.flatnonzero(~same & ~narrow)
    for _ in range(8):
        go = go[~(b[go] - a[go] <= 1e-10 * scale[go])]
        if not len(go):
            break
        ga, gb = a[go], b[go]
        grid = _linspace(ga, gb, n_grid)
        obj = np.empty_like(grid)
        xg, wg, dg = x[go][:, :, None], w[go][:, :, None], d_loss[go][:, :, None]
        for r0 in range(0, len(go), _BLOCK):
            r1 = r0 + _BLOCK
            # gain = d_loss - loss, then w log(max(gain, 0)), in one buffer that stays in cache
            buf = grid[r0:r1, None, :] - xg[r0:r1]
            if utility == "quadratic":
                np.multiply(buf, buf, out=buf)
            else:
                np.abs(buf, out=buf)
            np.subtract(dg[r0:r1], buf, out=buf)
            np.maximum(buf, 0.0, out=buf)
            with np.errstate(divide="ignore"):
                np.log(buf, out=buf)
            np.multiply(wg[r0:r1], buf, out=buf)
            buf.sum(axis=1, out=obj[r0:r1])
        best = obj.max(axis=1)
        fine = np.isfinite(best)
        top = obj >= (best - 1e-12 * (1.0 + np.abs(best)))[:, None]
        first = np.argmax(top, axis=1)
        last = n_grid - 1 - np.argmax(top[:, ::-1], axis=1)
        rows = np.arange(len(go))
        step = (gb - ga) / (n_grid - 1)
        a[go] = np.where(fine, np.maximum(grid[rows, first] - step, ga), ga)
        b[go] = np.where(fine, np.minimum(grid[rows, last] + step, gb), gb)
        go = go[fine]
    rest = ~same & ~narrow
    out[rest] = np.clip((a + b) / 2.0, xmin, xmax)[rest]
    return out


def nash_batch(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    status_quo: FloatArray,
    scale_lo: FloatArray,
    scale_hi: FloatArray,
    utility: str = "quadratic",
    disagreement: str = "status_quo",
    n_grid: int = 401,
) -> ForecastResult:
    """Nash bargaining forecast for every issue of every sample of a batch.

    Parameters
    ----------
    positions, saliences : ndarray, shape (n_samples, n_actors, n_issues)
    capabilities : ndarray, shape (n_samples, n_actors)
    status_quo, scale_lo, scale_hi : ndarray, shape (n_issues,)
        Shared by the samples.
    utility, disagreement, n_grid
        As in :func:`~accord.forecast.nash.nash`.

    Returns
    -------
    ForecastResult
        With the sample axis first (``forecast`` of shape (n_samples, n_issues)), equal to each sample's
        :func:`~accord.forecast.nash.nash`.
    """
    x = np.asarray(positions, dtype=float)
    if x.ndim != 3:
        raise InputError("positions must have shape (n_samples, n_actors, n_issues)")
    s = np.asarray(saliences, dtype=float)
    c = np.asarray(capabilities, dtype=float)
    if (c < 0).any() or (np.nan_to_num(s) < 0).any():
        raise InputError("saliences and capabilities must be >= 0")
    has = ~np.isnan(x)
    if not has.any(axis=1).all():
        raise InputError("an issue of some sample has no actor with a stance")
    n_s, _, n_i = x.shape
    lo = np.asarray(scale_lo, dtype=float)
    hi = np.asarray(scale_hi, dtype=float)
    sq = np.asarray(status_quo, dtype=float)
    use_sq = disagreement == "status_quo" and np.isfinite(sq)
    fallback = [k for k in range(n_i) if disagreement == "status_quo" and not np.isfinite(sq[k])]
    w = np.where(has, c[:, :, None] * np.nan_to_num(s), 0.0)
    # Nobody with weight on an issue: equal weights (nash_issue), for the actors with a stance.
    w = np.where((w.sum(axis=1) <= 0)[:, None, :] & has, 1.0, w)
    worst = np.where(np.abs(x - lo) >= np.abs(x - hi), lo, hi)
    d = np.where(use_sq, sq, worst)
    keep = has & (w > 0)
    # One search per (sample, issue), stacked by its number of bargaining actors (in actor order).
    xt, wt, dt, kt = (a.transpose(0, 2, 1) for a in (x, w, d, keep))
    count = kt.sum(axis=2)
    forecast = np.empty((n_s, n_i))
    for n in np.unique(count).tolist():
        smp, iss = np.nonzero(count == n)
        sel = kt[smp, iss]
        gx, gw, gd = (a[smp, iss][sel].reshape(-1, n) for a in (xt, wt, dt))
        forecast[smp, iss] = _search(gx, gw, gd, lo[iss], hi[iss], utility, n_grid)
    return ForecastResult(
        model="nash",
        forecast=forecast,
        trajectory=x[:, None].copy(),
        forecast_by_round=forecast[:, None].copy(),
        converged=True,
        n_rounds=0,
        params={
            "utility": utility,
            "disagreement": disagreement,
            "n_grid": n_grid,
            "fallback_issues": fallback,
        },
    )
