"""The strategy base class, the time-dependent core shared by most strategies, and the registry.

A strategy is a small class (Axelrod's ``Player``; NegMAS's ``propose``/``respond``): a readable
``name``, a ``traits`` dict, every parameter stored unmodified by ``__init__`` (scikit-learn's rule, so
``get_params``/``clone`` are mechanical), ``start(info)`` to receive the rules once, and

* ``propose(state) -> Offer | None``: a full package offer,
* ``propose_partial(state) -> Offer | None``: a partial agreement on one separable issue,
* ``respond(state, offer) -> bool``: accept or reject,
* ``objections(state, offer) -> tuple[int, ...]``: the issues that block it (single negotiating text).

Traits (checked by :mod:`accord.simulate.conformance`):

``stochastic``
    Behaviour depends on the strategy's random stream.
``responsive``
    Behaviour depends on the other actors' offers.
``uses_opponent_model``
    Builds a model of the others' preferences from their offers.
``uses_private_info``
    Reads other actors' utilities or BATNAs.
``reads_tracks``
    Reads the exogenous tracks (their drift, what an agreement would freeze).
``time_based``
    Offers and acceptance depend only on time and own utilities (eligible for the batched run).
``mediator``
    Proposes texts in the single-negotiating-text protocol instead of sitting at the table.

Registration: one point, the entry-point group ``accord.strategies`` (``name = "module:Class"``), where
accord's own strategies are registered in ``pyproject.toml`` like anyone else's, read through
:data:`accord.registry.STRATEGIES`; a discovery test checks that every strategy class accord ships is
registered.
"""

from __future__ import annotations

import inspect
import warnings
from bisect import bisect_left
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from accord.registry import STRATEGIES

from ..state import TOL, NegotiationInfo, Offer, State

