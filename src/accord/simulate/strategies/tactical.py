"""Tactical strategies: anchor-and-cede, staller, hardliner."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..state import TOL, NegotiationInfo, Offer, State
from .base import DEFAULT_TRAITS, FloatArray, IntArray, TimeDependent

__all__ = ["AnchorAndCede", "Staller", "Hardliner"]


class AnchorAndCede(TimeDependent):
    """Open above its real position on low-salience issues, then cede those first as concessions.

    Its *anchors* are the issues whose weight is below the median of its positive weights, where the end
    of the option range on its side differs from its best option and its red line allows that end. Its
    first proposal is its best package with every anchor pushed to that end; each later proposal cedes
    one anchor back to its best option, the least salient first (noted in the trace as ``"cedes
    <issue>"``): concessions that cost it nothing, since the anchor was never its real position. Once
    every anchor is ceded it concedes like a time-dependent tactic with exponent ``exponent``.
    Acceptance always follows its real utilities.

    Parameters
    ----------
    exponent : float
        Time-dependent exponent after the anchors are ceded (default Boulware-like 0.5).

    References
    ----------
    H. Raiffa (1982), *The Art and Science of Negotiation*, Harvard UP, ch. 9 (opening offers and
    anchoring); A. Tversky, D. Kahneman (1974), "Judgment under uncertainty: heuristics and biases",
    Science 185:1124-1131 (anchoring).
    """

    name: ClassVar[str] = "Anchor And Cede"
    traits: ClassVar[dict[str, bool]] = dict(DEFAULT_TRAITS)

    def __init__(self, exponent: float = 0.5) -> None:
        self.exponent = exponent

    def start(self, info: NegotiationInfo) -> None:
        """Keep the rules; anchors are chosen at the first proposal (they need the arena)."""
        super().start(info)
        self.anchors_: list[tuple[int, int]] | None = None
        self.best_: IntArray | None = None

    def _plan(self, state: State) -> tuple[IntArray, list[tuple[int, int]]]:
        if self.anchors_ is None or self.best_ is None:
            space = state.arena.space
            me = state.me
            w = state.arena.weights[me]
            best = np.zeros(space.n_issues, dtype=np.int64)
            for k, v in enumerate(space.values):
                acc = space.acceptable[k][me]
                best[k] = (
                    int(np.argmax(np.where(acc, v[me], -np.inf))) if acc.any() else int(np.argmax(v[me]))
                )
            positive = w[w > 0]
            cut = float(np.median(positive)) if len(positive) else 0.0
            anchors = []
            for k in np.argsort(w, kind="stable").tolist():
                n_o = int(space.radices[k])
                if not 0 < w[k] < cut or n_o < 2:
                    continue
                end = n_o - 1 if best[k] >= (n_o - 1) / 2 else 0
                if end != best[k] and space.acceptable[k][me, end]:
                    anchors.append((int(k), int(end)))
            self.best_, self.anchors_ = best, anchors
        return self.best_, self.anchors_

    def propose(self, state: State) -> Offer | None:
        """Anchored opening, then one ceded anchor per proposal, then time-dependent concessions.

        Issues settled by a partial agreement carry the agreed option, and their anchors are dropped (an
        anchor on a settled issue can no longer be ceded).
        """
        best, anchors = self._plan(state)
        settled = state.settled
        live = [(k, end) for k, end in anchors if k not in settled]
        made = state.my_offer_count()
        if made <= len(live) and live:
            digits = best.copy()
            for k, end in live[made:]:
                digits[k] = end
            for k, option in settled.items():
                digits[k] = option
            note = "" if made == 0 else f"cedes {state.arena.space.issues[live[made - 1][0]]}"
            space = state.arena.space
            # an anchor that breaks a linked-issue constraint is no offer: concede by time instead
            if not space.pair_tables or space.allowed_mask(space.encode([digits.tolist()]))[0]:
                return Offer(row=state.arena.row_of(digits.tolist()), note=note)
        return super().propose(state)


class Staller(TimeDependent):
    """Hold while its BATNA improves; bargain (time-dependently) once it stops improving.

    It *holds* while its reservation value rose over the last ``lookback`` rounds or the tracks'
    declared drift raises it. Holding, it proposes its best package, accepts nothing short of it, and
    rejects any partial agreement that would freeze a track that raises its BATNA (a ceasefire that stops
    a front line moving its way). Otherwise it concedes like a time-dependent tactic with ``exponent``.

    Parameters
    ----------
    exponent : float
        Time-dependent exponent when not holding.
    lookback : int
        Rounds over which the BATNA trend is measured (>= 1).

    References
    ----------
    The war-of-attrition logic of delay while the outside option improves: A. Muthoo (1999),
    *Bargaining Theory with Applications*, Cambridge UP, ch. 5 (outside options); T.C. Schelling (1960),
    *The Strategy of Conflict*, ch. 2.
    """

    name: ClassVar[str] = "Staller"
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "reads_tracks": True}

    def __init__(self, exponent: float = 1.0, lookback: int = 4) -> None:
        self.exponent = exponent
        self.lookback = lookback

    def _check(self) -> None:
        """The exponent must be positive, the lookback a positive integer."""
        super()._check()
        if not (isinstance(self.lookback, int | np.integer) and self.lookback >= 1):
            raise ValueError(f"{self.name}: lookback must be a positive integer, not {self.lookback!r}")

    def holding(self, state: State) -> bool:
        """Whether its BATNA is improving (measured trend, or the tracks' declared drift)."""
        back = state.batna_back(self.lookback)  # None until the history is long enough
        if back is not None and state.batna_back(0) > back + TOL:  # type: ignore[operator]
            return True
        return state.tracks.batna_drift(state.me) > TOL

    def _freezes_gain(self, state: State, offer: Offer) -> bool:
        tracks = state.freezes(offer)
        return bool(tracks) and state.tracks.batna_drift_of(state.me, tracks) > TOL

    def _aspiration_now(self, state: State) -> float:
        return 1.0 if self.holding(state) else super()._aspiration_now(state)

    def propose_partial(self, state: State) -> Offer | None:
        """As a time-dependent tactic, but never a partial agreement that freezes a track in its favour."""
        offer = super().propose_partial(state)
        if offer is not None and self._freezes_gain(state, offer):
            return None
        return offer

    def respond(self, state: State, offer: Offer) -> bool:
        """Reject what freezes a favourable track; otherwise as a time-dependent tactic."""
        if offer.partial and self._freezes_gain(state, offer):
            return False
        return super().respond(state, offer)


class Hardliner(TimeDependent):
    """Never crosses a red line and concedes nothing else: its aspiration stays at 1.

    It proposes its best package (and its best option on separable issues) and accepts only offers as
    good for it as those.

    References
    ----------
    The "tough" limiting case of Faratin, Sierra & Jennings (1998) (``beta -> 0``); the hard bargainer of
    R. Fisher, W. Ury (1981), *Getting to Yes*, ch. 1.
    """

    name: ClassVar[str] = "Hardliner"
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "time_based": True}

    def __init__(self) -> None:
        pass

    def _check(self) -> None:
        """Nothing to check."""

    def aspiration(self, rounds: IntArray) -> FloatArray:
        """Always 1."""
        return np.ones(np.shape(rounds), dtype=np.float64)
