"""Many SMP runs at once: the issues of a backtest stacked into one round loop, with the same bits.

:func:`smp_run` settles one issue in about twenty rounds of a few hundred small numpy calls each, so a
backtest of the 222 DEU issues spends its time on per-call overhead, not arithmetic. :func:`smp_run_many`
plays every round of every issue in one pass: compiled kernels (:mod:`accord.forecast.smp_jit`, numba)
do the element-wise work and the row sums of all issues together, and numpy does, on the stacked arrays,
what must stay numpy's for the results to stay bit-identical:

* each coalition sum is the very ``numpy.dot`` call that ``numpy.tensordot`` makes in
  ``smp_rules._coalitions``, one per election batch and per issue, with the same ``(K, M)`` matrix (BLAS
  rounds a column differently depending on the matrix's width, and the DEU runs break exact ties on
  those bits);
* ``log`` and ``exp`` run once per round over the stacked arrays (numpy's versions are element-wise, so
  where an element sits does not change its value).

Which runs are stacked: at most :data:`MAX_ACTORS` actors and issues, no accommodation matrix other
than the identity, Deterministic transitions and the default rules (``Prop`` votes, ``Linear`` victory,
``Conditional`` PCE, ``SemiCommit``, ``InitOnlyInterp``; any BigRRange, BigRAdjust, InterVecBrgn,
precision, stop fraction and round cap). Single-issue runs share one stack (:class:`_Stack`); runs of
several issues (a sweep's samples) are stacked by their number of actors and issues
(:class:`~accord.forecast.smp_multi.MultiStack`). Every other run, and every run when numba is not
installed, goes through :func:`smp_run` one by one; the result is the same either way
(``tests/forecast/test_smp_stacked.py`` and ``test_smp_multi.py`` compare the paths bit for bit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from .smp_engine import (
    _STOP_EPS,
    SMPRound,
    SMPRun,
    _accommodation,
    _validate,
    bargain_utilities,
    queue_utilities,
    smp_run,
)
from .smp_kernels import distance
from .smp_rules import _BLOCK_ELEMENTS, MIN_COALITION, SMPParams, risk_utility

__all__ = ["SMPProblem", "smp_run_many", "stackable", "jit_available", "MAX_ACTORS"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Largest stacked run: numpy sums rows of up to 128 elements in one pass (a queue has n + 1 options).
MAX_ACTORS = 100
#: Fewest runs worth stacking in a process that has not stacked any yet: numba's start-up (its import,
#: its registries and the cached kernels: about 0.8 s) costs more than stacking saves on fewer runs
#: (about 10 ms a run on the DEU issues). Once numba is up, any number is stacked.
MIN_STACK = 64
#: Elements per buffer of a multi-issue stack (about 128 MB of float64): a sweep's chunk of samples of a
#: large scenario is played in several stacks rather than in one that exhausts memory.
_STACK_ELEMENTS = 1 << 24

_warm = False

_RANGES = {"Min": 0, "Mid": 1, "Max": 2}
_SHARES = {"NoRA": 0.0, "OneThird": 1.0 / 3.0, "Half": 0.5, "TwoThirds": 2.0 / 3.0, "FullRA": 1.0}


@dataclass(frozen=True)
class SMPProblem:
    """One run's inputs, as :func:`~accord.forecast.smp_engine.smp_run` takes them."""

    capabilities: ArrayLike
    positions: ArrayLike
    saliences: ArrayLike
    scale: float | None = None
    accommodation: ArrayLike | None = None


def jit_available() -> bool:
    """Whether numba is installed (the stacked path needs it)."""
    return find_spec("numba") is not None


def stackable(p: SMPParams) -> bool:
    """Whether runs with these options can be stacked (the default rules, Deterministic transitions)."""
    return (
        p.vote_rule == "Prop"
        and p.victory_prob_model == "Linear"
        and p.pce_model == "Conditional"
        and p.third_party_commit == "SemiCommit"
        and p.bargain_model == "InitOnlyInterp"
        and p.state_transition == "Deterministic"
    )


