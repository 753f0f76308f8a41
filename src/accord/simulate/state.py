"""What a strategy sees: offers, the start-of-negotiation information, and a live view of the round.

A strategy gets a :class:`NegotiationInfo` once, through ``start(info)`` (Axelrod's
``receive_match_attributes``), and a :class:`State` at every decision. The state is a read-only view of
the running :class:`~accord.simulate.Negotiation` from one actor's seat: its own utilities, red lines
and reservation value; the offers made so far; the tracks. Reading other actors' utilities or BATNAs
(``State.utilities``, ``State.disagreement``) is private information: a strategy that does so declares
``uses_private_info`` (the conformance suite checks it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from .arena import Arena
    from .engine import Negotiation
    from .tracks import TrackSet

__all__ = ["Offer", "NegotiationInfo", "State", "TOL", "check_offer"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Utilities within this of a threshold count as meeting it (rounding of sums of issue terms).
TOL = 1e-9

#: Arenas up to this many rows are read through Python lists of a State's own column (a list of 10^6
#: floats would cost 30 MB).
LIST_LIMIT = 1 << 16


@dataclass(frozen=True, slots=True, init=False)
class Offer:
    """An offer: a full package (an arena row) or a partial agreement on one separable issue.

    Parameters
    ----------
    row : int
        Arena row of the package; -1 for a partial offer.
    issue, option : int
        For a partial offer: the issue number and the option number; -1 otherwise.
    note : str
        What the proposer says about it (an anchoring strategy names the issue it "cedes").
    """

    row: int = -1
    issue: int = -1
    option: int = -1
    note: str = ""

    def __init__(self, row: int = -1, issue: int = -1, option: int = -1, note: str = "") -> None:
        # The slots written through their descriptors, not the frozen dataclass's object.__setattr__
        # calls: an offer made 2.5x faster (0.65 -> 0.27 us), which a strategy that makes one a round
        # pays every round.
        _set_row(self, row)
        _set_issue(self, issue)
        _set_option(self, option)
        _set_note(self, note)

    @property
    def partial(self) -> bool:
        """True for a partial offer on one issue."""
        return self.row < 0


_set_row, _set_issue, _set_option, _set_note = (
    Offer.__dict__[name].__set__ for name in ("row", "issue", "option", "note")
)


@dataclass(frozen=True)
class NegotiationInfo:
    """Handed to a strategy once, at the start: who it is and the rules of the game.

    Parameters
    ----------
    actor : str
        The actor the strategy plays (``"mediator"`` for a mediator).
    row : int
        The actor's row in every array (-1 for a mediator).
    actors, issues : tuple of str
    signatories : tuple of str
        Actors whose acceptance an agreement needs (a subset of the table).
    protocol : str
    n_rounds : int
        The horizon: when the simulation stops looking (not a deadline of anyone's).
    deadline : int
        The end of the actor's concession clock: its own deadline, or else the end of its patience
        (see :mod:`accord.simulate.engine`); never the horizon, so a time-dependent strategy concedes
        the same way whatever the horizon.
    separable : tuple of int
        Issues that may be agreed alone.
    rng : numpy.random.Generator
        The strategy's own stream, derived from the run's seed.
    table : tuple of str
        Actors who negotiate (propose and respond), in actor order; the signatories when empty.
    """

    actor: str
    row: int
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    signatories: tuple[str, ...]
    protocol: str
    n_rounds: int
    deadline: int
    separable: tuple[int, ...] = ()
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0), compare=False)
    table: tuple[str, ...] = ()

    def time(self, round_: int | NDArray[np.int64]) -> FloatArray:
        """Relative time ``(round - 1) / (deadline - 1)`` clipped to [0, 1].

        0 at the first round, 1 at the actor's deadline (Faratin, Sierra & Jennings 1998 measure time
        against each agent's own deadline). With a deadline of 1 the first round is the deadline: t is
        1 there (0 before it).
        """
        r = np.asarray(round_, dtype=np.float64)
        if self.deadline <= 1:
            return np.clip(r - self.deadline + 1.0, 0.0, 1.0)
        return np.clip((r - 1.0) / (self.deadline - 1), 0.0, 1.0)


class State:
    """A live view of the negotiation from one actor's seat (read-only by convention)."""

    __slots__ = ("_neg", "me", "_others", "_u_column", "_ok_column")

    def __init__(self, negotiation: Negotiation, me: int) -> None:
        self._neg = negotiation
        self.me = me
        self._others: tuple[int, ...] | None = None
        # The actor's column of the arena's utilities and red-line mask as Python lists, with the array
        # each was read from (the arena replaces them when they change): utility() and acceptable() are
        # called every round, and a list lookup is cheaper than numpy's scalar indexing.
        self._u_column: tuple[FloatArray | None, list[float] | None] = (None, None)
        self._ok_column: tuple[BoolArray | None, list[bool] | None] = (None, None)

    # -- time --------------------------------------------------------------------------------------------
    @property
    def round(self) -> int:
        """The current round (1-based)."""
        return self._neg.round

    @property
    def arena(self) -> Arena:
        """The packages in play."""
        return self._neg.arena

    @property
    def tracks(self) -> TrackSet:
        """The exogenous tracks."""
        return self._neg.tracks

    # -- own view -----------------------------------------------------------------------------------------
    @property
    def reservation(self) -> float:
        """The actor's current reservation value: its BATNA (disagreement utility), tracks included."""
        neg = self._neg
        d, cached = neg.disagreement, neg._reservation_list
        if cached[0] is not d:  # the BATNAs as Python floats, converted again when the tracks move them
            cached = neg._reservation_list = (d, d.tolist())
        return cached[1][self.me]

    def batna_history(self) -> list[float]:
        """The actor's reservation value at the end of each round so far (round 0 first)."""
        return [float(d[self.me]) for d in self._neg.trace.batna_history]

    def batna_back(self, lag: int) -> float | None:
        """The actor's reservation value ``lag`` rounds before the last one recorded (None before round 0).

        ``batna_history()[-1 - lag]`` without building the whole history.
        """
        hist = self._neg.trace.batna_history
        return float(hist[-1 - lag][self.me]) if lag < len(hist) else None

    def utility(self, offer: Offer) -> float:
        """The actor's utility if ``offer`` were agreed (a partial offer leaves the rest at no deal)."""
        row = offer.row
        if row < 0:
            return self.reservation + float(self.partial_gains(offer.issue)[offer.option])
        U = self._neg.arena.U
        column = self._u_column
        if column[0] is not U:
            column = self._u_column = (U, U[:, self.me].tolist() if len(U) <= LIST_LIMIT else None)
        values = column[1]
        return values[row] if values is not None else float(U[row, self.me])

    def acceptable(self, offer: Offer) -> bool:
        """Whether ``offer`` respects the actor's red lines."""
        row = offer.row
        if row < 0:
            return bool(self._neg.space.acceptable[offer.issue][self.me, offer.option])
        ok = self._neg.arena.ok
        column = self._ok_column
        if column[0] is not ok:
            column = self._ok_column = (ok, ok[:, self.me].tolist() if len(ok) <= LIST_LIMIT else None)
        values = column[1]
        return values[row] if values is not None else bool(ok[row, self.me])

    def partial_gains(self, issue: int) -> FloatArray:
        """Per option of ``issue``, the actor's utility gain over no deal from agreeing it alone."""
        return self._neg.partial_gains(issue)[self.me]

    def partial_allowed(self, issue: int) -> BoolArray:
        """Options of ``issue`` the actor may agree alone.

        Those within its red lines, other than the status quo, no worse than no deal, and not ruled out
        by a linked-issue constraint given the issues settled so far (:meth:`barred_options`).
        """
        neg = self._neg
        g = neg.partial_gains(issue)[self.me]
        ok = neg.space.acceptable[issue][self.me] & ~neg.sq_option_mask(issue) & (g >= -TOL)
        return ok & ~neg.barred_options(issue) if neg._linked and neg.agreed else ok

    def barred_options(self, issue: int) -> BoolArray:
        """Options of ``issue`` that a declared linked-issue constraint rules out, given what is settled."""
        return self._neg.barred_options(issue)

    @property
    def settled(self) -> dict[int, int]:
        """Issues settled by partial agreements: issue number -> agreed option (every package carries it)."""
        return dict(self._neg.agreed)

    @property
    def open_separable(self) -> tuple[int, ...]:
        """Separable issues not yet agreed, most salient to the actor first (ties in issue order)."""
        w = self._neg.arena.weights[self.me]
        return tuple(sorted(self._neg.open_separable(), key=lambda k: (-w[k], k)))

    @property
    def partial_agenda(self) -> tuple[int, ...]:
        """:attr:`open_separable` in the order to offer partial deals on: least offered on by the actor first.

        Ties (the issues it has offered on as often) go most salient first, then in issue order. Taking
        the issues in turn keeps a side deal (an issue with its own parties) from waiting behind an
        issue that a third party stalls.
        """
        neg, me = self._neg, self.me
        w = neg.arena.weights[me]
        log = neg.offer_log
        return tuple(sorted(neg.open_separable(), key=lambda k: (len(log.get((me, k), ())), -w[k], k)))

    # -- the table -----------------------------------------------------------------------------------------
    def offers_by(self, actor: int, partial_issue: int | None = None) -> list[tuple[int, Offer, FloatArray]]:
        """Offers made so far by ``actor``: (round, offer, every actor's utility at the time).

        Full offers when ``partial_issue`` is None, else partial offers on that issue. A full offer's
        row points at its package with the issues settled since carrying the agreed options (partial
        agreements renumber the arena's rows); the utilities are those of the package as offered (one
        array for the offers of a package while its utilities stay the same: read, never write, them).
        """
        key = -1 if partial_issue is None else partial_issue
        return self._neg.offer_log.get((actor, key), [])

    @property
    def offer_log_version(self) -> int:
        """Changes whenever an offer is logged or the log remapped (a key for caches built on the log)."""
        return self._neg.offer_log.version

    def my_offer_count(self) -> int:
        """How many full offers the actor has made."""
        return len(self._neg.offer_log.get((self.me, -1), []))

    @property
    def others(self) -> tuple[int, ...]:
        """Rows of the others at the table (signatories or not)."""
        if self._others is None:  # the table is set at the start
            self._others = tuple(int(s) for s in self._neg.table_rows if s != self.me)
        return self._others

    @property
    def table_rows(self) -> NDArray[np.int64]:
        """Rows of the actors at the table, in actor order."""
        return self._neg.table_rows

    @property
    def last_responses(self) -> Sequence[tuple[int, bool, tuple[int, ...]]]:
        """Responses to the last full offer: (actor row, accepted, blocking issues)."""
        return self._neg.last_responses

    @property
    def last_responses_offer(self) -> int:
        """Number (in the trace's offer order) of the full offer :attr:`last_responses` answer; -1 if none.

        They stay in place until the next full offer, so a strategy that learns from them reads this to
        count each response once.
        """
        return self._neg.last_responses_offer

    def freezes(self, offer: Offer) -> list[int]:
        """Tracks an agreement on ``offer`` would freeze."""
        return self._neg.freezes(offer)

    # -- private information ------------------------------------------------------------------------------
    @property
    def utilities(self) -> FloatArray:
        """Every actor's utility of every row, shape (n_rows, n_actors): private information."""
        return self._neg.arena.U

    @property
    def disagreement(self) -> FloatArray:
        """Every actor's BATNA, shape (n_actors,): private information."""
        return self._neg.disagreement

    @property
    def capabilities(self) -> FloatArray:
        """Current capabilities (tracks included), shape (n_actors,)."""
        return self._neg.capabilities

    @property
    def signatory_rows(self) -> NDArray[np.int64]:
        """Rows of the signatories (the actors whose acceptance a deal needs)."""
        return self._neg.signatory_rows

    # -- the mediator's view (every party's position, told in confidence: private information) ----------
    @property
    def unsettled_separable(self) -> tuple[int, ...]:
        """Separable issues not yet agreed, in issue order."""
        return self._neg.open_separable()

    def all_partial_gains(self, issue: int) -> FloatArray:
        """Every actor's gain over no deal per option of ``issue`` agreed alone, (n_actors, n_options)."""
        return self._neg.partial_gains(issue)

    def status_quo_options(self, issue: int) -> BoolArray:
        """Options of ``issue`` at the current status quo (agreeing on them alone changes nothing)."""
        return self._neg.sq_option_mask(issue)

    def option_positions(self, issue: int) -> FloatArray:
        """Scale values of the options of ``issue`` (option numbers when the space has no scale)."""
        return self._neg.option_values[issue]


def check_offer(state: State, proposer: str, offer: Offer, full: bool) -> None:
    """Refuse a move that the rules do not allow in the negotiation ``state`` views.

    A full offer must be a package in play that keeps every issue settled by a partial agreement at the
    agreed option; a partial offer must name an open separable issue and one of its options. Neither may
    break a declared linked-issue constraint (the scenario's ``constraints``).

    Raises
    ------
    ValueError
        Naming the strategy ``proposer`` and the offer (a bug in the strategy, not a user's input).
    """
    if full:
        if offer.partial or not 0 <= offer.row < state.arena.n_rows:
            raise ValueError(f"{proposer} proposed an invalid package offer {offer!r}")
        settled = state.settled
        if settled:
            digits = state.arena.digits_of(offer.row)
            issues = state.arena.space.issues
            reopened = [issues[k] for k, o in sorted(settled.items()) if digits[k] != o]
            if reopened:
                raise ValueError(
                    f"{proposer} proposed a package that re-opens {', '.join(reopened)}, "
                    "settled by a partial agreement"
                )
        space = state.arena.space
        if space.pair_tables and not space.allowed_mask([int(state.arena.index[offer.row])])[0]:
            raise ValueError(f"{proposer} proposed a package that breaks a linked-issue constraint")
    elif (
        not offer.partial
        or offer.issue not in state.unsettled_separable
        or not (0 <= offer.option < len(state.arena.space.options[offer.issue]))
    ):
        raise ValueError(f"{proposer} proposed an invalid partial offer {offer!r}")
    elif state.barred_options(offer.issue)[offer.option]:
        raise ValueError(f"{proposer} proposed a partial offer that breaks a linked-issue constraint")
