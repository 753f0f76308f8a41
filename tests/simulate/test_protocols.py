"""The negotiation model: protocols, batching, seeds, deadlines, walk-aways, partial deals."""

from __future__ import annotations

import json

import numpy as np
import pytest

from accord.deals import deal_space_from_scenario
from accord.errors import InputError
from accord.simulate import Boulware, Conceder, Linear, Negotiation
from accord.simulate.batched import batchable
from accord.simulate.conformance import Scripted, conformance_scenario
from accord.simulate.state import Offer, State

from .conftest import two_issue_space


def _random_space(seed: int, n_actors: int = 3):
    from accord.deals import DealSpace

    rng = np.random.default_rng(seed)
    acc = []
    for _ in range(3):
        a = np.ones((n_actors, 4), dtype=bool)
        a[np.arange(n_actors), rng.integers(0, 4, n_actors)] = False
        acc.append(a)
    return DealSpace(
        issues=("i", "j", "k"),
        options=(("a", "b", "c", "d"),) * 3,
        actors=tuple(f"p{n}" for n in range(n_actors)),
        weights=rng.dirichlet(np.ones(3), size=n_actors),
        values=tuple(rng.random((n_actors, 4)) for _ in range(3)),
        disagreement=np.full(n_actors, 0.25),
        acceptable=tuple(acc),
    )


@pytest.mark.parametrize("seed", range(6))
def test_batched_run_equals_round_by_round(seed: int) -> None:
    space = _random_space(seed)
    strategies = {"p0": "boulware", "p1": "conceder", "p2": "linear"}
    deadlines = {"p1": 15} if seed % 2 else {}
    fast = Negotiation(space, strategies, n_rounds=30, patience=30, deadlines=deadlines)
    assert batchable(fast)
    a = fast.run()
    b = Negotiation(space, strategies, n_rounds=30, patience=30, deadlines=deadlines, batch=False).run()
    assert a.to_csv() == b.to_csv()
    assert a.summary() == b.summary()
    np.testing.assert_array_equal(a.offer_utilities, b.offer_utilities)


def test_seeded_runs_are_byte_identical_and_seeds_matter() -> None:
    sc = conformance_scenario(noise=0.05)
    assign = {"a": "staller", "b": "tit-for-tat", "c": "conceder"}
    runs = [Negotiation.from_scenario(sc, assign, seed=s).run() for s in (3, 3, 4)]
    assert runs[0].to_csv() == runs[1].to_csv()
    assert json.dumps(runs[0].to_dict()) == json.dumps(runs[1].to_dict())
    assert not np.array_equal(runs[0].rounds["tracks"], runs[2].rounds["tracks"])


def test_alternating_offers_transcript(space) -> None:
    res = Negotiation(space, {"me": Linear(), "opp": Linear()}, n_rounds=5, patience=5).run()
    o = res.offers
    # me opens with 8 (target 1.0); opp at t = 1/4 asks for 0.8, package 3 (worth .3 to me); me at t = 1/2
    # offers 6 (target 0.6), which opp, whose own target has fallen to 0.6, accepts.
    assert list(zip(o["round"], o["proposer"], o["package"], o["accepted"], strict=True)) == [
        (1, 0, 8, False),
        (2, 1, 3, False),
        (3, 0, 6, True),
    ]
    assert res.outcome == "agreement" and res.agreement == {"x": "hi", "y": "lo"}
    assert res.utilities == pytest.approx({"me": 0.6, "opp": 0.6})


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"protocol": "auction"}, "--protocol: unknown protocol 'auction'; known: alternating, single-text"),
        ({"n_rounds": 0}, "--rounds: the horizon must be at least 1 round"),
        ({"signatories": ["me", "ghost"]}, "--signatories: 'ghost' not at the table"),
        ({"mediator": "mediator-nash"}, "--mediator: a mediator takes no part in the alternating protocol"),
        ({"protocol": "single-text", "mediator": "linear"}, "--mediator: Linear is not a mediator strategy"),
        ({"protocol": "single-text", "mediator": "nope"}, "--mediator: unknown strategy 'nope'"),
        ({"deadlines": {"me": 0}}, "--deadline: deadline of 'me' must be a positive round number"),
        ({"deadlines": {"zed": 3}}, "--deadline: deadline for unknown actor 'zed'"),
    ],
)
def test_bad_configurations(space, kwargs, message) -> None:
    # Each names the option at fault, for the command line's message (exit code 2).
    with pytest.raises(InputError, match=message):
        Negotiation(space, {"me": "linear", "opp": "linear"}, **kwargs)


