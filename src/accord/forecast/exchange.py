"""Stokman's exchange model: actors trade voting positions between issues they care unequally about.

Algorithm (one round; Stokman & van Oosten 1994, Stokman, van der Knoop & van Oosten 2013, bibliography:
Stokman1994, Stokman2013; c capability, s salience in [0, 1], x voting position)

1. Outcome of every issue: O_d = sum_i c_i s_id x_id / sum_i c_i s_id (the compromise model), and the
   exchange ratio w_id = c_i s_id / sum_k c_k s_kd: moving x_id by D shifts O_d by w_id D.
2. A possible exchange (i, j, p, q): i cares relatively more about p and j about q
   (s_ip s_jq > s_iq s_jp), and on both issues i and j lie on opposite sides of the outcome. j moves its
   voting position on p toward x_ip by D_jp, i moves on q toward x_jq by D_iq.
   Gains (salience-weighted outcome shifts): G_i = s_ip w_jp D_jp - s_iq w_iq D_iq,
   G_j = s_jq w_iq D_iq - s_jp w_jp D_jp.
3. Exchange rate (parameter ``rate``): in the Equal-Gain model (``"equal_gain"``) D_iq / D_jp is set so
   that G_i = G_j; in the random-rate model (``"random"``; Dijkstra, van Assen, Stokman & Draaijer 2018,
   bibliography: Dijkstra2018) i's share of the total gain is drawn uniformly
   from [1/2 - p/2, 1/2 + p/2] with a seeded numpy Generator. The size is the largest for which neither
   actor moves past the other's position: one of the two moves all the way.
4. Exchanges are realised in decreasing order of total gain; one realised, every other exchange that
   would move the same actor on the same issue again is dropped (an actor moves at most once per issue
   per round). **Tie-break** (documented choice; Decide draws ties with an unseeded generator): equal
   gains go to the exchange on the lower-numbered issue pair, then to the one whose actors have the
   smaller positions, saliences and capabilities (see :func:`_tie_break_order`): deterministic, and
   independent of the order in which actors are listed.
5. Round update: the next round's voting position is pulled back toward the preference,
   x' = (1 - lam) x + lam y with lam = ``salience_weight`` (1 - s) + ``fixed_weight`` (0.4 and 0.1), where
   x is the actor's *preference* (its stated position, which never changes) and y its voting position
   after the round's exchanges (bibliography: Stokman2013): an actor gives up little of a salient
   preference.

Documented choices: exchanges within a round are all computed from the round's starting positions (no
re-evaluation after each realised exchange); gains use the round's starting positions; actors without a
stance on an issue take no part in exchanges on it. The model stops when a round has no possible
exchange (``converged``) or after ``max_rounds``.

``trajectory[t]`` holds the voting positions after round t's exchanges (row 0 the input) and
``forecast_by_round[t]`` their outcome; the forecast is the outcome after the last round.

References
----------
.. [Stokman1994] F. N. Stokman and R. van Oosten (1994), "The exchange of voting positions: an
   object-oriented model of policy networks", in *European Community Decision Making*, Yale UP.
.. [Stokman2013] F. N. Stokman, J. van der Knoop and R. van Oosten (2013), "Modeling collective
   decision-making", in R. Wittek, T. Snijders, V. Nee (eds.), *Handbook of Rational Choice Social
   Research*, Stanford UP.
.. [Dijkstra2018] J. Dijkstra, M. A. L. M. van Assen, F. N. Stokman and J. Draaijer (2018), on
   randomized exchange rates in the exchange model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .arrays import ForecastInput
from .base import ForecastModel, bad_param, check_choice, check_count
from .baseline import compromise
from .result import ForecastResult, Move

__all__ = ["ExchangeParams", "exchange_round", "exchange", "ExchangeModel"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ExchangeParams:
    """Parameters of the exchange model (see the module docstring)."""

    rate: Literal["equal_gain", "random"] = "equal_gain"
    p: float = 1.0
    salience_weight: float = 0.4
    fixed_weight: float = 0.1
    max_rounds: int = 10

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise :class:`~accord.errors.InputError` on an out-of-range or unknown parameter."""
        check_choice("exchange", "rate", self.rate, ("equal_gain", "random"))
        if not 0.0 <= self.p <= 1.0:
            raise bad_param("exchange", "p", f"must be in [0, 1], got {self.p}")
        if not (0 <= self.fixed_weight <= 1 and 0 <= self.salience_weight <= 1 - self.fixed_weight):
            need = "need 0 <= fixed_weight and 0 <= salience_weight <= 1 - fixed_weight"
            raise bad_param("exchange", "salience_weight", need)
        check_count("exchange", "max_rounds", self.max_rounds, 0)


