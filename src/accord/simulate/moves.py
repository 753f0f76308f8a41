"""The moves of a round: the proposer's offers, the table's answers, settlements and departures.

Functions over a :class:`~accord.simulate.Negotiation` (its methods: ``Negotiation._put`` is :func:`put`),
kept apart from the model's construction and bookkeeping in :mod:`accord.simulate.engine`. They are the
round-by-round path, the reference every faster path is checked against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .seats import walk_aways
from .state import Offer, State, check_offer

if TYPE_CHECKING:
    from .engine import Negotiation
    from .strategies.base import Strategy

__all__ = ["play", "play_from", "departures", "walkers", "put", "package_of", "offer_utilities", "settle"]

FloatArray = NDArray[np.float64]


def play(self: Negotiation, proposer: int, strat: Strategy, state: State) -> None:
    """The proposer's full offer, then (while separable issues are open) its partial offer."""
    play_from(self, proposer, strat, state, strat.propose(state))


def play_from(self: Negotiation, proposer: int, strat: Strategy, state: State, offer: Offer | None) -> None:
    """:func:`play` once the proposer has made its full offer ``offer`` (None: none)."""
    if offer is not None:
        # the full check only where it can fail: a row out of range, or issues already settled
        if self.agreed or self._linked or not 0 <= offer.row < len(self.arena.index):
            check_offer(state, strat.name, offer, full=True)
        self._put(proposer, offer)
    if not self.done and self._open:
        p = strat.propose_partial(state)
        if p is not None:
            check_offer(state, strat.name, p, full=False)
            self._put(proposer, p)


def departures(self: Negotiation, r: int) -> bool:
    """End the run if a signatory's deadline has passed or a signatory walks away in round ``r``."""
    first = self._first_deadline
    late = (
        [] if first is None or r <= first else [a for a in self.signatories if r > (self.deadlines[a] or r)]
    )
    if late:
        self.done, self.ended_by, self.walked = True, "deadline", tuple(late)
        return True
    walkers = self._walkers()
    if walkers:
        self.done, self.ended_by, self.walked = True, "walk-away", walkers
        return True
    return False


def walkers(self: Negotiation) -> tuple[str, ...]:
    """Signatories whose BATNA beats every package and partial deal they can still get."""
    quick = (self.arena.version, self.arena.n_rows, self._moved)
    if quick != self._walk_quick:
        self._walk_quick = quick
        key = (
            self.arena.version,
            self.arena.n_rows,
            self.disagreement.tobytes(),
            tuple(sorted(self.agreed.items())),
        )
        if key != self._walk_key:
            self._walk_key, self._walk_cached = key, _walkers_now(self)
    out = self._walk_cached
    # step()'s pre-test: while the arena's utilities are this array and nothing moved, no one walks away
    self._walk_seen = (None if out else self.arena.U, self._moved)
    return out


def _walkers_now(self: Negotiation) -> tuple[str, ...]:
    sig = self.signatory_rows
    partial = []
    for k in self.open_separable():
        # Whose acceptance settles the issue: its parties (a side deal), else every signatory.
        settlers = self._settlers[k]
        rows = np.array(sorted(settlers), dtype=np.int64)
        ok = self.space.acceptable[k][rows].all(axis=0) & ~self.sq_option_mask(k) & ~self.barred_options(k)
        needed = np.array([j in settlers for j in sig.tolist()], dtype=bool)
        partial.append((self.partial_gains(k)[sig], ok, needed))
    joint_ok = np.asarray(self.arena.ok[:, sig].all(axis=1))
    leave = walk_aways(self.arena.U[:, sig], joint_ok, self.disagreement[sig], partial)
    return tuple(a for a, w in zip(self.signatories, leave.tolist(), strict=True) if w)