def test_bad_assignments(space) -> None:
    with pytest.raises(InputError, match="--strategy: unknown actor"):
        Negotiation(space, {"mars": "linear"})
    with pytest.raises(InputError, match="--strategy: unknown strategy 'bluff'"):
        Negotiation(space, {"me": "bluff"})
    with pytest.raises(InputError, match="--strategy: assign a strategy"):
        Negotiation(space, {})
    with pytest.raises(InputError, match="actor 'me' needs a party strategy"):
        Negotiation(space, {"me": "mediator-split", "opp": "linear"})
    with pytest.raises(ValueError, match="exponent must be positive"):
        Negotiation(space, {"me": Boulware(exponent=-1), "opp": "linear"})
    # A signatory must sit at the table: its acceptance cannot be asked for otherwise.
    with pytest.raises(InputError, match="--signatories: 'opp' not at the table"):
        Negotiation(space, {"me": "linear"}, signatories=["me", "opp"])


def test_deadline_ends_in_breakdown(space) -> None:
    res = Negotiation(
        space, {"me": "hardliner", "opp": "hardliner"}, n_rounds=20, patience=20, deadlines={"opp": 4}
    ).run()
    assert (res.outcome, res.ended_by, res.round, res.walked) == ("breakdown", "deadline", 5, ("opp",))
    assert max(res.offers["round"]) == 4


def test_walk_away_when_the_batna_beats_everything() -> None:
    space = two_issue_space().with_disagreement([0.95, 0.2])
    res = Negotiation(space, {"me": "linear", "opp": "linear"}).run()
    # Only package 8 beats me's BATNA, and it is worth 0 to opp: neither can still get anything.
    assert (res.ended_by, res.round, res.walked) == ("walk-away", 1, ("me", "opp"))
    assert res.utilities["me"] == pytest.approx(0.95)


def test_partial_agreement_settles_the_issue_and_freezes_tracks() -> None:
    sc = conformance_scenario(noise=0.0)
    # b and c accept whatever is offered; a (Linear) proposes the truce option it loses nothing on.
    neg = Negotiation.from_scenario(
        sc,
        {
            "a": "linear",
            "b": Scripted(offers=[None], accept=[False, True]),
            "c": Scripted(offers=[None], accept=[False, True]),
        },
        seed=0,
    )
    res = neg.run()
    assert res.partial == {"truce": "o70"} and res.partial_rounds == {"truce": 1}
    assert res.frozen == {"front": 1, "salient": 1}
    front = res.track_values()["front"]
    assert np.all(front[1:] == front[1])  # frozen after round 1's move
    assert np.all(neg.arena.digit(0) == 2)  # every package in play now carries the truce
    # The truce is worth nothing to a (indifferent between 70 and 100), something to b and c.
    assert neg.disagreement[1] > res.rounds["batna"][0, 1]


def test_single_text_with_the_nash_mediator(space) -> None:
    res = Negotiation(
        space, {"me": Scripted(accept=True), "opp": Scripted(accept=True)}, protocol="single-text"
    ).run()
    # Nash product (u - .2)(v - .2) is largest at x=hi, y=lo: (.4)(.4).
    assert res.agreement_index == 6 and res.round == 1 and res.mediator == "Mediator Nash"


def test_single_text_records_blocking_issues(space) -> None:
    res = Negotiation(
        space,
        {"me": Linear(), "opp": Linear()},
        protocol="single-text",
        mediator="mediator-split",
        n_rounds=6,
        patience=6,
    ).run()
    blocked = [r for r in res.records() if r["event"] == "response" and not r["accepted"]]
    assert blocked and all(r["detail"] in ("x", "y") for r in blocked)
    assert res.outcome == "agreement"


