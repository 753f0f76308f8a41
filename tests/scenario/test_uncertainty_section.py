"""The ``uncertainty`` section: distributions load, round-trip, and bad ones are located errors."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from accord.scenario import (
    Distribution,
    ParameterRef,
    ScenarioError,
    load_scenario,
    resolve_parameter,
    save_scenario,
)

BASE = """\
sources: [{id: S, publication: P}]
actors:
  - {id: a, capability: 2}
  - {id: b, capability: 1, strategy: boulware, deadline: 8}
issues:
  - id: I1
    anchors:
      - {id: lo, label: Low, value: 0}
      - {id: mid, label: Mid, value: 50}
      - {id: hi, label: High, value: 100}
    status_quo: 50
  - id: G
    parts: [{id: G1}, {id: G2}]
  - id: D
    options: [{id: x, label: X, value: 0}, {id: y, label: Y, value: 1}]
stances:
  a:
    I1: {position: 20, salience: 80, red_line: {worst: 60}, confidence: low, sources: [S]}
    G: {position: 10, salience: 50, sources: [S]}
    D: {position: x, salience: 50, sources: [S]}
  b:
    I1: {position: 80, salience: 60, red_line: {min: 10, max: 90}, sources: [S]}
    G: {position: 90, salience: 50, sources: [S]}
tracks:
  - {id: front, initial: 20, drift: 0.1, noise: 0.05, min: 0, max: 100}
"""

GOOD = """\
uncertainty:
  stances.a.I1.salience: {triangular: [60, 80, 95], note: analyst range, sources: [S]}
  stances.a.I1.position: {choices: {lo: 1, 30: 2}}
  stances.a.I1.red_line: {uniform: [50, 70]}
  stances.b.I1.red_line.min: {uniform: [0, 20]}
  stances.a.D.position: {choices: [x, y]}
  actors.a.capability: {pert: [1, 2, 4]}
  actors.b.strategy: {choices: [boulware, conceder]}
  actors.b.deadline: {choices: {6: 1, 8: 2}}
  actors.b.batna: {normal: [0.3, 0.1]}
  issues.I1.status_quo: {normal: [50, 10]}
  tracks.front.drift: {uniform: [0, 0.2]}
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_every_kind_of_distribution_loads(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, BASE + GOOD))
    by_path = {u.path: u for u in s.uncertainty}
    assert by_path["stances.a.I1.salience"].distribution == Distribution("triangular", (60.0, 80.0, 95.0))
    assert by_path["stances.a.I1.salience"].note == "analyst range"
    assert by_path["stances.a.I1.salience"].sources == ("S",)
    # Option ids become their values on the scale.
    assert by_path["stances.a.I1.position"].distribution.choices == ((0.0, 1.0), (30.0, 2.0))
    assert by_path["stances.a.D.position"].distribution.choices == ((0.0, 1.0), (1.0, 1.0))
    assert by_path["actors.b.strategy"].distribution.choices == (("boulware", 1.0), ("conceder", 1.0))
    assert by_path["actors.b.deadline"].distribution.choices == ((6.0, 1.0), (8.0, 2.0))
    assert [u.path for u in s.uncertainty] == [line.split(":")[0].strip() for line in GOOD.splitlines()[1:]]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    s = load_scenario(write(tmp_path, BASE + GOOD))
    out = tmp_path / f"copy{suffix}"
    save_scenario(s, out)
    assert load_scenario(out) == s


def test_no_section_means_no_uncertainty(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, BASE))
    assert s.uncertainty == ()
    save_scenario(s, tmp_path / "copy.yaml")
    assert "uncertainty" not in (tmp_path / "copy.yaml").read_text()


