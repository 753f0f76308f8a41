"""Scenario -> deal space: values, weights, red lines, disagreement; and the flagship example."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.deals import analyze, deal_space_from_scenario
from accord.scenario import Actor, Issue, Option, RedLine, Scenario, Stance, load_scenario

ROOT = Path(__file__).resolve().parents[2]


def scenario(batna: float | None = None, status_quo: bool = True, utilities: tuple = ()) -> Scenario:
    opts = (Option("lo", "low", 0.0), Option("mid", "middle", 50.0), Option("hi", "high", 100.0))
    issues = (
        Issue("x", "X", options=opts, status_quo=50.0 if status_quo else None),
        Issue("y", "Y", options=opts, status_quo=0.0),
        Issue("z", "Z"),  # no options: discretised
    )
    stances = (
        Stance("a", "x", position=0.0, salience=60.0, red_line=RedLine(0.0, 50.0)),
        Stance("a", "y", position=100.0, salience=20.0, utilities=utilities),
        Stance("a", "z", position=25.0, salience=20.0),
        Stance(
            "b", "x", position=100.0, salience=50.0, red_line=RedLine(0.0, 100.0, frozenset({"hi", "mid"}))
        ),
    )
    actors = (Actor("a", "A", capability=2.0, batna=batna), Actor("b", "B", capability=1.0))
    return Scenario(actors=actors, issues=issues, stances=stances, title="toy")


def test_values_weights_and_red_lines():
    space = deal_space_from_scenario(scenario())
    assert space.actors == ("a", "b") and space.issues == ("x", "y", "z")
    assert space.options[0] == ("lo", "mid", "hi")
    assert space.options[2] == ("0", "25", "50", "75", "100")
    np.testing.assert_allclose(space.values[0][0], [1.0, 0.5, 0.0])  # linear loss
    np.testing.assert_allclose(space.values[2][0], [0.75, 1.0, 0.75, 0.5, 0.25])
    np.testing.assert_allclose(space.weights, [[0.6, 0.2, 0.2], [1.0, 0.0, 0.0]])  # no stance: weight 0
    assert space.acceptable[0].tolist() == [[True, True, False], [False, True, True]]
    np.testing.assert_allclose(space.exponents, [2.0, 1.0])
    np.testing.assert_allclose(space.extremity[:, 0], [1.0, 1.0])
    assert space.metadata["option_labels"]["x"]["mid"] == "middle"


def test_quadratic_loss_and_step():
    space = deal_space_from_scenario(scenario(), loss="quadratic", step=50.0)
    np.testing.assert_allclose(space.values[0][0], [1.0, 0.75, 0.0])
    assert space.options[2] == ("0", "50", "100")
    with pytest.raises(ValueError):
        deal_space_from_scenario(scenario(), loss="cubic")  # type: ignore[arg-type]


def test_explicit_utilities_are_normalised():
    space = deal_space_from_scenario(scenario(utilities=(("lo", 3.0), ("mid", 5.0), ("hi", 7.0))))
    np.testing.assert_allclose(space.values[1][0], [0.0, 0.5, 1.0])


def test_disagreement_from_batna_status_quo_or_zero():
    assert deal_space_from_scenario(scenario(batna=0.4)).disagreement[0] == 0.4
    # No status quo on issue z: disagreement 0 without a BATNA.
    np.testing.assert_allclose(deal_space_from_scenario(scenario()).disagreement, [0.0, 0.0])
    sc = scenario()
    issues = tuple(i if i.id != "z" else Issue("z", "Z", status_quo=25.0) for i in sc.issues)
    space = deal_space_from_scenario(Scenario(actors=sc.actors, issues=issues, stances=sc.stances))
    # a: x at 50 (0.5), y at 0 (0.0), z at 25 (1.0): 0.6*0.5 + 0.2*0 + 0.2*1 = 0.5; b: x at 50 -> 0.5.
    np.testing.assert_allclose(space.disagreement, [0.5, 0.5])
    sq = space.index_of({"x": "mid", "y": "lo", "z": "25"})
    assert space.feasible_mask([sq])[0]


def test_flagship_example_is_consistent_about_its_zone_of_agreement():
    # The example is edited as the facts are refined, so check consistency rather than today's numbers
    # (on 17 March 2025 the red lines of Russia and Ukraine/Europe on the occupied regions exclude every
    # package and only Russia has to move to open one).
    sc = load_scenario(ROOT / "examples" / "ukraine-2025" / "scenario.yaml")
    space = deal_space_from_scenario(sc)
    for signatories in (None, ["russia", "usa"], ["russia", "usa", "ukraine"]):
        sub = space.with_signatories(signatories)
        result = analyze(sub)
        assert result.zopa == (result.pareto_size is not None and result.pareto_size > 0)
        if result.zopa:
            nash = result.solutions["nash"]
            assert result.opening is None and nash is not None
            assert sub.feasible_mask([nash.index])[0]
        else:
            assert result.opening is not None and result.opening.movers
            assert result.opening.cost > 0
            assert all(s is None for s in result.solutions.values())


def test_option_values_status_quo_and_batna_source_are_fields() -> None:
    # Models read these from the space, never from metadata or by parsing option labels.
    assert deal_space_from_scenario(scenario()).option_values[0].tolist() == [0.0, 50.0, 100.0]
    space = deal_space_from_scenario(scenario(), step=12.5)
    # A grid issue: the exact grid points, not the labels' rounded text.
    assert space.option_values[2].tolist() == [0.0, 12.5, 25.0, 37.5, 50.0, 62.5, 75.0, 87.5, 100.0]
    assert space.option_values[2].tolist() == [float(o) for o in space.options[2]]
    np.testing.assert_array_equal(space.status_quo, [50.0, 0.0, np.nan])
    # z has no status quo, so no BATNA can be derived from it: stated (0) for both.
    assert space.disagreement_from_status_quo.tolist() == [False, False]
    full = deal_space_from_scenario(scenario(), step=None)
    assert (
        full.loss == "linear" and deal_space_from_scenario(scenario(), loss="quadratic").loss == "quadratic"
    )


def test_disagreement_from_status_quo_when_every_issue_has_one() -> None:
    sc = scenario(batna=0.3)
    sc2 = Scenario(
        actors=sc.actors,
        issues=tuple(
            i if i.status_quo is not None else Issue(i.id, i.name, status_quo=10.0) for i in sc.issues
        ),
        stances=sc.stances,
    )
    space = deal_space_from_scenario(sc2)
    batna_given = [a.batna is not None for a in sc2.actors]
    assert space.disagreement_from_status_quo.tolist() == [not g for g in batna_given]
    assert space.status_quo[2] == 10.0


def test_deal_space_field_defaults_and_checks() -> None:
    from accord.deals import DealSpace

    plain = DealSpace(("x",), (("a", "b", "c"),), ("p",), [[1.0]], ([[0.0, 0.5, 1.0]],))
    assert plain.option_values[0].tolist() == [0.0, 1.0, 2.0] and np.isnan(plain.status_quo).all()
    assert plain.disagreement_from_status_quo.tolist() == [False] and plain.loss == "linear"
    with pytest.raises(ValueError, match="option values of issue 'x'"):
        DealSpace(("x",), (("a", "b", "c"),), ("p",), [[1.0]], ([[0.0, 0.5, 1.0]],), option_values=([1.0],))
    with pytest.raises(ValueError, match="status_quo"):
        DealSpace(("x",), (("a", "b"),), ("p",), [[1.0]], ([[0.0, 1.0]],), status_quo=[1.0, 2.0])
    with pytest.raises(ValueError, match="loss"):
        DealSpace(("x",), (("a", "b"),), ("p",), [[1.0]], ([[0.0, 1.0]],), loss="cubic")
