"""Forecasts that respect the table: red-line crossings and the projection onto the allowed outcomes."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord
from accord.analysis import forecast
from accord.forecast.respect import Allowed, allowed_sets, crossings, respect
from accord.scenario import Scenario
from accord.scenario.constraints import Constraint, OutcomeSet
from accord.scenario.model import Actor, Issue, Option, RedLine, Stance

FLAGSHIP = Path(__file__).parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


def _scenario(lines: dict[str, RedLine | None], discrete: bool = False, constraints=()) -> Scenario:
    opts = tuple(Option(f"o{v}", f"option {v}", float(v)) for v in (0, 25, 50, 75, 100))
    issues = (
        Issue("A", "issue A", options=opts, discrete=discrete),
        Issue("B", "issue B", options=opts, discrete=discrete),
    )
    actors = tuple(Actor(a, a) for a in lines)
    stances = tuple(
        Stance(a, i.id, 50.0, 50.0, red_line=rl if i.id == "A" else None)
        for a, rl in lines.items()
        for i in issues
    )
    return Scenario(actors=actors, issues=issues, stances=stances, constraints=tuple(constraints))


def test_inside_every_red_line_is_unchanged():
    s = _scenario({"x": RedLine(0, 60, side="at_most"), "y": RedLine(20, 100, side="at_least")})
    p = respect(s, {"A": 40.0, "B": 90.0})
    assert p["A"].value == 40.0 and p["B"].value == 90.0
    assert crossings(s, "A", 40.0) == ()


def test_outside_moves_to_the_nearest_allowed_outcome():
    s = _scenario({"x": RedLine(0, 60, side="at_most"), "y": RedLine(20, 100, side="at_least")})
    assert crossings(s, "A", 74.0) == ("x",)
    assert respect(s, {"A": 74.0, "B": 0.0})["A"].value == 60.0
    assert respect(s, {"A": 5.0, "B": 0.0})["A"].value == 20.0
    # Only the signatories' red lines bind: without x, 74 stands.
    assert respect(s, {"A": 74.0, "B": 0.0}, signatories=["y"])["A"].value == 74.0


def test_clash_names_who_clashes():
    s = _scenario(
        {
            "x": RedLine(0, 40, side="at_most"),
            "y": RedLine(60, 100, side="at_least"),
            "z": RedLine(0, 100, side="between"),
        }
    )
    p = respect(s, {"A": 50.0, "B": 50.0})["A"]
    assert p.value is None and p.clash == ("x", "y")


def test_discrete_issue_projects_onto_an_option_and_judges_the_nearest_option():
    s = _scenario({"x": RedLine(0, 60, side="at_most")}, discrete=True)
    # 55 is nearest option 50, which x accepts; 70 is nearest 75, which it does not.
    assert crossings(s, "A", 55.0) == ()
    assert crossings(s, "A", 70.0) == ("x",)
    assert respect(s, {"A": 70.0, "B": 0.0})["A"].value == 50.0


def test_option_set_red_line():
    s = _scenario({"x": RedLine(0, 100, frozenset({"o0", "o100"}), side="acceptable")})
    assert respect(s, {"A": 40.0, "B": 0.0})["A"].value == 0.0
    assert respect(s, {"A": 60.0, "B": 0.0})["A"].value == 100.0


def test_constraint_that_binds_one_issue_narrows_the_other():
    forced = RedLine(0, 0, frozenset({"o0"}), side="acceptable")
    c = Constraint(OutcomeSet("A", frozenset({"o0"}), values=(0.0,)), OutcomeSet("B", frozenset(), (70, 100)))
    s = _scenario({"x": forced}, constraints=[c])
    allowed, linked = allowed_sets(s)
    assert allowed["A"] == Allowed(((0.0, 0.0),))
    assert allowed["B"] == Allowed(((0.0, 70.0),))
    assert linked["B"] == (c.describe(),)
    p = respect(s, {"A": 10.0, "B": 90.0})
    assert p["A"].value == 0.0 and p["B"].value == 70.0


def test_constraint_that_binds_neither_is_reported_when_broken():
    c = Constraint(OutcomeSet("A", frozenset(), (50, 100)), OutcomeSet("B", frozenset(), (50, 100)))
    s = _scenario({"x": None}, constraints=[c])
    p = respect(s, {"A": 80.0, "B": 80.0})
    assert p["A"].value == 80.0 and p["A"].violates == (c.describe(),)
    assert respect(s, {"A": 20.0, "B": 80.0})["B"].violates == ()


bounds = st.tuples(st.floats(0, 100), st.floats(0, 100)).map(sorted)


@settings(max_examples=60, deadline=None)
@given(st.lists(bounds, min_size=1, max_size=4), st.floats(0, 100), st.booleans())
def test_property_projection_respects_every_signatory(lines, x, discrete):
    s = _scenario({f"a{k}": RedLine(lo, hi, side="between") for k, (lo, hi) in enumerate(lines)}, discrete)
    p = respect(s, {"A": x, "B": x})["A"]
    if p.value is None:
        assert p.clash
        # No outcome at all respects them all.
        grid = [o.value for o in s.issue("A").options] if discrete else [lo for lo, _ in lines]
        assert all(crossings(s, "A", v) for v in grid)
    else:
        assert crossings(s, "A", p.value) == ()
        if not crossings(s, "A", x) and (not discrete or x in (0, 25, 50, 75, 100)):
            assert p.value == pytest.approx(x)


def test_flagship_compromise_crossings_before_and_after():
    s = accord.load_scenario(FLAGSHIP)
    r = forecast(s, ["compromise"], respect_red_lines=True)
    m = r.models[0]
    assert m.n_crossings == 25  # the count issue 9 found
    assert m.n_crossings_respected == 0
    assert m.n_clashes == 6
    clash = {f.id: f.clash for f in m.issues if f.clash is not None}
    assert set(clash) == {"I2a", "I2b", "I2c", "I2d", "I2e", "I10"}
    assert clash["I10"].actors == ("russia", "ukraine")
    i9 = next(f for f in m.issues if f.id == "I9")
    assert i9.crosses == ("ukraine",) and i9.respected == 45.0
    # Without the flag the crossings are still reported, nothing is projected.
    plain = forecast(s, ["compromise"]).models[0]
    assert plain.n_crossings == 25 and plain.n_crossings_respected is None
    assert all(f.respected is None and f.clash is None for f in plain.issues)


def test_no_red_lines_means_the_forecast_itself():
    s = _scenario({"x": None, "y": None})
    p = respect(s, {"A": 33.3, "B": math.nan})
    assert p["A"].value == 33.3 and math.isnan(p["B"].value)