def smp_run_many(
    problems: Sequence[SMPProblem],
    params: SMPParams | None = None,
    *,
    min_stack: int | None = None,
    trail: bool = True,
) -> list[SMPRun | InputError]:
    """:func:`smp_run` on each problem, those that qualify stacked into one round loop.

    Parameters
    ----------
    problems : sequence of SMPProblem
    params : SMPParams, optional
        The options of every run (KTAB's defaults).
    min_stack : int, optional
        Stack only from this many qualifying runs on, until a first stack in the process
        (default :data:`MIN_STACK`).
    trail : bool, default True
        Whether stacked runs record their rounds (``SMPRun.rounds``, the explanation trail's source);
        without, their ``rounds`` are empty and everything else is the same.

    Returns
    -------
    list of SMPRun or InputError
        In the order of ``problems``: each run's record, identical to ``smp_run``'s, or the error that
        ``smp_run`` raises for its inputs.
    """
    p = params or SMPParams()
    out: list[SMPRun | InputError | None] = [None] * len(problems)
    stack: list[tuple[int, FloatArray, FloatArray, FloatArray, float]] = []
    # multi-issue runs, stacked by shape (smp_multi): numpy's einsum needs one (n, m) per stack
    multi: dict[tuple[int, int], list[tuple[int, FloatArray, FloatArray, FloatArray, float]]] = {}
    fast = stackable(p) and jit_available()
    for k, prob in enumerate(problems):
        try:
            cap, pos0, sal, unit = _validate(prob.capabilities, prob.positions, prob.saliences, prob.scale)
            n, m = pos0.shape
            acc = _accommodation(prob.accommodation, n)
        except InputError as err:
            out[k] = err
            continue
        if fast and n <= MAX_ACTORS and m <= MAX_ACTORS and np.array_equal(acc, np.eye(n)):
            if m == 1:
                stack.append((k, cap, pos0[:, 0].copy(), sal[:, 0].copy(), unit))
            else:
                multi.setdefault((n, m), []).append((k, cap, pos0, sal, unit))
        else:
            out[k] = smp_run(
                prob.capabilities, prob.positions, prob.saliences, p, scale=prob.scale, accommodation=acc
            )
    global _warm
    from .smp_multi import MultiStack

    n_stacked = len(stack) + sum(len(group) for group in multi.values())
    if n_stacked and not (_warm or n_stacked >= (MIN_STACK if min_stack is None else min_stack)):
        for k, *_ in stack + [entry for group in multi.values() for entry in group]:
            prob = problems[k]
            out[k] = smp_run(prob.capabilities, prob.positions, prob.saliences, p, scale=prob.scale)
        return [r for r in out if r is not None]
    groups = [(stack, _Stack)] if stack else []
    for (n, m), group in multi.items():
        # a stack's buffers grow as n^3 + n^2 m per run (vote matrices, the issue-wise differences)
        size = max(1, _STACK_ELEMENTS // (n**3 + n * n * m))
        groups += [(group[i : i + size], MultiStack) for i in range(0, len(group), size)]
    for group, kind in groups:
        for (k, *_), run in zip(group, kind(group, p, trail).run(), strict=True):
            out[k] = run
        _warm = True
    return [r for r in out if r is not None]


# ------------------------------------------------------------------------------ BLAS matrix layouts


def _column_major(utils: FloatArray, start: int, size: int) -> bool:
    """Whether ``tensordot`` hands BLAS a column-major vote matrix for a block of these utilities.

    ``smp_rules._coalitions`` broadcasts ``utils`` into the votes ``v`` and ``numpy.tensordot`` reshapes
    them to ``(voters, pairs)``: numpy lays ``v`` out after ``utils``, and a column-major matrix goes to
    another BLAS routine, which rounds differently. So the same expressions run here on arrays of the
    same shapes (the layout does not depend on the values).
    """
    block = utils[..., :, start : start + size]
    v = np.subtract(block[..., :, :, None], utils[..., :, None, :])
    ax = v.ndim - 3
    bt = v.transpose([ax] + [i for i in range(v.ndim) if i != ax]).reshape(v.shape[ax], -1)
    return bool(bt.flags.f_contiguous and not bt.flags.c_contiguous)


def _dummy_util(n: int, m: int = 1) -> FloatArray:
    """An ``util`` array laid out as smp_run's for n actors and m issues (values do not matter)."""
    z = np.zeros((n, m))
    return risk_utility(1.0 - distance(z, z, z, np.ones(n)), np.zeros(n)[:, None])


@cache
def _layout_first(n: int, m: int = 1) -> bool:
    """Layout of the first PCE's vote matrix (over every actor's position)."""
    z = np.zeros((n, m))
    return _column_major(1.0 - distance(z, z, z, np.ones(n)), 0, n)


@cache
def _layout_distinct(n: int, d: int, m: int = 1) -> bool:
    """Layout of the vote matrix of the PCE over ``d`` distinct positions (``util[:, first]``)."""
    return _column_major(_dummy_util(n, m)[:, np.arange(d, dtype=np.int64)], 0, d)


@cache
def _layout_queues(n: int, n_barg: int, count: int, size: int, m: int = 1) -> tuple[bool, ...]:
    """Layout of each block's vote matrix of a batch of ``count`` queues of ``size`` bargains."""
    z1, y = np.zeros((n, m)), np.zeros((n_barg, m))
    who = np.zeros(n_barg, dtype=np.int64)
    u_barg, u_sq = bargain_utilities(_dummy_util(n, m), z1, y, y, who, who, z1, np.ones(n), np.zeros(n))
    utils = queue_utilities(u_sq, u_barg, np.zeros((count, size), dtype=np.int64))
    p = size + 1
    blk = max(1, _BLOCK_ELEMENTS // max(1, count * n * p))
    return tuple(_column_major(utils, start, blk) for start in range(0, p, blk))


def _offsets(sizes: IntArray) -> IntArray:
    """Exclusive cumulative sums: where each issue's block starts in a stacked buffer."""
    return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)


class _Stack:
    """The stacked round loop.

    Every buffer holds each issue's block at one of three offsets: ``o1`` (one slot per actor), ``o2``
    (n^2: a matrix over actors) and ``o3`` (n^3: a vote matrix of n voters over n x n pairs).
    """

    #: Issues per run (the multi-issue stack, :mod:`accord.forecast.smp_multi`, has more).
    m = 1

    def __init__(
        self,
        stack: list[tuple[int, FloatArray, FloatArray, FloatArray, float]],
        p: SMPParams,
        trail: bool = True,
    ):
        self.p = p
        self.trail = trail
        self.units = [s[4] for s in stack]
        self.n = n = np.array([len(s[1]) for s in stack], dtype=np.int64)
        self.o1, self.o2, self.o3 = _offsets(n), _offsets(n**2), _offsets(n**3)
        self.cap = np.concatenate([s[1] for s in stack])
        self.pos0 = np.concatenate([s[2] for s in stack])
        self.sal = np.concatenate([s[3] for s in stack])
        # sal.sum(axis=1) and (sal**2).sum(axis=1): over one issue the element itself and its square, over
        # several numpy's pairwise sum of each row (the same per row, whatever the rows around it)
        one = self.sal.ndim == 1
        self.sal_sum = self.sal.copy() if one else self.sal.sum(axis=1)
        self.sal_norm = self.sal**2 if one else (self.sal**2).sum(axis=1)
        self.w_chlg = self.cap * self.sal_sum
        self.owner = np.repeat(np.arange(len(n)), n)
        n_all, s2, s3 = len(self.cap), int((n**2).sum()), int((n**3).sum())
        self.value, self.util, self.coal = np.empty(s2), np.empty(s2), np.empty(s2)
        self.v1, self.v2 = np.empty(s3), np.empty(s3)
        self.risk, self.p_neutral = np.empty(n_all), np.empty(n_all)
        self.first, self.group = np.zeros(n_all, dtype=np.int64), np.zeros(n_all, dtype=np.int64)
        self.n_groups = np.zeros(len(n), dtype=np.int64)
        self.targets, self.gains, self.p_win = (
            np.empty(n_all, dtype=np.int64),
            np.empty(n_all),
            np.empty(n_all),
        )
        self.n_barg = np.zeros(len(n), dtype=np.int64)
        self.b_init, self.b_recv = np.zeros(n_all, dtype=np.int64), np.zeros(n_all, dtype=np.int64)
        self.y_i, self.y_j = np.empty(self.pos0.shape), np.empty(self.pos0.shape)  # the bargains' copies
        self.u_sq = np.empty(n_all)
        self.u_barg = np.empty(s2)
        self.q_size, self.q_list = np.zeros(n_all, dtype=np.int64), np.zeros(s2, dtype=np.int64)
        self.chosen, self.chosen_prob = np.zeros((n_all, 2), dtype=np.int64), np.empty(n_all)
        self.change = np.zeros(len(n))
        self.g_size, self.g_count = np.zeros(n_all, dtype=np.int64), np.zeros(n_all, dtype=np.int64)
        self.f1 = np.array([_layout_first(k, self.m) for k in n.tolist()], dtype=np.bool_)
        self.f2 = np.zeros(len(n), dtype=np.bool_)

    def _dots(self, v: FloatArray, calls: list[tuple[int, int, int, bool]]) -> list[FloatArray]:
        """Per call: capabilities . run b's ``(n, width)`` vote matrix at ``v[v0:]`` (column-major if ``f``).

        Each is the ``numpy.dot`` call that ``numpy.tensordot`` makes in ``smp_rules._coalitions``: BLAS
        ``gemv`` (transposed) on a matrix of the same layout. Calls of one shape and layout go through one
        ``numpy.matmul`` over the stacked matrices, whose loop makes that very ``gemv`` call per matrix
        (vector @ matrix: the same order, dimensions, leading dimension and strides as ``numpy.dot`` of a
        row and a matrix; ``numpy/_core/src/umath/matmul.c.src`` and ``common/cblasfuncs.c``), so the
        bits are the same and the Python overhead is paid once per shape.
        """
        groups: dict[tuple[int, int, bool], list[int]] = {}
        for k, (b, _, width, f) in enumerate(calls):
            groups.setdefault((int(self.n[b]), width, f), []).append(k)
        out: list[FloatArray] = [np.empty(0)] * len(calls)
        for (n, width, f), ks in groups.items():
            runs = np.array([calls[k][0] for k in ks], dtype=np.int64)
            starts = np.array([calls[k][1] for k in ks], dtype=np.int64)
            block = v[starts[:, None] + np.arange(n * width)]
            mat = (
                block.reshape(len(ks), width, n).transpose(0, 2, 1) if f else block.reshape(len(ks), n, width)
            )
            cap = self.cap[self.o1[runs][:, None] + np.arange(n)][:, None, :]
            y = np.matmul(cap, mat)[:, 0]
            for k, row in zip(ks, y, strict=True):
                out[k] = row
        return out

    def _pce(
        self, eo: IntArray, ep: IntArray, xo: IntArray, coal: FloatArray, minc: float, n_x: int
    ) -> FloatArray:
        """Finish the Conditional PCEs whose coalition strengths are in ``coal``; probabilities at ``xo``."""
        from . import smp_jit as jit

        q = np.ones(len(coal))
        jit.pce_in(eo, ep, coal, minc, q)
        x = np.zeros(n_x)
        jit.pce_mid(eo, ep, xo, np.log(q), x)
        out = np.zeros(n_x)
        jit.pce_out(ep, xo, np.exp(x), out)
        return out

    def _queues(self, going: IntArray, pos: FloatArray) -> dict[str, Any]:
        """Challenges, bargains and the queue PCEs' coalition strengths for the issues in ``going``."""
        from . import smp_jit_round as jit

        n_, o1, o2 = self.n, self.o1, self.o2
        need = np.zeros((len(n_), 6), dtype=np.int64)
        if len(going):
            self._bargains(going, pos, need)
        off = np.zeros_like(need)
        off[going] = np.cumsum(need[going], axis=0) - need[going]
        total = need.sum(axis=0)
        v3, coal = np.empty(int(total[0])), np.zeros(int(total[1]))
        el_c, el_p, el_x, el_actor = (np.zeros(int(total[2]), dtype=np.int64) for _ in range(4))
        mat = np.zeros((int(total[3]), 8), dtype=np.int64)
        flags: list[bool] = []
        for b in going.tolist():
            n, nb, a0 = int(n_[b]), int(self.n_barg[b]), int(o1[b])
            for g in range(int(need[b, 5])):
                flags += _layout_queues(n, nb, int(self.g_count[a0 + g]), int(self.g_size[a0 + g]), self.m)
        mflag = np.array(flags, dtype=np.bool_)
        if len(going):
            jit.fill_v3(
                going, n_, o1, o2, off, self.u_barg, self.u_sq, self.q_size, self.q_list, v3, el_c, el_p,
                el_x, el_actor, mat, mflag,
            )  # fmt: skip
        rows = mat.tolist()
        ys = self._dots(v3, [(r[0], r[1], r[2], f) for r, f in zip(rows, flags, strict=True)])
        for (_, _, _, c0, count, n_opt, start, bl), y in zip(rows, ys, strict=True):
            if bl == n_opt:
                coal[c0 : c0 + count * n_opt * n_opt] = y
            else:  # one block of options of a large batch (smp_rules._coalitions)
                block = coal[c0 : c0 + count * n_opt * n_opt].reshape(count, n_opt, n_opt)
                block[:, start : start + bl, :] = y.reshape(count, bl, n_opt)
        return {"off": off, "n": need[:, 2], "c": el_c, "p": el_p, "x": el_x, "actor": el_actor,
                "coal": coal, "n_x": int(total[4])}  # fmt: skip

    def _values(self, active: IntArray, pos: FloatArray) -> None:
        """Risk-neutral values and the first PCE's vote matrix of the runs in ``active``."""
        from . import smp_jit as jit

        n_, o1, o2, o3 = self.n, self.o1, self.o2, self.o3
        jit.values_v1(active, n_, o1, o2, o3, self.f1, self.sal, self.sal_norm, pos, pos, self.value, self.v1)

    def _bargains(self, going: IntArray, pos: FloatArray, need: IntArray) -> None:
        """Challenges, bargains, the queues' options and their ``need`` (``smp_jit_round``)."""
        from . import smp_jit_round as jit

        p, n_, o1, o2 = self.p, self.n, self.o1, self.o2
        jit.challenges_bargains(
            going, n_, o1, o2, _SHARES[p.big_r_adjust], 2.0 if p.inter_vec_bargain == "S2P2" else 1.0,
            float(p.precision) if p.precision else 0.0, self.value, self.risk, self.util, self.w_chlg,
            self.sal_sum, self.sal, self.sal_norm, pos, pos, self.targets, self.gains, self.p_win,
            self.n_barg, self.b_init, self.b_recv, self.y_i, self.y_j, self.u_barg, self.u_sq,
            self.q_size, self.q_list, self.g_size, self.g_count, need,
        )  # fmt: skip

    def _decide(
        self, going: IntArray, el: dict[str, Any], probs: FloatArray, pos: FloatArray, new_pos: FloatArray
    ) -> None:
        """Each queue's decision: ``new_pos``, ``chosen``, ``chosen_prob`` and each run's ``change``."""
        from . import smp_jit_round as jit

        n_all = len(self.cap)
        jit.decide(
            going, self.n, self.o1, el["off"], el["n"], el["p"], n_all + el["x"], el["actor"], probs,
            self.q_list, self.o2, self.b_init, self.b_recv, self.y_i, self.y_j, pos, new_pos, self.chosen,
            self.chosen_prob, self.change,
        )  # fmt: skip

    def run(self) -> list[SMPRun]:
        """Play every issue to its end; one record per issue, in stack order."""
        from . import smp_jit as jit

        p, n_, o1, o2 = self.p, self.n, self.o1, self.o2
        n_issues, n_all, s2 = len(n_), len(self.cap), len(self.value)
        r_range = _RANGES[p.big_r_range]
        first_change = np.zeros(n_issues)
        converged = np.zeros(n_issues, dtype=bool)
        stop = np.zeros(n_issues, dtype=np.int64)
        pos = self.pos0.copy()
        hist: dict[str, list] = {k: [] for k in ("pos", "pd", "first", "groups", "prob", "round", "frac")}
        hist["pos"].append(pos.copy())
        active = np.arange(n_issues, dtype=np.int64)
        for t in range(p.max_rounds + 1):
            # --- risk-neutral PCE over every actor's position: risk attitudes, utilities, distinct positions
            self._values(active, pos)
            act = active.tolist()
            calls = [(b, int(self.o3[b]), int(n_[b] ** 2), bool(self.f1[b])) for b in act]
            for b, y in zip(act, self._dots(self.v1, calls), strict=True):
                self.coal[o2[b] : o2[b] + len(y)] = y
            self.p_neutral[:] = self._pce(o2[active], n_[active], o1[active], self.coal, MIN_COALITION, n_all)
            jit.risk_groups(
                active, n_, o1, o2, r_range, self.p_neutral, self.value, pos.reshape(n_all, -1), self.risk,
                self.util, self.first, self.group, self.n_groups,
            )  # fmt: skip
            # --- the risk-aware PCE over distinct positions (the forecast), with the queue PCEs of the
            # issues that play this round
            for b in active.tolist():
                self.f2[b] = _layout_distinct(int(n_[b]), int(self.n_groups[b]), self.m)
            jit.fill_v2(active, n_, o1, o2, self.o3, self.f2, self.util, self.first, self.n_groups, self.v2)
            calls = [(b, int(self.o3[b]), int(self.n_groups[b] ** 2), bool(self.f2[b])) for b in act]
            for b, y in zip(act, self._dots(self.v2, calls), strict=True):
                self.coal[o2[b] : o2[b] + len(y)] = y
            going = active[~converged[active]] if t < p.max_rounds else active[:0]
            stop[active] = t
            el = self._queues(going, pos)
            eo = np.concatenate([o2[active], s2 + el["c"]])
            ep = np.concatenate([self.n_groups[active], el["p"]])
            xo = np.concatenate([o1[active], n_all + el["x"]])
            probs = self._pce(eo, ep, xo, np.concatenate([self.coal, el["coal"]]), 0.0, n_all + el["n_x"])
            hist["pd"].append(probs[:n_all].copy())
            hist["first"].append(self.first.copy())
            hist["groups"].append(self.n_groups.copy())
            hist["prob"].append(probs[o1[self.owner] + self.group])
            if not len(going):
                break
            new_pos = pos.copy()
            self._decide(going, el, probs, pos, new_pos)
            if self.trail:
                hist["round"].append(
                    tuple(
                        a.copy()
                        for a in (
                            self.risk,
                            self.targets,
                            self.gains,
                            self.p_win,
                            self.chosen,
                            self.chosen_prob,
                        )
                    )
                )
            if t == 0:
                first_change[going] = self.change[going]
            frac = np.full(n_issues, np.nan)
            frac[going] = self.change[going] / (first_change[going] + _STOP_EPS)
            hist["frac"].append(frac)
            if t >= 1:
                converged[going] |= frac[going] < p.stop_fraction
            pos = new_pos
            hist["pos"].append(pos.copy())
            active = going
        return [self._record(b, int(stop[b]), hist, bool(converged[b])) for b in range(n_issues)]

    def _record(self, b: int, stop: int, hist: dict[str, list], converged: bool) -> SMPRun:
        """Issue b's SMPRun, built as smp_run builds it (states 0..stop, rounds 0..stop - 1)."""
        a0, n = int(self.o1[b]), int(self.n[b])
        rows = slice(a0, a0 + n)
        positions = [h[rows].reshape(n, self.m) for h in hist["pos"][: stop + 1]]
        expected = []
        for t in range(stop + 1):
            d = int(hist["groups"][t][b])
            first = hist["first"][t][a0 : a0 + d]
            # p_distinct @ pos[first], the same matmul on arrays of the same shapes
            expected.append(hist["pd"][t][a0 : a0 + d].copy() @ positions[t][first])
        rounds = []
        for t in range(stop if self.trail else 0):
            risk, targets, gains, p_win, chosen, chosen_prob = (a[rows] for a in hist["round"][t])
            pairs = list(map(tuple, chosen.tolist()))
            rounds.append(SMPRound(risk, targets, gains, p_win, pairs, chosen_prob))
        unit = self.units[b]
        return SMPRun(
            positions=np.array(positions) * unit,
            ideals=np.array(positions) * unit,
            probs=np.array([h[rows] for h in hist["prob"][: stop + 1]]),
            expected=np.array(expected) * unit,
            fractional_change=np.array([f[b] for f in hist["frac"][:stop]]),
            rounds=rounds,
            converged=converged,
        )