def _tie_break_order(
    total: FloatArray,
    i: NDArray[np.intp],
    j: NDArray[np.intp],
    p: NDArray[np.intp],
    q: NDArray[np.intp],
    x: FloatArray,
    s: FloatArray,
    c: FloatArray,
    sel: NDArray[np.intp],
) -> NDArray[np.intp]:
    """Order of the candidate exchanges ``sel``: decreasing total gain, then a tie-break on the data.

    Ties are broken on what the exchange *is*, never on actor indices, so that reordering the actors
    cannot change the result: the exchange is described from its lower-numbered issue ``lo`` (actor M moves
    on it) and higher issue ``hi`` (actor N moves on it), and ties go to the smaller (lo, hi), then to the
    smaller data of M, then of N: capability, then saliences and positions on every issue (not only on
    ``lo`` and ``hi``: two actors alike on those two but not elsewhere move differently in later rounds).
    Exchanges equal in all of these involve actors with identical data, whose outcomes are the same.
    Gains are rounded to 10 decimals first, so float noise from summation order does not decide.
    """
    ii, jj, pp, qq = i[sel], j[sel], p[sel], q[sel]
    lo_first = pp < qq  # j moves on p; i moves on q
    mover_lo = np.where(lo_first, jj, ii)
    mover_hi = np.where(lo_first, ii, jj)
    lo = np.minimum(pp, qq)
    hi = np.maximum(pp, qq)
    # One row per actor: everything that distinguishes it (missing positions sort as -1); its dense rank
    # in lexicographic order stands for the whole row in the sort (identical actors share a rank).
    data = np.column_stack([c, s, np.where(np.isnan(x), -1.0, x)])
    rank = np.unique(data, axis=0, return_inverse=True)[1].ravel()
    keys = (rank[mover_hi], rank[mover_lo], hi, lo, -np.round(total[sel], 10))
    return np.lexsort(keys)  # the last key is the primary one