__all__ = [
    "Strategy",
    "TimeDependent",
    "DEFAULT_TRAITS",
    "ENTRY_POINT_GROUP",
    "available_strategies",
    "make_strategy",
    "filtered_strategies",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

ENTRY_POINT_GROUP = "accord.strategies"

#: Rounds a time-dependent strategy tabulates its aspiration for at the start (the table doubles as needed).
ASPIRATION_BLOCK = 4096

DEFAULT_TRAITS: dict[str, bool] = {
    "stochastic": False,
    "responsive": False,
    "uses_opponent_model": False,
    "uses_private_info": False,
    "reads_tracks": False,
    "time_based": False,
    "mediator": False,
}


class Strategy:
    """Base class: parameters in ``__init__``, state set in ``start`` (names ending in ``_``)."""

    name: ClassVar[str] = "Strategy"
    traits: ClassVar[dict[str, bool]] = dict(DEFAULT_TRAITS)

    info_: NegotiationInfo

    # -- parameters (scikit-learn conventions) ---------------------------------------------------------
    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [
            p.name for p in sig.parameters.values() if p.name != "self" and p.kind == p.POSITIONAL_OR_KEYWORD
        ]

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters."""
        return {k: getattr(self, k) for k in self._param_names()}

    def clone(self) -> Strategy:
        """A fresh, unstarted copy with the same parameters."""
        return type(self)(**self.get_params())

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.get_params() == other.get_params()

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(sorted(map(repr, self.get_params().items())))))

    # -- the game --------------------------------------------------------------------------------------
    def start(self, info: NegotiationInfo) -> None:
        """Receive the rules of the negotiation (called once, before the first round)."""
        self.info_ = info

    def propose(self, state: State) -> Offer | None:
        """A full package offer, or None to make none this round."""
        return None

    def propose_partial(self, state: State) -> Offer | None:
        """A partial agreement on one open separable issue, or None."""
        return None

    def respond(self, state: State, offer: Offer) -> bool:
        """Accept (True) or reject an offer."""
        return False

    def objections(self, state: State, offer: Offer) -> tuple[int, ...]:
        """Issues that block ``offer``: those crossing a red line, else the costliest one.

        The cost of issue ``k`` is ``w_k (v_k[best] - v_k[offered])`` in the actor's own utility. Issues
        settled by a partial agreement are not named (nothing can change there).
        """
        if offer.partial:
            return (offer.issue,)
        ar = state.arena
        digits = ar.digits_of(offer.row)
        me = state.me
        settled = state.settled
        crossed = tuple(
            k for k, acc in enumerate(ar.space.acceptable) if k not in settled and not acc[me, int(digits[k])]
        )
        if crossed:
            return crossed
        loss = [
            0.0 if k in settled else ar.weights[me, k] * (v[me].max() - v[me, int(digits[k])])
            for k, v in enumerate(ar.space.values)
        ]
        k_max = int(np.argmax(loss))
        return (k_max,) if loss[k_max] > TOL else ()


class TimeDependent(Strategy):
    """Time-dependent tactic: the aspiration falls from the best package to the reservation value.

    The target utility at relative time ``t`` (0 at the first round, 1 at the actor's deadline) is
    ``r + (u_max - r) * a(t)`` with ``a(t) = 1 - t ** (1 / e)``, ``u_max`` the actor's best package within
    its red lines and ``r`` its reservation value (BATNA). ``e < 1`` is Boulware (holds, then concedes
    late), ``e = 1`` linear, ``e > 1`` Conceder. It proposes the package of least utility to itself at or
    above the target (a binary search in its sorted utilities: the largest concession the target
    allows) and accepts any package within its red lines at or above the target and its reservation
    value. Partial agreements follow the same aspiration over the gain on the issue.

    Parameters
    ----------
    exponent : float
        ``e`` above (> 0).

    References
    ----------
    P. Faratin, C. Sierra, N.R. Jennings (1998), "Negotiation decision functions for autonomous agents",
    Robotics and Autonomous Systems 24(3-4):159-182 (the polynomial family, with ``kappa = 0``).
    """

    name: ClassVar[str] = "Time Dependent"
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "time_based": True}

    def __init__(self, exponent: float = 1.0) -> None:
        self.exponent = exponent

    def _check(self) -> None:
        """Validate the parameters (at start, scikit-learn style)."""
        if not self.exponent > 0:
            raise ValueError(f"{self.name}: exponent must be positive, not {self.exponent!r}")

    def start(self, info: NegotiationInfo) -> None:
        """Check the parameters, keep the rules and tabulate the aspiration of the first rounds.

        The table is what both the round-by-round and the batched run read, so they agree bit for bit.
        It ends at the deadline + 1 (later rounds read that entry: relative time is clipped at the
        deadline, and the actor has left by then) and starts with :data:`ASPIRATION_BLOCK` rounds,
        doubling when a later round is reached, so a long horizon costs nothing up front.
        """
        self._check()
        super().start(info)
        self.table_end_ = min(info.n_rounds, info.deadline) + 2
        self.table_: FloatArray = self.aspiration(
            np.arange(min(self.table_end_, ASPIRATION_BLOCK), dtype=np.int64)
        )
        # The same values as Python floats, for one round's read (_aspiration_now) without numpy's
        # scalar indexing.
        self.table_list_: list[float] = self.table_.tolist()

    def _table(self, upto: int) -> FloatArray:
        """The table, extended to cover round ``upto`` (at most the deadline + 1)."""
        tab = self.table_
        if upto >= len(tab):
            # Recomputed from round 0, as one table of the whole horizon would be.
            n = min(self.table_end_, max(2 * len(tab), upto + 1))
            tab = self.table_ = self.aspiration(np.arange(n, dtype=np.int64))
            self.table_list_ = tab.tolist()
        return tab

    def aspirations(self, rounds: IntArray) -> FloatArray:
        """The tabulated aspiration at each of ``rounds`` (non-negative)."""
        r = np.minimum(np.asarray(rounds, dtype=np.int64), self.table_end_ - 1)
        if not r.size:
            return np.empty(r.shape)
        return self._table(int(r.max()))[r]

    # -- aspiration, vectorised so that the batched run and the round-by-round run agree bit for bit ----
    def aspiration(self, rounds: IntArray) -> FloatArray:
        """Aspiration in [0, 1] (1 = best package, 0 = reservation value) at each round."""
        t = self.info_.time(rounds)
        return 1.0 - t ** (1.0 / self.exponent)

    @staticmethod
    def targets(aspiration: FloatArray, su: FloatArray, reservation: float) -> FloatArray:
        """Target utilities from aspirations, given the sorted own utilities ``su``."""
        if not len(su):
            return np.full_like(aspiration, np.inf)
        best = su[-1]
        if best < reservation:
            return np.full_like(aspiration, best)
        return reservation + (best - reservation) * aspiration

    @staticmethod
    def rows_at(targets: FloatArray, rows: IntArray, su: FloatArray) -> IntArray:
        """Rows of the packages of least own utility at or above each target (binary search)."""
        pos = np.searchsorted(su, targets - TOL, side="left")
        return rows[np.minimum(pos, len(rows) - 1)]

    def _aspiration_now(self, state: State) -> float:
        r = state.round
        last = self.table_end_ - 1
        if r > last:
            r = last
        tab = self.table_list_
        if r >= len(tab):
            self._table(r)
            tab = self.table_list_
        return tab[r]

    def propose(self, state: State) -> Offer | None:
        """The package of least own utility at or above the current target."""
        own = _own_order(self, state)
        if own is None:
            return None
        return own.offer(own.target(self._aspiration_now(state)))

    def respond(self, state: State, offer: Offer) -> bool:
        """Accept offers within the red lines at or above both the target and the reservation value."""
        if not state.acceptable(offer):
            return False
        if offer.row < 0:  # a partial offer
            return self._accept_partial(state, offer, self._aspiration_now(state))
        own = _own_order(self, state)
        d = state.reservation
        target = np.inf if own is None else own.target_of(self._aspiration_now(state))
        u = state.utility(offer)
        return u >= d - TOL and u >= target - TOL

    # -- many rounds at once (the batched run: nothing moves between rounds) ----------------------------
    def propose_batch(self, state: State, rounds: IntArray) -> IntArray:
        """The rows :meth:`propose` would offer in each of ``rounds`` if nothing moved (-1: no offer).

        The same arithmetic as :meth:`propose`, over an array of rounds: the tabulated aspiration, the
        target, the binary search.
        """
        rows, su = state.arena.sorted_for(state.me)
        rounds = np.asarray(rounds, dtype=np.int64)
        if not len(rows):
            return np.full(rounds.shape, -1, dtype=np.int64)
        return self.rows_at(self.targets(self.aspirations(rounds), su, state.reservation), rows, su)

    def respond_batch(self, state: State, rounds: IntArray, rows: IntArray) -> BoolArray:
        """What :meth:`respond` would answer to the full offer ``rows[i]`` in round ``rounds[i]``."""
        _, su = state.arena.sorted_for(state.me)
        target = self.targets(self.aspirations(rounds), su, state.reservation)
        me, d = state.me, state.reservation
        u = state.arena.U[rows, me]
        return np.asarray(state.arena.ok[rows, me] & (u >= d - TOL) & (u >= target - TOL))

    # -- partial agreements -----------------------------------------------------------------------------
    def _partial_choice(self, state: State, aspiration: float) -> Offer | None:
        for k in state.partial_agenda:
            g = state.partial_gains(k)
            allowed = state.partial_allowed(k)
            if not allowed.any():
                continue
            target = max(0.0, float(g[allowed].max()) * aspiration)
            cand = np.flatnonzero(allowed & (g >= target - TOL))
            if len(cand):
                # The least gain at or above the target: the largest concession allowed (ties: lowest option).
                o = int(cand[np.argmin(g[cand])])
                return Offer(issue=k, option=o)
        return None

    def _accept_partial(self, state: State, offer: Offer, aspiration: float) -> bool:
        allowed = state.partial_allowed(offer.issue)
        if not allowed[offer.option]:
            return False
        g = state.partial_gains(offer.issue)
        target = max(0.0, float(g[allowed].max()) * aspiration)
        return bool(g[offer.option] >= target - TOL)

    def propose_partial(self, state: State) -> Offer | None:
        """A partial agreement at its target on the first issue of :attr:`State.partial_agenda`.

        The open separable issue it has offered on least, then the one it cares most about.
        """
        return self._partial_choice(state, self._aspiration_now(state))


class OwnOrder:
    """An actor's sorted utilities as plain Python sequences, for one round's scalar arithmetic.

    :meth:`TimeDependent.targets` and :meth:`TimeDependent.rows_at` do one round's work on arrays of one
    element; this does the same IEEE arithmetic on floats (``reservation + (best - reservation) * a``)
    and the same search (``bisect_left`` is ``searchsorted(side="left")``), without numpy's per-call cost.
    Built from :meth:`Arena.sorted_for` and a reservation value, reused while both stay the same.
    """

    __slots__ = ("source", "reservation", "rows", "su", "best", "n", "offers")

    #: Orders up to this size are searched as Python lists (a list of 10^6 floats would cost 30 MB).
    LIST_LIMIT = 1 << 16

    def __init__(self, source: tuple[IntArray, FloatArray], reservation: float) -> None:
        rows, su = source
        self.source, self.reservation, self.n = source, reservation, len(rows)
        small = self.n <= self.LIST_LIMIT
        self.rows: list[int] | IntArray = rows.tolist() if small else rows
        self.su: list[float] | FloatArray = su.tolist() if small else su
        self.best = float(su[-1]) if self.n else np.inf
        self.offers: dict[int, Offer] = {}

    def target_of(self, aspiration: float) -> float:
        """:meth:`TimeDependent.targets` for one aspiration (the order is not empty)."""
        best, r = self.best, self.reservation
        return best if best < r else r + (best - r) * aspiration

    def target(self, aspiration: float) -> int:
        """The row :meth:`TimeDependent.rows_at` picks for the target of ``aspiration``."""
        # target_of and row_at inlined (the same arithmetic): two calls fewer a proposal
        best, r, su, n = self.best, self.reservation, self.su, self.n
        x = (best if best < r else r + (best - r) * aspiration) - TOL
        pos = bisect_left(su, x) if isinstance(su, list) else int(np.searchsorted(su, x))
        return int(self.rows[pos if pos < n else n - 1])

    def row_at(self, target: float) -> int:
        """:meth:`TimeDependent.rows_at` for one target."""
        x = target - TOL
        pos = bisect_left(self.su, x) if isinstance(self.su, list) else int(np.searchsorted(self.su, x))
        return int(self.rows[min(pos, self.n - 1)])

    def offer(self, row: int) -> Offer:
        """The offer of ``row`` (offers are immutable, so one per row is kept)."""
        hit = self.offers.get(row)
        if hit is None:
            hit = self.offers[row] = Offer(row=row)
        return hit


def _own_order(strategy: Strategy, state: State) -> OwnOrder | None:
    """``strategy``'s :class:`OwnOrder` in ``state`` (None when no package is within its red lines)."""
    source = state.arena.sorted_for(state.me)
    reservation = state.reservation
    own: OwnOrder | None = strategy.__dict__.get("own_")
    if own is None or own.source is not source or own.reservation != reservation:
        own = strategy.__dict__["own_"] = OwnOrder(source, reservation)
    return own if own.n else None


# -- registry -------------------------------------------------------------------------------------------
def available_strategies() -> dict[str, Callable[..., Strategy]]:
    """Every registered strategy by CLI name, from :data:`accord.registry.STRATEGIES`.

    The registry scans the ``accord.strategies`` entry points once per process and loads each class once
    (a tournament would otherwise pay for discovery per run). A plug-in that fails to load is left out
    with a warning, so a broken third-party package does not break the others.
    """
    out: dict[str, Callable[..., Strategy]] = {}
    for name in STRATEGIES.names():
        try:
            out[name] = STRATEGIES.get(name)
        except Exception as err:  # a broken plug-in must not break the others
            warnings.warn(f"strategy entry point {name!r} failed to load: {err}", stacklevel=2)
    return out


def make_strategy(name: str, *, what: str = "--strategy", **params: Any) -> Strategy:
    """A strategy by its registered name, built with ``params``.

    Raises
    ------
    InputError
        For an unknown name: the message names the option ``what`` and lists the registered names.
    """
    factory: Callable[..., Strategy] = STRATEGIES.get(name, what)
    return factory(**params)


def filtered_strategies(**traits: bool) -> list[str]:
    """Names of the registered strategies whose traits match every given value (Axelrod's filters)."""
    out = []
    for name, factory in sorted(available_strategies().items()):
        declared = {**DEFAULT_TRAITS, **getattr(factory, "traits", {})}
        if all(declared.get(k) == v for k, v in traits.items()):
            out.append(name)
    return out
