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

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from .arrays import ForecastInput
from .base import ForecastModel
from .result import ForecastResult, Move
from .smp_engine import MIN_GAIN, Chooser, SMPRound, SMPRun, fractional_change, smp_run
from .smp_prepare import _fill, _prepare_batch, _Prepared
from .smp_rules import SMPParams
from .smp_stacked import SMPProblem, jit_available, smp_run_many, stackable

__all__ = [
    "smp",
    "smp_run",
    "fractional_change",
    "SMPParams",
    "SMPRun",
    "SMPRound",
    "SMPModel",
    "Chooser",
    "MIN_GAIN",
]

FloatArray = NDArray[np.float64]


def smp(
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
    actor_names: Sequence[str] | None = None,
) -> ForecastResult:
    """Forecast with KTAB's Spatial Model of Politics (bibliography: WiseIntro, WiseMulti).

    The steps are listed in the module docstring; the model's options are the fields of
    :class:`~accord.forecast.smp_rules.SMPParams` (KTAB's defaults and names).

    Parameters
    ----------
    capabilities : array_like, shape (n_actors,)
        Capability ("power", "influence") of each actor, >= 0. KTAB: ``sCap``.
    positions : array_like, shape (n_actors, n_issues)
        Positions on each issue, on 0-100 (KTAB's input scale) or 0-1; see ``scale``.
    saliences : array_like, shape (n_actors, n_issues)
        Saliences on the same scale as the positions. KTAB expects an actor's saliences to total at most
        100 %; a larger total is rescaled to 100 %.
    params : SMPParams, optional
        The model's options; default KTAB's.
    scale : float, optional
        Upper end of the input scale (0 is the lower end). Default: 100 if any position or salience
        exceeds 1, else 1.
    accommodation : array_like, shape (n_actors, n_actors), optional
        KTAB's ideal-accommodation matrix (XML ``IdealAdjustment``): ``q_i <- sum_j a_ij p_j +
        (1 - sum_j a_ij) q_i``. Default identity: ideals follow positions.
    seed : int or numpy.random.Generator, default 0
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
        the bargain (initiator, target, win probability) that moved it; ``params`` every option used.

    Raises
    ------
    InputError
        Fewer than 2 actors, mismatched shapes, non-finite values, negative capabilities or saliences,
        positions off the scale, all capabilities zero, or an unknown option name.

    Notes
    -----
    Degenerate inputs get a clear answer: if all positions coincide, or nobody attaches salience to
    anything, nobody has an advantageous challenge, the run stops after two rounds with positions unchanged
    and the forecast is the common (probability-weighted) position.
    """
    p = params or SMPParams()
    run = smp_run(
        capabilities,
        positions,
        saliences,
        p,
        scale=scale,
        accommodation=accommodation,
        seed=seed,
        chooser=chooser,
        ideals=ideals,
    )
    return _result(run, p, actor_names, scale, accommodation, seed, chooser, ideals)


def _result(
    run: SMPRun,
    p: SMPParams,
    actor_names: Sequence[str] | None,
    scale: float | None,
    accommodation: ArrayLike | None,
    seed: int | np.random.Generator,
    chooser: Chooser | None,
    ideals: ArrayLike | None,
) -> ForecastResult:
    """The ForecastResult of a run (:func:`smp`'s return value)."""
    n = run.positions.shape[1]
    names = list(actor_names) if actor_names is not None else [f"actor {a}" for a in range(n)]
    if len(names) != n:
        raise InputError(f"actor_names has {len(names)} names for {n} actors")
    return ForecastResult(
        model="smp",
        forecast=run.expected[-1],
        trajectory=run.positions,
        forecast_by_round=run.expected,
        converged=run.converged,
        n_rounds=len(run.rounds),
        moves=tuple(_moves(run, names)),
        params={
            **asdict(p),
            "scale": scale,
            "accommodation": None if accommodation is None else np.asarray(accommodation).tolist(),
            "seed": seed if not isinstance(seed, np.random.Generator) else "generator",
            # not serialisable: recorded as whether they were given
            "chooser": chooser is not None,
            "ideals": ideals is not None,
        },
    )


