"""The expected-utility model on a batch of inputs: every (sample, issue) run in one numpy round loop.

:func:`~accord.forecast.eum.eum_issue` plays one issue of one input in rounds of a dozen small numpy
calls, so an uncertainty sweep (thousands of samples, each a few dozen issues) spends its time on call
overhead. :func:`eum_batch` stacks the runs of every issue of every sample that have the same number of
actors into ``(B, n)`` arrays and plays their rounds together, a run leaving the stack when it converges
or cycles. Each quantity is the same expression as in :mod:`accord.forecast.eum_kernels`, along the same
axes, so the forecasts are those of one :meth:`ExpectedUtilityModel.run
<accord.forecast.eum.ExpectedUtilityModel.run>` per sample (``tests/forecast/test_eum_batched.py``
compares them; bibliography: Scholz2011). The offer an actor accepts is picked by the same keys as the
lexicographic sort of :func:`~accord.forecast.eum.eum_issue`, in the same order, by successive minima.

A batch gives no explanation trail (``moves`` is empty): runs that need one run per sample.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .eum_kernels import _EPS, CAPITULATION, COMPROMISE, CONFLICT
from .result import ForecastResult

if TYPE_CHECKING:
    from .eum import EUMParams

__all__ = ["eum_batch"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _medians(x: FloatArray, w: FloatArray) -> FloatArray:
    """:func:`~accord.forecast.eum_kernels._median` of each row: the Condorcet winner (weighted median)."""
    w = np.where((w.sum(axis=1) <= 0)[:, None], 1.0, w)
    # t[b, j] = sum_i |x_i - x_j| w_i: the matrix-vector product of _median, one per row.
    t = np.matmul(np.abs(x[:, :, None] - x[:, None, :]).transpose(0, 2, 1), w[:, :, None])[:, :, 0]
    tmin = t.min(axis=1)
    best = t <= (tmin + 1e-12 * np.maximum(np.abs(tmin), 1.0))[:, None]
    lo = np.where(best, x, np.inf).min(axis=1)
    hi = np.where(best, x, -np.inf).max(axis=1)
    out: FloatArray = (lo + hi) / 2.0
    return out


def _win_probabilities(x: FloatArray, w: FloatArray) -> FloatArray:
    """:func:`~accord.forecast.eum_kernels._win_probabilities` per row: P[b, i, j]."""
    d = np.abs(x[:, :, None] - x[:, None, :])  # d[b, k, i] = |x_k - x_i|
    diff = d[:, :, None, :] - d[:, :, :, None]  # diff[b, k, i, j] = |x_k - x_j| - |x_k - x_i|
    num = np.einsum("bk,bkij->bij", w, np.maximum(diff, 0.0))
    den = np.einsum("bk,bkij->bij", w, np.abs(diff))
    out: FloatArray = np.divide(num, den, out=np.full_like(num, 0.5), where=den > 0)
    return out


def _expected_utilities(
    x: FloatArray,
    s: FloatArray,
    p: FloatArray,
    mu: FloatArray,
    span: FloatArray,
    r: FloatArray,
    q: float,
    t_rule: str,
) -> FloatArray:
    """:func:`~accord.forecast.eum_kernels.expected_utilities` per row: E[b, i, j] = E_i(U_ij)."""
    sp = span[:, None, None]
    d = np.minimum(np.abs(x[:, :, None] - x[:, None, :]) / sp, 1.0)
    dm = np.minimum(np.abs(x - mu[:, None]) / span[:, None], 1.0)[:, :, None]
    rr = r[:, :, None]
    u_s = 2.0 - 4.0 * (0.5 - 0.5 * d) ** rr
    u_f = 2.0 - 4.0 * (0.5 + 0.5 * d) ** rr
    u_sq = 2.0 - 4.0 * 0.5**rr
    sj = s[:, None, :]
    eu: FloatArray = sj * (p * u_s + (1.0 - p) * u_f) + (1.0 - sj) * u_s - q * u_sq
    if q < 1.0:
        u_b = 2.0 - 4.0 * np.maximum(0.5 - 0.25 * (dm + d), 0.0) ** rr
        u_w = 2.0 - 4.0 * np.minimum(0.5 + 0.25 * (dm + d), 1.0) ** rr
        if t_rule == "closer":
            t = (dm < d).astype(float)
        elif t_rule == "always":
            t = np.ones_like(d)
        else:
            t = np.zeros_like(d)
        eu = eu - (1.0 - q) * (t * u_b + (1.0 - t) * u_w)
    n = x.shape[1]
    eu[:, np.arange(n), np.arange(n)] = 0.0
    return eu


def _risk_exponents(e1: FloatArray) -> FloatArray:
    """:func:`~accord.forecast.eum_kernels._risk_exponents` per row."""
    sec = e1.sum(axis=1)
    lo, hi = sec.min(axis=1, keepdims=True), sec.max(axis=1, keepdims=True)
    flat = hi - lo <= 1e-12 * np.maximum(np.abs(hi), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        big_r = (2.0 * sec - hi - lo) / (hi - lo)
    out: FloatArray = np.where(flat, 1.0, (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0))
    return out


def _offers(x: FloatArray, eu: FloatArray) -> tuple[FloatArray, NDArray[np.int64]]:
    """:func:`~accord.forecast.eum_kernels._offers` per row: new[b, loser, winner], kind[b, loser, winner]."""
    a = eu  # a[b, w, l] = E_w(U_wl)
    b = eu.transpose(0, 2, 1)
    conflict = (a > _EPS) & (b > _EPS) & (a > b + _EPS)
    opposite = (a > _EPS) & (b <= _EPS)
    compromise = opposite & (a > np.abs(b) + _EPS)
    capitulation = opposite & ~compromise
    xw = x[:, :, None]
    xl = x[:, None, :]
    frac = np.divide(np.abs(b), a, out=np.zeros_like(a), where=a > 0)
    pos = np.where(compromise, xl + (xw - xl) * frac, xw)
    kind = np.full(a.shape, -1, dtype=np.int64)
    for mask, code in ((conflict, CONFLICT), (compromise, COMPROMISE), (capitulation, CAPITULATION)):
        kind[mask] = code
    kind = kind.transpose(0, 2, 1)
    n = x.shape[1]
    kind[:, np.arange(n), np.arange(n)] = -1
    new = np.where(kind >= 0, pos.transpose(0, 2, 1), np.nan)
    return new, kind


def _accepted(
    x: FloatArray, eu: FloatArray, new: FloatArray, kind: NDArray[np.int64], selection: str
) -> FloatArray:
    """Each actor's position after accepting one offer: eum_issue's lexsort, as successive minima.

    Keys, most significant first: the offer's type (``priority`` only), the size of the move, minus the
    challenger's EU, the new position; equal on all four, the lowest challenger (lexsort is stable).
    """
    valid = kind >= 0
    cand = valid.copy()
    move = np.abs(new - x[:, :, None])
    keys = [move, -eu.transpose(0, 2, 1), new]
    if selection == "priority":
        keys.insert(0, kind.astype(float))
    for key in keys:
        low = np.where(cand, key, np.inf).min(axis=2, keepdims=True)
        cand &= key == low
    winner = np.argmax(cand, axis=2)[:, :, None]
    taken = np.take_along_axis(new, winner, axis=2)[:, :, 0]
    out: FloatArray = np.where(valid.any(axis=2), taken, x)
    return out


def _group(
    x: FloatArray, s: FloatArray, c: FloatArray, span: FloatArray, params: EUMParams
) -> tuple[FloatArray, FloatArray, NDArray[np.int64], NDArray[np.int64], BoolArray]:
    """Play the runs of one stack of issues, each of n actors (rows of ``x``).

    Returns
    -------
    positions : ndarray, shape (R + 1, B, n)
        Positions by round; a run that stopped keeps its last row.
    medians : ndarray, shape (R + 1, B)
    length : ndarray of int, shape (B,)
        Rows of each run (its rounds + 1).
    cycle : ndarray of int, shape (B,)
    converged : ndarray of bool, shape (B,)
    """
    n_b, n = x.shape
    x = x.copy()
    w = c * s
    hist_x = [x.copy()]
    hist_m = [_medians(x, w)]
    length = np.ones(n_b, dtype=np.int64)
    cycle = np.zeros(n_b, dtype=np.int64)
    still = (n < 2) | (span <= 0) | (x.max(axis=1) - x.min(axis=1) <= 0) | (w.sum(axis=1) <= 0)
    converged = still.copy()
    active = np.flatnonzero(~still)
    for rnd in range(1, params.max_rounds + 1):
        if not len(active):
            break
        xa, sa, wa, spa = x[active], s[active], w[active], span[active]
        mu = hist_m[-1][active]
        p = _win_probabilities(xa, wa)
        if params.risk == "security":
            e1 = _expected_utilities(xa, sa, p, mu, spa, np.ones_like(xa), params.q, params.t_rule)
            r = _risk_exponents(e1)
        else:
            r = np.ones_like(xa)
        eu = _expected_utilities(xa, sa, p, mu, spa, r, params.q, params.t_rule)
        new, kind = _offers(xa, eu)
        x_next = _accepted(xa, eu, new, kind, params.offer_selection)
        shift = np.abs(x_next - xa).max(axis=1)
        x[active] = x_next
        med = hist_m[-1].copy()
        med[active] = _medians(x_next, wa)
        hist_x.append(x.copy())
        hist_m.append(med)
        length[active] += 1
        done = shift <= params.tol * spa
        converged[active[done]] = True
        # A return to an earlier state other than standing still is a cycle (every active run has
        # played the same rounds, so their histories line up).
        moved = ~done & ~(hist_x[-2][active] == x_next).all(axis=1)
        last = np.full(len(active), -1)
        for k in range(len(hist_x) - 2):
            last = np.where((hist_x[k][active] == x_next).all(axis=1), k, last)
        cyc = moved & (last >= 0)
        cycle[active[cyc]] = rnd - last[cyc]
        active = active[~done & ~cyc]
    return np.array(hist_x), np.array(hist_m), length, cycle, converged


def eum_batch(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    params: EUMParams,
    scale_lo: FloatArray | None = None,
    scale_hi: FloatArray | None = None,
    salience_scale: float = 100.0,
) -> ForecastResult:
    """Run the EUM on every issue of every sample of a batch (bibliography: Scholz2011).

    Parameters
    ----------
    positions : ndarray, shape (n_samples, n_actors, n_issues)
        NaN where an actor takes no stance.
    saliences : ndarray, shape (n_samples, n_actors, n_issues)
        On 0-``salience_scale``.
    capabilities : ndarray, shape (n_samples, n_actors)
    params : EUMParams
    scale_lo, scale_hi : ndarray, shape (n_issues,), optional
        Issue scale ends (used with ``params.scale == "issue"``).
    salience_scale : float

    Returns
    -------
    ForecastResult
        With the sample axis first: ``forecast`` (n_samples, n_issues) equal to each sample's
        :func:`~accord.forecast.eum.eum` forecast; ``trajectory`` and ``forecast_by_round`` over the
        batch's longest run, every run padded with its last row; ``converged`` True when every run met the
        convergence rule; ``params["cycles"]`` one ``{issue: period}`` per sample; no ``moves``.

    Raises
    ------
    InputError
        When some sample is invalid (:func:`~accord.forecast.eum.eum` names which).
    """
    x = np.asarray(positions, dtype=float)
    if x.ndim != 3:
        raise InputError("positions must have shape (n_samples, n_actors, n_issues)")
    s = np.asarray(saliences, dtype=float) / salience_scale
    c = np.asarray(capabilities, dtype=float)
    n_s, n_a, n_i = x.shape
    has = ~np.isnan(x)
    if not has.any(axis=1).all():
        raise InputError("an issue of some sample has no actor with a stance")
    cc = np.broadcast_to(c[:, :, None], x.shape)
    sh, ch = np.where(has, s, 0.0), np.where(has, cc, 0.0)
    ok = np.isfinite(np.where(has, x, 0.0)) & np.isfinite(sh) & np.isfinite(ch)
    if not ok.all() or (sh < 0).any() or (sh > 1).any() or (ch < 0).any():
        raise InputError("some sample has a non-finite input, a salience off [0, 1] or a negative capability")
    # One run per (sample, issue), stacked by its number of actors; members in actor order.
    xt, st, ct, ht = (a.transpose(0, 2, 1) for a in (x, s, cc, has))
    count = ht.sum(axis=2)
    if params.scale == "issue" and scale_lo is not None and scale_hi is not None:
        issue_span = np.asarray(scale_hi, dtype=float) - np.asarray(scale_lo, dtype=float)
    else:
        issue_span = None
    forecast = np.empty((n_s, n_i))
    runs: list[tuple[NDArray[np.intp], NDArray[np.intp], Any]] = []
    cycles: list[dict[int, int]] = [{} for _ in range(n_s)]
    converged = True
    for n in np.unique(count).tolist():
        smp_idx, iss_idx = np.nonzero(count == n)
        sel = ht[smp_idx, iss_idx]
        gx = xt[smp_idx, iss_idx][sel].reshape(-1, n)
        gs = st[smp_idx, iss_idx][sel].reshape(-1, n)
        gc = ct[smp_idx, iss_idx][sel].reshape(-1, n)
        span = issue_span[iss_idx] if issue_span is not None else gx.max(axis=1) - gx.min(axis=1)
        hx, hm, length, cycle, conv = _group(gx, gs, gc, span, params)
        converged = converged and bool(conv.all())
        fc = hm[length - 1, np.arange(len(length))]
        for b in np.flatnonzero(cycle).tolist():
            fc[b] = float(np.ascontiguousarray(hm[: length[b], b])[-int(cycle[b]) :].mean())
            cycles[int(smp_idx[b])][int(iss_idx[b])] = int(cycle[b])
        forecast[smp_idx, iss_idx] = fc
        runs.append((smp_idx, iss_idx, (sel, hx, hm)))
    n_rounds = max(len(r[2][2]) for r in runs) - 1
    traj = np.repeat(x[:, None], n_rounds + 1, axis=1)
    by_round = np.empty((n_s, n_rounds + 1, n_i))
    for smp_idx, iss_idx, (sel, hx, hm) in runs:
        pad = n_rounds + 1 - len(hm)
        hx = np.concatenate([hx, np.repeat(hx[-1:], pad, axis=0)])
        hm = np.concatenate([hm, np.repeat(hm[-1:], pad, axis=0)])
        by_round[smp_idx, :, iss_idx] = hm.T
        block = traj[smp_idx, :, :, iss_idx]  # (B, R + 1, n_actors)
        block.transpose(0, 2, 1)[sel] = hx.transpose(1, 2, 0).reshape(-1, n_rounds + 1)
        traj[smp_idx, :, :, iss_idx] = block
    return ForecastResult(
        model="eum",
        forecast=forecast,
        trajectory=traj,
        forecast_by_round=by_round,
        converged=converged,
        n_rounds=n_rounds,
        params={**params.__dict__, "salience_scale": salience_scale, "cycles": cycles},
    )
