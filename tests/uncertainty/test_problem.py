"""What is uncertain: written distributions, default spreads by confidence, and the nominal point."""

from __future__ import annotations

import numpy as np

from accord.scenario import Scenario
from accord.uncertainty import DEFAULT_SPREAD, Problem, build_problem
from accord.uncertainty.apply import scenario_at


def test_written_parameters_come_first_then_default_spreads(small: Scenario) -> None:
    p = build_problem(small)
    written = [v for v in p.variables if v.origin == "written"]
    assert [v.name for v in written] == [u.path for u in small.uncertainty]
    defaults = [v for v in p.variables if v.origin != "written"]
    # Every stance's position and salience, but the salience the section names itself.
    assert len(defaults) == 2 * len(small.stances) - 1
    assert "stances.a.I1.salience" not in {v.name for v in defaults}
    assert p.variables[: len(written)] == tuple(written)


def test_default_spread_widths_follow_confidence(small: Scenario) -> None:
    by = {v.name: v for v in build_problem(small).variables}
    # b on I2: low confidence, position 80 on a 0-100 scale: triangular(60, 80, 100).
    assert by["stances.b.I2.position"].distribution.params == (60.0, 80.0, 100.0)
    assert by["stances.b.I2.position"].origin == "confidence: low"
    # c on I3: high confidence (5 points), position 0: cut at the scale.
    assert by["stances.c.I3.position"].distribution.params == (0.0, 0.0, 5.0)
    # a on I2: low, salience 40: +-20 points.
    assert by["stances.a.I2.salience"].distribution.params == (20.0, 40.0, 60.0)
    # a on I3: medium (the default).
    assert by["stances.a.I3.salience"].distribution.params == (20.0, 30.0, 40.0)
    assert DEFAULT_SPREAD["medium"] == 0.10


def test_default_position_spread_stays_within_the_actors_own_red_line(small: Scenario) -> None:
    by = {v.name: v for v in build_problem(small).variables}
    # b: position 20, medium (+-10), red line worst 60: acceptable [0, 60]; a: 90 high, red line [40, 100].
    assert by["stances.b.I1.position"].distribution.params == (10.0, 20.0, 30.0)
    assert by["stances.a.I1.position"].lo == 40.0


def test_no_default_spread_keeps_only_what_is_written(small: Scenario) -> None:
    p = build_problem(small, default_spread=False)
    assert [v.name for v in p.variables] == [u.path for u in small.uncertainty]
    assert all(v.origin == "written" for v in p.variables)


def test_nominal_point_is_the_scenario_as_written(small: Scenario) -> None:
    p = build_problem(small)
    x0 = p.nominal()
    again = scenario_at(small, p, x0)
    assert again == small
    # Categorical nominal: the declared strategy's index among the choices.
    k = p.names.index("actors.b.strategy")
    assert p.variables[k].labels[int(x0[k])] == "conceder"


def test_transform_maps_unit_draws_through_each_distribution(small: Scenario) -> None:
    p = build_problem(small)
    x = p.transform(np.full((3, p.n_variables), 0.5))
    k = p.names.index("stances.b.I1.red_line")
    assert np.allclose(x[:, k], 60.0)  # the middle of uniform(50, 70)
    assert Problem.from_distributions({}).n_variables == 0