BAD = [
    ("stances.a.I1.salience: {triangular: [60, 80, 120]}", "120 is off the range of salience [0, 100]"),
    ("stances.a.I1.position: {uniform: [-10, 50]}", "-10 is off the scale of issue I1 [0, 100]"),
    ("stances.a.I1.position: {normal: [150, 5]}", "150 is off the scale of issue I1"),
    ("actors.a.capability: {normal: [2, -1]}", "the spread (sd) must not be negative, got -1"),
    ("actors.a.capability: {uniform: [3, 1]}", "negative spread: lo (3) is above hi (1)"),
    ("actors.a.capability: {triangular: [1, 5, 3]}", "the mode (5) is outside [1, 3]"),
    ("actors.a.capability: {uniform: [-1, 3]}", "-1 is off the range of capability [0, inf]"),
    ("actors.a.batna: {uniform: [0.5, 1.5]}", "1.5 is off the range of batna [0, 1]"),
    ("stances.a.I1.postion: {uniform: [1, 2]}", "unknown parameter 'postion' (did you mean 'position'?)"),
    ("stances.c.I1.position: {uniform: [1, 2]}", "unknown actor 'c'"),
    ("stances.a.I9.position: {uniform: [1, 2]}", "unknown issue 'I9'"),
    ("stances.a.G.position: {uniform: [1, 2]}", "G is a group of issues: give each part (G1, G2)"),
    ("stances.b.D.position: {choices: [x]}", "b takes no stance on D"),
    ("stances.a.D.position: {uniform: [0, 1]}", "discrete issue D takes only choices"),
    ("stances.a.D.position: {choices: [x, z]}", "'z' is not an option of issue D"),
    ("stances.a.G1.red_line: {uniform: [1, 2]}", "a has no red line on G1"),
    ("stances.b.I1.red_line: {uniform: [1, 2]}", "has two thresholds: name red_line.min or red_line.max"),
    ("actors.b.strategy: {choices: [bulware]}", "unknown strategy 'bulware' (did you mean 'boulware'?)"),
    ("actors.b.strategy: {uniform: [1, 2]}", "a strategy takes only choices"),
    ("actors.b.deadline: {choices: [6.5]}", "6.5 is not a whole number of rounds"),
    ("actors.a.batna: {uniform: [0, 1], normal: [0.5, 0.1]}", "give exactly one distribution"),
    ("actors.a.batna: {uniform: [0.1, 0.2, 0.3]}", "uniform takes [lo, hi]"),
    ("actors.a.batna: {choices: {0.2: 0, 0.4: 0}}", "every weight is 0"),
    ("actors.a.batna: {choices: {0.2: -1}}", "-1 is below 0"),
    ("actors.a.batna: {uniform: [0, 1], sources: [T]}", "unknown source 'T'"),
    ("actors.a.batna: {unifrom: [0, 1]}", "unknown key (did you mean 'uniform'?)"),
    ("tracks.x.drift: {uniform: [1, 2]}", "unknown track 'x'"),
    ("tracks.front.initial: {uniform: [50, 150]}", "150 is off the range of initial [0, 100]"),
    ("tracks.front.noise: {normal: [-0.1, 0.1]}", "-0.1 is off the range of noise [0, inf]"),
    ("foo.bar: {uniform: [1, 2]}", "unknown parameter path 'foo.bar'"),
]


@pytest.mark.parametrize(("entry", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_entries_are_located_errors(tmp_path: Path, entry: str, message: str) -> None:
    text = BASE + "uncertainty:\n  " + entry + "\n"
    with pytest.raises(ScenarioError) as err:
        load_scenario(write(tmp_path, text))
    problems = err.value.problems
    assert any(message in p.message for p in problems), [str(p) for p in problems]
    hit = next(p for p in problems if message in p.message)
    line = len(BASE.splitlines()) + 2
    assert hit.line == line and hit.column > 0, str(hit)
    assert hit.path.startswith("uncertainty.")


def test_two_spellings_of_one_parameter(tmp_path: Path) -> None:
    entries = ["stances.a.I1.red_line: {uniform: [50, 70]}", "stances.a.I1.red_line.max: {uniform: [50, 70]}"]
    text = BASE + "uncertainty:\n" + "".join(f"  {e}\n" for e in entries)
    with pytest.raises(ScenarioError, match="the same parameter as stances.a.I1.red_line"):
        load_scenario(write(tmp_path, text))


def test_every_problem_at_once(tmp_path: Path) -> None:
    text = BASE + "uncertainty:\n" + "".join(f"  {e}\n" for e, _ in BAD[:6])
    with pytest.raises(ScenarioError) as err:
        load_scenario(write(tmp_path, text))
    assert len(err.value.problems) == 6


def test_resolve_parameter(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, BASE))
    ref = resolve_parameter(s, "stances.a.I1.red_line")
    assert isinstance(ref, ParameterRef)
    # worst: 60 from position 20: the acceptable interval is [0, 60], its threshold the max.
    assert (ref.kind, ref.actor, ref.issue, ref.nominal, ref.lo, ref.hi) == (
        "red_line.max",
        "a",
        "I1",
        60.0,
        0.0,
        100.0,
    )
    cap = resolve_parameter(s, "actors.a.capability")
    assert isinstance(cap, ParameterRef) and cap.lo == 0 and math.isinf(cap.hi) and cap.nominal == 2
    batna = resolve_parameter(s, "actors.a.batna")
    assert isinstance(batna, ParameterRef) and batna.nominal is None
    strategy = resolve_parameter(s, "actors.b.strategy")
    assert isinstance(strategy, ParameterRef) and strategy.categorical and strategy.nominal == "boulware"
    assert isinstance(resolve_parameter(s, "actors.a"), str)


def test_ids_with_dots(tmp_path: Path) -> None:
    text = BASE.replace("id: a,", "id: a.x,").replace("  a:\n", "  a.x:\n")
    s = load_scenario(
        write(tmp_path, text + "uncertainty:\n  stances.a.x.I1.salience: {uniform: [10, 20]}\n")
    )
    ref = resolve_parameter(s, "stances.a.x.I1.salience")
    assert isinstance(ref, ParameterRef) and (ref.actor, ref.issue) == ("a.x", "I1")
