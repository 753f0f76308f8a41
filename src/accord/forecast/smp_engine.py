"""The SMP's round loop (:func:`smp_run`) and its full record (:class:`SMPRun`), on KTAB's unit scale.

:mod:`accord.forecast.smp` documents the model and wraps the record in a
:class:`~accord.forecast.result.ForecastResult` (bibliography: WiseIntro, WiseMulti, KTAB).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from .smp_kernels import challenges, distance, interpolate, unique_groups
from .smp_rules import (
    MIN_COALITION,
    SMPParams,
    estimated_risk,
    pce,
    risk_attitudes,
    risk_utility,
)

__all__ = [
    "smp_run",
    "fractional_change",
    "bargain_utilities",
    "queue_utilities",
    "SMPRun",
    "SMPRound",
    "Chooser",
    "MIN_GAIN",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Smallest expected gain that makes a challenge worth making (KTAB's threshold).
MIN_GAIN = 1e-5
#: Denominator guard of the stopping rule (KTAB adds 1e-4 to the first step's change).
_STOP_EPS = 1e-4
#: ``chooser(turn, actor, options, probs) -> index`` picks a bargain in Stochastic mode; ``turn`` counts
#: from 0 (KTAB's "turn"), ``options`` are ``(initiator, target)`` pairs in queue order, ``(actor, actor)``
#: (the status quo) first, and ``probs`` their PCE probabilities. Used to replay recorded runs.
Chooser = Callable[[int, int, list[tuple[int, int]], FloatArray], int]


@dataclass(frozen=True)
class SMPRound:
    """What happened in one round (turn) of the SMP.

    Attributes
    ----------
    risk : ndarray, shape (n_actors,)
        Risk attitudes inferred at the start of the round.
    targets : ndarray, shape (n_actors,)
        Whom each actor challenged (-1: no advantageous target).
    gains : ndarray, shape (n_actors,)
        The initiator's own estimate of its expected gain from that challenge (0 where none).
    p_win : ndarray, shape (n_actors,)
        The initiator's estimate of the probability that it beats its target (NaN where none).
    chosen : list of tuple of int
        For each actor, the (initiator, target) bargain its queue settled on; ``(a, a)`` is its status quo.
    chosen_prob : ndarray, shape (n_actors,)
        PCE probability of the chosen bargain within the actor's queue.
    """

    risk: FloatArray
    targets: IntArray
    gains: FloatArray
    p_win: FloatArray
    chosen: list[tuple[int, int]]
    chosen_prob: FloatArray


@dataclass(frozen=True)
class SMPRun:
    """Full record of an SMP run on the unit scale (KTAB's internal scale).

    Attributes
    ----------
    positions : ndarray, shape (n_rounds + 1, n_actors, n_issues)
        Positions per state; row 0 is the input.
    ideals : ndarray, shape (n_rounds + 1, n_actors, n_issues)
        Ideal points per state.
    probs : ndarray, shape (n_rounds + 1, n_actors)
        Probability that each actor's position wins (KTAB's "prob" history; actors sharing a position
        share its probability).
    expected : ndarray, shape (n_rounds + 1, n_issues)
        Expected position per state under the PCE over distinct positions (the forecast statistic).
    fractional_change : ndarray, shape (n_rounds,)
        The stopping statistic after each round.
    rounds : list of SMPRound
        Per-round details.
    converged : bool
        Whether the stopping rule (rather than the round cap) ended the run.
    """

    positions: FloatArray
    ideals: FloatArray
    probs: FloatArray
    expected: FloatArray
    fractional_change: FloatArray
    rounds: list[SMPRound] = field(default_factory=list)
    converged: bool = False


def fractional_change(trajectory: ArrayLike) -> FloatArray:
    """KTAB's stopping statistic after each step of a trajectory (any scale; unit scale as in KTAB).

    ``sum_i |p_i(t) - p_i(t-1)| / (sum_i |p_i(1) - p_i(0)| + 1e-4)`` with Euclidean norms over issues; the
    run stops after the first step t >= 2 at which it falls below ``stop_fraction``. KTAB applies it on the
    unit scale, so pass positions divided by the scale's width.
    """
    traj = np.asarray(trajectory, dtype=float)
    steps = np.linalg.norm(np.diff(traj, axis=0), axis=2).sum(axis=1)
    if len(steps) == 0:
        return steps
    return steps / (steps[0] + _STOP_EPS)


# ------------------------------------------------------------------------------------------------ run


def smp_run(
    capabilities: ArrayLike,
    positions: ArrayLike,
    saliences: ArrayLike,
    params: SMPParams | None = None,
    *,
    scale: float | None = None,
    accommodation: ArrayLike | None = None,
    seed: int | np.random.Generator = 0,
    chooser: Chooser | None = None,
    ideals: ArrayLike | None = None,
) -> SMPRun:
    """Run KTAB's SMP and return the full record on the unit scale.

    Parameters are those of :func:`accord.forecast.smp.smp` (which wraps the record in a
    :class:`~accord.forecast.result.ForecastResult`); ``params`` defaults to KTAB's defaults.
    """
    p = params or SMPParams()
    cap, pos0, sal, unit = _validate(capabilities, positions, saliences, scale)
    n, m = pos0.shape
    max_rounds, precision, stop_fraction = p.max_rounds, p.precision, p.stop_fraction
    acc = _accommodation(accommodation, n)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)

    sal_sum = sal.sum(axis=1)
    sal_norm = (sal**2).sum(axis=1)
    w_chlg = cap * sal_sum
    pos, ideal = pos0.copy(), pos0.copy()
    if ideals is not None:
        # restart from a recorded state whose ideals have drifted from the positions
        ideal = np.asarray(ideals, dtype=float).reshape(pos0.shape) / unit
    hist_pos, hist_ideal, hist_prob = [pos.copy()], [ideal.copy()], []
    hist_expected: list[FloatArray] = []
    fractions: list[float] = []
    rounds: list[SMPRound] = []
    first_change = 0.0
    converged = False
    idx = np.arange(n)

    for t in range(max_rounds + 1):
        value = 1.0 - distance(ideal, pos, sal, sal_norm)
        # risk-neutral PCE over every actor's position (coinciding positions tie at 1/2)
        p_neutral = pce(
            p.pce_model, p.vote_rule, p.victory_prob_model, cap, value, min_coalition=MIN_COALITION
        )
        risk = risk_attitudes(p.big_r_range, p_neutral)
        util = risk_utility(value, risk[:, None])
        # KTAB's "prob": risk-aware PCE over the distinct positions
        first, group = unique_groups(pos)
        p_distinct = pce(p.pce_model, p.vote_rule, p.victory_prob_model, cap, util[:, first])
        hist_prob.append(p_distinct[group])
        hist_expected.append(p_distinct @ pos[first])
        if t == max_rounds or converged:
            break

        # --- challenges
        est = estimated_risk(p.big_r_adjust, risk)
        prob, gain = challenges(p, value, est, w_chlg, sal_sum)
        target = np.argmax(gain, axis=1)
        best = gain[idx, target]
        active = best > MIN_GAIN
        targets = np.where(active, target, -1)

        # --- bargains: one per active initiator, from the initiator's view
        init = idx[active]
        recv = target[active]
        p_init = prob[init, recv]
        args = (pos[init], pos[recv], sal[init], sal[recv])

        def grid(y: FloatArray) -> FloatArray:
            return np.round(y / precision) * precision if precision else y

        # y_i: the initiator's copy of each bargain, y_j: the target's (each view on KTAB's grid)
        y_i, y_j = (grid(y) for y in interpolate(p, *args, p_init))
        if p.bargain_model != "InitOnlyInterp":
            # the receiver's view uses its own estimate of the contest
            r_i, r_j = (grid(y) for y in interpolate(p, *args, 1.0 - prob[recv, init]))
            if p.bargain_model == "InitRcvrInterp":
                # each party takes its copy from its own view (not checked against a KTAB log)
                y_j = r_j
            else:
                # PWCompInterp: the two views weighted by total salience, off the grid (as in KTAB's logs)
                si, sj = sal_sum[init][:, None], sal_sum[recv][:, None]
                tot = np.where(si + sj > 0, si + sj, 1.0)
                wi = np.where(si + sj > 0, si / tot, 0.5)
                y_i, y_j = wi * y_i + (1.0 - wi) * r_i, wi * y_j + (1.0 - wi) * r_j

        # --- resolution: utility of each bargain to each voter = mean utility over all positions after it
        u_barg, u_sq = bargain_utilities(util, ideal, y_i, y_j, init, recv, sal, sal_norm, risk)
        new_pos = pos.copy()
        chosen: list[tuple[int, int]] = [(a, a) for a in range(n)]
        chosen_prob = np.ones(n)
        # queue of actor a: its status quo, then every bargain it sent or received (in initiator order)
        member = (init[None, :] == idx[:, None]) | (recv[None, :] == idx[:, None])  # [a, b]
        sizes = member.sum(axis=1)
        for size in np.unique(sizes[sizes > 0]):
            # queues of equal length are settled in one batched PCE
            actors = np.flatnonzero(sizes == size)
            bs = np.nonzero(member[actors])[1].reshape(len(actors), size)  # row-major: per actor, ascending
            utils = queue_utilities(u_sq, u_barg, bs)
            probs = pce(p.pce_model, p.vote_rule, p.victory_prob_model, cap, utils)
            for row, a in enumerate(actors):
                options = [(int(a), int(a))] + [(int(init[b]), int(recv[b])) for b in bs[row]]
                if p.state_transition == "Deterministic":
                    k = int(np.argmax(probs[row]))
                elif chooser is not None:
                    k = int(chooser(t, int(a), options, probs[row]))
                else:
                    k = int(rng.choice(size + 1, p=probs[row]))
                chosen[a] = options[k]
                chosen_prob[a] = probs[row, k]
                if k > 0:
                    b = bs[row, k - 1]
                    new_pos[a] = y_i[b] if init[b] == a else y_j[b]
        rounds.append(
            SMPRound(
                risk,
                targets,
                np.where(active, best, 0.0),
                np.where(active, prob[idx, target], np.nan),
                chosen,
                chosen_prob,
            )
        )

        # --- ideals follow the new positions through the accommodation matrix
        ideal = acc @ new_pos + (1.0 - acc.sum(axis=1))[:, None] * ideal
        change = float(np.linalg.norm(new_pos - pos, axis=1).sum())
        if t == 0:
            first_change = change
        frac = change / (first_change + _STOP_EPS)
        fractions.append(frac)
        pos = new_pos
        hist_pos.append(pos.copy())
        hist_ideal.append(ideal.copy())
        # KTAB checks the rule from the second step on
        if t >= 1 and frac < stop_fraction:
            converged = True

    return SMPRun(
        positions=np.array(hist_pos) * unit,
        ideals=np.array(hist_ideal) * unit,
        probs=np.array(hist_prob),
        expected=np.array(hist_expected) * unit,
        fractional_change=np.array(fractions),
        rounds=rounds,
        converged=converged,
    )


def bargain_utilities(
    util: FloatArray,
    ideal: FloatArray,
    y_i: FloatArray,
    y_j: FloatArray,
    init: IntArray,
    recv: IntArray,
    sal: FloatArray,
    sal_norm: FloatArray,
    risk: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Each voter's utility of every bargain and of the status quo: its mean utility over all positions.

    ``util[k, x]`` is voter k's utility of actor x's position; bargain b moves initiator ``init[b]`` to
    ``y_i[b]`` and target ``recv[b]`` to ``y_j[b]``. Returns ``u_barg`` (n, n_bargains) and ``u_sq`` (n,).
    (:mod:`accord.forecast.smp_stacked` reads the memory layout numpy gives these arrays from here.)
    """
    n = util.shape[0]
    base = util.sum(axis=1)  # [k]
    if len(init):
        u_i = risk_utility(1.0 - distance(ideal, y_i, sal, sal_norm), risk[:, None])  # [k, b]
        u_j = risk_utility(1.0 - distance(ideal, y_j, sal, sal_norm), risk[:, None])
        u_barg = (base[:, None] - util[:, init] - util[:, recv] + u_i + u_j) / n
    else:
        u_barg = np.zeros((n, 0))
    return u_barg, base / n


