"""The negotiation model: protocols stepped in rounds, with tracks, deadlines, walk-aways and partial deals.

A :class:`Negotiation` reads like a Mesa model: ``__init__`` stores the parameters and sets the table,
``step()`` plays one round of the chosen protocol and then ``collect()`` records the round, and
``run()`` steps until the negotiation ends. A round (a week by default) is:

1. the tracks move (drift, seeded noise, scheduled events; frozen tracks stay) and their effects are
   applied to capabilities, BATNAs, the status quo and saliences (utilities are recomputed where a
   salience moved);
2. a signatory whose deadline has passed leaves (breakdown, ``ended_by="deadline"``); a signatory whose
   BATNA beats every package and partial agreement it can still get (one that crosses no signatory's
   red line and that every other signatory prefers to its own BATNA) walks away (breakdown,
   ``ended_by="walk-away"``);
3. the protocol's moves:

   ``"alternating"``
       Multilateral alternating offers (Rubinstein 1982, extended to n parties by rotating the
       proposer): the proposer of round ``r`` is signatory ``(r - 1) mod n`` in actor order; it makes a
       full offer and may make a partial one; every other signatory accepts or rejects each.
   ``"single-text"``
       Mediated single negotiating text (Raiffa 1982, ch. 14): the mediator drafts a full text and may
       draft a partial one; every signatory accepts or rejects and names the issues that block it; the
       mediator amends next round.

   A full offer every required signatory accepts ends the negotiation in agreement. A partial offer
   every signatory accepts settles its issue: the option becomes the outcome of that issue whatever
   happens next (the arena is projected onto it, the status quo and BATNAs move to it), and tracks that
   agreement freezes stop;
4. after the horizon's last round the negotiation ends (``ended_by="horizon"``).

When every strategy at an alternating table is ``time_based`` and nothing can change between rounds (no
tracks, no separable issues), ``run()`` plays the rounds in vectorised batches: the offers and responses
of many rounds at once, with the same arithmetic as the round-by-round path (tested to give identical
results).

References
----------
A. Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50(1):97-109.
H. Raiffa (1982), *The Art and Science of Negotiation*, Harvard UP, ch. 14.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from accord.deals import DealSpace, deal_space_from_scenario

from .arena import Arena
from .results import SimulationResult
from .state import TOL, NegotiationInfo, Offer, State
from .strategies.base import Strategy, TimeDependent, make_strategy
from .tracks import TrackSet

if TYPE_CHECKING:
    from accord.scenario import Scenario, Track

__all__ = ["Negotiation", "PROTOCOLS", "DEFAULT_ROUNDS"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

PROTOCOLS = ("alternating", "single-text")

#: Half a year of weekly rounds.
DEFAULT_ROUNDS = 26

_BATCH = 4096


def _resolve(strategy: Strategy | str) -> Strategy:
    return make_strategy(strategy) if isinstance(strategy, str) else strategy


class Negotiation:
    """A simulated negotiation over a deal space.

    Parameters
    ----------
    space : DealSpace
        Utilities, red lines, BATNAs (use :meth:`from_scenario` for a scenario with tracks).
    strategies : mapping of actor id to Strategy or registered name
        Who sits at the table and how each plays. Everyone at the table is a required signatory:
        an actor whose acceptance a deal does not need is modelled by leaving it out of the table (its
        utilities are still reported).
    protocol : {"alternating", "single-text"}
    n_rounds : int
        Global horizon (>= 1).
    seed : int
        Seeds the tracks' noise and each strategy's stream (``numpy.random.SeedSequence`` children).
    signatories : sequence of str, optional
        Actors whose acceptance an agreement needs: a check that they are exactly the actors in
        ``strategies`` (the default).
    mediator : Strategy or str, optional
        The mediator of the single-text protocol (``"mediator-nash"`` by default there).
    deadlines : mapping of actor id to int or None, optional
        Per-actor deadlines (the round by which it needs a deal), overriding the scenario's.
    tracks : sequence of Track
    scenario : Scenario, optional
        Where status quo, scale values, saliences and separable issues come from.
    arena : Arena, optional
        A prebuilt arena over ``space`` to copy (tournaments build it once).
    partial : bool
        Allow partial agreements on separable issues.
    batch : bool
        Let ``run()`` play eligible runs in vectorised batches (same result; False forces the
        round-by-round path, for tests and benchmarks).
    """

    def __init__(
        self,
        space: DealSpace,
        strategies: Mapping[str, Strategy | str],
        *,
        protocol: str = "alternating",
        n_rounds: int = DEFAULT_ROUNDS,
        seed: int = 0,
        signatories: Sequence[str] | None = None,
        mediator: Strategy | str | None = None,
        deadlines: Mapping[str, int | None] | None = None,
        tracks: Sequence[Track] = (),
        scenario: Scenario | None = None,
        arena: Arena | None = None,
        partial: bool = True,
        batch: bool = True,
    ) -> None:
        self.space = space
        self.strategies_in = dict(strategies)
        self.protocol = protocol
        self.n_rounds = n_rounds
        self.seed = seed
        self.signatories_in = None if signatories is None else tuple(signatories)
        self.mediator_in = mediator
        self.deadlines_in = dict(deadlines or {})
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
        strategies: Mapping[str, Strategy | str],
        *,
        arena: Arena | None = None,
        space: DealSpace | None = None,
        **kwargs: Any,
    ) -> Negotiation:
        """A negotiation over a scenario's deal space, with its tracks and actors' deadlines.

        ``space`` and ``arena`` may be passed to reuse ones built before (tournaments); other keyword
        arguments go to the constructor.
        """
        space = deal_space_from_scenario(scenario) if space is None else space
        return cls(space, strategies, tracks=scenario.tracks, scenario=scenario, arena=arena, **kwargs)

    def _setup(self) -> None:
        space = self.space
        actors = space.actors
        match self.protocol:
            case "alternating" | "single-text":
                pass
            case _:
                raise ValueError(f"unknown protocol {self.protocol!r}; choose one of {', '.join(PROTOCOLS)}")
        if not isinstance(self.n_rounds, int | np.integer) or self.n_rounds < 1:
            raise ValueError(f"the horizon must be at least 1 round, not {self.n_rounds!r}")
        unknown = [a for a in self.strategies_in if a not in actors]
        if unknown:
            raise ValueError(
                f"unknown actor(s) {', '.join(map(repr, unknown))}; actors are {', '.join(actors)}"
            )
        if not self.strategies_in:
            raise ValueError("assign a strategy to at least one actor")
        strategies = {a: _resolve(s).clone() for a, s in self.strategies_in.items()}
        sig = tuple(self.strategies_in) if self.signatories_in is None else self.signatories_in
        bad = [a for a in sig if a not in actors]
        if bad:
            raise ValueError(f"unknown signatory {bad[0]!r}; actors are {', '.join(actors)}")
        missing = [a for a in sig if a not in strategies]
        if missing:
            raise ValueError(f"signatory {missing[0]!r} has no strategy")
        extra = [a for a in strategies if a not in sig]
        if extra:
            raise ValueError(f"actor {extra[0]!r} has a strategy but is not a signatory")
        for a, s in strategies.items():
            if s.traits.get("mediator"):
                raise ValueError(f"{s.name} is a mediator strategy: actor {a!r} needs a party strategy")
        self.mediator: Strategy | None = None
        if self.protocol == "single-text":
            m = _resolve(self.mediator_in if self.mediator_in is not None else "mediator-nash").clone()
            if not m.traits.get("mediator"):
                raise ValueError(f"{m.name} is not a mediator strategy")
            self.mediator = m
        elif self.mediator_in is not None:
            raise ValueError("a mediator takes part only in the single-text protocol")
        deadlines: dict[str, int | None] = {}
        if self.scenario is not None:
            deadlines = {a.id: a.deadline for a in self.scenario.actors}
        for a, dl in self.deadlines_in.items():
            if a not in actors:
                raise ValueError(f"deadline for unknown actor {a!r}; actors are {', '.join(actors)}")
            if dl is not None and (not isinstance(dl, int | np.integer) or dl < 1):
                raise ValueError(f"deadline of {a!r} must be a positive round number, not {dl!r}")
            deadlines[a] = dl
        self.deadlines = {a: deadlines.get(a) for a in actors}

        self.actor_rows = {a: k for k, a in enumerate(actors)}
        self.signatories = tuple(a for a in actors if a in sig)  # actor order
        self.signatory_rows: IntArray = np.array(
            [self.actor_rows[a] for a in self.signatories], dtype=np.int64
        )
        self.strategies = {self.actor_rows[a]: s for a, s in strategies.items()}

        # Scenario-derived quantities: raw saliences, status quo, option scale values, separable issues.
        sc = self.scenario
        n_a, n_k = space.n_actors, space.n_issues
        self.option_values = [np.arange(len(o), dtype=np.float64) for o in space.options]
        self._sq0 = np.full(n_k, np.nan)
        self._separable: tuple[int, ...] = ()
        saliences = np.array(space.weights, dtype=np.float64)
        self._positions = np.full((n_a, n_k), np.nan)
        self._explicit = np.zeros((n_a, n_k), dtype=bool)
        self._spans = np.ones(n_k)
        source = dict(space.metadata.get("disagreement_source", {}))
        if sc is not None:
            if tuple(sc.actor_ids) != actors or tuple(sc.issue_ids) != space.issues:
                raise ValueError("the deal space was not built from this scenario (actors or issues differ)")
            for k, issue in enumerate(sc.issues):
                vals = {o.id: o.value for o in issue.options}
                try:
                    self.option_values[k] = np.array(
                        [vals[o] if o in vals else float(o) for o in space.options[k]], dtype=np.float64
                    )
                except ValueError:
                    pass
                self._spans[k] = issue.span if issue.span > 0 else 1.0
            self._sq0 = np.array(sc.status_quo, dtype=np.float64)
            self._separable = tuple(k for k, i in enumerate(sc.issues) if i.separable) if self.partial else ()
            saliences = np.maximum(np.array(sc.saliences, dtype=np.float64), 0.0)
            self._positions = np.array(sc.positions, dtype=np.float64)
            for st in sc.stances:
                if st.utilities:
                    self._explicit[self.actor_rows[st.actor], space.issues.index(st.issue)] = True
        # Partial deals need a status quo to leave the other issues at.
        self._separable = tuple(k for k in self._separable if np.isfinite(self._sq0[k]))
        self._batna_explicit = np.array([source.get(a, "batna") != "status quo" for a in actors])
        self._batna0 = np.array(space.disagreement, dtype=np.float64)
        self._cap0 = np.array(space.exponents, dtype=np.float64)
        self._sal0 = saliences

        base = self.arena_in if self.arena_in is not None else Arena(space, saliences=saliences)
        if base.space is not space:
            raise ValueError("the arena was built over another deal space")
        self.arena = base.copy()
        if self.arena_in is None or not np.array_equal(self.arena.saliences, np.maximum(saliences, 0)):
            self.arena.set_saliences(saliences)
        self.tracks = TrackSet(self.tracks_in, actors, space.issues)

        # Run state.
        ss = np.random.SeedSequence(self.seed)
        children = ss.spawn(len(actors) + 2)
        self.rng = np.random.default_rng(children[0])
        self.round = 0
        self.done = False
        self.ended_by: str | None = None
        self.agreement: int | None = None  # package index
        self.walked: tuple[str, ...] = ()
        self.agreed: dict[int, int] = {}  # issue -> option (partial agreements)
        self.agreed_round: dict[int, int] = {}
        self.frozen_by: dict[str, int] = {}  # track id -> round
        self.sq = self._sq0.copy()
        self.capabilities = self._cap0.copy()
        self.disagreement = self._batna0.copy()
        self._gain_cache: dict[int, FloatArray] = {}
        self._walk_key: tuple[Any, ...] | None = None
        self._walk_cached: tuple[str, ...] = ()
        self.offer_log: dict[tuple[int, int], list[tuple[int, Offer, FloatArray]]] = {}
        self.last_responses: list[tuple[int, bool, tuple[int, ...]]] = []
        self.last_responses_offer = -1  # trace number of the full offer they answer
        self.d_history: list[FloatArray] = []
        # Trace columns.
        self.t_offer: dict[str, list[Any]] = {
            "round": [],
            "proposer": [],
            "package": [],
            "issue": [],
            "option": [],
            "note": [],
            "accepted": [],
        }
        self._offer_utils: list[FloatArray] = []
        self.t_resp: dict[str, list[Any]] = {
            "offer": [],
            "actor": [],
            "accepted": [],
            "blocking": [],
            "reservation": [],
        }
        # Round table in blocks (one row per round; the batched run appends many rounds at once).
        self._round_blocks: list[tuple[IntArray, FloatArray, FloatArray, FloatArray]] = []
        self._sqv0 = self._sq_values(self._sq0)

        self._apply_tracks()
        # Sorted utility orders are built here, once, so that every propose is a binary search.
        for r in self.signatory_rows.tolist():
            self.arena.sorted_for(r)
        self.states = {r: State(self, r) for r in self.strategies}
        for r, s in self.strategies.items():
            dl = self.deadlines.get(actors[r])
            s.start(self._info(actors[r], r, children[r + 1], dl))
        if self.mediator is not None:
            self.mediator.start(self._info("mediator", -1, children[-1], None))
            self.mediator_state = State(self, -1)
        self.collect()

    def _info(
        self, actor: str, row: int, seq: np.random.SeedSequence, deadline: int | None
    ) -> NegotiationInfo:
        return NegotiationInfo(
            actor=actor,
            row=row,
            actors=self.space.actors,
            issues=self.space.issues,
            signatories=self.signatories,
            protocol=self.protocol,
            n_rounds=int(self.n_rounds),
            deadline=int(min(deadline, self.n_rounds) if deadline is not None else self.n_rounds),
            separable=self._separable,
            rng=np.random.default_rng(seq),
        )

    # -- derived quantities ---------------------------------------------------------------------------
    def _sq_values(self, sq: FloatArray) -> FloatArray:
        """Each actor's value of the status quo on each issue, shape (n_actors, n_issues)."""
        space = self.space
        out = np.zeros((space.n_actors, space.n_issues))
        for k, v in enumerate(space.values):
            if k in self.agreed:
                out[:, k] = v[:, self.agreed[k]]
                continue
            if not np.isfinite(sq[k]):
                continue
            near = int(np.argmin(np.abs(self.option_values[k] - sq[k])))
            dist = np.abs(sq[k] - self._positions[:, k]) / self._spans[k]
            loss = space.metadata.get("loss", "linear")
            dist_v = 1.0 - (dist if loss == "linear" else dist**2)
            out[:, k] = np.where(
                self._explicit[:, k] | ~np.isfinite(dist_v), v[:, near], np.clip(dist_v, 0, 1)
            )
        return out

    def _apply_tracks(self) -> None:
        """Recompute everything the tracks and partial agreements drive."""
        eff = self.tracks.effects()
        self.capabilities = np.maximum(self._cap0 + eff.capability, 0.0)
        lo = np.array([0.0] * self.space.n_issues)
        hi = np.array([np.inf] * self.space.n_issues)
        if self.scenario is not None:
            lo, hi = np.array(self.scenario.scale_lo), np.array(self.scenario.scale_hi)
        self.sq = np.clip(self._sq0 + eff.status_quo, lo, hi)
        if eff.salience.any() or not np.array_equal(self.arena.saliences, self._sal0):
            self.arena.set_saliences(self._sal0 + eff.salience)
        w = self.arena.weights
        sqv = self._sq_values(self.sq)
        sqv0 = self._sqv0
        from_sq = (w * sqv).sum(axis=1)
        # Explicit BATNAs move with what partial agreements settle, relative to the initial status quo.
        settled = (w * (sqv - sqv0)).sum(axis=1)
        base = np.where(self._batna_explicit, self._batna0 + settled, from_sq)
        self.disagreement = np.clip(base + eff.batna, 0.0, 1.0)
        self._sqv = sqv
        self._gain_cache.clear()

    def partial_gains(self, issue: int) -> FloatArray:
        """Every actor's gain over no deal, per option of ``issue`` settled alone, (n_actors, n_options)."""
        g = self._gain_cache.get(issue)
        if g is None:
            v = self.space.values[issue]
            g = self.arena.weights[:, issue, None] * (v - self._sqv[:, issue, None])
            self._gain_cache[issue] = g
        return g

    def sq_option_mask(self, issue: int) -> NDArray[np.bool_]:
        """Options of ``issue`` at the current status quo (settling on them changes nothing)."""
        return np.abs(self.option_values[issue] - self.sq[issue]) < 1e-9

    def open_separable(self) -> tuple[int, ...]:
        """Separable issues not yet settled."""
        return tuple(k for k in self._separable if k not in self.agreed)

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
        self.round += 1
        r = self.round
        if self.tracks.advance(r, self.rng):
            self._apply_tracks()
        if not self._departures(r):
            match self.protocol:
                case "alternating":
                    proposer = int(self.signatory_rows[(r - 1) % len(self.signatory_rows)])
                    strat, state = self.strategies[proposer], self.states[proposer]
                    self._table_moves(proposer, strat, state)
                case "single-text":
                    assert self.mediator is not None
                    self._table_moves(-1, self.mediator, self.mediator_state)
                case _:  # pragma: no cover - validated in _setup
                    raise ValueError(f"unknown protocol {self.protocol!r}")
        if not self.done and r >= self.n_rounds:
            self.done, self.ended_by = True, "horizon"
        self.collect()

    def _table_moves(self, proposer: int, strat: Strategy, state: State) -> None:
        offer = strat.propose(state)
        if offer is not None:
            self._check_offer(strat, offer, full=True)
            self._put(proposer, offer)
        if not self.done and self.open_separable():
            p = strat.propose_partial(state)
            if p is not None:
                self._check_offer(strat, p, full=False)
                self._put(proposer, p)

    def _check_offer(self, strat: Strategy, offer: Offer, full: bool) -> None:
        if full:
            if offer.partial or not 0 <= offer.row < self.arena.n_rows:
                raise ValueError(f"{strat.name} proposed an invalid package offer {offer!r}")
            if self.agreed:
                digits = self.arena.digits_of(offer.row)
                reopened = [self.space.issues[k] for k, o in sorted(self.agreed.items()) if digits[k] != o]
                if reopened:
                    raise ValueError(
                        f"{strat.name} proposed a package that re-opens {', '.join(reopened)}, "
                        "settled by a partial agreement"
                    )
        elif (
            not offer.partial
            or offer.issue not in self.open_separable()
            or not (0 <= offer.option < len(self.space.options[offer.issue]))
        ):
            raise ValueError(f"{strat.name} proposed an invalid partial offer {offer!r}")

    def collect(self) -> None:
        """Record the round: track values, BATNAs, capabilities (Mesa's DataCollector step)."""
        d = self.disagreement.copy()
        self._round_blocks.append(
            (
                np.array([self.round]),
                self.tracks.value[None, :].copy(),
                d[None, :],
                self.capabilities[None, :].copy(),
            )
        )
        self.d_history.append(d)

    def _collect_many(self, rounds: IntArray) -> None:
        """:meth:`collect` for many rounds in which nothing moved (the batched run)."""
        m = len(rounds)
        if not m:
            return
        d = self.disagreement.copy()
        self._round_blocks.append(
            (
                rounds.copy(),
                np.repeat(self.tracks.value[None, :], m, axis=0),
                np.repeat(d[None, :], m, axis=0),
                np.repeat(self.capabilities[None, :], m, axis=0),
            )
        )
        self.d_history += [d] * m

    def run(self) -> SimulationResult:
        """Step until the negotiation ends; the result."""
        if self._batchable():
            self._run_batched()
        while not self.done:
            self.step()
        return self.result()

    # -- moves ----------------------------------------------------------------------------------------
    def _departures(self, r: int) -> bool:
        late = [a for a in self.signatories if self.deadlines.get(a) is not None and r > self.deadlines[a]]  # type: ignore[operator]
        if late:
            self.done, self.ended_by, self.walked = True, "deadline", tuple(late)
            return True
        walkers = self._walkers()
        if walkers:
            self.done, self.ended_by, self.walked = True, "walk-away", walkers
            return True
        return False

    def _walkers(self) -> tuple[str, ...]:
        """Signatories whose BATNA beats every package and partial deal they can still get."""
        key = (
            self.arena.version,
            self.arena.n_rows,
            self.disagreement.tobytes(),
            tuple(sorted(self.agreed.items())),
        )
        if key == self._walk_key:
            return self._walk_cached
        sig = self.signatory_rows
        d = self.disagreement[sig]
        U = self.arena.U[:, sig]
        sat = U >= d - TOL
        joint = self.arena.ok[:, sig].all(axis=1)
        n_sat = sat.sum(axis=1)
        attain = np.full(len(sig), -np.inf)
        for i in range(len(sig)):
            others = joint & (n_sat - sat[:, i] == len(sig) - 1)
            if others.any():
                attain[i] = U[others, i].max()
        for k in self.open_separable():
            g = self.partial_gains(k)[sig]
            ok = self.space.acceptable[k][sig].all(axis=0) & ~self.sq_option_mask(k)
            ge = g >= -TOL
            n_ge = ge.sum(axis=0)
            for i in range(len(sig)):
                others = ok & (n_ge - ge[i] == len(sig) - 1)
                if others.any():
                    attain[i] = max(attain[i], d[i] + g[i, others].max())
        out = tuple(self.signatories[i] for i in range(len(sig)) if attain[i] < d[i] - TOL)
        self._walk_key, self._walk_cached = key, out
        return out

    def _put(self, proposer: int, offer: Offer) -> None:
        """Log an offer, collect the responses, settle it if everyone accepts."""
        u = self._offer_utilities(offer)
        oid = len(self.t_offer["round"])
        self.offer_log.setdefault((proposer, -1 if not offer.partial else offer.issue), []).append(
            (self.round, offer, u)
        )
        responders = [int(s) for s in self.signatory_rows if s != proposer]
        responses = []
        all_yes = True
        for j in responders:
            strat, state = self.strategies[j], self.states[j]
            yes = bool(strat.respond(state, offer))
            blocking: tuple[int, ...] = ()
            if not yes and self.protocol == "single-text":
                blocking = tuple(int(k) for k in strat.objections(state, offer))
            responses.append((j, yes, blocking))
            all_yes &= yes
            self.t_resp["offer"].append(oid)
            self.t_resp["actor"].append(j)
            self.t_resp["accepted"].append(yes)
            self.t_resp["blocking"].append(blocking)
            self.t_resp["reservation"].append(float(self.disagreement[j]))
        t = self.t_offer
        t["round"].append(self.round)
        t["proposer"].append(proposer)
        t["package"].append(-1 if offer.partial else int(self.arena.index[offer.row]))
        t["issue"].append(offer.issue)
        t["option"].append(offer.option)
        t["note"].append(offer.note)
        t["accepted"].append(all_yes)
        self._offer_utils.append(u[None, :])
        if not offer.partial:
            self.last_responses, self.last_responses_offer = responses, oid
        if not all_yes:
            return
        if offer.partial:
            self._settle(offer.issue, offer.option)
        else:
            self.done, self.ended_by = True, "agreement"
            self.agreement = int(self.arena.index[offer.row])

    def _offer_utilities(self, offer: Offer) -> FloatArray:
        if offer.partial:
            return self.disagreement + self.partial_gains(offer.issue)[:, offer.option]
        return self.arena.U[offer.row].copy()

    def _settle(self, issue: int, option: int) -> None:
        self.agreed[issue] = option
        self.agreed_round[issue] = self.round
        for tid in self.tracks.freeze_on(self.space.issues[issue], float(self.option_values[issue][option])):
            self.frozen_by[tid] = self.round
        old_index = self.arena.index
        self.arena.fix(issue, option)
        self._remap_offers(old_index, issue, option)
        self._apply_tracks()

    def _remap_offers(self, old_index: IntArray, issue: int, option: int) -> None:
        """Point the logged full offers at their packages projected onto a newly settled option.

        Settling renumbers the arena's rows; each logged offer's row is moved to its package with the
        agreed option (always in the projected arena), so that a strategy re-reading the log sees the
        packages as they would now be agreed. The utilities logged with each offer stay as they were.
        """
        stride = int(self.space.strides[issue])
        radix = int(self.space.radices[issue])
        for key, log in self.offer_log.items():
            if key[1] != -1 or not log:
                continue
            pkgs = old_index[np.array([o.row for _, o, _ in log], dtype=np.int64)]
            pkgs = pkgs + (option - (pkgs // stride) % radix) * stride
            rows = np.searchsorted(self.arena.index, pkgs).tolist()
            self.offer_log[key] = [
                (r, replace(o, row=int(row)), u) for (r, o, u), row in zip(log, rows, strict=True)
            ]

    # -- batched run ----------------------------------------------------------------------------------
    def _batchable(self) -> bool:
        return (
            self.batch
            and self.round == 0
            and self.protocol == "alternating"
            and not self.tracks.tracks
            and not self.open_separable()
            and all(
                isinstance(s, TimeDependent) and s.traits.get("time_based") for s in self.strategies.values()
            )
        )

    def _run_batched(self) -> None:
        """Play rounds in vectorised batches (time-based strategies, nothing moving between rounds)."""
        # Round 1's checks: nothing changes between rounds, so they hold for every round.
        self.round = 1
        if self._departures(1):
            self.collect()
            return
        self.round = 0
        sig = self.signatory_rows
        n = len(sig)
        dl = [self.deadlines.get(a) for a in self.signatories]
        last = min([int(self.n_rounds)] + [int(x) for x in dl if x is not None])
        d = self.disagreement
        U, ok = self.arena.U, self.arena.ok
        sorted_ = {int(i): self.arena.sorted_for(int(i)) for i in sig}
        timed: dict[int, TimeDependent] = {}
        for i in sig.tolist():
            s_i = self.strategies[i]
            assert isinstance(s_i, TimeDependent)  # _batchable checked it
            timed[i] = s_i
        start = 1
        while start <= last:
            stop = min(last, start + _BATCH - 1)
            rounds = np.arange(start, stop + 1, dtype=np.int64)
            prop = sig[(rounds - 1) % n]
            rows = np.full(len(rounds), -1, dtype=np.int64)
            targets = {}
            for i in sig.tolist():
                rws, su = sorted_[i]
                targets[i] = TimeDependent.targets(timed[i].aspirations(rounds), su, float(d[i]))
                mask = prop == i
                if len(rws) and mask.any():
                    rows[mask] = TimeDependent.rows_at(targets[i][mask], rws, su)
            made = rows >= 0
            yes = np.ones((len(rounds), n), dtype=bool)
            safe = np.where(made, rows, 0)
            for c, j in enumerate(sig.tolist()):
                u = U[safe, j]
                acc = ok[safe, j] & (u >= d[j] - TOL) & (u >= targets[j] - TOL)
                yes[:, c] = np.where(prop == j, True, acc)
            agreed = made & yes.all(axis=1)
            hit = np.flatnonzero(agreed)
            end = int(hit[0]) + 1 if len(hit) else len(rounds)
            self._log_batch(rounds[:end], prop[:end], rows[:end], made[:end], yes[:end], agreed[:end])
            self.round = int(rounds[end - 1])
            if len(hit):
                self.done, self.ended_by = True, "agreement"
                self.agreement = int(self.arena.index[rows[end - 1]])
            elif self.round >= self.n_rounds:
                self.done, self.ended_by = True, "horizon"
            self._collect_many(rounds[:end])
            if self.done:
                return
            start = stop + 1
        # Past the earliest deadline the step path takes over (and ends the run by deadline).

    def _log_batch(
        self,
        rounds: IntArray,
        prop: IntArray,
        rows: IntArray,
        made: NDArray[np.bool_],
        yes: NDArray[np.bool_],
        agreed: NDArray[np.bool_],
    ) -> None:
        rounds, prop, rows, yes, agreed = rounds[made], prop[made], rows[made], yes[made], agreed[made]
        t = self.t_offer
        first = len(t["round"])
        m = len(rounds)
        t["round"] += rounds.tolist()
        t["proposer"] += prop.tolist()
        t["package"] += self.arena.index[rows].tolist()
        t["issue"] += [-1] * m
        t["option"] += [-1] * m
        t["note"] += [""] * m
        t["accepted"] += agreed.tolist()
        self._offer_utils.append(self.arena.U[rows])
        sig = self.signatory_rows
        resp_mask = prop[:, None] != sig[None, :]
        oid, col = np.nonzero(resp_mask)
        self.t_resp["offer"] += (oid + first).tolist()
        self.t_resp["actor"] += sig[col].tolist()
        self.t_resp["accepted"] += yes[oid, col].tolist()
        self.t_resp["blocking"] += [()] * len(oid)
        self.t_resp["reservation"] += self.disagreement[sig[col]].tolist()

    # -- result ---------------------------------------------------------------------------------------
    def result(self) -> SimulationResult:
        """The outcome and the trace so far."""
        space = self.space
        if self.agreement is not None:
            final = self.arena.U[int(np.flatnonzero(self.arena.index == self.agreement)[0])].copy()
        else:
            final = self.disagreement.copy()
        utils = np.vstack(self._offer_utils) if self._offer_utils else np.zeros((0, space.n_actors))
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
            utilities={a: float(x) for a, x in zip(space.actors, final, strict=True)},
            walked=self.walked,
            frozen={k: v for k, v in self.frozen_by.items()},
            track_ids=self.tracks.ids,
            offers={k: list(v) for k, v in self.t_offer.items()},
            offer_utilities=utils,
            responses={k: list(v) for k, v in self.t_resp.items()},
            rounds={
                "round": np.concatenate([b[0] for b in self._round_blocks]),
                "tracks": np.vstack([b[1] for b in self._round_blocks]),
                "batna": np.vstack([b[2] for b in self._round_blocks]),
                "capability": np.vstack([b[3] for b in self._round_blocks]),
            },
        )
