"""The flagship: Russia-Ukraine talks as of 17 March 2025, played forward.

Russia, the US and Ukraine sit at the table (the two bilateral tracks of Feb-Mar 2025, the US brokering
both); the US and Ukraine concede early (Conceder), Russia either stalls (Staller: the battlefield track
raises its BATNA, so it refuses a ceasefire that would freeze it) or bargains (Boulware). No full
package respects every red line (territory, guarantees), so what can be agreed is the separable
ceasefire issue.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.scenario import load_scenario
from accord.simulate import Negotiation

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
SEEDS = range(5)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(FLAGSHIP)


def play(scenario, russia: str, us_deadline: int | None = None, seed: int = 0):
    assign = {"russia": russia, "usa": "conceder", "ukraine": "conceder"}
    neg = Negotiation.from_scenario(scenario, assign, seed=seed, deadlines={"usa": us_deadline})
    return neg.run()


@pytest.mark.parametrize("seed", SEEDS)
def test_russia_stalls_no_ceasefire_and_the_front_keeps_moving(scenario, seed: int) -> None:
    stall = play(scenario, "staller", seed=seed)
    bargain = play(scenario, "boulware", seed=seed)
    # Russia stalls the ceasefire, but the US and Ukraine still settle their bilateral minerals deal
    # (I9 has parties: [usa, ukraine]) without it.
    assert stall.outcome == "partial agreement" and stall.ended_by == "horizon"
    assert stall.partial == {"I9": "joint_fund"} and stall.partial_parties["I9"] == ("usa", "ukraine")
    assert (
        bargain.partial == {"I4": "conditional", "I9": "joint_fund"}
        and bargain.frozen["battlefield"] == bargain.partial_rounds["I4"]
    )
    # Both runs see the same shocks (common random numbers) until the ceasefire; afterwards the line is
    # frozen in one and keeps moving in the other.
    cf = bargain.partial_rounds["I4"]
    front_s, front_b = stall.track_values()["battlefield"], bargain.track_values()["battlefield"]
    np.testing.assert_array_equal(front_s[: cf + 1], front_b[: cf + 1])
    assert np.all(front_b[cf:] == front_b[cf]) and front_s[-1] > front_b[-1]
    # Stalling pays Russia (its BATNA grows with the front) and costs Ukraine and the US.
    assert stall.utilities["russia"] > bargain.utilities["russia"]
    assert stall.utilities["ukraine"] < bargain.utilities["ukraine"]
    assert stall.utilities["usa"] < bargain.utilities["usa"]


def test_the_kursk_chip_is_gone_before_any_ceasefire(scenario) -> None:
    res = play(scenario, "boulware")
    kursk = res.track_values()["kursk"]
    assert kursk[0] == 1.0 and kursk[4] == 0.0  # a quarter a week from 17 March
    assert res.partial_rounds["I4"] > 4


@pytest.mark.parametrize("russia", ["staller", "boulware"])
def test_the_us_deadline_binds(scenario, russia: str) -> None:
    res = play(scenario, russia, us_deadline=8)  # the scenario's own deadline
    assert (res.ended_by, res.round, res.walked) == ("deadline", 9, ("usa",))
    # the minerals deal is done before the US leaves; a ceasefire only where Russia bargains
    assert res.partial == (
        {"I9": "joint_fund"} if russia == "staller" else {"I4": "conditional", "I9": "joint_fund"}
    )
    default = Negotiation.from_scenario(
        scenario, {"russia": russia, "usa": "conceder", "ukraine": "conceder"}
    ).run()
    assert default.ended_by == "deadline" and default.round == 9


def test_no_full_package_is_ever_agreed(scenario) -> None:
    for russia in ("linear", "conceder", "tit-for-tat", "anchor-and-cede", "hardliner"):
        res = play(scenario, russia)
        assert res.agreement is None  # red lines clash on territory and guarantees


def test_single_text_mediation_of_the_ceasefire(scenario) -> None:
    neg = Negotiation.from_scenario(
        scenario,
        {"russia": "boulware", "usa": "conceder", "ukraine": "conceder"},
        protocol="single-text",
        deadlines={"usa": None},
    )
    res = neg.run()
    assert res.mediator == "Mediator Nash" and res.partial == {"I4": "conditional", "I9": "joint_fund"}