def _moves(run: SMPRun, names: list[str]) -> list[Move]:
    """Explanation trail: one Move per actor and issue whose position changed in a round."""
    if not run.rounds:
        return []
    traj = run.positions
    # every round at once: what moved (round, actor and issue order), and the values before and after
    rows, actors, issues = np.nonzero(np.abs(traj[1:] - traj[:-1]) > 1e-12)
    before = traj[rows, actors, issues].tolist()
    after = traj[rows + 1, actors, issues].tolist()
    moves: list[Move] = []
    last, text, other = (-1, -1), "", -1
    for m, (r0, a, k) in enumerate(zip(rows.tolist(), actors.tolist(), issues.tolist(), strict=True)):
        if (r0, a) != last:
            last = (r0, a)
            rnd = run.rounds[r0]
            i, j = rnd.chosen[a]
            other = j if i == a else i
            p_i = rnd.p_win[i]
            if i == a:
                text = f"{names[a]} challenged {names[j]} (own estimate P(win)={p_i:.2f}) and they bargained"
            else:
                text = f"{names[i]} challenged {names[a]} (its estimate P(win)={p_i:.2f}) and they bargained"
            text += f"; the bargain won {names[a]}'s queue with probability {rnd.chosen_prob[a]:.2f}"
        moves.append(Move(r0 + 1, a, k, before[m], after[m], "bargain", int(other), text))
    return moves


