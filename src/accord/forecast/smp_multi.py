"""Many multi-issue SMP runs at once: an uncertainty sweep's samples stacked into one round loop.

A sweep of the flagship runs the SMP on thousands of samples of the same 7 actors x 20 issues, each in
about ten rounds of a few hundred small numpy calls. The issues of one run are coupled (an actor's value
of a position is a salience-weighted Euclidean distance over every issue [WiseMulti]_), so a run cannot be
split into single-issue runs; instead the stacked round loop of :mod:`accord.forecast.smp_stacked` runs
on rows of m coordinates. Runs are stacked when they have the same number of actors and of issues, so
that what numpy must do itself stays one call over the stack:

* the values ``1 - distance`` of every run's positions: the same broadcast expression and
  ``numpy.einsum`` as ``smp_kernels.distance``, with a leading run axis (the einsum's inner sum over
  the issues is the same loop, whatever the leading axes);
* the distances from each ideal to each bargain: :func:`~accord.forecast.smp_jit_multi.bargain_diffs`
  gathers the differences of every run, one row per (voter, bargain), and one ``numpy.einsum`` sums them;
* the coalition sums (one BLAS call per election batch and run, as in the single-issue stack) and the
  expected positions (``p @ pos[first]`` per state, in :meth:`_Stack._record`).

Everything else is compiled (:mod:`accord.forecast.smp_jit_multi`). The records equal
:func:`~accord.forecast.smp_engine.smp_run`'s bit for bit (``tests/forecast/test_smp_multi.py``).

References
----------
.. [WiseMulti] B. Wise, L. Lester, B. Efird, "Multidimensional Bargaining Using KTAB", KAPSARC
   discussion paper (bibliography: WiseMulti, KTAB).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .smp_rules import SMPParams
from .smp_stacked import _SHARES, _Stack

__all__ = ["MultiStack"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class MultiStack(_Stack):
    """The stacked round loop on runs of n actors and m > 1 issues (positions are ``(n_all, m)`` rows)."""

    def __init__(
        self,
        stack: list[tuple[int, FloatArray, FloatArray, FloatArray, float]],
        p: SMPParams,
        trail: bool = True,
    ):
        self.m = int(stack[0][2].shape[1])
        super().__init__(stack, p, trail)
        self.shape = (len(self.n), int(self.n[0]), self.m)

    def _values(self, active: IntArray, pos: FloatArray) -> None:
        """``value = 1 - distance(pos, pos, sal, sal_norm)`` of the runs in ``active``, then the votes."""
        from . import smp_jit as jit

        runs, n, m = self.shape
        x = pos.reshape(runs, n, m)[active]
        sal = self.sal.reshape(runs, n, m)[active]
        # smp_kernels.distance with ideals = positions (the identity accommodation), a run axis in front
        diff = sal[:, :, None, :] * (x[:, :, None, :] - x[:, None, :, :])
        sq = np.einsum("sixk,sixk->six", diff, diff)
        norm = self.sal_norm.reshape(runs, n)[active][:, :, None]
        dist = np.sqrt(np.divide(sq, norm, out=np.zeros_like(sq), where=norm > 0))
        self.value.reshape(runs, n, n)[active] = 1.0 - dist
        jit.votes_v1(active, self.n, self.o2, self.o3, self.f1, self.value, self.v1)

    def _bargains(self, going: IntArray, pos: FloatArray, need: IntArray) -> None:
        """Challenges and bargains, the distances to the bargains (numpy), then the queues."""
        from . import smp_jit_multi as jit

        p, n_, o1, o2 = self.p, self.n, self.o1, self.o2
        jit.challenges_md(
            going, n_, o1, o2, _SHARES[p.big_r_adjust], 2.0 if p.inter_vec_bargain == "S2P2" else 1.0,
            float(p.precision) if p.precision else 0.0, self.value, self.risk, self.w_chlg, self.sal_sum,
            self.sal, pos, self.targets, self.gains, self.p_win, self.n_barg, self.b_init, self.b_recv,
            self.y_i, self.y_j,
        )  # fmt: skip
        rows = np.zeros(len(n_), dtype=np.int64)
        rows[going] = n_[going] * self.n_barg[going]
        boff = np.concatenate([[0], np.cumsum(rows)[:-1]]).astype(np.int64)
        d_i, d_j = np.empty((int(rows.sum()), self.m)), np.empty((int(rows.sum()), self.m))
        jit.bargain_diffs(going, n_, o1, self.n_barg, boff, self.sal, pos, self.y_i, self.y_j, d_i, d_j)
        sq_i, sq_j = np.einsum("pk,pk->p", d_i, d_i), np.einsum("pk,pk->p", d_j, d_j)
        jit.queues_md(
            going, n_, o1, o2, self.n_barg, boff, sq_i, sq_j, self.sal_norm, self.risk, self.util,
            self.b_init, self.b_recv, self.u_barg, self.u_sq, self.q_size, self.q_list, self.g_size,
            self.g_count, need,
        )  # fmt: skip

    def _decide(
        self, going: IntArray, el: dict[str, Any], probs: FloatArray, pos: FloatArray, new_pos: FloatArray
    ) -> None:
        """Each queue's decision on rows of m coordinates (``smp_jit_multi.decide_md``)."""
        from . import smp_jit_multi as jit

        n_all = len(self.cap)
        jit.decide_md(
            going, self.n, self.o1, el["off"], el["n"], el["p"], n_all + el["x"], el["actor"], probs,
            self.q_list, self.o2, self.b_init, self.b_recv, self.y_i, self.y_j, pos, new_pos, self.chosen,
            self.chosen_prob, self.change,
        )  # fmt: skip
