"""The conformance suite every registered strategy must pass.

It follows Axelrod's ``TestPlayer`` and scikit-learn's ``check_estimator``.

:func:`check_strategy` runs every check on one strategy and raises ``AssertionError`` naming the first
that fails; the tests apply it to every name in :func:`~accord.simulate.available_strategies`, so a
strategy registered through the ``accord.strategies`` entry point is checked without a line of test
code. The checks:

``clone_pickle``
    ``clone()`` gives an equal, unstarted strategy; a pickled and unpickled strategy is equal.
``seeded_repeat``
    Two runs from one seed (with a noisy track and a separable issue) give identical traces.
``reservation``
    Over many seeded runs against random scripted opponents, it never accepts an offer below its
    reservation value (its BATNA at that round) or across its red line, and never proposes across its
    own red line.
``deadline``
    With its own deadline before the horizon, the run ends by the round after the deadline and it makes
    no offer after its deadline.
``traits``
    ``stochastic=False``: runs from different seeds (no noisy tracks) are identical.
    ``responsive=False``: its offers do not depend on what the others offer.
    ``uses_private_info=False``: its offers do not change when the others' utilities do.
    ``reads_tracks=False``: its offers and responses do not change when a track that drifts is replaced
    by one that moves identically through scheduled events (same values every round, no declared drift).
    ``time_based=True``: it is a :class:`TimeDependent` and not ``responsive``.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np

from accord.deals import DealSpace
from accord.scenario import Actor, Issue, Option, RedLine, Scenario, Stance, Track, TrackEffect, TrackEvent

from .engine import Negotiation
from .results import SimulationResult
from .state import TOL, Offer, State
from .strategies.base import DEFAULT_TRAITS, Strategy, TimeDependent, available_strategies

__all__ = ["check_strategy", "conformance_scenario", "Scripted", "CHECKS"]


class Scripted(Strategy):
    """A scripted opponent: plays the given offers in turn and accepts per ``accept``.

    Parameters
    ----------
    offers : sequence of int or None
        Package indices to offer in turn (cycled; None: no offer); empty: random rows from its stream.
    accept : bool or sequence of bool
        Its response to every offer, or per response in turn (cycled).
    partial : sequence of (issue, option), optional
        Partial offers in turn (cycled); empty: random open ones when ``offers`` is empty.
    """

    name: ClassVar[str] = "Scripted"
    traits: ClassVar[dict[str, bool]] = {**DEFAULT_TRAITS, "stochastic": True}

    def __init__(
        self,
        offers: Sequence[int | None] = (),
        accept: bool | Sequence[bool] = False,
        partial: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.offers = offers
        self.accept = accept
        self.partial = partial

    def start(self, info: Any) -> None:
        """Reset the counters."""
        super().start(info)
        self.n_offers_ = self.n_partial_ = self.n_resp_ = 0

    def propose(self, state: State) -> Offer | None:
        """The next scripted package (a random row when none is scripted)."""
        ar = state.arena
        if not self.offers:
            return Offer(row=int(self.info_.rng.integers(ar.n_rows)))
        pkg = self.offers[self.n_offers_ % len(self.offers)]
        self.n_offers_ += 1
        if pkg is None:
            return None
        hit = np.flatnonzero(ar.index == pkg)
        return Offer(row=int(hit[0])) if len(hit) else None

    def propose_partial(self, state: State) -> Offer | None:
        """The next scripted partial offer (random when nothing is scripted)."""
        open_ = state.open_separable
        if not open_:
            return None
        if not self.partial:
            if self.offers:
                return None
            k = open_[int(self.info_.rng.integers(len(open_)))]
            return Offer(issue=k, option=int(self.info_.rng.integers(len(state.arena.space.options[k]))))
        k, o = self.partial[self.n_partial_ % len(self.partial)]
        self.n_partial_ += 1
        return Offer(issue=k, option=o) if k in open_ else None

    def respond(self, state: State, offer: Offer) -> bool:
        """As scripted."""
        if isinstance(self.accept, bool):
            return self.accept
        out = self.accept[self.n_resp_ % len(self.accept)]
        self.n_resp_ += 1
        return bool(out)


def conformance_scenario(
    noise: float = 0.02, deadline: int | None = None, as_events: bool = False
) -> Scenario:
    """A small scenario exercising everything a strategy meets.

    Three actors, four issues (one separable, with a ceasefire-like track that an agreement on it freezes),
    red lines, a BATNA that a noisy track moves, and a salience that a chip track moves. 4 x 3 x 5 x 3 = 180
    packages.

    ``as_events`` (with ``noise=0``) declares the front's drift as one scheduled event per round instead:
    the same values, but nothing for a strategy that reads the declared drift to see.
    """
    opts5 = tuple(Option(f"o{v}", f"option {v}", float(v)) for v in (0, 25, 50, 75, 100))
    opts3 = tuple(Option(f"o{v}", f"option {v}", float(v)) for v in (0, 50, 100))
    opts4 = tuple(Option(f"o{v}", f"option {v}", float(v)) for v in (0, 35, 70, 100))
    issues = (
        Issue("truce", "Truce", options=opts4, discrete=True, status_quo=100.0, separable=True),
        Issue("land", "Land", options=opts3, discrete=True, status_quo=50.0),
        Issue("money", "Money", options=opts5, discrete=True, status_quo=0.0),
        Issue("chip", "Chip", options=opts3, discrete=True, status_quo=100.0),
    )
    actors = (
        Actor("a", "A", capability=40, deadline=deadline),
        Actor("b", "B", capability=35),
        Actor("c", "C", capability=25),
    )
    stances = (
        Stance("a", "truce", 85, 70, red_line=RedLine(35, 100)),
        Stance("a", "land", 100, 90, red_line=RedLine(50, 100)),
        Stance("a", "money", 80, 30),
        Stance("a", "chip", 100, 40),
        Stance("b", "truce", 0, 80),
        Stance("b", "land", 0, 95, red_line=RedLine(0, 50)),
        Stance("b", "money", 10, 40),
        Stance("b", "chip", 0, 50),
        Stance("c", "truce", 10, 60),
        Stance("c", "land", 40, 40),
        Stance("c", "money", 60, 70),
    )
    drift, events = (0.0, tuple(TrackEvent(r, 0.1) for r in range(1, 101))) if as_events else (0.1, ())
    tracks = (
        Track(
            "front",
            "Front",
            initial=20,
            drift=drift,
            noise=noise * 10,
            lo=0,
            hi=100,
            events=events,
            effects=(TrackEffect("batna", 0.01, actor="a"), TrackEffect("batna", -0.01, actor="b")),
            freeze_issue="truce",
            freeze_max=70,
        ),
        Track(
            "salient",
            "Salient",
            initial=1,
            drift=-0.2,
            lo=0,
            hi=1,
            effects=(TrackEffect("salience", 50, actor="b", issue="chip"),),
            freeze_issue="truce",
            freeze_max=70,
        ),
    )
    return Scenario(actors=actors, issues=issues, stances=stances, tracks=tracks, title="conformance")


def _factory(strategy: str | Callable[[], Strategy] | Strategy) -> Callable[[], Strategy]:
    if isinstance(strategy, Strategy):
        return strategy.clone
    if isinstance(strategy, str):
        table = available_strategies()
        return table[strategy]
    return strategy


def _run(
    strategy: Strategy,
    opponents: Sequence[Strategy],
    *,
    seed: int = 0,
    noise: float = 0.02,
    deadline: int | None = None,
    n_rounds: int = 12,
    scenario: Scenario | None = None,
    space: DealSpace | None = None,
) -> tuple[SimulationResult, Negotiation]:
    sc = scenario or conformance_scenario(noise=noise, deadline=deadline)
    if strategy.traits.get("mediator"):
        assign = dict(zip(("a", "b", "c"), [o.clone() for o in opponents], strict=False))
        neg = Negotiation.from_scenario(
            sc, assign, space=space, protocol="single-text", mediator=strategy, n_rounds=n_rounds, seed=seed
        )
    else:
        assign = {"a": strategy, **dict(zip(("b", "c"), [o.clone() for o in opponents], strict=False))}
        neg = Negotiation.from_scenario(sc, assign, space=space, n_rounds=n_rounds, seed=seed)
    return neg.run(), neg


def _own_offers(res: SimulationResult, row: int) -> list[tuple[int, int, int, int]]:
    o = res.offers
    return [
        (o["round"][i], o["package"][i], o["issue"][i], o["option"][i])
        for i in range(res.n_offers)
        if o["proposer"][i] == row
    ]


def _own_moves(res: SimulationResult, row: int) -> list[tuple[Any, ...]]:
    """Its offers and its responses."""
    resp = [
        (res.offers["round"][oid], oid, res.responses["accepted"][n])
        for n, oid in enumerate(res.responses["offer"])
        if res.responses["actor"][n] == row
    ]
    return [*_own_offers(res, row), *resp]


def check_clone_pickle(make: Callable[[], Strategy]) -> None:
    """Clone and pickle round trips give equal strategies; a clone of a started one is unstarted."""
    s = make()
    assert s.clone() == s, f"{s.name}: clone() differs from the original"
    assert pickle.loads(pickle.dumps(s)) == s, f"{s.name}: pickling changes it"
    _run(s, [Scripted(), Scripted()])
    c = s.clone()
    assert not hasattr(c, "info_"), f"{s.name}: clone() carries run state"
    assert pickle.loads(pickle.dumps(s)).get_params() == s.get_params()


def check_seeded_repeat(make: Callable[[], Strategy]) -> None:
    """Two runs from one seed give identical traces."""
    for seed in (0, 7):
        r1, _ = _run(make(), [Scripted(), Scripted(accept=[False, True, False])], seed=seed)
        r2, _ = _run(make(), [Scripted(), Scripted(accept=[False, True, False])], seed=seed)
        assert r1.to_csv() == r2.to_csv(), f"{make().name}: seeded runs differ (seed {seed})"


def check_reservation(make: Callable[[], Strategy], n_runs: int = 12) -> None:
    """Never accepts below its reservation value or across its red line; never proposes across it."""
    s0 = make()
    if s0.traits.get("mediator"):
        return  # a mediator accepts nothing; its texts are checked by the parties
    for seed in range(n_runs):
        res, neg = _run(make(), [Scripted(accept=seed % 2 == 0), Scripted()], seed=seed)
        space = neg.space
        o = res.offers
        for n, oid in enumerate(res.responses["offer"]):
            if res.responses["actor"][n] != 0 or not res.responses["accepted"][n]:
                continue
            u = float(res.offer_utilities[oid, 0])
            r = res.responses["reservation"][n]  # its BATNA when it answered
            assert u >= r - TOL, f"{s0.name}: accepted {u:.4f} below its BATNA {r:.4f}"
            assert _within(space, o, oid), f"{s0.name}: accepted an offer across its red line"
        for i in range(res.n_offers):
            if o["proposer"][i] == 0:
                assert _within(space, o, i), f"{s0.name}: proposed across its own red line"


def _within(space: DealSpace, o: dict[str, list[Any]], i: int) -> bool:
    if o["issue"][i] >= 0:
        return bool(space.acceptable[o["issue"][i]][0, o["option"][i]])
    return bool(space.red_line_mask([o["package"][i]], [space.actors[0]])[0])


def check_deadline(make: Callable[[], Strategy]) -> None:
    """With its deadline before the horizon the run ends by the round after it, with no offer after it."""
    s = make()
    if s.traits.get("mediator"):
        res, _ = _run(s, [Scripted(), Scripted(), Scripted()], n_rounds=5)
        assert res.round <= 5, f"{s.name}: ran past the horizon"
        return
    res, _ = _run(s, [Scripted(), Scripted()], deadline=4, n_rounds=12)
    assert res.round <= 5, f"{s.name}: the run went on past its deadline (round {res.round})"
    assert all(r <= 4 for r, *_ in _own_offers(res, 0)), f"{s.name}: offered after its deadline"


def check_traits(make: Callable[[], Strategy]) -> None:
    """Declared traits match behaviour (see the module docstring)."""
    s = make()
    traits = {**DEFAULT_TRAITS, **s.traits}
    unknown = set(s.traits) - set(DEFAULT_TRAITS)
    assert not unknown, f"{s.name}: unknown traits {sorted(unknown)}"
    row = -1 if traits["mediator"] else 0
    quiet = conformance_scenario(noise=0.0)
    opp = [Scripted(offers=[None]), Scripted(offers=[None])]
    if not traits["stochastic"]:
        r1, _ = _run(make(), opp, seed=1, scenario=quiet)
        r2, _ = _run(make(), opp, seed=2, scenario=quiet)
        assert _own_offers(r1, row) == _own_offers(r2, row), (
            f"{s.name}: declared deterministic, varies with seed"
        )
    if not traits["responsive"] and not traits["mediator"]:
        a, _ = _run(make(), [Scripted(offers=[0, 5, 7]), Scripted(offers=[None])], seed=1, scenario=quiet)
        b, _ = _run(make(), [Scripted(offers=[179, 3]), Scripted(offers=[None])], seed=1, scenario=quiet)
        n = min(a.round, b.round)
        fa = [x for x in _own_offers(a, row) if x[0] <= n]
        fb = [x for x in _own_offers(b, row) if x[0] <= n]
        assert fa == fb, f"{s.name}: declared not responsive, but its offers follow the others'"
    if not traits["uses_private_info"] and not traits["mediator"]:
        from accord.deals import deal_space_from_scenario

        space = deal_space_from_scenario(quiet)
        rng = np.random.default_rng(3)
        values = [v.copy() for v in space.values]
        for v in values:
            v[1:] = rng.random(v[1:].shape)
        # Everything else as it was: option values, status quo, red lines, BATNAs.
        other = dataclasses.replace(space, values=tuple(values))
        a, _ = _run(make(), opp, seed=1, scenario=quiet, space=space)
        b, _ = _run(make(), opp, seed=1, scenario=quiet, space=other)
        n = min(a.round, b.round)
        fa = [x for x in _own_offers(a, row) if x[0] <= n]
        fb = [x for x in _own_offers(b, row) if x[0] <= n]
        assert fa == fb, f"{s.name}: declared not to use private information, but reads the others' utilities"
    if not traits["reads_tracks"]:
        probe = [Scripted(offers=[None], partial=[(0, 2)]), Scripted(offers=[None], accept=True)]
        a, _ = _run(make(), probe, seed=1, scenario=quiet)
        b, _ = _run(make(), probe, seed=1, scenario=conformance_scenario(noise=0.0, as_events=True))
        # Until the behaviours part, both runs see bit-identical track values (0.1 + 0 * shock == 0.1).
        assert _own_moves(a, row) == _own_moves(b, row), (
            f"{s.name}: declared not to read the tracks, but acts on their declared drift"
        )
    if traits["time_based"]:
        assert isinstance(s, TimeDependent), f"{s.name}: time_based but not a TimeDependent"
        assert not traits["responsive"], f"{s.name}: time_based and responsive contradict each other"


CHECKS: dict[str, Callable[[Callable[[], Strategy]], None]] = {
    "clone_pickle": check_clone_pickle,
    "seeded_repeat": check_seeded_repeat,
    "reservation": check_reservation,
    "deadline": check_deadline,
    "traits": check_traits,
}


def check_strategy(
    strategy: str | Callable[[], Strategy] | Strategy, checks: Sequence[str] | None = None
) -> None:
    """Run the conformance checks on a strategy (a registered name, a factory or an instance).

    Raises
    ------
    AssertionError
        Naming the check and what failed.
    """
    make = _factory(strategy)
    for name in checks or list(CHECKS):
        CHECKS[name](make)