def test_step_then_collect_like_mesa(space) -> None:
    neg = Negotiation(space, {"me": Conceder(), "opp": Boulware()}, n_rounds=10, patience=10)
    assert neg.round == 0 and len(neg.trace.batna_history) == 1
    neg.step()
    assert neg.round == 1 and len(neg.trace.batna_history) == 2
    res = neg.run()
    assert res.rounds["round"].tolist() == list(range(res.round + 1))


def test_salience_track_moves_utilities_mid_run() -> None:
    sc = conformance_scenario(noise=0.0)
    neg = Negotiation.from_scenario(
        sc, {"a": "hardliner", "b": "hardliner", "c": "hardliner"}, n_rounds=8, patience=8
    )
    w0 = neg.arena.weights[1, 3]
    neg.run()
    assert w0 > 0 and neg.arena.weights[1, 3] == 0.0  # the salient is gone: b no longer weighs the chip
    space = deal_space_from_scenario(sc)
    assert not np.array_equal(neg.arena.U[:, 1], space.utilities(neg.arena.index)[:, 1])


def test_records_are_tidy(space) -> None:
    res = Negotiation(space, {"me": Linear(), "opp": Linear()}, n_rounds=5, patience=5).run()
    recs = res.records()
    assert all(
        list(r) == ["round", "event", "actor", "subject", "offer", "value", "accepted", "detail", "terms"]
        for r in recs
    )
    assert {r["event"] for r in recs} >= {"batna", "offer", "response", "agreement", "end"}
    text = res.to_csv()
    assert text.splitlines()[0] == "round,event,actor,subject,offer,value,accepted,detail,terms"


class _Reopener(Linear):
    """Offers a package with X back at o0 once X is settled (it ignores the settlement)."""

    def propose(self, state: State) -> Offer | None:
        if not state.settled:
            return super().propose(state)
        return Offer(row=state.arena.row_of([0, 2, 2, 1]))


def test_settlement_remaps_the_offer_log_and_refuses_reopening_offers() -> None:
    from .conftest import separable_scenario

    sc = separable_scenario()
    neg = Negotiation.from_scenario(sc, {"a": "linear", "b": "linear"})
    neg.step()  # a offers a full package (X = o0) and the partial X = o50, which b accepts
    assert neg.agreed == {0: 1}
    ((_, offer, _),) = neg.offer_log[(0, -1)]
    # The logged offer's row now points at the same package with X = o50, in the projected arena.
    assert neg.arena.digits_of(offer.row)[0] == 1
    assert list(neg.arena.digits_of(offer.row)[1:]) == list(
        neg.space.decode([neg.trace.offers["package"][0]])[0][1:]
    )
    bad = Negotiation.from_scenario(sc, {"a": _Reopener(), "b": "linear"})
    with pytest.raises(ValueError, match="re-opens X, settled by a partial agreement"):
        bad.run()


def test_protocols_come_from_the_registry() -> None:
    from accord.registry import PROTOCOLS
    from accord.simulate import AlternatingOffers, SingleText, make_protocol

    assert PROTOCOLS.names() == ["alternating", "single-text"]
    assert PROTOCOLS.get("alternating") is AlternatingOffers and PROTOCOLS.get("single-text") is SingleText
    for name in PROTOCOLS.names():
        assert PROTOCOLS.get(name).name == name  # the registered name is the one results record
    assert make_protocol("single-text") == SingleText()
    with pytest.raises(InputError, match="--protocol: unknown protocol 'x'; known: alternating, single-text"):
        make_protocol("x")


def test_protocol_schedules() -> None:
    from accord.simulate import AlternatingOffers, SingleText
    from accord.simulate.protocols import MEDIATOR

    table = np.array([0, 2, 3])
    rounds = np.arange(1, 8)
    assert AlternatingOffers().proposers(table, rounds).tolist() == [0, 2, 3, 0, 2, 3, 0]
    assert SingleText().proposers(table, rounds).tolist() == [MEDIATOR] * 7


def test_a_protocol_instance_can_be_passed(space) -> None:
    from accord.simulate import SingleText

    a = Negotiation(space, {"me": "linear", "opp": "linear"}, protocol=SingleText()).run()
    b = Negotiation(space, {"me": "linear", "opp": "linear"}, protocol="single-text").run()
    assert a.to_csv() == b.to_csv() and a.protocol == "single-text"
