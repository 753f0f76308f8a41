"""Mediator strategies for the single negotiating text: propose the Nash point; split the difference.

A mediator does not sit at the table: it drafts a text, every signatory accepts or rejects it and names
the issues that block it, and the mediator amends the text (Raiffa 1982, ch. 14, the Camp David single
negotiating text). Both mediators read every party's utilities, red lines and BATNAs (a mediator is told
them in confidence), so both declare ``uses_private_info``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from accord.deals import nash

from ..state import TOL, NegotiationInfo, Offer, State
from .base import DEFAULT_TRAITS, Strategy

__all__ = ["MediatorNash", "MediatorSplit"]

_MEDIATOR_TRAITS = {**DEFAULT_TRAITS, "mediator": True, "uses_private_info": True, "responsive": True}


def _partial_text(state: State, weights: np.ndarray) -> Offer | None:
    """Best partial text, or None.

    On the first open separable issue (in issue order) with an option that every signatory may agree
    alone, the option maximising the weighted sum of gains (ties: lowest option).
    """
    sig = state.signatory_rows
    acceptable = state.arena.space.acceptable
    for k in state.unsettled_separable:
        g = state.all_partial_gains(k)[sig]
        ok = acceptable[k][sig].all(axis=0) & ~state.status_quo_options(k) & np.all(g >= -TOL, axis=0)
        ok &= ~state.barred_options(k)
        if not ok.any():
            continue
        score = np.where(ok, weights[sig] @ g, -np.inf)
        return Offer(issue=k, option=int(np.argmax(score)))
    return None


class MediatorNash(Strategy):
    """Propose the asymmetric Nash bargaining point; amend by raising the weight of those who object.

    The text is the package maximising ``sum_i e_i log(u_i - d_i)`` over the packages in play that cross
    no signatory's red line and give every signatory more than its BATNA, with ``e_i`` its current
    capability times ``(1 + boost) ** (rejections so far)``. When no such package exists it drafts
    none (only partial texts, chosen by the capability-weighted sum of gains, since the Nash product
    vanishes when a party gains nothing).

    Parameters
    ----------
    boost : float
        Relative weight increase per rejection (>= 0).

    References
    ----------
    J. Nash (1950), "The bargaining problem", Econometrica 18:155-162; H. Raiffa (1982), *The Art and
    Science of Negotiation*, ch. 14 (the single negotiating text).
    """

    name: ClassVar[str] = "Mediator Nash"
    traits: ClassVar[dict[str, bool]] = dict(_MEDIATOR_TRAITS)

    def __init__(self, boost: float = 0.5) -> None:
        self.boost = boost

    def start(self, info: NegotiationInfo) -> None:
        """Reset the weights."""
        if not self.boost >= 0:
            raise ValueError(f"{self.name}: boost must be non-negative, not {self.boost!r}")
        super().start(info)
        self.rejections_ = np.zeros(len(info.actors))
        self._seen_round = -1
        self._seen_offer = -1

    def _amend(self, state: State) -> None:
        """Count the rejections of the last full text, once per round and once per text.

        A round without a new full text leaves the responses to an older one in place: they are not
        counted again.
        """
        if self._seen_round == state.round:
            return
        self._seen_round = state.round
        if state.last_responses_offer == self._seen_offer:
            return
        self._seen_offer = state.last_responses_offer
        for actor, accepted, _ in state.last_responses:
            if not accepted:
                self.rejections_[actor] += 1

    def _weights(self, state: State) -> np.ndarray:
        return np.maximum(state.capabilities, 0.0) * (1.0 + self.boost) ** self.rejections_

    def propose(self, state: State) -> Offer | None:
        """The Nash point of the feasible packages, or None when there is none."""
        self._amend(state)
        sig = state.signatory_rows
        ar = state.arena
        d = state.disagreement
        feasible = np.flatnonzero(ar.ok[:, sig].all(axis=1) & np.all(ar.U[:, sig] > d[sig] + TOL, axis=1))
        if not len(feasible):
            return None
        e = self._weights(state)[sig]
        best = nash(ar.U[feasible][:, sig], d[sig], e if e.sum() > 0 else None)
        return None if best is None else Offer(row=int(feasible[best]))

    def propose_partial(self, state: State) -> Offer | None:
        """A partial text by the capability-weighted sum of gains."""
        self._amend(state)
        return _partial_text(state, self._weights(state))


class MediatorSplit(Strategy):
    """Split the difference between the signatories' best options, and amend towards objectors.

    On each issue, the option nearest the mean of the signatories' best options; amend by moving each
    blocking issue halfway towards the objector's best option. Issues settled by a partial agreement
    carry the agreed option.

    Options are placed on the issue's scale (option numbers when the space has none) and, where some
    option crosses no signatory's red line, only those are proposed. Partial texts take the option
    nearest the issue's target among those every signatory may agree alone.

    Parameters
    ----------
    step : float
        Share of the distance to an objector's best option moved per objection, in (0, 1].

    References
    ----------
    H. Raiffa (1982), *The Art and Science of Negotiation*, ch. 14 (single negotiating text) and ch. 4
    (splitting the difference as a focal compromise); Schelling (1960), ch. 3.
    """

    name: ClassVar[str] = "Mediator Split"
    traits: ClassVar[dict[str, bool]] = dict(_MEDIATOR_TRAITS)

    def __init__(self, step: float = 0.5) -> None:
        self.step = step

    def start(self, info: NegotiationInfo) -> None:
        """Reset the targets (set at the first proposal)."""
        if not 0 < self.step <= 1:
            raise ValueError(f"{self.name}: step must be in (0, 1], not {self.step!r}")
        super().start(info)
        self.targets_: np.ndarray | None = None
        self._seen_round = -1
        self._seen_offer = -1

    def _best_positions(self, state: State, k: int) -> np.ndarray:
        v = state.arena.space.values[k][state.signatory_rows]
        return state.option_positions(k)[np.argmax(v, axis=1)]

    def _update(self, state: State) -> np.ndarray:
        space = state.arena.space
        if self.targets_ is None:
            self.targets_ = np.array([self._best_positions(state, k).mean() for k in range(space.n_issues)])
        # Once per round and once per text (the responses to an older text stay in place).
        if self._seen_round != state.round:
            self._seen_round = state.round
            if state.last_responses_offer != self._seen_offer:
                self._seen_offer = state.last_responses_offer
                self._amend(state, self.targets_)
        return self.targets_

    def _amend(self, state: State, targets: np.ndarray) -> None:
        """Move each blocking issue's target towards the objector's best option."""
        sig = state.signatory_rows.tolist()
        for actor, accepted, blocking in state.last_responses:
            if accepted or actor not in sig:
                continue
            for k in blocking:
                want = self._best_positions(state, k)[sig.index(actor)]
                targets[k] += self.step * (want - targets[k])

    def propose(self, state: State) -> Offer | None:
        """The split-the-difference package."""
        targets = self._update(state)
        space = state.arena.space
        sig = state.signatory_rows
        settled = state.settled
        digits = []
        for k in range(space.n_issues):
            if k in settled:  # a partial agreement settled it
                digits.append(settled[k])
                continue
            pos = state.option_positions(k)
            joint = space.acceptable[k][sig].all(axis=0)
            dist = np.abs(pos - targets[k])
            digits.append(int(np.argmin(np.where(joint, dist, np.inf) if joint.any() else dist)))
        if space.pair_tables:
            unlinked = _unlink(state, digits, targets)
            if unlinked is None:
                return None
            digits = unlinked
        return Offer(row=state.arena.row_of(digits))

    def propose_partial(self, state: State) -> Offer | None:
        """A partial text nearest the issue's target among the options every signatory may agree alone."""
        targets = self._update(state)
        sig = state.signatory_rows
        acceptable = state.arena.space.acceptable
        for k in state.unsettled_separable:
            g = state.all_partial_gains(k)[sig]
            ok = acceptable[k][sig].all(axis=0) & ~state.status_quo_options(k) & np.all(g >= -TOL, axis=0)
            ok &= ~state.barred_options(k)
            if ok.any():
                dist = np.where(ok, np.abs(state.option_positions(k) - targets[k]), np.inf)
                return Offer(issue=k, option=int(np.argmin(dist)))
        return None


def _unlink(state: State, digits: list[int], targets: np.ndarray) -> list[int] | None:
    """``digits`` with each broken linked-issue constraint repaired, or None where that fails.

    For each forbidden pair the package chooses (issues ``k`` before ``l``), the option of the unsettled
    one of the two (``l`` when both are open) moves to the allowed option nearest its target, within
    every signatory's red lines where possible. A few passes settle chains of linked issues.
    """
    space = state.arena.space
    settled = state.settled
    sig = state.signatory_rows
    digits = list(digits)
    for _ in range(len(space.pair_tables) + 1):
        broken = [(k, l, t) for k, l, t in space.pair_tables if t[digits[k], digits[l]]]
        if not broken:
            return digits
        k, l, table = broken[0]
        if l not in settled:
            free, bad = l, table[digits[k], :]
        elif k not in settled:
            free, bad = k, table[:, digits[l]]
        else:
            return None
        joint = space.acceptable[free][sig].all(axis=0) & ~bad
        pool = joint if joint.any() else ~bad
        if not pool.any():
            return None
        dist = np.abs(state.option_positions(free) - targets[free])
        digits[free] = int(np.argmin(np.where(pool, dist, np.inf)))
    return None
