"""The exchange model on a batch of inputs: every sample's rounds played together.

:func:`~accord.forecast.exchange.exchange` plays ten rounds per input, each a few dozen numpy calls and a
Python loop over several hundred possible exchanges, so an uncertainty sweep spends its time on overhead.
:func:`exchange_batch` keeps the numpy steps of a round (outcomes, exchange ratios, sides, the pull back
toward the preferences) on the stacked ``(n_samples, n_actors, n_issues)`` arrays and hands the rest (the
possible exchanges, their order and the greedy pass that realises them) to one compiled call per round
(:mod:`accord.forecast.exchange_jit`). Each expression is the one-input model's, so the forecasts are
those of one :meth:`ExchangeModel.run <accord.forecast.exchange.ExchangeModel.run>` per sample
(``tests/forecast/test_exchange_batched.py``; bibliography: Stokman1994, Stokman2013).

Only the equal-gain rate is batched (the random rate draws per sample). Without numba (the ``fast``
extra) a batch is played one sample at a time, with the same results. A batch gives no explanation trail.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .baseline import compromise
from .result import ForecastResult

if TYPE_CHECKING:
    from .exchange import ExchangeParams

__all__ = ["exchange_batch"]

FloatArray = NDArray[np.float64]


def _validate(x: FloatArray, s: FloatArray, c: FloatArray) -> None:
    """The checks of :func:`~accord.forecast.exchange.exchange`, over every sample at once."""
    has = ~np.isnan(x)
    if not has.any(axis=1).all():
        raise InputError("an issue of some sample has no actor with a stance")
    sh = np.where(has, s, 0)
    if (sh < 0).any() or (sh > 1).any() or (c < 0).any():
        raise InputError("saliences must be in [0, salience_scale] and capabilities >= 0")
    if not (np.isfinite(x[has]).all() and np.isfinite(s[has]).all() and np.isfinite(c).all()):
        raise InputError("positions, saliences and capabilities must be finite")


def exchange_batch(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    params: ExchangeParams,
    salience_scale: float = 100.0,
) -> ForecastResult:
    """Run the equal-gain exchange model on every sample of a batch.

    Parameters
    ----------
    positions : ndarray, shape (n_samples, n_actors, n_issues)
        NaN where an actor takes no stance.
    saliences : ndarray, shape (n_samples, n_actors, n_issues)
        On 0-``salience_scale``.
    capabilities : ndarray, shape (n_samples, n_actors)
    params : ExchangeParams
        ``rate`` must be ``"equal_gain"``.
    salience_scale : float

    Returns
    -------
    ForecastResult
        With the sample axis first: ``forecast`` (n_samples, n_issues) equal to each sample's
        :func:`~accord.forecast.exchange.exchange` forecast; ``trajectory`` and ``forecast_by_round`` over
        the batch's longest run, each run padded with its last row; ``converged`` True when every run
        converged; no ``moves``.

    Raises
    ------
    InputError
        For the random rate, or when some sample is invalid.
    """
    if params.rate != "equal_gain":
        raise InputError("the random-rate exchange model draws per sample: run each sample on its own")
    x = np.asarray(positions, dtype=float)
    if x.ndim != 3:
        raise InputError("positions must have shape (n_samples, n_actors, n_issues)")
    s = np.asarray(saliences, dtype=float) / salience_scale
    c = np.asarray(capabilities, dtype=float)
    _validate(x, s, c)
    if find_spec("numba") is None:
        return _one_by_one(x, np.asarray(saliences, dtype=float), c, params, salience_scale)
    from .exchange_jit import exchange_rounds

    has = ~np.isnan(x)
    s = np.where(has, s, 0.0)
    n_s = x.shape[0]
    lam = params.salience_weight * (1.0 - s) + params.fixed_weight
    start = x.copy()
    rows = [x.copy()]
    length = np.ones(n_s, dtype=np.int64)  # rows of each run's trajectory
    converged = np.zeros(n_s, dtype=bool)
    active = np.arange(n_s)
    for _ in range(params.max_rounds):
        if not len(active):
            break
        xa, sa, ca, ha = start[active], s[active], c[active], has[active]
        # exchange_round's numpy steps, on the stack
        wgt = np.where(ha, ca[:, :, None] * sa, 0.0)
        tot = wgt.sum(axis=1, keepdims=True)
        ratio = np.divide(wgt, tot, out=np.zeros_like(wgt), where=tot > 0)
        out = compromise(xa, sa, ca)[:, None, :]
        gap = np.nan_to_num(xa) - out
        side = np.where(ha & (np.abs(gap) > 1e-9 * (1.0 + np.abs(out))), np.sign(gap), 0.0)
        y = np.empty_like(xa)
        count = np.zeros(len(active), dtype=np.int64)
        exchange_rounds(xa, sa, ca, ratio, side, y, count)
        stop = count == 0
        converged[active[stop]] = True
        active, y, ha = active[~stop], y[~stop], ha[~stop]
        if not len(active):
            break
        row = rows[-1].copy()
        row[active] = y
        rows.append(row)
        length[active] += 1
        # voting positions pulled back toward the preferences, the more so the more salient the issue
        la = lam[active]
        start[active] = np.where(ha, (1.0 - la) * x[active] + la * y, np.nan)
    traj = np.array(rows).transpose(1, 0, 2, 3)
    # Rows past a run's end hold its last row (a run that stopped is not updated): padding.
    r1 = traj.shape[1]
    by_round = compromise(traj, np.broadcast_to(s[:, None], traj.shape), np.repeat(c[:, None], r1, axis=1))
    return ForecastResult(
        model="exchange",
        forecast=by_round[np.arange(n_s), length - 1].copy(),
        trajectory=traj,
        forecast_by_round=by_round,
        converged=bool(converged.all()),
        n_rounds=len(rows) - 1,
        params={**params.__dict__, "salience_scale": salience_scale},
    )


def _one_by_one(
    x: FloatArray, s: FloatArray, c: FloatArray, params: ExchangeParams, salience_scale: float
) -> ForecastResult:
    """The batch's result from one :func:`~accord.forecast.exchange.exchange` run per sample."""
    from .exchange import exchange

    runs = [exchange(x[i], s[i], c[i], params, 0, salience_scale) for i in range(x.shape[0])]
    rounds = max(r.n_rounds for r in runs)

    def pad(a: FloatArray) -> FloatArray:
        return np.concatenate([a, np.repeat(a[-1:], rounds + 1 - len(a), axis=0)])

    return ForecastResult(
        model="exchange",
        forecast=np.array([r.forecast for r in runs]),
        trajectory=np.array([pad(r.trajectory) for r in runs]),
        forecast_by_round=np.array([pad(r.forecast_by_round) for r in runs]),
        converged=all(r.converged for r in runs),
        n_rounds=rounds,
        params={**params.__dict__, "salience_scale": salience_scale},
    )