def queue_utilities(u_sq: FloatArray, u_barg: FloatArray, bs: IntArray) -> FloatArray:
    """``utils[r, k, o]``: voter k's utility of option o of queue r (status quo, then bargains ``bs[r]``)."""
    n = len(u_sq)
    return np.concatenate(
        [np.broadcast_to(u_sq[None, :, None], (len(bs), n, 1)), np.moveaxis(u_barg[:, bs], 0, 1)], axis=2
    )


def _validate(
    capabilities: ArrayLike, positions: ArrayLike, saliences: ArrayLike, scale: float | None
) -> tuple[FloatArray, FloatArray, FloatArray, float]:
    """Check shapes and values; return capabilities, positions and saliences on the unit scale."""
    cap = np.asarray(capabilities, dtype=float)
    pos = np.asarray(positions, dtype=float)
    sal = np.asarray(saliences, dtype=float)
    if pos.ndim == 1:
        pos = pos[:, None]
    if sal.ndim == 1:
        sal = sal[:, None]
    if cap.ndim != 1 or pos.ndim != 2 or pos.shape != sal.shape or pos.shape[0] != cap.shape[0]:
        raise InputError(
            "need capabilities (n,), positions and saliences (n, m); "
            f"got {cap.shape}, {pos.shape}, {sal.shape}"
        )
    n, m = pos.shape
    if n < 2:
        raise InputError(f"the SMP needs at least 2 actors, got {n}")
    if m < 1:
        raise InputError("the SMP needs at least one issue")
    for name, arr in (("capabilities", cap), ("positions", pos), ("saliences", sal)):
        if not np.all(np.isfinite(arr)):
            raise InputError(f"{name} must be finite (the SMP has no notion of a missing stance)")
    if np.any(cap < 0) or np.any(sal < 0):
        raise InputError("capabilities and saliences must be non-negative")
    if not np.any(cap > 0):
        raise InputError("at least one actor needs a positive capability")
    unit = float(scale) if scale is not None else (100.0 if max(pos.max(), sal.max()) > 1.0 else 1.0)
    if unit <= 0:
        raise InputError(f"scale must be positive, got {scale}")
    pos, sal = pos / unit, sal / unit
    if np.any(pos < -1e-9) or np.any(pos > 1 + 1e-9):
        raise InputError(f"positions must lie on [0, {unit:g}]")
    # KTAB requires an actor's saliences to sum to at most 1 (the rest is "other business")
    total = sal.sum(axis=1, keepdims=True)
    sal = np.where(total > 1.0, sal / np.where(total > 0, total, 1.0), sal)
    return cap, np.clip(pos, 0.0, 1.0), sal, unit


def _accommodation(accommodation: ArrayLike | None, n: int) -> FloatArray:
    """The ideal-accommodation matrix (identity when not given)."""
    if accommodation is None:
        return np.eye(n)
    acc = np.asarray(accommodation, dtype=float)
    if acc.shape != (n, n) or not np.all(np.isfinite(acc)):
        raise InputError(f"accommodation must be a finite ({n}, {n}) matrix, got shape {acc.shape}")
    if np.any(acc < 0) or np.any(acc.sum(axis=1) > 1 + 1e-9):
        raise InputError("accommodation weights must be non-negative with row sums at most 1")
    return acc