def exchange_round(
    x: FloatArray,
    s: FloatArray,
    c: FloatArray,
    params: ExchangeParams,
    rng: np.random.Generator | None = None,
) -> tuple[FloatArray, list[tuple[int, int, int, int, float, float, float, float]]]:
    """One round of exchanges.

    Parameters
    ----------
    x : ndarray, shape (n, m)
        Voting positions at the start of the round (NaN: no stance).
    s : ndarray, shape (n, m)
        Saliences in [0, 1].
    c : ndarray, shape (n,)
        Capabilities.
    params : ExchangeParams
    rng : numpy Generator, optional
        Needed for ``rate == "random"``.

    Returns
    -------
    y : ndarray, shape (n, m)
        Voting positions after the round's exchanges.
    done : list of (i, j, p, q, D_jp, D_iq, G_i, G_j)
        Realised exchanges in order: j moved on p by D_jp toward i, i moved on q by D_iq toward j.
    """
    n, m = x.shape
    has = ~np.isnan(x)
    wgt = np.where(has, c[:, None] * s, 0.0)
    tot = wgt.sum(axis=0)
    ratio = np.divide(wgt, tot, out=np.zeros_like(wgt), where=tot > 0)  # w_id
    out = compromise(x, s, c)
    gap = np.nan_to_num(x) - out
    # -1 / 0 / +1 relative to the outcome; within float noise of it counts as on it.
    side = np.where(has & (np.abs(gap) > 1e-9 * (1.0 + np.abs(out))), np.sign(gap), 0.0)
    xz = np.nan_to_num(x)
    # Axes: i, j, p, q. i demands p (j moves on p), j demands q (i moves on q).
    si_p = s[:, None, :, None]
    si_q = s[:, None, None, :]
    sj_p = s[None, :, :, None]
    sj_q = s[None, :, None, :]
    opposite_p = (side[:, None, :] * side[None, :, :]) < 0  # (i, j, p)
    ok = (si_p * sj_q > si_q * sj_p) & opposite_p[:, :, :, None] & opposite_p[:, :, None, :]
    ok &= np.triu(np.ones((n, n), dtype=bool), 1)[:, :, None, None]  # each pair once: i < j
    ok &= ~np.eye(m, dtype=bool)[None, None]
    wj_p = ratio[None, :, :, None]
    wi_q = ratio[:, None, None, :]
    ok &= (wj_p > 0) & (wi_q > 0)
    idx = np.argwhere(ok)
    if len(idx) == 0:
        return x.copy(), []
    i, j, p, q = idx.T
    sip, siq, sjp, sjq = s[i, p], s[i, q], s[j, p], s[j, q]
    wjp, wiq = ratio[j, p], ratio[i, q]
    if params.rate == "random":
        if rng is None:
            raise ValueError("the random-rate variant needs a numpy Generator (pass seed)")
        theta = rng.uniform(0.5 - params.p / 2, 0.5 + params.p / 2, size=len(i))
    else:
        theta = np.full(len(i), 0.5)
    # rho = D_iq / D_jp giving i the share theta of the total gain (theta = 1/2: equal gain).
    rho = wjp * (sip - theta * (sip - sjp)) / (wiq * (siq + theta * (sjq - siq)))
    gap_p = np.abs(xz[i, p] - xz[j, p])
    gap_q = np.abs(xz[j, q] - xz[i, q])
    d_jp = np.minimum(gap_p, gap_q / rho)
    d_iq = rho * d_jp
    g_i = sip * wjp * d_jp - siq * wiq * d_iq
    g_j = sjq * wiq * d_iq - sjp * wjp * d_jp
    total = g_i + g_j
    keep = (total > 1e-12) & (d_jp > 0)
    order = np.flatnonzero(keep)
    order = order[_tie_break_order(total, i, j, p, q, x, s, c, order)]
    y = x.copy()
    moved: set[tuple[int, int]] = set()
    done = []
    # Greedy in order: sequential by nature; plain ints and a set keep the loop cheap.
    for k, a, b, pp, qq in zip(
        order.tolist(),
        i[order].tolist(),
        j[order].tolist(),
        p[order].tolist(),
        q[order].tolist(),
        strict=True,
    ):
        if (b, pp) in moved or (a, qq) in moved:
            continue
        moved.add((b, pp))
        moved.add((a, qq))
        y[b, pp] = x[b, pp] + np.sign(x[a, pp] - x[b, pp]) * d_jp[k]
        y[a, qq] = x[a, qq] + np.sign(x[b, qq] - x[a, qq]) * d_iq[k]
        done.append((a, b, pp, qq, float(d_jp[k]), float(d_iq[k]), float(g_i[k]), float(g_j[k])))
    return y, done


