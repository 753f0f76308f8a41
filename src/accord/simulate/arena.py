"""The packages a simulated negotiation is played over, with live utilities and per-actor sorted orders.

A :class:`~accord.deals.DealSpace` numbers every package; the *arena* holds the packages a simulation
actually plays over, as rows:

* every package, when the space has at most ``max_packages`` of them (10^6 packages x 4 actors take
  about 60 MB and a third of a second to set up);
* otherwise a candidate set: each actor's best package within its own red lines, and the supported
  Pareto-optimal packages found by maximising random weighted sums of the actors' utilities issue by
  issue (a weighted sum of additive utilities is maximised option by option, so each candidate costs
  ``O(n_issues x n_options)``). Half of the candidates are drawn within one actor's red lines (so every
  actor has packages it may propose), half within every signatory's red lines where an issue allows it.
  The candidate set depends only on the space and ``candidate_seed``, never on the run's seed.

Utilities are recomputed, not rescaled, when a track moves a salience (``u_i = sum_k w_ik v_ik[x_k]``),
in issue order like :meth:`DealSpace.utilities`, so a package's utility is bit-identical whichever path
computed it. The weights are the saliences divided by the *larger* of the actor's initial and current
salience totals: at the start this is the rule of :func:`accord.deals.deal_space_from_scenario`; a track
that lowers a salience (a bargaining chip melting away) takes value away from the packages that rely on
that issue instead of inflating every other issue by renormalisation, and a track that raises one
still keeps utilities within [0, 1].

A package that chooses a pair of options the space forbids (linked issues, the scenario's ``constraints``)
counts as crossing every actor's red lines (``ok`` is False in its row), so no strategy offers or accepts
it.

Strategies read their own column through :meth:`Arena.sorted_for`: the rows within the actor's red lines
sorted by its utility, built once (and again only when its utilities change), so that finding the
package closest to an aspiration level is a binary search (``numpy.searchsorted``), not a scan.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from accord.deals import DealSpace

__all__ = ["Arena", "candidate_packages", "DEFAULT_MAX_PACKAGES"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Spaces up to this size are played over every package; larger ones over a candidate set.
DEFAULT_MAX_PACKAGES = 2_000_000


def candidate_packages(
    space: DealSpace, n_candidates: int = 4096, seed: int = 0, signatories: Sequence[str] | None = None
) -> IntArray:
    """Indices of a candidate set of packages for a space too large to enumerate (sorted, unique).

    Parameters
    ----------
    space : DealSpace
    n_candidates : int
        Number of weighted-sum draws (duplicates are dropped, so the set may be smaller).
    seed : int
        Seed of the draws (a property of the arena, not of a run).
    signatories : sequence of str, optional
        Whose red lines bound the joint half of the draws; the space's signatories by default.

    Returns
    -------
    ndarray of int64

    Notes
    -----
    Maximising ``sum_i lambda_i u_i(x)`` over packages with positive ``lambda`` gives a Pareto-optimal
    package (Miettinen 1999, *Nonlinear Multiobjective Optimization*, thm 3.1.2); with additive
    utilities it is the option-wise argmax. Draws concentrate weight on one actor with probability 1/2
    so that each actor's concession path from its ideal package is represented.
    """
    rng = np.random.default_rng(seed)
    n_a = space.n_actors
    sig = list(space.signatories if signatories is None else signatories)
    sig_rows = np.array([space.actors.index(s) for s in sig], dtype=np.int64)
    lam = rng.dirichlet(np.ones(n_a), size=n_candidates)
    owner = rng.integers(0, n_a, size=n_candidates)
    focus = rng.random(n_candidates)
    # Half the draws lean towards one actor (weight focus in [0.5, 1)), tracing its concession path.
    lean = np.arange(n_candidates) % 2 == 0
    lam[lean] *= (1 - focus[lean, None]) / 2
    lam[lean, owner[lean]] += (1 + focus[lean]) / 2
    own_only = np.arange(n_candidates) % 4 < 2
    digits = np.zeros((n_candidates + n_a, space.n_issues), dtype=np.int64)
    for k, v in enumerate(space.values):
        contrib = space.weights[:, k, None] * v  # (n_a, n_o)
        score = lam @ contrib  # (n_draws, n_o)
        acc = space.acceptable[k]
        joint: BoolArray = np.asarray(acc[sig_rows].all(axis=0))
        allowed = np.where(own_only[:, None], acc[owner], joint[None, :] if joint.any() else acc[owner])
        # Where a draw's owner accepts nothing on this issue, fall back to every option.
        allowed = np.where(allowed.any(axis=1, keepdims=True), allowed, True)
        digits[:n_candidates, k] = np.argmax(np.where(allowed, score, -np.inf), axis=1)
        # Each actor's ideal package within its own red lines.
        own = np.where(acc, contrib, -np.inf)
        own = np.where(acc.any(axis=1, keepdims=True), own, contrib)
        digits[n_candidates:, k] = np.argmax(own, axis=1)
    return np.unique(np.asarray(space.encode(digits), dtype=np.int64))


class Arena:
    """Rows of packages with live utilities, red-line masks and per-actor sorted orders.

    Parameters
    ----------
    space : DealSpace
    index : array_like of int, optional
        Package indices to play over; every package (if at most ``max_packages``) or a candidate set
        (:func:`candidate_packages`) by default.
    saliences : array_like, shape (n_actors, n_issues), optional
        Raw saliences whose row-normalisation gives the weights (what tracks move); the space's weights
        by default.
    max_packages : int
        Enumerate every package up to this size.
    n_candidates, candidate_seed : int
        Size and seed of the candidate set for larger spaces.
    """

    def __init__(
        self,
        space: DealSpace,
        index: Sequence[int] | IntArray | None = None,
        saliences: FloatArray | None = None,
        max_packages: int = DEFAULT_MAX_PACKAGES,
        n_candidates: int = 4096,
        candidate_seed: int = 0,
    ) -> None:
        self.space = space
        if index is None:
            if space.n_packages <= max_packages:
                idx = np.arange(space.n_packages, dtype=np.int64)
                self.complete = True
            else:
                idx = candidate_packages(space, n_candidates, candidate_seed)
                self.complete = False
        else:
            idx = np.unique(np.asarray(index, dtype=np.int64))
            self.complete = len(idx) == space.n_packages
        self.index: IntArray = idx
        sal = np.array(space.weights if saliences is None else saliences, dtype=np.float64)
        self.saliences: FloatArray = np.maximum(sal, 0.0)
        self.totals0: FloatArray = self.saliences.sum(axis=1, keepdims=True)
        self.weights: FloatArray = self._normalise(self.saliences)
        self.version = 0
        self._recompute()

    # -- construction ---------------------------------------------------------------------------------
    def _normalise(self, s: FloatArray) -> FloatArray:
        tot = np.maximum(s.sum(axis=1, keepdims=True), self.totals0)
        return np.divide(s, tot, out=np.zeros_like(s), where=tot > 0)

    def digit(self, k: int, index: IntArray | None = None) -> IntArray:
        """Option numbers on issue ``k`` of the rows (or of ``index``)."""
        idx = self.index if index is None else index
        return (idx // self.space.strides[k]) % self.space.radices[k]

    def _utilities(self, index: IntArray, weights: FloatArray) -> FloatArray:
        out = np.zeros((len(index), self.space.n_actors))
        for k, v in enumerate(self.space.values):
            # Same expression and summation order as DealSpace.contributions/utilities.
            contrib = np.ascontiguousarray((weights[:, k, None] * v).T)
            out += contrib[self.digit(k, index)]
        return out

    def _acceptable(self, index: IntArray) -> BoolArray:
        ok = np.ones((len(index), self.space.n_actors), dtype=bool)
        for k, acc in enumerate(self.space.acceptable):
            if acc.all():  # no red line on this issue: nothing to mask
                continue
            ok &= acc.T[self.digit(k, index)]
        if self.space.pair_tables:
            # A package that breaks a linked-issue constraint can be agreed by no one.
            ok &= self.space.allowed_mask(index)[:, None]
        return ok

    def _recompute(self) -> None:
        self.U: FloatArray = self._utilities(self.index, self.weights)
        self.ok: BoolArray = self._acceptable(self.index)
        self._sorted: dict[int, tuple[IntArray, FloatArray]] = {}
        self.version += 1

    def copy(self) -> Arena:
        """An independent copy (utilities and caches copied; the space shared)."""
        new = object.__new__(Arena)
        new.__dict__.update(self.__dict__)
        new.saliences = self.saliences.copy()
        new.weights = self.weights.copy()
        new.U = self.U.copy()
        new._sorted = dict(self._sorted)
        return new

    # -- queries --------------------------------------------------------------------------------------
    @property
    def n_rows(self) -> int:
        """Number of packages in play."""
        return len(self.index)

    def sorted_for(self, actor: int) -> tuple[IntArray, FloatArray]:
        """Rows within ``actor``'s red lines in increasing order of its utility, and those utilities.

        Built once per change of the actor's utilities (stable sort: ties keep row order).
        """
        hit = self._sorted.get(actor)
        if hit is None:
            mask = self.ok[:, actor]
            if mask.all():
                rows = np.arange(self.n_rows, dtype=np.int64)
                u = self.U[:, actor] + 0.0  # a contiguous copy; + 0.0 turns -0.0 into +0.0
            else:
                rows = np.flatnonzero(mask)
                u = self.U[rows, actor] + 0.0
            # Non-negative doubles order as their bit patterns do, and a stable sort of int64 keys is
            # about a third faster than of float64 ones; the order (ties included) is the same.
            key = u.view(np.int64) if len(u) and u.min() >= 0 else u
            order = np.argsort(key, kind="stable")
            hit = (rows[order], u[order])
            self._sorted[actor] = hit
        return hit

    def row_of(self, digits: Sequence[int]) -> int:
        """Row of the package with these option numbers, appended to the arena if absent.

        Appended rows are not in the sorted orders built before (only mediators and anchoring
        strategies construct packages outside the sorted orders).
        """
        idx = int(self.space.encode([list(digits)])[0])
        pos = int(np.searchsorted(self.index, idx))
        if pos < len(self.index) and self.index[pos] == idx:
            return pos
        # Insertion would renumber rows already in the trace; append instead.
        hits = np.flatnonzero(self.index == idx)
        if len(hits):
            return int(hits[0])
        one = np.array([idx], dtype=np.int64)
        self.index = np.concatenate([self.index, one])
        self.U = np.vstack([self.U, self._utilities(one, self.weights)])
        self.ok = np.vstack([self.ok, self._acceptable(one)])
        return len(self.index) - 1

    def digits_of(self, row: int) -> IntArray:
        """Option numbers of the package at ``row``."""
        return np.asarray(self.space.decode([int(self.index[row])])[0], dtype=np.int64)

    # -- changes --------------------------------------------------------------------------------------
    def set_saliences(self, saliences: FloatArray) -> None:
        """New raw saliences: recompute the utilities of the actors whose weights changed."""
        sal = np.maximum(np.asarray(saliences, dtype=np.float64), 0.0)
        weights = self._normalise(sal)
        changed = np.flatnonzero(np.any(weights != self.weights, axis=1))
        self.saliences = sal
        if not len(changed):
            return
        self.weights = weights
        self.U = self.U.copy()
        self.U[:, changed] = self._utilities(self.index, weights)[:, changed]
        for a in changed.tolist():
            self._sorted.pop(a, None)
        self.version += 1

    def fix(self, k: int, option: int) -> None:
        """Settle issue ``k`` at ``option`` (a partial agreement): every package now carries it.

        Rows are projected onto the settled option and duplicates dropped, so the arena keeps its
        breadth over the issues still open.
        """
        idx = self.index - self.digit(k) * self.space.strides[k] + option * self.space.strides[k]
        self.index = np.unique(idx)
        self._recompute()