def put(self: Negotiation, proposer: int, offer: Offer) -> None:
    """Log an offer, collect the table's responses, settle it if every signatory accepts."""
    row, r = offer.row, self.round
    partial = row < 0
    if partial:
        u = self._offer_utilities(offer)
    else:
        # Offers come back to the same packages round after round: one copy of a row's utilities serves
        # them all while the arena's utilities stay the same array (the arena replaces the array when
        # they change, it never writes into it once published).
        U = self.arena.U
        copies = self._row_copies
        if copies[0] is not U:
            copies = self._row_copies = (U, {})
        hit = copies[1].get(row)
        if hit is None:
            hit = copies[1][row] = U[row].copy()
        u = hit
    trace = self.trace
    oid = len(trace.offer_rounds)
    log = self.offer_log  # OfferLog.add, inlined
    log.setdefault((proposer, offer.issue if partial else -1), []).append((r, offer, u))
    log.version += 1
    d = self.disagreement
    if self._reservation_list[0] is not d:  # Python floats, converted again only when tracks move
        self._reservation_list = (d, d.tolist())
    reservation = self._reservation_list[1]
    a_offer, a_actor, a_accepted, a_blocking, a_reservation = trace.response_appends
    responses = []
    all_yes = True
    for j, strat, state, signs in self._responders.get(proposer, self._members):
        yes = bool(strat.respond(state, offer))
        if yes or not self._objections:
            blocking: tuple[int, ...] = ()
        else:
            blocking = tuple(int(k) for k in strat.objections(state, offer))
        responses.append((j, yes, blocking))
        if signs:  # a non-signatory's answer is heard but cannot block
            all_yes &= yes
        # Trace.response, inlined
        a_offer(oid)
        a_actor(j)
        a_accepted(yes)
        a_blocking(blocking)
        a_reservation(reservation[j])
    if partial:
        package = -1
        needed = self._settlers[offer.issue]
        if needed is not self._signatory_set:
            # a side deal: its parties' answers settle it, the others' are heard but cannot block
            all_yes = all(yes for j, yes, _ in responses if j in needed)
    else:
        index = self._index_list  # package_of, inlined
        package = (
            index[1][row] if index[0] is self.arena.index and index[1] is not None else self._package_of(row)
        )
        self.last_responses, self.last_responses_offer = responses, oid
    # Trace.offer, inlined: round, proposer, package, issue, option, note, accepted, utilities
    add = trace.offer_appends
    add[0](r)
    add[1](proposer)
    add[2](package)
    add[3](offer.issue)
    add[4](offer.option)
    add[5](offer.note)
    add[6](all_yes)
    add[7](u)

    if not all_yes:
        return
    if partial:
        self._settle(offer.issue, offer.option)
    else:
        self.done, self.ended_by = True, "agreement"
        self.agreement = package


def package_of(self: Negotiation, row: int) -> int:
    """``int(arena.index[row])``, from a Python list of the index while the arena is small."""
    index = self.arena.index
    cached = self._index_list
    if cached[0] is not index:
        cached = self._index_list = (index, index.tolist() if len(index) <= 1 << 16 else None)
    return cached[1][row] if cached[1] is not None else int(index[row])


def offer_utilities(self: Negotiation, offer: Offer) -> FloatArray:
    """Every actor's utility of ``offer`` if agreed (a partial one leaves the rest at no deal)."""
    if offer.partial:
        return self.disagreement + self.partial_gains(offer.issue)[:, offer.option]
    return self.arena.U[offer.row].copy()


def settle(self: Negotiation, issue: int, option: int) -> None:
    """Settle ``issue`` at ``option``: freeze its tracks, project the arena and the offer log onto it."""
    self.agreed[issue] = option
    self.agreed_round[issue] = self.round
    self._plain = False
    self._open = tuple(k for k in self._separable if k not in self.agreed)
    for tid in self.tracks.freeze_on(self.space.issues[issue], float(self.option_values[issue][option])):
        self.frozen_by[tid] = self.round
    old_index = self.arena.index
    self.arena.fix(issue, option)
    self.offer_log.remap(old_index, self.arena.index, self.space, issue, option)
    self._apply_tracks()
