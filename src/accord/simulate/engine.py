"""The negotiation model: a protocol stepped in rounds, with tracks, deadlines, walk-aways and partial deals.

A :class:`Negotiation` reads like a Mesa model: ``__init__`` stores the parameters and sets the table,
``step()`` plays one round of the protocol and then ``collect()`` records it, and ``run()`` steps until
the negotiation ends. A round (a week by default) is:

1. the tracks move (drift, seeded noise, scheduled events; frozen tracks stay) and their effects are
   applied to capabilities, BATNAs, the status quo and saliences (utilities are recomputed where a
   salience moved);
2. a signatory whose deadline has passed leaves (breakdown, ``ended_by="deadline"``); a signatory whose
   BATNA beats every package and partial agreement it can still get (one that crosses no red line of
   those whose acceptance it needs and that every other one of them prefers to its own BATNA) walks
   away (breakdown, ``ended_by="walk-away"``);
3. the protocol's proposer (a member of the table, or the mediator: see
   :mod:`accord.simulate.protocols`) makes a full offer and may make a partial one; every other member
   of the table accepts or rejects each. A full offer every signatory accepts ends the negotiation in
   agreement. A partial offer on an open separable issue settles it when the issue's parties accept it:
   the issue's declared ``parties`` (a bilateral side deal: the others' answers are heard but cannot
   block), else every signatory. The option becomes the outcome of that issue whatever happens next
   (the arena is projected onto it, the status quo and BATNAs move to it), tracks that agreement
   freezes stop, and the talks go on over the issues still open;
4. after the horizon's last round the negotiation ends (``ended_by="horizon"``).

**Time.** A round is a span of calendar time (the scenario's ``round``, a week by default; round ``r``
ends on :meth:`~accord.scenario.Scenario.round_date`). The horizon only says when the simulation stops
looking: no strategy sees it as time pressure. Each actor's concession clock (``NegotiationInfo.deadline``,
against which the time-dependent strategies concede) runs to its own deadline (the scenario actor's
``deadline`` or ``deadlines=``) or, without one, to the end of its patience: ``patience=`` in rounds, else
the half-life of the actor's declared per-round discount factor (``patience: 0.95`` gives
``ceil(ln 0.5 / ln 0.95) = 14`` rounds: the round by which a deal deferred is worth half; a fully patient
actor, ``patience: 1``, gets :data:`MAX_PATIENCE`), else :data:`DEFAULT_PATIENCE` rounds. So the round
of an agreement does not change when only the horizon grows.

**Linked issues.** A package that chooses a pair of options the scenario's ``constraints`` forbid
(:attr:`~accord.deals.DealSpace.forbidden`) is within no one's red lines in the arena, and a partial
offer on an option that a constraint rules out given the issues already settled is not allowed: the
engine refuses a strategy's offer that breaks a constraint (a bug in the strategy), so no offer and no
agreement of a run violates one.

Members of the table that are not signatories propose and respond, but their acceptance is not needed
and they neither leave at their deadline nor walk away (they cannot block a deal); their deadline sets
their own concession clock.

When the protocol and the strategies allow it, ``run()`` plays the rounds in vectorised batches
(:mod:`accord.simulate.batched`) or in a compiled loop (:mod:`accord.simulate.compiled`), with the same
result.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import NDArray

from accord.deals import DealSpace, deal_space_from_scenario

from . import moves
from .arena import Arena
from .batched import batchable, run_batched
from .clocks import DEFAULT_PATIENCE, MAX_PATIENCE, patience_rounds
from .compiled import compilable, run_compiled
from .protocols import MEDIATOR, AlternatingOffers, Protocol
from .results import SimulationResult
from .seats import default_strategies
from .setup import NegotiationSetup
from .state import Offer, State
from .statusquo import StatusQuo
from .strategies.base import Strategy
from .trace import OfferLog, Trace
from .tracks import TrackSet

if TYPE_CHECKING:
    from accord.scenario import Scenario, Track

__all__ = ["Negotiation", "DEFAULT_ROUNDS", "DEFAULT_PATIENCE", "MAX_PATIENCE", "patience_rounds"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Half a year of weekly rounds.
DEFAULT_ROUNDS = 26


class Negotiation(NegotiationSetup):
    """A simulated negotiation over a deal space.

    Parameters
    ----------
    space : DealSpace
        Utilities, red lines, BATNAs, option values and status quo (use :meth:`from_scenario` for a
        scenario with tracks).
    strategies : mapping of actor id to Strategy or registered name
        The table: who negotiates, and how each plays.
    protocol : str or Protocol
        A name registered in ``accord.protocols`` (``"alternating"``, ``"single-text"``) or an instance.
    n_rounds : int
        The horizon (>= 1): when the simulation stops looking. It sets no one's concession clock.
    seed : int
        Seeds the tracks' noise and each strategy's stream (``numpy.random.SeedSequence`` children).
    signatories : sequence of str, optional
        The members of the table whose acceptance an agreement needs; the whole table by default.
    mediator : Strategy or str, optional
        The mediator of a mediated protocol (the protocol's ``default_mediator`` when None).
    deadlines : mapping of actor id to int or None, optional
        Per-actor deadlines (the round by which it needs a deal), overriding the scenario's.
    patience : int or mapping of actor id to int, optional
        The concession clock, in rounds, of actors without a deadline: one number for every actor, or
        per actor (overriding the half-life of the scenario's declared ``patience``); an actor given
        neither has :data:`DEFAULT_PATIENCE` rounds (see the module docstring).
    tracks : sequence of Track
    scenario : Scenario, optional
        Where saliences, positions, scales and separable issues come from.
    arena : Arena, optional
        A prebuilt arena over ``space`` to copy (tournaments build it once).
    partial : bool
        Allow partial agreements on separable issues.
    batch : bool
        Let ``run()`` play eligible runs in vectorised batches, or long ones of reactive built-in
        strategies in the compiled loop (:mod:`accord.simulate.compiled`); the same result either way.
        False forces the round-by-round path (for tests and benchmarks).

    Raises
    ------
    InputError
        Unknown actors, strategies or protocol, signatories outside the table, a horizon, deadline or
        patience below 1 round, a mediator where the protocol has none; each names the option at fault.
    """

    def __init__(
        self,
        space: DealSpace,
        strategies: Mapping[str, Strategy | str],
        *,
        protocol: str | Protocol = "alternating",
        n_rounds: int = DEFAULT_ROUNDS,
        seed: int = 0,
        signatories: Sequence[str] | None = None,
        mediator: Strategy | str | None = None,
        deadlines: Mapping[str, int | None] | None = None,
        patience: int | Mapping[str, int | None] | None = None,
        tracks: Sequence[Track] = (),
        scenario: Scenario | None = None,
        arena: Arena | None = None,
        partial: bool = True,
        batch: bool = True,
    ) -> None:
        self.space = space
        self.strategies_in = dict(strategies)
        self.protocol = protocol if isinstance(protocol, str) else protocol.name
        self.protocol_in = protocol
        self.n_rounds = n_rounds
        self.seed = seed
        self.signatories_in = None if signatories is None else tuple(signatories)
        self.mediator_in = mediator
        self.deadlines_in = dict(deadlines or {})
        self.patience_in = patience
        self.tracks_in = tuple(tracks)
        self.scenario = scenario
        self.arena_in = arena
        self.partial = partial
        self.batch = batch
        self._setup()

    # -- construction ---------------------------------------------------------------------------------
    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        strategies: Mapping[str, Strategy | str] | None = None,
        *,
        arena: Arena | None = None,
        space: DealSpace | None = None,
        **kwargs: Any,
    ) -> Negotiation:
        """A negotiation over a scenario's deal space, with its tracks and actors' deadlines.

        Parameters
        ----------
        scenario : Scenario
        strategies : mapping of actor id to Strategy or name, optional
            The table; every actor with its declared default strategy when None
            (:func:`~accord.simulate.default_strategies`).
        arena, space : optional
            Ones built before, to reuse (tournaments).
        **kwargs
            The other parameters of :class:`Negotiation` (``protocol``, ``n_rounds``, ``seed``,
            ``signatories``, ``mediator``, ``deadlines``, ``patience``, ``partial``, ``batch``).
        """
        space = deal_space_from_scenario(scenario) if space is None else space
        if strategies is None:
            strategies = default_strategies(scenario)
        return cls(space, strategies, tracks=scenario.tracks, scenario=scenario, arena=arena, **kwargs)

    def _setup(self) -> None:
        strategies, self.mediator = self._validate()
        space = self.space
        actors = space.actors
        self.actor_rows = {a: k for k, a in enumerate(actors)}
        self.table_rows: IntArray = np.array([self.actor_rows[a] for a in self.table], dtype=np.int64)
        self.signatory_rows: IntArray = np.array(
            [self.actor_rows[a] for a in self.signatories], dtype=np.int64
        )
        self._table_list: list[int] = self.table_rows.tolist()
        self._signatory_set = frozenset(self.signatory_rows.tolist())
        # Keyed by row, in the order given (results list the strategies in that order).
        self.strategies = {self.actor_rows[a]: s for a, s in strategies.items()}
        self.base = StatusQuo(space, self.scenario, self.partial)
        self.option_values = space.option_values
        self.arena = self._arena()
        self.tracks = TrackSet(self.tracks_in, actors, space.issues)

        # Run state.
        children = np.random.SeedSequence(self.seed).spawn(len(actors) + 2)
        self.rng = np.random.default_rng(children[0])
        self.round = 0
        self.done = False
        self.ended_by: str | None = None
        self.agreement: int | None = None  # package index
        self.walked: tuple[str, ...] = ()
        self.agreed: dict[int, int] = {}  # issue -> option (partial agreements)
        self.agreed_round: dict[int, int] = {}
        self.frozen_by: dict[str, int] = {}  # track id -> round
        self._gain_cache: dict[int, FloatArray] = {}
        self._walk_key: tuple[Any, ...] | None = None
        self._walk_quick: tuple[int, ...] | None = None
        self._walk_cached: tuple[str, ...] = ()
        # step()'s pre-test of the walk-away check: no one walked away when the arena's utilities were
        # this array (replaced whenever its version or its rows change) and _moved this count.
        self._walk_seen: tuple[FloatArray | None, int] = (None, -1)
        # Bumped whenever the BATNAs or the partial agreements may have changed (the walk-away check's
        # cheap pre-test), and read once per round instead of being recomputed: the open separable
        # issues, the earliest signatory deadline, the table as a list.
        self._moved = 0
        self._has_tracks = bool(self.tracks.tracks)
        self._reservation_list: tuple[FloatArray | None, list[float]] = (None, [])
        self._index_list: tuple[IntArray | None, list[int] | None] = (None, None)
        # moves.put's copies of the rows offered, while the arena's utilities are this array
        self._row_copies: tuple[FloatArray | None, dict[int, FloatArray]] = (None, {})
        self._objections = self.protocol_.objections
        # AlternatingOffers.proposer on a list: the table in turn (unless a subclass changes the turns)
        alternating = type(self.protocol_).proposer is AlternatingOffers.proposer
        self._rotation: list[int] = self._table_list if alternating else []
        self._settlers = self._parties()
        # Issues that may be settled alone here: separable (or bilateral) ones whose parties all sit at
        # the table.
        self._separable: tuple[int, ...] = tuple(k for k in self.base.separable if k in self._settlers)
        self._open: tuple[int, ...] = self._separable
        # Linked issues (the space's forbidden pairs): checked only where the space declares some.
        self._linked = bool(space.pair_tables)
        # Nothing open, settled or linked: a full offer in range needs no check (settle() clears it).
        self._plain = not self._open and not self._linked
        dls = [dl for a in self.signatories if (dl := self.deadlines.get(a)) is not None]
        self._first_deadline: int | None = min(dls) if dls else None
        self.offer_log = OfferLog()
        self.last_responses: list[tuple[int, bool, tuple[int, ...]]] = []
        self.last_responses_offer = -1  # trace number of the full offer they answer
        self.trace = Trace(space.n_actors)

        self._apply_tracks()
        # Sorted utility orders are built here, once, so that every propose is a binary search.
        for r in self.table_rows.tolist():
            self.arena.sorted_for(r)
        self.states = {r: State(self, r) for r in self.strategies}
        self._seats = {r: (s, self.states[r]) for r, s in self.strategies.items()}
        # AlternatingOffers' turns as step() reads them: (proposer, strategy, its view), the table in turn
        self._turns = [(j, *self._seats[j]) for j in self._rotation]
        # the table in order, as the round loop reads it: (row, strategy, its view, signatory?)
        self._members = [
            (j, self.strategies[j], self.states[j], j in self._signatory_set) for j in self._table_list
        ]
        # who answers each member's offers: the rest of the table (the mediator's: all of it)
        self._responders = {j: [m for m in self._members if m[0] != j] for j in self._table_list}
        for r, s in self.strategies.items():
            s.start(self._info(actors[r], r, children[r + 1], self.clocks[actors[r]]))
        if self.mediator is not None:
            self.mediator.start(self._info("mediator", MEDIATOR, children[-1], self.default_clock))
            self.mediator_state = State(self, MEDIATOR)
        self.collect()

    # -- derived quantities ---------------------------------------------------------------------------
    def _apply_tracks(self) -> None:
        """Recompute everything the tracks and partial agreements drive."""
        eff = self.tracks.effects()
        sal0 = self.base.saliences0
        if eff.salience.any() or not np.array_equal(self.arena.saliences, sal0):
            self.arena.set_saliences(sal0 + eff.salience)
        moved = self.base.move(eff, self.arena.weights, self.agreed)
        self.sq, self.capabilities, self.disagreement = (
            moved.status_quo,
            moved.capabilities,
            moved.disagreement,
        )
        self._sqv = moved.sq_values
        self._gain_cache.clear()
        self._moved += 1

    def partial_gains(self, issue: int) -> FloatArray:
        """Every actor's gain over no deal, per option of ``issue`` settled alone, (n_actors, n_options)."""
        g = self._gain_cache.get(issue)
        if g is None:
            v = self.space.values[issue]
            g = self.arena.weights[:, issue, None] * (v - self._sqv[:, issue, None])
            self._gain_cache[issue] = g
        return g

    def barred_options(self, issue: int) -> NDArray[np.bool_]:
        """Options of ``issue`` that a linked-issue constraint rules out, given the issues settled so far."""
        out = np.zeros(len(self.space.options[issue]), dtype=bool)
        if self._linked and self.agreed:
            for k, l, table in self.space.pair_tables:
                if k == issue and l in self.agreed:
                    out |= table[:, self.agreed[l]]
                elif l == issue and k in self.agreed:
                    out |= table[self.agreed[k], :]
        return out

    def sq_option_mask(self, issue: int) -> NDArray[np.bool_]:
        """Options of ``issue`` at the current status quo (settling on them changes nothing)."""
        return np.abs(self.option_values[issue] - self.sq[issue]) < 1e-9

    def open_separable(self) -> tuple[int, ...]:
        """Separable issues not yet settled."""
        return self._open

    def freezes(self, offer: Offer) -> list[int]:
        """Tracks an agreement on ``offer`` would freeze."""
        if offer.partial:
            return self.tracks.freezes(
                self.space.issues[offer.issue], float(self.option_values[offer.issue][offer.option])
            )
        digits = self.arena.digits_of(offer.row)
        out: list[int] = []
        for k, issue in enumerate(self.space.issues):
            out += [
                t for t in self.tracks.freezes(issue, float(self.option_values[k][digits[k]])) if t not in out
            ]
        return out

    # -- the round ------------------------------------------------------------------------------------
    def step(self) -> None:
        """One round of the protocol, then :meth:`collect`."""
        if self.done:
            return
        r = self.round + 1
        self.round = r
        if self._has_tracks and self.tracks.advance(r, self.rng):
            self._apply_tracks()
        first, arena = self._first_deadline, self.arena
        seen = self._walk_seen
        if (first is None or r <= first) and seen[0] is arena.U and seen[1] == self._moved:
            left = False  # departures(r) without the calls: no deadline passed, nothing moved
        else:
            left = self.departures(r)
        if not left:
            turns = self._turns
            if turns:
                proposer, strat, state = turns[(r - 1) % len(turns)]
            else:
                proposer = self.protocol_.proposer(self.table_rows, r)
                if proposer == MEDIATOR:
                    assert self.mediator is not None  # a mediated protocol has one (validated)
                    strat, state = self.mediator, self.mediator_state
                else:
                    strat, state = self._seats[proposer]
            if proposer == MEDIATOR:
                self._moves(proposer, strat, state)
            else:
                offer = strat.propose(state)
                if offer is not None and self._plain and 0 <= offer.row < len(arena.index):
                    self._put(proposer, offer)  # moves.play, inlined for a valid full offer and nothing open
                elif offer is not None or self._open:
                    moves.play_from(self, proposer, strat, state, offer)
        if self.done or r >= self.n_rounds:
            if not self.done:
                self.done, self.ended_by = True, "horizon"
            self._release()
        # Trace.extend_run, inlined: the same arrays as the last round's extend its run of rounds
        trace = self.trace
        src = trace._run_source
        if (
            src is not None
            and src[0] is self.tracks.value
            and src[1] is self.disagreement
            and src[2] is self.capabilities
        ):
            trace._run_rounds.append(r)
            trace.batna_history.append(trace.batna_history[-1])
        else:
            self.collect()

    def collect(self) -> None:
        """Record the round: track values, BATNAs, capabilities (Mesa's DataCollector step)."""
        self.trace.collect(self.round, self.tracks.value, self.disagreement, self.capabilities)

    def run(self) -> SimulationResult:
        """Step until the negotiation ends; the result."""
        if batchable(self):
            run_batched(self)
        elif compilable(self):
            run_compiled(self)
        # The round loop makes no reference cycles, only many small objects, which would set the cyclic
        # collector off every few hundred rounds to rescan everything alive (a long run's own trace
        # included): it is paused for the loop and put back as it was.
        collecting = gc.isenabled()
        gc.disable()
        try:
            while not self.done:
                self.step()
        finally:
            if collecting:
                gc.enable()
        self._release()  # also where the batched or compiled path played the last round
        return self.result()

    def _release(self) -> None:
        """Let the views (:class:`State`) refer to the negotiation weakly once it has ended.

        A view refers to its negotiation and the negotiation to its views: a cycle that only the cyclic
        collector frees, and with it the whole trace and offer log (some 10^5 objects for a long run), in
        a pause that lands in whatever runs next. No strategy is asked anything once the negotiation has
        ended, so from then on the views hold it weakly and it is freed as soon as its last user lets go.
        """
        proxy = cast("Negotiation", weakref.proxy(self))
        for state in self.states.values():
            state._neg = proxy
        if self.mediator is not None:
            self.mediator_state._neg = proxy

    # -- moves: propose, respond, settle, leave (accord.simulate.moves) -----------------------------------
    _moves = moves.play
    departures = moves.departures
    _walkers = moves.walkers
    _put = moves.put
    _offer_utilities = moves.offer_utilities
    _package_of = moves.package_of
    _settle = moves.settle

    # -- result ---------------------------------------------------------------------------------------
    def result(self) -> SimulationResult:
        """The outcome and the trace so far."""
        space = self.space
        if self.agreement is not None:
            final = self.arena.U[int(np.flatnonzero(self.arena.index == self.agreement)[0])].copy()
        else:
            final = self.disagreement.copy()
        return SimulationResult(
            actors=space.actors,
            issues=space.issues,
            options=space.options,
            signatories=self.signatories,
            strategies={space.actors[r]: s.name for r, s in self.strategies.items()},
            mediator=None if self.mediator is None else self.mediator.name,
            protocol=self.protocol,
            seed=self.seed,
            n_rounds=int(self.n_rounds),
            round=self.round,
            ended_by=self.ended_by or "running",
            agreement=None if self.agreement is None else space.package(self.agreement),
            agreement_index=self.agreement,
            partial={space.issues[k]: space.options[k][o] for k, o in sorted(self.agreed.items())},
            partial_rounds={space.issues[k]: r for k, r in sorted(self.agreed_round.items())},
            partial_parties={
                space.issues[k]: tuple(a for a in space.actors if self.actor_rows[a] in self._settlers[k])
                for k in sorted(self.agreed)
            },
            clocks=dict(self.clocks),
            utilities={a: float(x) for a, x in zip(space.actors, final, strict=True)},
            walked=self.walked,
            frozen=dict(self.frozen_by),
            track_ids=self.tracks.ids,
            offers={k: list(v) for k, v in self.trace.offers.items()},
            offer_utilities=self.trace.offer_utilities(),
            responses={k: list(v) for k, v in self.trace.responses.items()},
            rounds=self.trace.rounds(),
            table=self.table,
        )