def exchange(
    positions: FloatArray,
    saliences: FloatArray,
    capabilities: FloatArray,
    params: ExchangeParams | None = None,
    seed: int | np.random.Generator = 0,
    salience_scale: float = 100.0,
    actor_names: tuple[str, ...] | None = None,
    issue_names: tuple[str, ...] | None = None,
) -> ForecastResult:
    """Run the exchange model.

    Parameters
    ----------
    positions : ndarray, shape (n_actors, n_issues)
        NaN where an actor takes no stance.
    saliences : ndarray, shape (n_actors, n_issues)
        On 0-``salience_scale`` (default 0-100).
    capabilities : ndarray, shape (n_actors,)
    params : ExchangeParams, optional
    seed : int or numpy Generator, default 0
        Seeds the random-rate variant (ignored by the deterministic equal-gain model).
    salience_scale : float
    actor_names, issue_names : tuple of str, optional
        Used in the explanation trail.

    Returns
    -------
    ForecastResult
    """
    params = params or ExchangeParams()
    x = np.asarray(positions, dtype=float)
    if x.ndim != 2:
        raise InputError("positions must have shape (n_actors, n_issues)")
    s = np.asarray(saliences, dtype=float) / salience_scale
    c = np.asarray(capabilities, dtype=float)
    if s.shape != x.shape or c.shape != (x.shape[0],):
        raise InputError("saliences must match positions, capabilities must have one entry per actor")
    has = ~np.isnan(x)
    if not has.any(axis=0).all():
        raise InputError(f"issue {int(np.flatnonzero(~has.any(axis=0))[0])}: no actor takes a stance")
    if (np.where(has, s, 0) < 0).any() or (np.where(has, s, 0) > 1).any() or (c < 0).any():
        raise InputError("saliences must be in [0, salience_scale] and capabilities >= 0")
    if not (np.isfinite(x[has]).all() and np.isfinite(s[has]).all() and np.isfinite(c).all()):
        raise InputError("positions, saliences and capabilities must be finite")
    s = np.where(has, s, 0.0)
    n, m = x.shape
    anames = actor_names or tuple(f"actor {i}" for i in range(n))
    inames = issue_names or tuple(f"issue {k}" for k in range(m))
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    lam = params.salience_weight * (1.0 - s) + params.fixed_weight
    start = x.copy()
    rows = [x.copy()]
    moves: list[Move] = []
    converged = False
    for rnd in range(1, params.max_rounds + 1):
        y, done = exchange_round(start, s, c, params, rng if params.rate == "random" else None)
        rows.append(y.copy())
        for a, b, pp, qq, _, _, g_i, g_j in done:
            moves.append(
                Move(
                    rnd,
                    b,
                    pp,
                    float(start[b, pp]),
                    float(y[b, pp]),
                    "exchange",
                    a,
                    f"moved on {inames[pp]} toward {anames[a]} in return for {anames[a]}'s move on "
                    f"{inames[qq]} (gains {g_j:.4f} / {g_i:.4f})",
                )
            )
            moves.append(
                Move(
                    rnd,
                    a,
                    qq,
                    float(start[a, qq]),
                    float(y[a, qq]),
                    "exchange",
                    b,
                    f"moved on {inames[qq]} toward {anames[b]} in return for {anames[b]}'s move on "
                    f"{inames[pp]} (gains {g_i:.4f} / {g_j:.4f})",
                )
            )
        if not done:
            converged = True
            rows.pop()
            break
        # Voting positions are pulled back toward the preferences, the more so the more salient the issue.
        start = np.where(has, (1.0 - lam) * x + lam * y, np.nan)
    traj = np.array(rows)
    by_round = np.array([compromise(r, s, c) for r in traj])
    return ForecastResult(
        model="exchange",
        forecast=by_round[-1].copy(),
        trajectory=traj,
        forecast_by_round=by_round,
        converged=converged,
        n_rounds=len(rows) - 1,
        moves=tuple(moves),
        params={
            **params.__dict__,
            "seed": seed if not isinstance(seed, np.random.Generator) else "generator",
            "salience_scale": salience_scale,
        },
    )


@dataclass(frozen=True)
class ExchangeModel(ExchangeParams, ForecastModel):
    """The exchange model as a registered model: its parameters are the fields of :class:`ExchangeParams`.

    It trades voting positions between issues, so it forecasts the issues of a proposal jointly
    (``joint_issues``). The random-rate variant draws its exchange rates from ``rng``.

    References
    ----------
    (bibliography: Stokman1994, Stokman2013, Dijkstra2018)
    """

    name: ClassVar[str] = "exchange"
    title: ClassVar[str] = "Exchange model (Stokman & van Oosten 1994)"
    joint_issues: ClassVar[bool] = True
    batched: ClassVar[bool] = True

    def run(self, arrays: ForecastInput, rng: np.random.Generator | None = None) -> ForecastResult:
        """Forecast every issue of ``arrays``; ``rng`` (default seed 0) feeds the random-rate variant.

        A leading sample axis runs every sample together (equal-gain rate only:
        :func:`~accord.forecast.exchange_batched.exchange_batch`, the same forecasts as one run per
        sample, without the explanation trail).
        """
        if arrays.n_samples is not None:
            from .exchange_batched import exchange_batch

            return exchange_batch(arrays.positions, arrays.saliences, arrays.capabilities, self)
        return exchange(
            arrays.positions,
            arrays.saliences,
            arrays.capabilities,
            self,
            np.random.default_rng(0) if rng is None else rng,
            100.0,
            arrays.actor_names,
            arrays.issue_names,
        )
