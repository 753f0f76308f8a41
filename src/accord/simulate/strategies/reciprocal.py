"""Reciprocal strategies: tit-for-tat on concessions."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..state import TOL, NegotiationInfo, Offer, State
from .base import DEFAULT_TRAITS, TimeDependent, _own_order

__all__ = ["TitForTat"]


class TitForTat(TimeDependent):
    """Concede as much as the others conceded; open nicely.

    Its level (the utility it asks for) starts at its best package. Once any other signatory has made
    an offer it concedes ``niceness`` of its range once (tit-for-tat's first cooperative move), and then
    mirrors the others: the level falls by the mean, over the other signatories, of how much their
    latest offer improved on their first one *in its own current utility* (a retraction raises the
    level again; both offers are re-scored each round, so a track that moves its BATNA or saliences is
    neither). The level is clipped to ``[reservation, best]``. It proposes the package of least own
    utility at or above the level and accepts offers at or above it. Partial agreements follow the same
    rule on the gain of the issue.

    The level is a function of the offers in the log, not of an internal counter, so the strategy is
    memory-one per opponent and a clone replays identically.

    Parameters
    ----------
    niceness : float
        Share of its range conceded once, as its first cooperative move, in [0, 1].

    References
    ----------
    R. Axelrod (1984), *The Evolution of Cooperation*, Basic Books; the relative (concession-mirroring)
    form in T. Baarslag, K. Hindriks, C. Jonker (2013), "A tit for tat negotiation strategy for
    real-time bilateral negotiations", in *Complex Automated Negotiations*, Springer.
    """

    name: ClassVar[str] = "Tit For Tat"
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "responsive": True}

    def __init__(self, niceness: float = 0.05) -> None:
        self.niceness = niceness

    def start(self, info: NegotiationInfo) -> None:
        """Check ``niceness`` and keep the rules."""
        if not 0.0 <= self.niceness <= 1.0:
            raise ValueError(f"{self.name}: niceness must be in [0, 1], not {self.niceness!r}")
        self.info_ = info

    def _reciprocity(self, state: State, issue: int | None) -> tuple[float, bool]:
        """Mean concession of the others in own utility, and whether any of them has offered.

        Both offers are scored with the current utilities (partial offers by their current gain over no
        deal), so a track that moves the actor's BATNA or saliences between them is not taken for a
        concession or a retraction.
        """
        total, n, seen = 0.0, 0, False
        for j in state.others:
            log = state.offers_by(j, issue)
            if not log:
                continue
            seen = True
            first, last = log[0][1], log[-1][1]
            if issue is None:
                total += state.utility(last) - state.utility(first)
            else:
                gains = state.partial_gains(issue)
                total += float(gains[last.option] - gains[first.option])
            n += 1
        return (total / n if n else 0.0), seen

    def _level(self, state: State) -> float:
        # A function of the offers logged, the actor's utilities and its reservation value: kept until
        # one of them changes (propose and respond in one round read it once).
        key = (
            state.arena.sorted_for(state.me),
            state.reservation,
            state.arena.version,
            state.offer_log_version,
        )
        cached = self.__dict__.get("level_")
        if cached is not None and cached[0][0] is key[0] and cached[0][1:] == key[1:]:
            return float(cached[1])
        _, su = key[0]
        r = state.reservation
        if not len(su):
            level = np.inf
        else:
            best = float(su[-1])
            if best < r:
                level = best
            else:
                conceded, seen = self._reciprocity(state, None)
                level = min(best, max(r, best - (self.niceness * (best - r) if seen else 0.0) - conceded))
        self.__dict__["level_"] = (key, level)
        return level

    def propose(self, state: State) -> Offer | None:
        """The package of least own utility at or above its level."""
        own = _own_order(self, state)
        if own is None:
            return None
        return own.offer(own.row_at(self._level(state)))

    def _partial_level(self, state: State, issue: int) -> float:
        g = state.partial_gains(issue)
        allowed = state.partial_allowed(issue)
        best = float(g[allowed].max()) if allowed.any() else 0.0
        conceded, seen = self._reciprocity(state, issue)
        level = best - (self.niceness * best if seen else 0.0) - conceded
        return min(best, max(0.0, level))

    def propose_partial(self, state: State) -> Offer | None:
        """A partial offer at its level on the first issue of :attr:`State.partial_agenda`.

        The open separable issue it has offered on least, then the one it cares most about.
        """
        for k in state.partial_agenda:
            allowed = state.partial_allowed(k)
            if not allowed.any():
                continue
            g = state.partial_gains(k)
            cand = np.flatnonzero(allowed & (g >= self._partial_level(state, k) - TOL))
            if len(cand):
                return Offer(issue=k, option=int(cand[np.argmin(g[cand])]))
        return None

    def respond(self, state: State, offer: Offer) -> bool:
        """Accept offers within its red lines at or above its level."""
        if not state.acceptable(offer):
            return False
        if offer.partial:
            if not state.partial_allowed(offer.issue)[offer.option]:
                return False
            g = float(state.partial_gains(offer.issue)[offer.option])
            return g >= self._partial_level(state, offer.issue) - TOL
        u = state.utility(offer)
        return u >= state.reservation - TOL and u >= self._level(state) - TOL
