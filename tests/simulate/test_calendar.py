"""Issue 9's simulation: calendar time, side deals among an issue's parties, linked issues honoured.

* The horizon says only how far to look: each actor concedes against its own deadline or patience, so
  the round of an agreement does not move when the horizon grows.
* An issue with declared ``parties`` is settled by them alone (a bilateral side deal), while a third
  party stalls; settled issues stay settled and the talks go on.
* No offer and no agreement of a run breaks a declared linked-issue constraint.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis import simulate
from accord.deals import ForbiddenPairs
from accord.scenario import Actor, Issue, Option, Scenario, Stance, load_scenario
from accord.scenario.constraints import Constraint, OutcomeSet
from accord.simulate import Negotiation
from accord.simulate.engine import DEFAULT_PATIENCE, MAX_PATIENCE, patience_rounds

from .conftest import separable_scenario, two_issue_space
from .hyp import PARTY_STRATEGIES, deal_spaces

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


# -- calendar time ----------------------------------------------------------------------------------------
def test_patience_is_the_half_life_of_the_discount() -> None:
    assert [patience_rounds(d) for d in (0.99, 0.97, 0.95, 0.90, 0.5)] == [69, 23, 14, 7, 1]
    assert patience_rounds(None) == DEFAULT_PATIENCE and patience_rounds(1.0) == MAX_PATIENCE


@pytest.mark.parametrize("pair", [("linear", "boulware"), ("conceder", "tit-for-tat"), ("staller", "linear")])
@pytest.mark.parametrize("batch", [True, False])
def test_the_agreement_round_does_not_follow_the_horizon(pair: tuple[str, str], batch: bool) -> None:
    table = {"me": pair[0], "opp": pair[1]}
    runs = [Negotiation(two_issue_space(), table, n_rounds=n, batch=batch).run() for n in (26, 52, 104)]
    assert runs[0].outcome == "agreement"
    assert {(r.round, r.agreement_index) for r in runs} == {(runs[0].round, runs[0].agreement_index)}


def test_a_clock_is_a_deadline_else_the_patience() -> None:
    neg = Negotiation(
        two_issue_space(), {"me": "linear", "opp": "linear"}, n_rounds=500, deadlines={"me": 9}, patience=40
    )
    assert neg.clocks == {"me": 9, "opp": 40}
    assert [s.info_.deadline for s in neg.strategies.values()] == [9, 40]
    neg = Negotiation(two_issue_space(), {"me": "linear", "opp": "linear"}, patience={"opp": 3})
    assert neg.clocks == {"me": DEFAULT_PATIENCE, "opp": 3}


@pytest.mark.parametrize("deadlines", [{}, {"usa": None}])
def test_the_flagship_agreement_rounds_do_not_follow_the_horizon(deadlines: dict) -> None:
    sc = load_scenario(FLAGSHIP)
    a, b = (Negotiation.from_scenario(sc, n_rounds=n, deadlines=deadlines).run() for n in (26, 104))
    assert a.partial_rounds and a.partial_rounds == b.partial_rounds and a.partial == b.partial
    assert a.clocks["russia"] == 69 and a.clocks["ukraine"] == 14  # patience 0.99 and 0.95


def test_until_a_date_is_the_round_that_ends_on_or_after_it() -> None:
    sc = load_scenario(FLAGSHIP)
    rep = simulate(sc, until="2025-06-30")
    assert rep.n_rounds == 15 and rep.horizon_date == "2025-06-30" and rep.start_date == "2025-03-17"
    assert simulate(sc, until="15").to_dict() == rep.to_dict()
    assert all(g.date == sc.round_date(g.round).isoformat() for g in rep.agreements)


# -- side deals ---------------------------------------------------------------------------------------------
def bilateral_scenario() -> Scenario:
    """a and b settle B (bilateral: parties a, b) while c, a stalling third party, holds out on X."""
    base = separable_scenario()
    opts = tuple(Option(f"o{v}", f"o{v}", float(v)) for v in (0, 50, 100))
    side = Issue("B", "B", options=opts, discrete=True, status_quo=0.0, parties=("a", "b"))
    stances = (
        *base.stances,
        Stance("a", "B", 60, 40),
        Stance("b", "B", 40, 40),
        Stance("c", "B", 0, 60),
        Stance("c", "X", 0, 80),
        Stance("c", "Y", 50, 10),
        Stance("c", "Z", 50, 10),
        Stance("c", "W", 50, 10),
    )
    return replace(base, actors=(*base.actors, Actor("c", "C")), issues=(*base.issues, side), stances=stances)


@pytest.mark.parametrize("third", ["hardliner", "staller"])
def test_a_bilateral_issue_settles_without_the_third_party(third: str) -> None:
    sc = bilateral_scenario()
    res = Negotiation.from_scenario(sc, {"a": "conceder", "b": "conceder", "c": third}, n_rounds=40).run()
    assert res.partial.get("B") == "o50" and res.partial_parties["B"] == ("a", "b")
    assert "X" not in res.partial  # c blocks the multilateral issue
    offers = [r for r in res.records() if r["event"] == "response" and r["subject"] == "B"]
    settled = res.partial_rounds["B"]
    # c turned the side deal down and it settled all the same
    assert any(r["actor"] == "c" and not r["accepted"] and r["round"] == settled for r in offers)
    # settled issues stay settled: every later full offer carries the agreed option
    later = [r for r in res.records() if r["event"] == "offer" and not r["subject"] and r["round"] > settled]
    assert later and all("B=o50" in r["terms"] for r in later)
    assert res.round > settled  # the talks went on after the side deal


def test_agreements_are_listed_in_order_with_dates_and_parties() -> None:
    sc = replace(bilateral_scenario(), as_of="2025-01-06")
    rep = simulate(sc, {"a": "conceder", "b": "conceder", "c": "conceder"}, n_rounds=40)
    rounds = [g.round for g in rep.agreements]
    assert rounds == sorted(rounds) and rep.agreements
    side = next(g for g in rep.agreements if "B" in g.issues)
    assert side.parties == ("a", "b") and side.date == sc.round_date(side.round).isoformat()
    doc = rep.to_dict()
    assert {"round", "date", "issues", "parties"} <= doc["agreements"][0].keys()
    assert type(rep).from_dict(doc).to_dict() == doc


# -- linked issues -------------------------------------------------------------------------------------------
@st.composite
def linked_spaces(draw: st.DrawFn):
    space = draw(deal_spaces(max_actors=3))
    if space.n_issues < 2:
        return space
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    k, l = sorted(rng.choice(space.n_issues, 2, replace=False).tolist())
    pairs = rng.random((len(space.options[k]), len(space.options[l]))) < 0.4
    return replace(space, forbidden=(ForbiddenPairs((space.issues[k], space.issues[l]), pairs),))


@settings(max_examples=60, deadline=None)
@given(
    linked_spaces(),
    st.lists(st.sampled_from(PARTY_STRATEGIES), min_size=3, max_size=3),
    st.sampled_from(["alternating", "single-text"]),
    st.integers(0, 3),
)
def test_no_offer_or_agreement_breaks_a_constraint(space, names, protocol, seed) -> None:
    table = dict(zip(space.actors, names, strict=False))
    res = Negotiation(space, table, protocol=protocol, n_rounds=40, seed=seed).run()
    full = [p for p, k in zip(res.offers["package"], res.offers["issue"], strict=True) if k < 0]
    if full:
        assert space.allowed_mask(np.array(full, dtype=np.int64)).all()
    if res.agreement_index is not None:
        assert space.allowed_mask([res.agreement_index])[0]


def linked_scenario() -> Scenario:
    """The separable scenario with X (separable) and Y linked: X = o50 excludes Y = o100."""
    sc = separable_scenario()
    rule = Constraint(OutcomeSet("X", frozenset({"o50"})), OutcomeSet("Y", frozenset({"o100"})))
    return replace(sc, constraints=(rule,))


@pytest.mark.parametrize("a", ["anchor-and-cede", "tit-for-tat", "conceder", "staller", "hardliner"])
@pytest.mark.parametrize("b", ["conceder", "linear", "tit-for-tat"])
def test_partial_deals_and_packages_honour_the_constraint(a: str, b: str) -> None:
    res = Negotiation.from_scenario(linked_scenario(), {"a": a, "b": b}, n_rounds=40).run()
    for r in res.records():
        if r["event"] in ("offer", "agreement"):
            assert not ("X=o50" in r["terms"] and "Y=o100" in r["terms"]), r
    if res.partial.get("X") == "o50" and res.agreement is not None:
        assert res.agreement["Y"] != "o100"


def test_a_strategy_that_breaks_a_constraint_is_refused() -> None:
    from accord.simulate.state import Offer
    from accord.simulate.strategies.timebased import Linear

    class Breaker(Linear):
        name = "Breaker"

        def propose(self, state):  # the forbidden package X=o50, Y=o100
            return Offer(row=state.arena.row_of([1, 2, 0, 0]))

    with pytest.raises(ValueError, match="linked-issue constraint"):
        Negotiation.from_scenario(linked_scenario(), {"a": Breaker(), "b": "linear"}, n_rounds=5).run()
