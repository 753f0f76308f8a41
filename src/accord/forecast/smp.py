"""KTAB's Spatial Model of Politics (SMP): challenges, bargains and probabilistic Condorcet elections.

A faithful, vectorised reimplementation of the SMP in the KAPSARC Toolkit for Behavioral Analysis
[WiseIntro]_ [WiseMulti]_. It reproduces KTAB's reference run logs (``tests/forecast/test_smp.py``):
``dummyData_3Dim`` free running, 10 turns, every position to the log's printed precision; ``smpExample``
(Stochastic transitions) likewise over 14 turns when KTAB's recorded draws are replayed through
``chooser`` (KTAB's own random stream is not reproduced: Stochastic runs here draw from a numpy
Generator). Where KTAB's documentation is vague, the rules below were pinned down from the quantities
its logs print (win probabilities, gains, bargains, risk attitudes). One round ("turn") of the model:

1. **Values and risk.** Actor i values position x by ``v = 1 - d``, where d is the salience-weighted
   distance from i's *ideal* point to x, normalised to [0, 1]. A risk-neutral probabilistic Condorcet
   election (PCE) over all actors' positions gives each position's chance of winning; the holder of the
   most probable position is the most risk averse (BigRRange). Utilities become ``u = v (1 + (1 - v) R)``.
   Each actor h estimates the others' attitudes by BigRAdjust.
2. **Challenges.** For every pair (i, j), i estimates the probability P that it would beat j: the
   principals vote with weight ``c s`` (capability x total salience); every third party n joins the side
   that its expected utility favours under the ThirdPartyCommit rule, given the "little contest" between
   the principals and its own vote. With SemiCommit (default) a third party that backs the winner keeps
   its position and one that backs the loser must adopt the winner's position. i's expected gain is
   ``(1 - s_j) 2u_ii + s_j (P 2u_ii + (1 - P) 2u_ij) - (u_ii + u_ij)``: a target with low total salience
   concedes without a contest. Each actor challenges the target with the largest gain above 1e-5.
3. **Bargains.** Initiator i and target j are offered a position interpolated per dimension with
   weights ``(s P)^2`` (InterVecBrgn S2P2) from i's view (BargnModel InitOnlyInterp). As in KTAB, each
   party's copy adds the minimum weight 1e-6 to its own side, and coordinates are stored on a 1e-4 grid
   of the unit scale (0.01 on 0-100; ``precision``), so the two copies occasionally differ by one step.
   These details matter: KTAB's risk inference tells positions 0.01 apart from identical ones.
4. **Resolution.** Every actor holds a queue: its status quo plus the bargains it sent or received. Each
   queue is settled by a PCE in which an actor's utility of a bargain is its mean utility over all
   positions after the bargain, voters weighted by capability. Deterministic transitions take the most
   probable bargain, Stochastic ones draw from the PCE distribution.
5. **Ideals.** ``q_i <- sum_j a_ij p_j + (1 - sum_j a_ij) q_i`` with the accommodation matrix a (identity
   by default: ideals follow positions; KTAB's XML ``IdealAdjustment``).
6. **Stop** after round t >= 2 when ``sum_i |p_i(t) - p_i(t-1)| / (sum_i |p_i(1) - p_i(0)| + 1e-4) <
   stop_fraction`` (0.02), or after ``max_rounds`` (100).

The forecast per issue is the expected position under the final PCE over the distinct positions (the
"prob" line of KTAB's logs): ``sum_x P(x wins) x``.

References
----------
.. [WiseIntro] B. Wise, L. Lester, B. Efird, "An Introduction to KTAB", KAPSARC discussion paper.
.. [WiseMulti] B. Wise, L. Lester, B. Efird, "Multidimensional Bargaining Using KTAB", KAPSARC
   discussion paper; KTAB C++ source ``examples/smp/libsrc/smp.cpp``, ``smpbcn.cpp`` and
   ``KTAB/kmodel/libsrc/kmodel.cpp`` (MIT licence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .result import ForecastResult, Move
from .smp_kernels import Params, challenges, distance, interpolate, unique_groups
from .smp_rules import (
    BARGAIN_MODELS,
    BIG_R_ADJUSTS,
    BIG_R_RANGES,
    INTER_VEC_BARGAINS,
    MIN_COALITION,
    PCE_MODELS,
    STATE_TRANSITIONS,
    THIRD_PARTY_COMMITS,
    VICTORY_PROB_MODELS,
    VOTE_RULES,
    canonical,
    estimated_risk,
    pce,
    risk_attitudes,
    risk_utility,
)

__all__ = ["smp", "smp_run", "smp_scenario", "fractional_change", "SMPRun", "SMPRound", "SMPModel", "Chooser"]

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
    *,
    scale: float | None = None,
    vote_rule: str = "Prop",
    victory_prob_model: str = "Linear",
    pce_model: str = "Conditional",
    state_transition: str = "Deterministic",
    big_r_range: str = "Mid",
    big_r_adjust: str = "OneThird",
    third_party_commit: str = "SemiCommit",
    inter_vec_bargain: str = "S2P2",
    bargain_model: str = "InitOnlyInterp",
    accommodation: ArrayLike | None = None,
    stop_fraction: float = 0.02,
    max_rounds: int = 100,
    precision: float | None = 1e-4,
    seed: int | np.random.Generator | None = None,
    chooser: Chooser | None = None,
    ideals: ArrayLike | None = None,
) -> SMPRun:
    """Run KTAB's SMP and return the full record on the unit scale; see :func:`smp` for parameters."""
    p = Params(
        vote_rule=canonical(vote_rule, VOTE_RULES, "vote_rule"),
        victory_prob=canonical(victory_prob_model, VICTORY_PROB_MODELS, "victory_prob_model"),
        pce=canonical(pce_model, PCE_MODELS, "pce_model"),
        state_transition=canonical(state_transition, STATE_TRANSITIONS, "state_transition"),
        big_r_range=canonical(big_r_range, BIG_R_RANGES, "big_r_range"),
        big_r_adjust=canonical(big_r_adjust, BIG_R_ADJUSTS, "big_r_adjust"),
        third_party_commit=canonical(third_party_commit, THIRD_PARTY_COMMITS, "third_party_commit"),
        inter_vec_bargain=canonical(inter_vec_bargain, INTER_VEC_BARGAINS, "inter_vec_bargain"),
        bargain_model=canonical(bargain_model, BARGAIN_MODELS, "bargain_model"),
    )
    cap, pos0, sal, unit = _validate(capabilities, positions, saliences, scale)
    n, m = pos0.shape
    if max_rounds < 1:
        raise ValueError(f"max_rounds must be >= 1, got {max_rounds}")
    if precision is not None and not precision >= 0:
        raise ValueError(f"precision must be >= 0 or None, got {precision}")
    if not 0.0 < stop_fraction < 1.0:
        raise ValueError(f"stop_fraction must lie in (0, 1), got {stop_fraction}")
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
        p_neutral = pce(p.pce, p.vote_rule, p.victory_prob, cap, value, min_coalition=MIN_COALITION)
        risk = risk_attitudes(p.big_r_range, p_neutral)
        util = risk_utility(value, risk[:, None])
        # KTAB's "prob": risk-aware PCE over the distinct positions
        first, group = unique_groups(pos)
        p_distinct = pce(p.pce, p.vote_rule, p.victory_prob, cap, util[:, first])
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
        base = util.sum(axis=1)  # [k]
        if len(init):
            u_i = risk_utility(1.0 - distance(ideal, y_i, sal, sal_norm), risk[:, None])  # [k, b]
            u_j = risk_utility(1.0 - distance(ideal, y_j, sal, sal_norm), risk[:, None])
            u_barg = (base[:, None] - util[:, init] - util[:, recv] + u_i + u_j) / n
        else:
            u_barg = np.zeros((n, 0))
        u_sq = base / n
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
            utils = np.concatenate(
                [np.broadcast_to(u_sq[None, :, None], (len(actors), n, 1)), np.moveaxis(u_barg[:, bs], 0, 1)],
                axis=2,
            )
            probs = pce(p.pce, p.vote_rule, p.victory_prob, cap, utils)
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
        raise ValueError(
            "need capabilities (n,), positions and saliences (n, m); "
            f"got {cap.shape}, {pos.shape}, {sal.shape}"
        )
    n, m = pos.shape
    if n < 2:
        raise ValueError(f"the SMP needs at least 2 actors, got {n}")
    if m < 1:
        raise ValueError("the SMP needs at least one issue")
    for name, arr in (("capabilities", cap), ("positions", pos), ("saliences", sal)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite (the SMP has no notion of a missing stance)")
    if np.any(cap < 0) or np.any(sal < 0):
        raise ValueError("capabilities and saliences must be non-negative")
    if not np.any(cap > 0):
        raise ValueError("at least one actor needs a positive capability")
    unit = float(scale) if scale is not None else (100.0 if max(pos.max(), sal.max()) > 1.0 else 1.0)
    if unit <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    pos, sal = pos / unit, sal / unit
    if np.any(pos < -1e-9) or np.any(pos > 1 + 1e-9):
        raise ValueError(f"positions must lie on [0, {unit:g}]")
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
        raise ValueError(f"accommodation must be a finite ({n}, {n}) matrix, got shape {acc.shape}")
    if np.any(acc < 0) or np.any(acc.sum(axis=1) > 1 + 1e-9):
        raise ValueError("accommodation weights must be non-negative with row sums at most 1")
    return acc


# ------------------------------------------------------------------------------------------ public API


def smp(
    capabilities: ArrayLike,
    positions: ArrayLike,
    saliences: ArrayLike,
    *,
    scale: float | None = None,
    vote_rule: str = "Prop",
    victory_prob_model: str = "Linear",
    pce_model: str = "Conditional",
    state_transition: str = "Deterministic",
    big_r_range: str = "Mid",
    big_r_adjust: str = "OneThird",
    third_party_commit: str = "SemiCommit",
    inter_vec_bargain: str = "S2P2",
    bargain_model: str = "InitOnlyInterp",
    accommodation: ArrayLike | None = None,
    stop_fraction: float = 0.02,
    max_rounds: int = 100,
    precision: float | None = 1e-4,
    seed: int | np.random.Generator | None = None,
    chooser: Chooser | None = None,
    ideals: ArrayLike | None = None,
    actor_names: Sequence[str] | None = None,
) -> ForecastResult:
    """Forecast with KTAB's Spatial Model of Politics [WiseIntro]_ [WiseMulti]_.

    The steps are listed in the module docstring. Defaults are KTAB's defaults; option names are KTAB's
    own (matched case-insensitively, ``_`` ignored), so a KTAB XML ``ModelParameters`` block maps 1:1.

    Parameters
    ----------
    capabilities : array_like, shape (n_actors,)
        Capability ("power", "influence") of each actor, >= 0. KTAB: ``sCap``.
    positions : array_like, shape (n_actors, n_issues)
        Positions on each issue, on 0-100 (KTAB's input scale) or 0-1; see ``scale``.
    saliences : array_like, shape (n_actors, n_issues)
        Saliences on the same scale as the positions. KTAB expects an actor's saliences to total at most
        100 %; a larger total is rescaled to 100 %.
    scale : float, optional
        Upper end of the input scale (0 is the lower end). Default: 100 if any position or salience
        exceeds 1, else 1.
    vote_rule : {"Prop", "Binary", "PropBin", "Cubic", "PropCbc", "ASymProsp"}
        KTAB ``VotingRule``: how a utility difference becomes a vote. Default Prop (proportional).
    victory_prob_model : {"Linear", "Square", "Quartic", "Octic", "Binary"}
        KTAB ``VictoryProbModel``: P(a beats b) from coalition strengths. Default Linear.
    pce_model : {"Conditional", "MarkovUniform", "MarkovIncentive"}
        KTAB ``PCEModel``: probabilistic Condorcet election. Default Conditional.
    state_transition : {"Deterministic", "Stochastic"}
        KTAB ``StateTransitions``: take each queue's most probable bargain, or draw one. Default
        Deterministic.
    big_r_range : {"Min", "Mid", "Max"}
        KTAB ``BigRRange``: range of inferred risk attitudes. Default Mid ([-1/2, 1]).
    big_r_adjust : {"NoRA", "OneThird", "Half", "TwoThirds", "FullRA"}
        KTAB ``BigRAdjust``: how far an actor's estimate of another's risk attitude moves from its own
        towards the true one. Default OneThird.
    third_party_commit : {"NoCommit", "SemiCommit", "FullCommit"}
        KTAB ``ThirdPartyCommit``. Default SemiCommit (backers of the loser adopt the winner's position).
    inter_vec_bargain : {"S1P1", "S2P2"}
        KTAB ``InterVecBrgn``: bargain interpolation weights (salience x win probability) to the power 1 or
        2. Default S2P2. (KTAB's asymmetric S2PMax is not offered.)
    bargain_model : {"InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"}
        KTAB ``BargnModel``: both parties take the bargain from the initiator's view (default, reproduced
        against KTAB's logs); each takes its copy from its own view; or the two views averaged with the
        parties' total saliences as weights (KTAB's "power-weighted compromise"; its logs confirm these
        weights). The two alternatives are approximations: KTAB's logged receiver's view is not the
        interpolation with the receiver's win probability used here, and its rule is not recoverable.
    accommodation : array_like, shape (n_actors, n_actors), optional
        KTAB's ideal-accommodation matrix (XML ``IdealAdjustment``): ``q_i <- sum_j a_ij p_j +
        (1 - sum_j a_ij) q_i``. Default identity: ideals follow positions.
    stop_fraction : float
        Stop rule: stop when a round moves the actors less than this fraction of the first round's
        movement (KTAB: 0.02), checked from the second round on.
    max_rounds : int
        Round cap (KTAB: 100).
    precision : float or None
        Grid on the unit scale to which bargained coordinates are rounded (KTAB's logs: 1e-4). None: none.
    seed : int or numpy.random.Generator, optional
        Randomness for Stochastic transitions.
    chooser : callable, optional
        ``chooser(turn, actor, options, probs) -> index`` replaces the random draw in Stochastic mode,
        e.g. to replay the draws recorded in a KTAB log (see :data:`Chooser`).
    ideals : array_like, shape (n_actors, n_issues), optional
        Initial ideal points on the input scale (default: the positions, as in KTAB). Lets a run restart
        from a recorded state in which ideals have drifted from positions.
    actor_names : sequence of str, optional
        Used in the explanation trail.

    Returns
    -------
    ForecastResult
        ``forecast``: the expected position under the final PCE over distinct positions (KTAB's "prob"
        history weights), per issue, on the input scale; ``forecast_by_round`` the same per state;
        ``trajectory`` all positions per state; ``moves`` one entry per actor and issue that moved, naming
        the bargain (initiator, target, win probability) that moved it.

    Raises
    ------
    ValueError
        Fewer than 2 actors, mismatched shapes, non-finite values, negative capabilities or saliences,
        positions off the scale, all capabilities zero, or an unknown option name.

    Notes
    -----
    Degenerate inputs get a clear answer: if all positions coincide, or nobody attaches salience to
    anything, nobody has an advantageous challenge, the run stops after two rounds with positions unchanged
    and the forecast is the common (probability-weighted) position.
    """
    run = smp_run(
        capabilities,
        positions,
        saliences,
        scale=scale,
        vote_rule=vote_rule,
        victory_prob_model=victory_prob_model,
        pce_model=pce_model,
        state_transition=state_transition,
        big_r_range=big_r_range,
        big_r_adjust=big_r_adjust,
        third_party_commit=third_party_commit,
        inter_vec_bargain=inter_vec_bargain,
        bargain_model=bargain_model,
        accommodation=accommodation,
        stop_fraction=stop_fraction,
        max_rounds=max_rounds,
        precision=precision,
        seed=seed,
        chooser=chooser,
        ideals=ideals,
    )
    traj = run.positions
    n = traj.shape[1]
    names = list(actor_names) if actor_names is not None else [f"actor {a}" for a in range(n)]
    if len(names) != n:
        raise ValueError(f"actor_names has {len(names)} names for {n} actors")
    by_round = run.expected
    params: dict[str, Any] = {
        "scale": scale,
        "vote_rule": vote_rule,
        "victory_prob_model": victory_prob_model,
        "pce_model": pce_model,
        "state_transition": state_transition,
        "big_r_range": big_r_range,
        "big_r_adjust": big_r_adjust,
        "third_party_commit": third_party_commit,
        "inter_vec_bargain": inter_vec_bargain,
        "bargain_model": bargain_model,
        "accommodation": None if accommodation is None else np.asarray(accommodation).tolist(),
        "stop_fraction": stop_fraction,
        "max_rounds": max_rounds,
        "precision": precision,
        "seed": seed if not isinstance(seed, np.random.Generator) else "Generator",
        # not serialisable: recorded as whether they were given
        "chooser": chooser is not None,
        "ideals": ideals is not None,
    }
    return ForecastResult(
        model="smp",
        forecast=by_round[-1],
        trajectory=traj,
        forecast_by_round=by_round,
        converged=run.converged,
        n_rounds=len(run.rounds),
        moves=tuple(_moves(run, names)),
        params=params,
    )


def _moves(run: SMPRun, names: list[str]) -> list[Move]:
    """Explanation trail: one Move per actor and issue whose position changed in a round."""
    moves: list[Move] = []
    traj = run.positions
    for r, rnd in enumerate(run.rounds, start=1):
        before, after = traj[r - 1], traj[r]
        changed = np.abs(after - before) > 1e-12
        for a in np.flatnonzero(changed.any(axis=1)):
            i, j = rnd.chosen[a]
            other = j if i == a else i
            p_i = rnd.p_win[i]
            if i == a:
                text = f"{names[a]} challenged {names[j]} (own estimate P(win)={p_i:.2f}) and they bargained"
            else:
                text = f"{names[i]} challenged {names[a]} (its estimate P(win)={p_i:.2f}) and they bargained"
            text += f"; the bargain won {names[a]}'s queue with probability {rnd.chosen_prob[a]:.2f}"
            for k in np.flatnonzero(changed[a]):
                moves.append(
                    Move(
                        round=r,
                        actor=int(a),
                        issue=int(k),
                        before=float(before[a, k]),
                        after=float(after[a, k]),
                        reason="bargain",
                        counterpart=int(other),
                        detail=text,
                    )
                )
    return moves


class SMPModel:
    """Thin object facade over :func:`smp`: parameters stored unmodified, validated at run time.

    Examples
    --------
    >>> model = SMPModel(pce_model="MarkovIncentive")
    >>> res = model.forecast([100, 50, 80], [[20], [60], [40]], [[60], [60], [40]])
    >>> res.model, res.forecast.shape
    ('smp', (1,))
    """

    name = "KTAB Spatial Model of Politics"

    def __init__(self, **params: Any) -> None:
        self.params = dict(params)

    def get_params(self) -> dict[str, Any]:
        """The keyword parameters this model passes to :func:`smp`."""
        return dict(self.params)

    def forecast(self, capabilities: ArrayLike, positions: ArrayLike, saliences: ArrayLike) -> ForecastResult:
        """Run :func:`smp` on the arrays with the stored parameters."""
        return smp(capabilities, positions, saliences, **self.params)


def smp_scenario(scenario: Any, seed: int | None = None, **params: Any) -> ForecastResult:
    """Run :func:`smp` on a :class:`accord.scenario.Scenario` (the model registry's entry point).

    Positions are mapped from each issue's scale onto [0, 1] and back; saliences are read on 0-100.
    KTAB has no missing stances: an actor without a stance on an issue gets salience 0 there and the
    capability x salience weighted mean of the stated positions (so it neither pulls nor cares), and
    actors with no stance at all are left out. Model parameters stored by the KTAB importer in
    ``scenario.metadata["smp_params"]`` (and its ``accommodation`` matrix) are used unless overridden.
    """
    pos = np.array(scenario.positions, dtype=float)
    sal = np.array(scenario.saliences, dtype=float)
    cap = np.array(scenario.capabilities, dtype=float)
    lo = np.asarray(scenario.scale_lo, dtype=float)
    hi = np.asarray(scenario.scale_hi, dtype=float)
    width = np.where(hi > lo, hi - lo, 1.0)
    has = ~np.isnan(pos)
    keep = has.any(axis=1)
    if keep.sum() < 2:
        raise ValueError(f"the SMP needs at least 2 actors with a stance, got {int(keep.sum())}")
    unit = np.clip((pos - lo) / width, 0.0, 1.0)
    w = np.where(has, cap[:, None] * sal, 0.0)
    fill = np.array(
        [
            np.average(unit[has[:, k], k], weights=w[has[:, k], k])
            if w[has[:, k], k].sum() > 0
            else np.nanmean(unit[:, k])
            if has[:, k].any()
            else 0.5
            for k in range(pos.shape[1])
        ]
    )
    unit = np.where(has, unit, fill[None, :])
    sal = np.where(has, sal, 0.0)
    meta = getattr(scenario, "metadata", {}) or {}
    kwargs: dict[str, Any] = dict(meta.get("smp_params", {}))
    acc = meta.get("accommodation")
    if acc is not None:
        # Actors left out (no stance anywhere) leave the accommodation matrix with their rows and columns.
        kwargs["accommodation"] = np.asarray(acc, dtype=float)[np.ix_(keep, keep)]
    kwargs.update(params)
    names = [a.name for a, k in zip(scenario.actors, keep, strict=True) if k]
    res = smp(cap[keep], unit[keep], sal[keep] / 100.0, scale=1.0, seed=seed, actor_names=names, **kwargs)
    # back onto the issues' own scales, with the left-out actors as NaN rows
    traj = np.full((res.trajectory.shape[0],) + pos.shape, np.nan)
    traj[:, keep] = res.trajectory * width + lo
    kept = np.flatnonzero(keep)
    moves = tuple(
        Move(
            m.round,
            int(kept[m.actor]),
            m.issue,
            float(m.before * width[m.issue] + lo[m.issue]),
            float(m.after * width[m.issue] + lo[m.issue]),
            m.reason,
            None if m.counterpart is None else int(kept[m.counterpart]),
            m.detail,
        )
        for m in res.moves
    )
    return ForecastResult(
        model="smp",
        forecast=res.forecast * width + lo,
        trajectory=traj,
        forecast_by_round=res.forecast_by_round * width + lo,
        converged=res.converged,
        n_rounds=res.n_rounds,
        moves=moves,
        params=res.params,
    )
