"""Loading, validating and saving scenario files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.scenario import ScenarioError, dumps_scenario, load_scenario, parse_scenario, save_scenario
from accord.scenario._yaml import load_marked
from accord.scenario.loader import _plain
from accord.scenario.writer import scenario_to_dict

pytestmark = pytest.mark.usefixtures("yaml_loader")

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"

MINIMAL = """\
title: Minimal
sources:
  - {id: S1, publication: Test Times, date: 2025-01-01}
actors:
  - {id: a, name: A, capability: 2}
  - {id: b, name: B, capability: 1}
issues:
  - id: x
    name: X
    anchors:
      - {id: low, label: Low, value: 0}
      - {id: high, label: High, value: 100}
    status_quo: low
  - id: y
    name: Y
    options:
      - {id: no, label: No, value: 0}
      - {id: half, label: Half, value: 50}
      - {id: yes, label: Yes, value: 100}
stances:
  a:
    x: {position: 10, salience: 80, red_line: {worst: 60}, sources: [S1]}
    y: {position: yes, salience: 50, sources: [S1]}
  b:
    x: {position: high, salience: 40, sources: [S1]}
    y: {position: 0, salience: 100, red_line: {acceptable: [no, half]}, sources: [S1]}
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_minimal_loads_with_array_views(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, MINIMAL))
    assert s.actor_ids == ("a", "b") and s.issue_ids == ("x", "y")
    np.testing.assert_array_equal(s.positions, [[10, 100], [100, 0]])
    np.testing.assert_array_equal(s.saliences, [[80, 50], [40, 100]])
    np.testing.assert_array_equal(s.capabilities, [2, 1])
    assert s.status_quo[0] == 0 and np.isnan(s.status_quo[1])
    assert not s.positions.flags.writeable
    rl = s.stance("a", "x").red_line  # type: ignore[union-attr]
    assert rl is not None and (rl.lo, rl.hi) == (0, 60)
    assert s.issue("y").discrete and not s.issue("x").discrete


def test_flagship_loads_every_actor_and_issue() -> None:
    warnings: list[Any] = []
    s = load_scenario(FLAGSHIP, warnings=warnings)
    assert set(s.actor_ids) == {"russia", "ukraine", "usa", "europe", "china", "turkey", "global_south"}
    expected = {"I1", *(f"I2{c}" for c in "abcdef"), *(f"I{k}" for k in range(3, 16))}
    assert set(s.issue_ids) == expected
    assert warnings == []  # every stance cites a source
    assert all(st.sources for st in s.stances)
    assert s.as_of == "2025-03-17"
    assert s.capabilities.sum() == 100
    # Sub-issues inherit the group's stance unless they override it.
    assert s.stance("russia", "I2b").salience == 95 and s.stance("russia", "I2d").salience == 75  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    s = load_scenario(FLAGSHIP)
    out = tmp_path / f"copy{suffix}"
    save_scenario(s, out)
    assert load_scenario(out) == s
    assert not list(tmp_path.glob(".*tmp"))  # the atomic write leaves no temporary file


def test_every_problem_reported_with_position(tmp_path: Path) -> None:
    text = MINIMAL.replace("capability: 2", "capability: -2").replace("salience: 80", "salience: 140")
    text = text.replace("position: yes", "position: maybe").replace(
        "sources: [S1]}\n  b:", "sources: [S9]}\n  b:"
    )
    text += "  c:\n    x: {position: 1, salience: 1, sources: [S1]}\nextra: 1\n"
    probs = problems_of(write(tmp_path, text))
    joined = "\n".join(probs)
    assert "s.yaml:5:" in joined and "actors[0].capability: -2 is below 0" in joined
    assert "stances[a][x].salience: 140 is above 100" in joined
    assert "stances[a][y].position: 'maybe' is not an option of issue y" in joined
    assert "stances[a][y].sources[0]: unknown source 'S9'" in joined
    assert "stances[c]: unknown actor 'c'" in joined
    assert "extra: unknown key" in joined
    assert len(probs) == 6