@dataclass(frozen=True)
class SMPModel(SMPParams, ForecastModel):
    """The SMP as a registered model: its parameters are the fields of :class:`SMPParams`.

    Positions are mapped from each issue's scale onto [0, 1] and back; saliences are read on 0-100.
    KTAB has no missing stances: an actor without a stance on an issue gets salience 0 there and the
    capability x salience weighted mean of the stated positions (so it neither pulls nor cares), and
    actors with no stance at all are left out (with their rows and columns of the accommodation matrix).
    Stochastic transitions draw from ``rng``.

    Examples
    --------
    >>> import numpy as np
    >>> from accord.forecast import ForecastInput
    >>> arrays = ForecastInput(("a", "b", "c"), ("i",), [[20.0], [60.0], [40.0]], [[60.0], [60.0], [40.0]],
    ...                        [100.0, 50.0, 80.0], [0.0], [100.0], [np.nan])
    >>> res = SMPModel(pce_model="MarkovIncentive").run(arrays, np.random.default_rng(0))
    >>> res.model, res.forecast.shape
    ('smp', (1,))

    References
    ----------
    (bibliography: WiseIntro, WiseMulti, KTAB)
    """

    name: ClassVar[str] = "smp"
    title: ClassVar[str] = "KTAB Spatial Model of Politics"
    batched: ClassVar[bool] = True

    def run(self, arrays: ForecastInput, rng: np.random.Generator | None = None) -> ForecastResult:
        """Forecast every issue of ``arrays``; ``rng`` (default seed 0) feeds Stochastic transitions.

        A leading sample axis runs every sample in one stacked pass (:func:`smp_run_many`, no explanation
        trail): the forecasts are those of one run per sample, bit for bit. Stochastic transitions draw
        per sample and refuse a batch.
        """
        if arrays.n_samples is not None:
            return self._run_batch(arrays)
        prep = self._prepare(arrays)
        res = smp(
            prep.cap,
            prep.unit,
            prep.sal,
            self,
            scale=1.0,
            accommodation=prep.acc,
            seed=np.random.default_rng(0) if rng is None else rng,
            actor_names=prep.names,
        )
        return self._finish(prep, res)

    def run_many(
        self, inputs: Sequence[ForecastInput], rngs: Sequence[np.random.Generator]
    ) -> list[ForecastResult | ValueError]:
        """:meth:`run` on each input; runs of one shape stacked into one pass each (:func:`smp_run_many`).

        The results are :meth:`run`'s, bit for bit; runs that cannot be stacked (see
        :mod:`accord.forecast.smp_stacked`, or numba missing) run one by one.
        """
        if not (stackable(self) and jit_available()):
            return super().run_many(inputs, rngs)
        out: list[ForecastResult | ValueError | None] = [None] * len(inputs)
        preps: list[tuple[int, _Prepared]] = []
        for k, arrays in enumerate(inputs):
            try:
                preps.append((k, self._prepare(arrays)))
            except ValueError as err:
                out[k] = err
        problems = [SMPProblem(q.cap, q.unit, q.sal, scale=1.0, accommodation=q.acc) for _, q in preps]
        for (k, q), run in zip(preps, smp_run_many(problems, self), strict=True):
            if isinstance(run, InputError):
                out[k] = run
                continue
            try:
                res = _result(run, self, q.names, 1.0, q.acc, rngs[k], None, None)
            except ValueError as err:
                out[k] = err
                continue
            out[k] = self._finish(q, res)
        return [r for r in out if r is not None]

    def _run_batch(self, arrays: ForecastInput) -> ForecastResult:
        """:meth:`run` on a sample axis: the samples stacked, positions padded with each run's last state."""
        if self.state_transition == "Stochastic":
            raise InputError(
                "the SMP's Stochastic transitions draw per sample: run each ForecastInput.sample(i)"
            )
        preps = _prepare_batch(arrays) or [
            self._prepare(arrays.sample(i)) for i in range(arrays.n_samples or 0)
        ]
        problems = [SMPProblem(q.cap, q.unit, q.sal, scale=1.0, accommodation=q.acc) for q in preps]
        runs = smp_run_many(problems, self, trail=False)
        for run in runs:
            if isinstance(run, InputError):
                raise run
        done = [r for r in runs if isinstance(r, SMPRun)]
        n_rounds = max(len(r.expected) for r in done) - 1
        traj = np.full((len(done), n_rounds + 1) + preps[0].shape, np.nan)
        by_round = np.empty((len(done), n_rounds + 1, preps[0].shape[1]))
        for k, (run, q) in enumerate(zip(done, preps, strict=True)):
            # as _result and _finish map one run (scale 1: expected and positions as smp_run left them)
            pad = n_rounds + 1 - len(run.expected)
            by_round[k] = (
                np.concatenate([run.expected, np.repeat(run.expected[-1:], pad, axis=0)]) * q.width + q.lo
            )
            positions = np.concatenate([run.positions, np.repeat(run.positions[-1:], pad, axis=0)])
            traj[k][:, q.keep] = positions * q.width + q.lo
        return ForecastResult(
            model="smp",
            forecast=by_round[:, -1].copy(),
            trajectory=traj,
            forecast_by_round=by_round,
            converged=all(r.converged for r in done),
            n_rounds=n_rounds,
            params=self.get_params(),
        )

    def _prepare(self, arrays: ForecastInput) -> _Prepared:
        """The unit-scale arrays :func:`smp` runs on, and what :meth:`_finish` maps back."""
        arrays.require_single(self.name)
        pos = np.array(arrays.positions, dtype=float)
        sal = np.array(arrays.saliences, dtype=float)
        cap = np.array(arrays.capabilities, dtype=float)
        lo, hi = arrays.scale_lo, arrays.scale_hi
        width = np.where(hi > lo, hi - lo, 1.0)
        has = ~np.isnan(pos)
        keep = has.any(axis=1)
        if keep.sum() < 2:
            raise InputError(f"the SMP needs at least 2 actors with a stance, got {int(keep.sum())}")
        unit = np.clip((pos - lo) / width, 0.0, 1.0)
        unit = np.where(has, unit, _fill(unit, has, np.where(has, cap[:, None] * sal, 0.0))[None, :])
        sal = np.where(has, sal, 0.0)
        acc = None if arrays.accommodation is None else arrays.accommodation[np.ix_(keep, keep)]
        names = [a for a, k in zip(arrays.actor_names, keep, strict=True) if k]
        return _Prepared(cap[keep], unit[keep], sal[keep] / 100.0, acc, names, keep, width, lo, pos.shape)

    def _finish(self, prep: _Prepared, res: ForecastResult) -> ForecastResult:
        """``res`` (on the unit scale, kept actors only) back onto the issues' scales and actors."""
        keep, width, lo, shape = prep.keep, prep.width, prep.lo, prep.shape
        # back onto the issues' own scales, with the left-out actors as NaN rows
        traj = np.full((res.trajectory.shape[0],) + shape, np.nan)
        traj[:, keep] = res.trajectory * width + lo
        # Python floats: the same IEEE arithmetic as on numpy scalars, without their overhead
        kept, w, low = np.flatnonzero(keep).tolist(), width.tolist(), lo.tolist()
        moves = tuple(
            Move(
                m.round,
                kept[m.actor],
                m.issue,
                m.before * w[m.issue] + low[m.issue],
                m.after * w[m.issue] + low[m.issue],
                m.reason,
                None if m.counterpart is None else kept[m.counterpart],
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
            params={**self.get_params(), "accommodation": res.params["accommodation"]},
        )
