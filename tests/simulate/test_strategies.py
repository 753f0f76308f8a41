"""Each strategy pinned to an expected transcript against scripted opponents (Axelrod's ``versus_test``).

The spaces are the hand-checkable ones of ``conftest.py``; the comments give the arithmetic.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from accord.errors import InputError
from accord.scenario import Track, TrackEffect
from accord.simulate import (
    AnchorAndCede,
    Boulware,
    DeadlineDriven,
    Linear,
    Negotiation,
    SimulationResult,
    Staller,
    TimeDependent,
    TitForTat,
    available_strategies,
    filtered_strategies,
    make_strategy,
)
from accord.simulate.conformance import Scripted, conformance_scenario
from accord.simulate.state import NegotiationInfo

from .conftest import anchor_space, separable_scenario, two_issue_space


def transcript(res: SimulationResult) -> list[tuple[Any, ...]]:
    """(round, proposer, offer, note, ((responder, accepted), ...)) per offer."""
    o = res.offers
    out = []
    for i in range(res.n_offers):
        p = o["proposer"][i]
        k = o["issue"][i]
        offer = o["package"][i] if k < 0 else f"{res.issues[k]}={res.options[k][o['option'][i]]}"
        resp = tuple(
            (res.actors[res.responses["actor"][n]], res.responses["accepted"][n])
            for n, x in enumerate(res.responses["offer"])
            if x == i
        )
        out.append((o["round"][i], "mediator" if p < 0 else res.actors[p], offer, o["note"][i], resp))
    return out


def silent() -> Scripted:
    return Scripted(offers=[None])


def own_offers(res: SimulationResult) -> list[Any]:
    return [(r, pkg) for r, who, pkg, *_ in transcript(res) if who == "me"]


# Utilities of `me` by package index: 0, .2, .4, .3, .5, .7, .6, .8, 1.0; BATNA .2; horizon 5, so
# t = 0, .5, 1 in rounds 1, 3, 5 and the target is .2 + .8 a(t).
@pytest.mark.parametrize(
    "name, expected",
    [
        ("linear", [(1, 8), (3, 6), (5, 1)]),  # a = 1, .5, 0 -> targets 1, .6, .2
        ("boulware", [(1, 8), (3, 8), (5, 1)]),  # a(.5) = 1 - .5**5 = .97: target .975
        ("conceder", [(1, 8), (3, 4), (5, 1)]),  # a(.5) = 1 - .5**.5 = .29: target .43 -> .5
        ("hardliner", [(1, 8), (3, 8), (5, 8)]),
        ("staller", [(1, 8), (3, 6), (5, 1)]),  # no tracks: its BATNA never improves, so Linear
    ],
)
def test_time_dependent_transcripts(name: str, expected: list[tuple[int, int]]) -> None:
    res = Negotiation(two_issue_space(), {"me": name, "opp": silent()}, n_rounds=5, patience=5).run()
    assert own_offers(res) == expected
    assert res.outcome == "no agreement" and res.ended_by == "horizon"


def test_deadline_driven_holds_until_the_window() -> None:
    res = Negotiation(
        two_issue_space(), {"me": DeadlineDriven(window=4), "opp": silent()}, n_rounds=9, patience=9
    ).run()
    # a = clip((9 - r) / 4, 0, 1): 1, 1, 1 at rounds 1, 3, 5; .5 at 7; 0 at 9.
    assert own_offers(res) == [(1, 8), (3, 8), (5, 8), (7, 6), (9, 1)]


def test_tit_for_tat_mirrors_the_concession() -> None:
    res = Negotiation(
        two_issue_space(), {"me": TitForTat(), "opp": Scripted(offers=[0, 4])}, n_rounds=6
    ).run()
    # Round 3: opp has offered (0, worth 0 to me): nice move of 5% of its range -> level .96 -> 8.
    # Round 4: opp's 4 is worth .5, a concession of .5: level 1 - .04 - .5 = .46 <= .5, so it accepts.
    assert transcript(res) == [
        (1, "me", 8, "", (("opp", False),)),
        (2, "opp", 0, "", (("me", False),)),
        (3, "me", 8, "", (("opp", False),)),
        (4, "opp", 4, "", (("me", True),)),
    ]
    assert res.agreement_index == 4


def test_tit_for_tat_does_not_move_without_concessions() -> None:
    res = Negotiation(
        two_issue_space(), {"me": TitForTat(niceness=0.0), "opp": Scripted(offers=[0])}, n_rounds=9
    ).run()
    assert {pkg for _, pkg in own_offers(res)} == {8}


def test_anchor_and_cede_opens_high_and_cedes_the_anchor() -> None:
    res = Negotiation(anchor_space(), {"me": AnchorAndCede(), "opp": silent()}, n_rounds=7, patience=7).run()
    # Its best package is (hi, hi, mid) = 25; z weighs least and its best option is mid, so it opens at
    # z = hi (26), then "cedes z" (25, which it prefers!), then concedes with exponent .5: t = 2/3 ->
    # a = .56, target .64 -> package 17 (.67); t = 1 -> its BATNA .2 -> package 1.
    assert transcript(res) == [
        (1, "me", 26, "", (("opp", False),)),
        (3, "me", 25, "cedes z", (("opp", False),)),
        (5, "me", 17, "", (("opp", False),)),
        (7, "me", 1, "", (("opp", False),)),
    ]


@pytest.mark.parametrize("strategy, settled", [("staller", {}), ("linear", {"truce": "o70"})])
def test_staller_refuses_the_truce_that_freezes_its_gains(strategy: str, settled: dict[str, str]) -> None:
    sc = conformance_scenario(noise=0.0)  # the front track raises a's BATNA; a truce at 70 freezes it
    res = Negotiation.from_scenario(
        sc,
        {
            "a": strategy,
            "b": Scripted(offers=[None], partial=[(0, 2)]),
            "c": Scripted(offers=[None], accept=True),
        },
        n_rounds=4,
        patience=4,
    ).run()
    assert res.partial == settled
    truce = [t for t in transcript(res) if t[1] == "b"]
    assert truce[0][:3] == (2, "b", "truce=o70")
    assert dict(truce[0][4])["a"] is (strategy != "staller")


def test_mediator_nash_transcript() -> None:
    res = Negotiation(
        two_issue_space(), {"me": Linear(), "opp": Linear()}, protocol="single-text", n_rounds=5, patience=5
    ).run()
    # The Nash point (.6, .6) is drafted every round; both Linear parties reach .6 at t = .5 (round 3).
    assert [(r, pkg, resp) for r, _, pkg, _, resp in transcript(res)] == [
        (1, 6, (("me", False), ("opp", False))),
        (2, 6, (("me", False), ("opp", False))),
        (3, 6, (("me", True), ("opp", True))),
    ]


def test_mediator_split_transcript() -> None:
    res = Negotiation(
        two_issue_space(),
        {"me": Linear(), "opp": Linear()},
        protocol="single-text",
        mediator="mediator-split",
        n_rounds=6,
        patience=6,
    ).run()
    # Targets start at the mean best options (1, 1): package 4. me names x, opp names y; each blocking
    # issue moves halfway to the objector's best: (1.5, .5) -> (1, 0) = 3; then (.75, 1.25) -> 4, ...
    assert [pkg for _, _, pkg, _, _ in transcript(res)] == [4, 3, 4, 4, 6]
    assert res.agreement_index == 6 and res.round == 5


def test_registry_names_traits_and_filters() -> None:
    names = set(available_strategies())
    assert {
        "boulware",
        "linear",
        "conceder",
        "tit-for-tat",
        "anchor-and-cede",
        "staller",
        "deadline-driven",
        "hardliner",
        "mediator-nash",
        "mediator-split",
    } <= names
    assert filtered_strategies(mediator=True) == ["mediator-nash", "mediator-split"]
    assert "tit-for-tat" not in filtered_strategies(responsive=False)
    assert set(filtered_strategies(uses_private_info=False)) >= {"boulware", "staller", "anchor-and-cede"}
    assert make_strategy("boulware", exponent=0.1) == Boulware(0.1)
    with pytest.raises(InputError, match="unknown strategy 'nope'; known: anchor-and-cede"):
        make_strategy("nope")
    for factory in available_strategies().values():
        s = factory()
        assert isinstance(s.name, str) and s.name and isinstance(s.traits, dict)
        assert repr(s).startswith(type(s).__name__)


def test_entry_points_are_discovered(monkeypatch: pytest.MonkeyPatch) -> None:
    from accord import registry
    from accord.simulate.strategies import base

    class EP:
        name = "my-staller"
        dist = None

        def load(self) -> type:
            return Staller

    class Broken:
        name = "broken"
        dist = None

        def load(self) -> type:
            raise ImportError("no such module")

    fake = [EP(), Broken()]
    # A fresh registry over fake entry points; the process-wide one is left as it was.
    monkeypatch.setattr(
        registry, "entry_points", lambda group: fake if group == base.ENTRY_POINT_GROUP else []
    )
    monkeypatch.setattr(base, "STRATEGIES", registry.Registry(base.ENTRY_POINT_GROUP, "strategy"))
    with pytest.warns(UserWarning, match="'broken' failed to load"):
        found = available_strategies()
    assert found["my-staller"] is Staller and "broken" not in found
    assert isinstance(make_strategy("my-staller"), Staller)
    monkeypatch.undo()
    assert "my-staller" not in available_strategies()


def test_unknown_strategy_is_an_input_error_naming_the_option() -> None:
    with pytest.raises(InputError, match="--strategy.*unknown strategy 'nope'"):
        make_strategy("nope")
    with pytest.raises(InputError, match="--mediator"):
        make_strategy("nope", what="--mediator")


def test_every_shipped_strategy_is_registered() -> None:
    # The discovery check that makes one registration point (pyproject's entry points) enough.
    import inspect

    from accord.simulate import strategies
    from accord.simulate.strategies import Strategy, TimeDependent

    shipped = {
        obj
        for obj in vars(strategies).values()
        if inspect.isclass(obj) and issubclass(obj, Strategy) and obj not in (Strategy, TimeDependent)
    }
    assert shipped == set(available_strategies().values())


def test_mediator_nash_counts_each_rejection_once() -> None:
    # Regression: a's BATNA rises until no text beats it; in the rounds without a new full text the
    # mediator counted the responses to the last one again (its weights grew 9 -> 10 -> 11 ...).
    up = Track("up", "Up", initial=0, drift=1, lo=0, hi=100, effects=(TrackEffect("batna", 0.08, actor="a"),))
    sc = dataclasses.replace(separable_scenario(x_a=100, x_b=75, salience_x_a=10), tracks=(up,))
    neg = Negotiation.from_scenario(sc, {"a": "hardliner", "b": "hardliner"}, protocol="single-text")
    silent_rounds = 0
    while not neg.done:
        before = len(neg.trace.offers["round"])
        neg.step()
        new = [i for i in range(before, len(neg.trace.offers["round"])) if neg.trace.offers["issue"][i] < 0]
        silent_rounds += not new
        rejected = np.zeros(2)
        for n, oid in enumerate(neg.trace.responses["offer"]):
            # Responses to the full texts of earlier rounds (the mediator reads them at its next draft).
            if neg.trace.offers["issue"][oid] < 0 and oid < before and not neg.trace.responses["accepted"][n]:
                rejected[neg.trace.responses["actor"][n]] += 1
        assert neg.mediator.rejections_.tolist() == rejected.tolist(), neg.round  # type: ignore[union-attr]
    assert silent_rounds >= 3


def test_tit_for_tat_does_not_mistake_track_movements_for_concessions() -> None:
    # b repeats one package and one partial offer while tracks move a's salience of Y and its BATNA.
    # Scored with the utilities stored when each offer was made, the repeats looked like retractions
    # (the salience of Y falls, so the same package is worth less to a) and the partial ones like
    # concessions (a's BATNA rises). Re-scored with the current utilities they are neither.
    tracks = (
        Track(
            "sal",
            "Sal",
            initial=0,
            drift=-2,
            lo=-50,
            hi=0,
            effects=(TrackEffect("salience", 1, actor="a", issue="Y"),),
        ),
        Track(
            "bat", "Bat", initial=0, drift=1, lo=0, hi=100, effects=(TrackEffect("batna", 0.004, actor="a"),)
        ),
    )
    sc = dataclasses.replace(separable_scenario(), tracks=tracks)
    package = 37  # X = o50, Y = o50, Z = o0, W = o50
    b = Scripted(offers=[package], partial=[(0, 3)])  # X = o100, worth less to a than its level
    neg = Negotiation.from_scenario(sc, {"a": TitForTat(), "b": b}, n_rounds=12, patience=12)
    tft, state = neg.strategies[0], neg.states[0]
    measured = []
    while not neg.done:
        neg.step()
        if neg.round >= 2:
            measured.append((tft._reciprocity(state, None)[0], tft._reciprocity(state, 0)[0]))
    assert neg.round == 12 and not neg.agreed and len(neg.offer_log[(1, -1)]) == 6
    assert measured == [(0.0, 0.0)] * 11


def test_a_huge_horizon_costs_no_memory_up_front() -> None:
    # Regression: every time-based strategy tabulated its aspiration for every round of the horizon at
    # start (--rounds 100000000 took 3 GB; here 10^7 rounds took 300 MB), though this run ends in round 1
    # (both want package 8).
    import tracemalloc

    space = two_issue_space()
    same = dataclasses.replace(space, values=(space.values[0][[0, 0]], space.values[1][[0, 0]]))
    tracemalloc.start()
    try:
        for batch in (True, False):
            res = Negotiation(same, {"me": "linear", "opp": "boulware"}, n_rounds=10**7, batch=batch).run()
            assert res.agreement_index == 8 and res.round == 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20e6


def test_aspiration_table_grown_on_demand_equals_one_table() -> None:
    # The table (started at 4096 rounds, grown as later rounds are reached) holds the values one table
    # of the whole horizon would; the batched and round-by-round runs agree past its first size.
    n = 10_000
    neg = Negotiation(
        two_issue_space(), {"me": "linear", "opp": "boulware"}, n_rounds=n, deadlines={"opp": 9000}
    )
    for s in neg.strategies.values():
        assert isinstance(s, TimeDependent)
        rounds = np.arange(n + 2, dtype=np.int64)
        whole = s.aspiration(np.minimum(rounds, s.info_.deadline + 1))
        assert np.array_equal(s.aspirations(rounds[::-1])[::-1], whole)
        assert [s._aspiration_now(type("S", (), {"round": r})()) for r in (0, 4095, 4096, n + 5)] == [  # type: ignore[arg-type]
            whole[0],
            whole[4095],
            whole[4096],
            whole[-1],
        ]
    a = Negotiation(two_issue_space(), {"me": "linear", "opp": "linear"}, n_rounds=n, patience=n).run()
    b = Negotiation(
        two_issue_space(), {"me": "linear", "opp": "linear"}, n_rounds=n, patience=n, batch=False
    ).run()
    assert a.round > 4096 and a.to_csv() == b.to_csv()


@pytest.mark.parametrize("horizon, deadlines", [(1, {}), (5, {"me": 1, "opp": 1})])
def test_a_deadline_of_one_round_concedes_at_once(horizon: int, deadlines: dict[str, int]) -> None:
    # Regression: with a deadline (or a patience) of 1, relative time was 0 in round 1, so time-based
    # strategies held their best package at their deadline. t = 1 there: each concedes to its BATNA,
    # me offers its least package above .2 (package 1), which opp accepts.
    info = NegotiationInfo("me", 0, ("me",), (), ("me",), "alternating", horizon, 1)
    assert info.time(np.arange(3)).tolist() == [0.0, 1.0, 1.0]
    res = Negotiation(
        two_issue_space(),
        {"me": "linear", "opp": "boulware"},
        n_rounds=horizon,
        deadlines=deadlines,
        patience=horizon,
    ).run()
    assert transcript(res) == [(1, "me", 1, "", (("opp", True),))]
    assert res.agreement_index == 1


@pytest.mark.parametrize("name", ["boulware", "linear", "conceder", "deadline-driven"])
def test_batch_methods_agree_with_propose_and_respond(name: str) -> None:
    # The batched run calls these; they must answer exactly as the round-by-round methods would.
    from accord.simulate.state import Offer

    sc = dataclasses.replace(conformance_scenario(), tracks=())
    neg = Negotiation.from_scenario(
        sc, {"a": name, "b": "linear", "c": "linear"}, n_rounds=12, patience=12, partial=False
    )
    s, state = neg.strategies[0], neg.states[0]
    assert isinstance(s, TimeDependent)
    rounds = np.arange(1, 13)
    rows = s.propose_batch(state, rounds)
    others = np.arange(len(rounds)) * 7 % neg.arena.n_rows
    answers = s.respond_batch(state, rounds, others)
    for n, r in enumerate(rounds.tolist()):
        neg.round = r
        assert s.propose(state) == Offer(row=int(rows[n]))
        assert s.respond(state, Offer(row=int(others[n]))) == bool(answers[n])


def test_mediators_use_the_public_view_only() -> None:
    # A mediator is told every party's position through State's public methods, never the engine.
    import inspect

    from accord.simulate.strategies import mediators

    assert "_neg" not in inspect.getsource(mediators)