def test_positions_line_and_column(tmp_path: Path) -> None:
    text = MINIMAL.replace("salience: 80", "salience: 140")
    probs = problems_of(write(tmp_path, text))
    lines = text.splitlines()
    row = next(k for k, l in enumerate(lines) if "salience: 140" in l)
    col = lines[row].index("140")
    assert probs == [f"{tmp_path / 's.yaml'}:{row + 1}:{col + 1} stances[a][x].salience: 140 is above 100"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{id: b, name: B", "{id: a, name: B", "duplicate actor id 'a'"),
        ("x: {position: 10", "z: {position: 10", "unknown issue 'z'"),
        ("position: 10, salience: 80", "position: 150, salience: 80", "150 is off the scale"),
        (
            "position: 0, salience: 100",
            "position: 20, salience: 100",
            "not one of the options of discrete issue y",
        ),
        ("red_line: {worst: 60}", "red_line: {max: 5}", "excludes the actor's own position"),
        ("acceptable: [no, half]", "acceptable: [half, yes]", "excludes the actor's own position"),
        ("acceptable: [no, half]", "acceptable: [nope]", "'nope' is not an option of issue y"),
        ("status_quo: low", "status_quo: 300", "300 is off the scale"),
        (
            "{id: S1, publication: Test Times",
            "{id: S1, pub: Test Times",
            "unknown key (did you mean 'publication'?)",
        ),
        ("capability: 1}", "}", "actors[1].capability: is required"),
        ("value: 100}\n    status_quo", "value: 0}\n    status_quo", "must be in increasing order"),
        ("salience: 40,", "salience: high,", "expected a finite number, got text 'high'"),
    ],
)
def test_each_kind_of_problem(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in MINIMAL
    probs = problems_of(write(tmp_path, MINIMAL.replace(old, new, 1)))
    assert any(message in p for p in probs), probs


def test_missing_source_is_a_warning(tmp_path: Path) -> None:
    warnings: list[Any] = []
    load_scenario(
        write(tmp_path, MINIMAL.replace("salience: 40, sources: [S1]", "salience: 40")), warnings=warnings
    )
    assert len(warnings) == 1 and "no source cited" in str(warnings[0])


def test_syntax_errors_are_problems_not_tracebacks(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, "actors: [\n  {id: a\n"))
    assert len(probs) == 1 and "invalid YAML" in probs[0] and ":3:" in probs[0]
    probs = problems_of(write(tmp_path, '{"actors": [1,}', "s.json"))
    assert "invalid" in probs[0]
    assert "no such file" in problems_of(tmp_path / "nope.yaml")[0]


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, "!!python/object/apply:os.system ['echo hi']\n"))
    assert "invalid YAML" in probs[0]


def test_json_scenario(tmp_path: Path) -> None:
    data = _plain(load_marked(MINIMAL))
    s = load_scenario(write(tmp_path, json.dumps(data, indent=1), "s.json"))
    assert s.n_actors == 2


# -- property tests ---------------------------------------------------------------------------------------
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for k, v in enumerate(data):
            out += _paths(v, prefix + (k,))
    return out


BASE = _plain(load_marked(MINIMAL))
BASE_PATHS = _paths(BASE)[1:]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.sampled_from(BASE_PATHS), JUNK, st.booleans()), min_size=1, max_size=4))
def test_mutated_scenarios_load_or_raise_scenario_error(
    mutations: list[tuple[tuple[Any, ...], Any, bool]],
) -> None:
    data = copy.deepcopy(BASE)
    for path, value, delete in mutations:
        node = data
        try:
            for key in path[:-1]:
                node = node[key]
            if delete and isinstance(node, dict | list):
                del node[path[-1]]
            else:
                node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        s = parse_scenario(data)
    except ScenarioError as err:
        assert err.problems and all(p.message for p in err.problems)
    else:
        assert parse_scenario(scenario_to_dict(s)) == s


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_text_loads_or_raises_scenario_error(tmp_path_factory: Any, text: str) -> None:
    p = tmp_path_factory.mktemp("r") / "s.yaml"
    p.write_text(text)
    try:
        load_scenario(p)
    except ScenarioError as err:
        assert err.problems


