"""The SMP's inputs on KTAB's unit scale, for one input or for a batch of samples at once.

KTAB has no missing stances: an actor without a stance on an issue gets salience 0 there and the
capability x salience weighted mean of the stated positions (bibliography: WiseIntro, KTAB). A sweep
prepares thousands of samples of one scenario, so :func:`_prepare_batch` does every sample in a few numpy
calls, with the same bits as one ``_prepare`` per sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .arrays import ForecastInput

FloatArray = NDArray[np.float64]

#: Largest number of actors for which :func:`_prepare_batch` sums as numpy sums one sample's stances:
#: numpy adds fewer than 8 elements one after the other (its pairwise sum starts at 8), which is the order
#: of a sum over the actor axis, zeros for the missing stances included (x + 0 is x).
_SEQUENTIAL = 7


@dataclass(frozen=True)
class _Prepared:
    """One input of :class:`~accord.forecast.smp.SMPModel` on the unit scale (see ``SMPModel._prepare``)."""

    cap: FloatArray
    unit: FloatArray
    sal: FloatArray
    acc: FloatArray | None
    names: list[str]
    keep: NDArray[np.bool_]
    width: FloatArray
    lo: FloatArray
    shape: tuple[int, ...]


def _fill(unit: FloatArray, has: NDArray[np.bool_], w: FloatArray) -> FloatArray:
    """Per issue, where absent actors stand: the weighted mean of the stated positions (0.5 if none)."""
    return np.array(
        [
            np.average(unit[has[:, k], k], weights=w[has[:, k], k])
            if w[has[:, k], k].sum() > 0
            else np.nanmean(unit[:, k])
            if has[:, k].any()
            else 0.5
            for k in range(unit.shape[1])
        ]
    )


def _prepare_batch(arrays: ForecastInput) -> list[_Prepared] | None:
    """``SMPModel._prepare`` of every sample of ``arrays``, or None where the batch cannot be done at once.

    Done at once when every sample has the same actors with a stance, at least 2 and at most
    :data:`_SEQUENTIAL` actors (so that the sums below are numpy's sums of each sample, bit for bit).
    """
    pos = np.array(arrays.positions, dtype=float)  # (S, n, m)
    sal = np.array(arrays.saliences, dtype=float)
    cap = np.array(arrays.capabilities, dtype=float)
    if pos.ndim != 3 or pos.shape[1] > _SEQUENTIAL:
        return None
    has = ~np.isnan(pos)
    keep = has.any(axis=2)
    if not (keep == keep[0]).all() or keep[0].sum() < 2:
        return None
    lo, hi = arrays.scale_lo, arrays.scale_hi
    width = np.where(hi > lo, hi - lo, 1.0)
    unit = np.clip((pos - lo) / width, 0.0, 1.0)
    # _fill per sample and issue: np.average's sum(a * w) / sum(w) over the stated stances, else the
    # nanmean of the stated positions, else 0.5
    w = np.where(has, cap[:, :, None] * sal, 0.0)
    stated = np.where(has, unit, 0.0)
    w_sum = np.where(has, w, 0.0).sum(axis=1)
    count = has.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        average = np.where(has, stated * w, 0.0).sum(axis=1) / w_sum
        mean = stated.sum(axis=1) / count
    fill = np.where(w_sum > 0, average, np.where(count > 0, mean, 0.5))
    unit = np.where(has, unit, fill[:, None, :])
    sal = np.where(has, sal, 0.0)
    acc = None if arrays.accommodation is None else arrays.accommodation[np.ix_(keep[0], keep[0])]
    names = [a for a, k in zip(arrays.actor_names, keep[0], strict=True) if k]
    kept = keep[0]
    shape = pos.shape[1:]
    return [
        _Prepared(cap[i, kept], unit[i, kept], sal[i, kept] / 100.0, acc, names, kept, width, lo, shape)
        for i in range(len(pos))
    ]
