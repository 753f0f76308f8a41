"""The table and the signatories: who negotiates, whose acceptance a deal needs, default strategies."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from accord.errors import InputError
from accord.simulate import DEFAULT_STRATEGY, Negotiation, default_strategies
from accord.simulate.conformance import Scripted, conformance_scenario
from accord.simulate.seats import seat, walk_aways

from .test_protocols import _random_space


def test_default_strategies_use_each_actors_declared_strategy() -> None:
    sc = conformance_scenario()
    assert DEFAULT_STRATEGY == "linear"
    assert default_strategies(sc) == {"a": "linear", "b": "linear", "c": "linear"}
    assert default_strategies(sc, default="boulware") == {"a": "boulware", "b": "boulware", "c": "boulware"}

    # An actor that declares one (the optional ``Actor.strategy`` field) keeps it.
    @dataclasses.dataclass(frozen=True)
    class Declared:
        id: str
        strategy: str | None

    fake = dataclasses.replace(sc, actors=(Declared("a", "staller"), Declared("b", None), Declared("c", "")))  # type: ignore[arg-type]
    assert default_strategies(fake) == {"a": "staller", "b": "linear", "c": "linear"}


def test_from_scenario_without_strategies_seats_everyone_with_their_default() -> None:
    sc = conformance_scenario()
    res = Negotiation.from_scenario(sc, n_rounds=6).run()
    assert res.strategies == {"a": "Linear", "b": "Linear", "c": "Linear"}
    assert res.table == res.signatories == ("a", "b", "c")


def test_seat_orders_and_checks() -> None:
    actors = ("a", "b", "c")
    assert seat(actors, {"c": 1, "a": 1}, None) == (("a", "c"), ("a", "c"))
    assert seat(actors, {"c": 1, "a": 1, "b": 1}, ["c", "a"]) == (("a", "b", "c"), ("a", "c"))
    with pytest.raises(InputError, match="--signatories: 'b' not at the table"):
        seat(actors, {"a": 1, "c": 1}, ["a", "b"])
    with pytest.raises(InputError, match="--signatories: at least one"):
        seat(actors, {"a": 1}, [])
    with pytest.raises(InputError, match="--strategy: unknown actor"):
        seat(actors, {"z": 1}, None)


def test_non_signatories_propose_and_respond_but_cannot_block() -> None:
    space = _random_space(0)
    # p2 proposes nothing and refuses everything.
    assign = {"p0": "linear", "p1": "linear", "p2": Scripted(offers=[None])}
    with_broker = Negotiation(space, assign, n_rounds=30, signatories=["p0", "p1"]).run()
    all_sign = Negotiation(space, assign, n_rounds=30).run()
    assert with_broker.table == ("p0", "p1", "p2") and with_broker.signatories == ("p0", "p1")
    # The broker has its turn (a silent one here) and answers every offer ...
    assert 2 not in with_broker.offers["proposer"] and with_broker.offers["round"][:2] == [1, 2]
    r = with_broker.responses
    assert {a for a in r["actor"]} == {0, 1, 2}
    # ... but the deal goes through over its refusal, which it blocks when its acceptance is needed.
    assert with_broker.outcome == "agreement" and all_sign.outcome != "agreement"
    last = len(with_broker.offers["round"]) - 1
    answers = {a: ok for o, a, ok in zip(r["offer"], r["actor"], r["accepted"], strict=True) if o == last}
    assert with_broker.offers["accepted"][last] and not answers[2]
    # Everyone's utilities are reported; the broker's BATNA is traced like the others'.
    assert set(with_broker.utilities) == {"p0", "p1", "p2"}
    assert {x["actor"] for x in with_broker.records() if x["event"] == "batna"} == {"p0", "p1", "p2"}
    assert with_broker.summary()["table"] == ["p0", "p1", "p2"]


def test_a_non_signatory_deadline_ends_nothing() -> None:
    space = _random_space(1)
    assign = {"p0": "hardliner", "p1": "hardliner", "p2": "linear"}
    res = Negotiation(space, assign, n_rounds=10, signatories=["p0", "p1"], deadlines={"p2": 2}).run()
    assert res.ended_by != "deadline" and res.round > 3


@pytest.mark.parametrize("seed", range(4))
def test_batched_run_with_a_non_signatory_equals_round_by_round(seed: int) -> None:
    space = _random_space(seed)
    assign = {"p0": "boulware", "p1": "linear", "p2": "conceder"}
    kw = dict(n_rounds=30, signatories=["p0", "p2"], deadlines={"p1": 12})
    a = Negotiation(space, assign, **kw).run()
    b = Negotiation(space, assign, batch=False, **kw).run()
    assert a.to_csv() == b.to_csv() and a.summary() == b.summary()


def test_walk_aways() -> None:
    U = np.array([[0.9, 0.1], [0.5, 0.5], [0.2, 0.8]])
    ok = np.array([True, True, False])
    # Row 1 gives both their BATNA of 0.4: nobody leaves.
    assert walk_aways(U, ok, np.array([0.4, 0.4])).tolist() == [False, False]
    # With 0.6 each, no package gives the other its BATNA: both leave ...
    assert walk_aways(U, ok, np.array([0.6, 0.6])).tolist() == [True, True]
    # ... unless a partial deal that neither loses on is still to be had.
    gains = np.array([[0.1], [0.0]])
    assert walk_aways(U, ok, np.array([0.6, 0.6]), [(gains, np.array([True]))]).tolist() == [False, False]


def test_a_non_signatory_takes_its_turn_to_propose() -> None:
    space = _random_space(2)
    assign = {"p0": "hardliner", "p1": "hardliner", "p2": "hardliner"}
    res = Negotiation(space, assign, n_rounds=6, signatories=["p0", "p1"]).run()
    assert res.offers["proposer"] == [0, 1, 2, 0, 1, 2]
    # A lone signatory's own offer needs nobody else's acceptance.
    alone = Negotiation(space, assign, n_rounds=6, signatories=["p0"]).run()
    assert (alone.outcome, alone.round, alone.offers["proposer"]) == ("agreement", 1, [0])