def test_dumps_is_deterministic() -> None:
    s = load_scenario(FLAGSHIP)
    assert dumps_scenario(s) == dumps_scenario(load_scenario(FLAGSHIP))


TRACK = """\
tracks:
  - id: front
    name: Front line
    initial: 10
    drift: 1
    noise: 0.5
    min: 0
    max: 100
    freeze: {issue: x, max: low}
    effects:
      - {target: capability, actor: a, per_unit: 0.1}
      - {target: salience, actor: b, issue: y, per_unit: -2}
    events:
      - {round: 3, change: -5, note: counter-offensive}
    sources: [S1]
"""


def test_tracks_load_and_round_trip(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, MINIMAL + TRACK))
    (t,) = s.tracks
    assert (t.initial, t.drift, t.noise, t.lo, t.hi, t.freeze_issue, t.freeze_max) == (
        10,
        1,
        0.5,
        0,
        100,
        "x",
        0,
    )
    assert [e.target for e in t.effects] == ["capability", "salience"] and t.events[0].round == 3
    save_scenario(s, tmp_path / "copy.yaml")
    assert load_scenario(tmp_path / "copy.yaml") == s


def test_scientific_notation_is_a_number(tmp_path: Path) -> None:
    s = load_scenario(
        write(
            tmp_path,
            MINIMAL.replace("capability: 2", "capability: 2e0") + TRACK.replace("noise: 0.5", "noise: 5e-1"),
        )
    )
    assert s.actor("a").capability == 2.0 and s.tracks[0].noise == 0.5


def test_track_min_above_max(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, MINIMAL + TRACK.replace("min: 0", "min: 200")))
    assert any("tracks[0]: min (200) is above max (100)" in p for p in probs), probs


def test_bad_tracks_are_reported(tmp_path: Path) -> None:
    text = MINIMAL + TRACK.replace("actor: a,", "actor: zz,").replace("target: salience", "target: mood")
    text = text.replace("initial: 10", "initial: 500").replace("issue: x, max", "issue: q, max")
    probs = "\n".join(problems_of(write(tmp_path, text)))
    assert "tracks[0].effects[0].actor: unknown actor 'zz'" in probs
    assert "tracks[0].effects[1].target: 'mood' is not one of" in probs
    assert "tracks[0].initial: 500 is outside [0, 100]" in probs
    assert "tracks[0].freeze.issue: unknown issue 'q'" in probs


# -- declared default strategies --------------------------------------------------------------------------
def test_actor_strategy_loads_and_round_trips(tmp_path: Path) -> None:
    s = load_scenario(
        write(tmp_path, MINIMAL.replace("capability: 2}", "capability: 2, strategy: boulware}"))
    )
    assert s.actor("a").strategy == "boulware" and s.actor("b").strategy is None
    save_scenario(s, tmp_path / "copy.yaml")
    assert "strategy: boulware" in (tmp_path / "copy.yaml").read_text()
    assert load_scenario(tmp_path / "copy.yaml") == s


def test_unknown_strategy_is_located_with_a_hint(tmp_path: Path) -> None:
    text = MINIMAL.replace("capability: 2}", "capability: 2, strategy: bolware}")
    probs = problems_of(write(tmp_path, text))
    col = text.splitlines()[4].index("bolware") + 1
    assert len(probs) == 1
    assert (
        f"s.yaml:5:{col} actors[0].strategy: unknown strategy 'bolware' (did you mean 'boulware'?)"
        in probs[0]
    )
    assert "tit-for-tat" in probs[0]  # the known names are listed


def test_strategy_must_be_text(tmp_path: Path) -> None:
    probs = problems_of(write(tmp_path, MINIMAL.replace("capability: 2}", "capability: 2, strategy: [a]}")))
    assert any("actors[0].strategy: expected text" in p for p in probs), probs
