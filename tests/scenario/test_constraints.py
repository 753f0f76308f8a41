"""Linked issues: the constraints section, the Constraint model and its forbidden pairs."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_helpers import BASE, at, errors, loads, one, where, write

from accord.scenario import (
    Actor,
    Constraint,
    Issue,
    OutcomeSet,
    Scenario,
    Stance,
    parse_scenario,
    save_scenario,
    violated_constraints,
)

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


def with_constraints(*entries: str) -> str:
    return BASE + "constraints:\n" + "".join(f"  - {e}\n" for e in entries)


# -- the model ---------------------------------------------------------------------------------------------
NEUTRAL = OutcomeSet("I1", frozenset({"non_accession", "neutrality"}), None, (75.0, 100.0))
NATO = OutcomeSet("I10", frozenset({"nato"}), None, (0.0,))
OPTIONS = {
    "I1": ["membership", "shelved", "non_accession", "neutrality"],
    "I10": ["nato", "us_european", "none"],
}


def test_forbidden_pairs_and_mask() -> None:
    c = Constraint(NEUTRAL, NATO, "definitions", ("REF",))
    assert c.issues == ("I1", "I10")
    assert c.forbidden_pairs(OPTIONS) == [("non_accession", "nato"), ("neutrality", "nato")]
    mask = c.pair_mask(OPTIONS)
    assert mask.shape == (4, 3) and mask.sum() == 2 and mask[3, 0]
    assert c.describe() == "I1 in {neutrality, non_accession} excludes I10 = nato"
    with pytest.raises(KeyError):
        c.forbidden_pairs({"I1": OPTIONS["I1"]})


def test_grid_points_are_matched_by_value() -> None:
    # A deal space discretised by step labels its points by value; a range side matches them by value.
    c = Constraint(
        OutcomeSet("a", frozenset({"hi"}), (60.0, 100.0)), OutcomeSet("b", frozenset({"x"}), None, (0.0,))
    )
    options = {"a": ["0", "50", "75", "100"], "b": ["0", "50"]}
    values = {"a": [0.0, 50.0, 75.0, 100.0], "b": [0.0, 50.0]}
    assert c.forbidden_pairs(options, values) == [("75", "0"), ("100", "0")]
    assert c.forbidden_pairs(options) == []  # without values, only labelled options are known


def test_forbids_continuous_outcomes() -> None:
    c = Constraint(OutcomeSet("a", frozenset(), (60.0, math.inf)), NATO)
    assert c.forbids({"a": 72.5, "I10": 0.0})
    assert not c.forbids({"a": 59.0, "I10": 0.0})
    assert not c.forbids({"a": 72.5, "I10": 3.0})  # a listed side holds its options' values only
    assert not c.forbids({"a": 72.5, "I10": math.nan}) and not c.forbids({"a": 72.5})
    assert violated_constraints([c], {"a": 90, "I10": 0}) == [c]
    assert c.when.describe() == "a at least 60"


def test_a_constraint_links_two_issues() -> None:
    with pytest.raises(ValueError, match="two different issues"):
        Constraint(NATO, NATO)


# -- the file ----------------------------------------------------------------------------------------------
def test_forms_of_a_side(tmp_path: Path) -> None:
    text = with_constraints(
        "{if: {x: top}, excludes: {y1: all}, note: one option, sources: [S1]}",
        "{if: {x: [mid, top]}, excludes: {y2: [some, all]}}",
        "{if: {x: {at_least: 60}}, excludes: {y1: {at_most: some}}}",
        "{if: {y2: 100}, excludes: {x: {at_least: mid, at_most: top}}}",
    )
    s, warnings = loads(write(tmp_path, text))
    assert warnings == []
    c1, c2, c3, c4 = s.constraints
    assert (c1.when.options, c1.excludes.options, c1.note, c1.sources) == (
        {"top"},
        {"all"},
        "one option",
        ("S1",),
    )
    assert c2.when.options == {"mid", "top"} and c2.excludes.values == (50.0, 100.0)
    assert c3.when.interval == (60, 100) and c3.when.options == {"top"}
    assert c3.excludes.interval == (0, 50) and c3.excludes.options == {"none", "some"}
    assert c4.when.options == {"all"} and c4.excludes.interval == (50, 90)  # a number names a discrete option
    assert s.constraints_on("y1") == (c1, c3) and s.constraints_on("x") == (c1, c2, c3, c4)


@pytest.mark.parametrize(
    ("entry", "needle", "message"),
    [
        ("{if: {z: top}, excludes: {y1: all}}", "z: top", "unknown issue 'z'"),
        (
            "{if: {x: tops}, excludes: {y1: all}}",
            "tops",
            "'tops' is not an option of issue x (options: lo, mid, top)",
        ),
        ("{if: {x: [mid, nope]}, excludes: {y1: all}}", "nope", "'nope' is not an option of issue x"),
        (
            "{if: {x: top}, excludes: {y: all}}",
            "y: all",
            "'y' is a group of issues: name one of its parts (y1, y2)",
        ),
        ("{if: {x: top}, excludes: {x: lo}}", "{x: lo}", "links issue x with itself"),
        ("{if: {x: top, y1: all}, excludes: {y2: all}}", "{x: top, y1: all}", "names 2 issues"),
        ("{if: {x: []}, excludes: {y1: all}}", "[]", "needs at least one option of issue x"),
        ("{if: {x: 30}, excludes: {y1: all}}", "30", "30 is no option's value on issue x"),
        ("{if: {x: {at_least: 70, at_most: 20}}, excludes: {y1: all}}", "{at_least: 70", "is above at_most"),
        ("{if: {x: {above: 70}}, excludes: {y1: all}}", "above", "unknown key"),
        ("{if: {x: {}}, excludes: {y1: all}}", "{}", "a range needs at_least, at_most or both"),
        ("{if: {x: {at_least: 170}}, excludes: {y1: all}}", "170", "170 is off the scale"),
        ("{if: {x: top}, excludes: {y1: all}, sources: [S9]}", "S9", "unknown source 'S9'"),
        ("{when: {x: top}, excludes: {y1: all}}", "when", "unknown key"),
    ],
)
def test_located_errors(tmp_path: Path, entry: str, needle: str, message: str) -> None:
    text = with_constraints(entry)
    path = write(tmp_path, text)
    p = one(errors(path), message)
    start = text.index("constraints:")
    assert at(p) == where(path, text, needle, text[:start].count(needle)), str(p)
    assert p.path.startswith("constraints[0]")


def test_missing_side_is_located_at_the_entry(tmp_path: Path) -> None:
    text = with_constraints("{if: {x: top}}")
    path = write(tmp_path, text)
    p = one(errors(path), "is required")
    assert p.path == "constraints[0].excludes" and at(p) == where(path, text, "{if: {x: top}}")


@pytest.mark.parametrize(
    ("entry", "needle", "message"),
    [
        # 55-85 holds none of x's options (0, 50, 90): a deal space at the options never applies it.
        (
            "{if: {x: {at_least: 55, at_most: 85}}, excludes: {y1: all}}",
            "{x: {at_least",
            "holds none of issue x",
        ),
        # Every outcome of y1 excluded: x = top can never be agreed, which is a red line, not a link.
        ("{if: {x: top}, excludes: {y1: [none, some, all]}}", "{y1: [none", "x = top can never be agreed"),
        ("{if: {x: {at_least: 0}}, excludes: {y1: all}}", "{x: {at_least", "y1 = all can never be agreed"),
    ],
)
def test_located_warnings(tmp_path: Path, entry: str, needle: str, message: str) -> None:
    text = with_constraints(entry)
    path = write(tmp_path, text)
    _, warnings = loads(path)
    w = one(warnings, message)
    assert w.severity == "warning" and at(w) == where(path, text, needle)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    text = with_constraints(
        "{if: {x: top}, excludes: {y1: all}, note: n, sources: [S1]}",
        "{if: {x: [lo, mid]}, excludes: {y2: [none, some]}}",
        "{if: {x: {at_least: 60}}, excludes: {y1: {at_most: some}}}",
        "{if: {x: {at_most: 100}}, excludes: {y2: {at_least: all}}}",
    )
    s, _ = loads(write(tmp_path, text))
    out = tmp_path / f"copy{suffix}"
    save_scenario(s, out)
    t, _ = loads(out)
    assert t == s and t.constraints == s.constraints


def test_flagship_linkage() -> None:
    s, warnings = loads(FLAGSHIP)
    assert warnings == []
    options = {i.id: [o.id for o in i.options] for i in s.issues}
    pairs = {p for c in s.constraints for p in c.forbidden_pairs(options)}
    # The logroll the issue reports ("russia gets I1=neutrality, ukraine gets I10=nato") is ruled out.
    assert ("neutrality", "nato") in pairs and ("non_accession", "nato") in pairs
    assert ("neutrality", "us_european") in pairs and ("non_accession", "us_european") not in pairs
    assert all(c.sources and c.note for c in s.constraints)


# -- property: a constraint only ever removes packages ----------------------------------------------------
@st.composite
def linked_scenarios(draw: Any) -> dict[str, Any]:
    """Plain scenario data: 2-4 issues with 1-4 options each, and 1-4 constraints of every form."""
    n_issues = draw(st.integers(2, 4))
    issues = []
    for k in range(n_issues):
        values = sorted(draw(st.sets(st.integers(0, 100), min_size=1, max_size=4)))
        issues.append(
            {
                "id": f"i{k}",
                "name": f"I{k}",
                "anchors": [{"id": f"o{v}", "label": str(v), "value": v} for v in values],
            }
        )
    constraints = []
    for _ in range(draw(st.integers(1, 4))):
        a, b = draw(st.lists(st.integers(0, n_issues - 1), min_size=2, max_size=2, unique=True))
        constraints.append({"if": draw(_side(issues[a])), "excludes": draw(_side(issues[b]))})
    stances = {
        "p": {
            i["id"]: {"position": i["anchors"][0]["value"], "salience": 50, "sources": ["S"]} for i in issues
        }
    }
    return {
        "sources": [{"id": "S", "publication": "P"}],
        "actors": [{"id": "p", "name": "P", "capability": 1}],
        "issues": issues,
        "stances": stances,
        "constraints": constraints,
    }


@st.composite
def _side(draw: Any, issue: dict[str, Any]) -> dict[str, Any]:
    ids = [o["id"] for o in issue["anchors"]]
    form = draw(st.sampled_from(["one", "list", "range"]))
    if form == "one":
        return {issue["id"]: draw(st.sampled_from(ids))}
    if form == "list":
        return {issue["id"]: draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))}
    lo, hi = sorted(draw(st.lists(st.integers(0, 100), min_size=2, max_size=2)))
    return {issue["id"]: {"at_least": lo, "at_most": hi}}


def _allowed(
    packages: list[dict[str, str]], constraints: tuple[Constraint, ...], options: dict[str, list[str]]
) -> set[int]:
    forbidden = [(c.issues, set(c.forbidden_pairs(options))) for c in constraints]
    return {
        k
        for k, pkg in enumerate(packages)
        if not any((pkg[a], pkg[b]) in pairs for (a, b), pairs in forbidden)
    }


@settings(max_examples=60, deadline=None)
@given(linked_scenarios())
def test_a_constraint_never_adds_a_package(data: dict[str, Any]) -> None:
    s = parse_scenario(data)
    options = {i.id: [o.id for o in i.options] for i in s.issues}
    values = {i.id: {o.id: o.value for o in i.options} for i in s.issues}
    packages = [dict(zip(options, combo, strict=True)) for combo in itertools.product(*options.values())]
    before = set(range(len(packages)))
    for k, c in enumerate(s.constraints):
        pairs = c.forbidden_pairs(options)
        a, b = c.issues
        # Only pairs from the declared sides, each one the continuous check agrees with.
        for x, y in pairs:
            assert c.when.contains_option(x) and c.excludes.contains_option(y)
        for x, y in itertools.product(options[a], options[b]):
            assert ((x, y) in pairs) == c.forbids({a: values[a][x], b: values[b][y]})
        after = _allowed(packages, s.constraints[: k + 1], options)
        assert after <= before  # never adds a package
        for gone in before - after:  # and every package it removes holds one of its pairs
            assert (packages[gone][a], packages[gone][b]) in pairs
        before = after
    mask_total = sum(int(np.sum(c.pair_mask(options))) for c in s.constraints)
    assert mask_total == sum(len(c.forbidden_pairs(options)) for c in s.constraints)


def test_scenario_checks_its_links() -> None:
    x, y = Issue("x", "X"), Issue("y", "Y")
    actors, stances = (Actor("a", "A"),), (Stance("a", "x", 1, 1), Stance("a", "y", 1, 1))
    link = Constraint(
        OutcomeSet("x", frozenset(), (-math.inf, 40.0)), OutcomeSet("y", frozenset(), (60.0, 100.0))
    )
    assert link.describe() == "x at most 40 excludes y from 60 to 100"
    assert Scenario(actors, (x, y), stances, constraints=(link,)).constraints_on("y") == (link,)
    with pytest.raises(ValueError, match="constraints on unknown issues"):
        Scenario(actors, (x,), stances[:1], constraints=(link,))
    with pytest.raises(ValueError, match="issue parties that are not actors"):
        Scenario(actors, (x, Issue("y", "Y", parties=("a", "zz"))), stances)
