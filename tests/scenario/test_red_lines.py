"""Red lines state their side: at_most / at_least / acceptable; worst only where the side is unambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_helpers import BASE, at, errors, loads, one, where, write

from accord.scenario import (
    Actor,
    Issue,
    Option,
    RedLine,
    Scenario,
    Source,
    Stance,
    load_scenario,
    save_scenario,
)

pytestmark = pytest.mark.usefixtures("yaml_loader")

X = Issue("x", "X", 0, 100, (Option("lo", "Low", 0), Option("mid", "Mid", 50), Option("top", "Top", 90)))


def with_line(actor_line: str, red_line: str) -> str:
    """BASE with ``red_line`` added to the stance that starts with ``actor_line``."""
    assert actor_line in BASE
    return BASE.replace(actor_line, actor_line.replace("sources:", f"red_line: {red_line}, sources:"), 1)


A_X = "x: {position: 10, salience: 80, sources: [S1]}"  # a at 10 on x
B_X = "x: {position: 80, salience: 40, sources: [S1]}"  # b at 80 on x


@pytest.mark.parametrize(
    ("stance", "red_line", "interval", "side"),
    [
        (A_X, "{at_most: mid}", (0, 50), "at_most"),
        (A_X, "{at_most: 60}", (0, 60), "at_most"),
        (B_X, "{at_least: mid}", (50, 100), "at_least"),
        (B_X, "{at_least: 20, at_most: 95}", (20, 95), "between"),
        (B_X, "{min: 20}", (20, 100), "at_least"),  # the older spelling states a side too
        (A_X, "{max: mid}", (0, 50), "at_most"),
        (A_X, "{worst: mid}", (0, 50), "at_most"),  # position 10 is below 50: unambiguous
        (B_X, "{worst: mid}", (50, 100), "at_least"),  # position 80 is above 50
    ],
)
def test_sides(tmp_path: Path, stance: str, red_line: str, interval: tuple[float, float], side: str) -> None:
    s, warnings = loads(write(tmp_path, with_line(stance, red_line)))
    actor = "a" if stance == A_X else "b"
    rl = s.stance(actor, "x").red_line  # type: ignore[union-attr]
    assert rl is not None and (rl.lo, rl.hi) == interval and rl.side == side
    assert warnings == []


def test_acceptable_side(tmp_path: Path) -> None:
    s, _ = loads(
        write(
            tmp_path,
            BASE.replace("y: {position: none,", "y: {red_line: {acceptable: [none, some]}, position: none,"),
        )
    )
    rl = s.stance("a", "y1").red_line  # type: ignore[union-attr]
    assert rl is not None and rl.side == "acceptable" and rl.options == {"none", "some"}
    assert rl.bound is None and rl.describe() == "one of {none, some}"


def test_worst_equal_to_position_is_a_located_error_with_the_fix(tmp_path: Path) -> None:
    text = BASE.replace(
        "x: {position: 80, salience: 40,", "x: {position: mid, salience: 40, red_line: {worst: mid},"
    )
    path = write(tmp_path, text)
    p = one(errors(path), "ambiguous")
    assert at(p) == where(path, text, "mid}", 0)  # the worst value
    assert p.path == "stances[b][x].red_line.worst"
    assert "write at_most: mid" in p.message and "or at_least: mid" in p.message


def test_worst_at_the_end_of_the_scale_is_ambiguous_too(tmp_path: Path) -> None:
    # Russia's territorial red lines were written `worst: whole_region` at position 100: the loader used to
    # guess at_least; now the file must say it.
    text = BASE.replace(
        "y: {position: all, salience: 60,", "y: {position: all, salience: 60, red_line: {worst: all},"
    )
    path = write(tmp_path, text)
    probs = errors(path)
    p = one(probs, "ambiguous")  # one problem, though the group stance applies to both parts
    assert at(p) == where(path, text, "all}", 0) and "at_least: all" in p.message


def test_worst_that_excludes_nothing_warns_with_the_other_side(tmp_path: Path) -> None:
    # The flagship's reported failure: `worst: none` for an actor at 95 on a 0-100 scale read as the whole
    # scale, silently. Position 10 below worst 100 here reads as at_most 100, which excludes nothing.
    text = with_line(A_X, "{worst: 100}")
    path = write(tmp_path, text)
    s, warnings = loads(path)
    w = one(warnings, "excludes nothing")
    assert w.severity == "warning" and at(w) == where(path, text, "{worst: 100}")
    assert "did you mean at_least: 100?" in w.message
    assert s.stance("a", "x").red_line.excludes_nothing(s.issue("x"))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("stance", "red_line", "message", "needle"),
    [
        (A_X, "{at_most: 100}", "excludes nothing", "{at_most: 100}"),
        (B_X, "{at_least: 0}", "excludes nothing", "{at_least: 0}"),
        (B_X, "{at_least: 0, at_most: 100}", "excludes nothing", "{at_least: 0, at_most: 100}"),
        # 95-100 holds no option of x (anchors at 0, 50, 90): no package of a deal space respects it.
        ("at 97", "{at_least: 95}", "accepts none of the issue's options", "{at_least: 95}"),
    ],
)
def test_warnings(tmp_path: Path, stance: str, red_line: str, message: str, needle: str) -> None:
    if stance == "at 97":  # b moved to 97, so that a red line above the top option keeps its position
        text = BASE.replace(B_X, f"x: {{position: 97, salience: 40, red_line: {red_line}, sources: [S1]}}")
    else:
        text = with_line(stance, red_line)
    path = write(tmp_path, text)
    _, warnings = loads(path)
    w = one(warnings, message)
    assert at(w) == where(path, text, needle) and w.severity == "warning"
    with pytest.raises(Exception, match=message):
        load_scenario(path, strict=True)


def test_a_discrete_issue_accepting_every_option_excludes_nothing(tmp_path: Path) -> None:
    text = BASE.replace(
        "y: {position: none,", "y: {red_line: {acceptable: [none, some, all]}, position: none,"
    )
    _, warnings = loads(write(tmp_path, text))
    assert one(warnings, "excludes nothing").path == "stances[a][y].red_line"


@pytest.mark.parametrize(
    ("stance", "red_line", "message"),
    [
        (A_X, "{at_least: mid}", "excludes the actor's own position (10)"),
        (B_X, "{at_most: mid}", "excludes the actor's own position (80)"),
        (A_X, "{worst: mid, at_most: 60}", "give either worst or at_most, not both"),
        (A_X, "{at_most: mid, max: 60}", "give at_most once (at_most is given too)"),
        (B_X, "{at_least: 70, at_most: 60}", "at_least (70) is above at_most (60)"),
        (A_X, "{at_most: nope}", "'nope' is not an option of issue x"),
        (A_X, "{at_most: 120}", "120 is off the scale of issue x"),
        (A_X, "{note: only words}", "a red line needs at_most, at_least or acceptable"),
        (A_X, "{at_mots: 50}", "unknown key (did you mean 'at_most'?)"),
        (A_X, "{acceptable: []}", "needs at least one option"),
    ],
)
def test_errors(tmp_path: Path, stance: str, red_line: str, message: str) -> None:
    text = with_line(stance, red_line)
    path = write(tmp_path, text)
    p = one(errors(path), message)
    line_of_stance = where(path, text, red_line).rsplit(":", 1)[0]
    assert at(p).rsplit(":", 1)[0] == line_of_stance and p.line > 0 and p.column > 0


def test_round_trip_keeps_sides(tmp_path: Path) -> None:
    text = with_line(A_X, "{at_most: mid, note: n}")
    text = text.replace(B_X, B_X.replace("sources:", "red_line: {at_least: 20, at_most: 95}, sources:"))
    text = text.replace("c:\n    x: {position: 50,", "c:\n    x: {red_line: {at_most: 100}, position: 50,")
    s, _ = loads(write(tmp_path, text))
    out = tmp_path / "copy.yaml"
    save_scenario(s, out)
    written = out.read_text()
    assert "worst" not in written and "min:" not in written.split("stances:")[1]
    t, _ = loads(out)
    assert t == s
    for actor in "abc":
        assert t.stance(actor, "x").red_line.side == s.stance(actor, "x").red_line.side  # type: ignore[union-attr]


def test_constructors_from_an_issue() -> None:
    assert RedLine.at_most_of(X, "mid") == RedLine(0, 50) and RedLine.at_most_of(X, "mid").side == "at_most"
    assert RedLine.at_least_of(X, 60).bound == 60 and RedLine.at_least_of(X, 60).hi == 100
    rl = RedLine.acceptable_of(X, ["lo", "top"])
    assert rl.accepts_option(X.option("top")) and not rl.accepts_option(X.option("mid"))
    assert [o.id for o in rl.accepted_options(X)] == ["lo", "top"]
    with pytest.raises(KeyError):
        RedLine.acceptable_of(X, ["nope"])
    with pytest.raises(ValueError, match="off the scale"):
        RedLine.at_most_of(X, 101)
    # The side documents the statement; it does not change what is accepted, so it is not compared.
    assert RedLine(0, 50, side="at_most") == RedLine(0, 50)


def test_excludes_nothing() -> None:
    assert RedLine(0, 100).excludes_nothing(X)
    assert not RedLine(0, 99).excludes_nothing(X)
    # Listing every anchor of a numeric scale still leaves out the values between them.
    assert not RedLine.acceptable_of(X, ["lo", "mid", "top"]).excludes_nothing(X)


def test_flagship_states_every_side() -> None:
    flagship = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"
    assert "worst:" not in flagship.read_text()
    s, warnings = loads(flagship)
    assert warnings == []
    sides = {(st.actor, st.issue): st.red_line.side for st in s.stances if st.red_line is not None}
    assert set(sides.values()) <= {"at_most", "at_least"}
    # Russia's "no foreign troops under any flag" read, as the reference note does, as at most a
    # UNSC-mandated force with a Russian say: at least 'neutral' (65) on I5, not the whole scale.
    rl = s.stance("russia", "I5").red_line
    assert rl is not None and (rl.lo, rl.hi, rl.side) == (65, 100, "at_least")
    assert not rl.excludes_nothing(s.issue("I5"))


@st.composite
def red_lines(draw: st.DrawFn) -> tuple[float, RedLine]:
    """A position on X and a red line of any side that accepts it."""
    position = float(draw(st.integers(0, 100)))
    side = draw(st.sampled_from(["at_most", "at_least", "between", "acceptable"]))
    if side == "at_most":
        return position, RedLine.at_most_of(X, draw(st.integers(int(position), 100)))
    if side == "at_least":
        return position, RedLine.at_least_of(X, draw(st.integers(0, int(position))))
    if side == "between":
        lo, hi = draw(st.integers(0, int(position))), draw(st.integers(int(position), 100))
        return position, RedLine(float(lo), float(hi), None, None, "between")
    ids = draw(st.sets(st.sampled_from(["lo", "mid", "top"]), min_size=1))
    return X.option(sorted(ids)[0]).value, RedLine.acceptable_of(X, ids)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(red_lines())
def test_any_red_line_round_trips_with_its_side(tmp_path: Path, drawn: tuple[float, RedLine]) -> None:
    position, rl = drawn
    s = Scenario(
        (Actor("a", "A"),), (X,), (Stance("a", "x", position, 50, rl, sources=("S",)),), (Source("S", "P"),)
    )
    out = tmp_path / "rl.yaml"
    save_scenario(s, out)
    t = load_scenario(out)
    got = t.stance("a", "x").red_line  # type: ignore[union-attr]
    assert t == s and got is not None
    # A whole-scale interval is written on its stated side; otherwise the side follows from the bounds.
    expected = rl.side
    if rl.side in ("at_most", "at_least", "between") and not rl.excludes_nothing(X):
        expected = {(True, False): "at_most", (False, True): "at_least"}.get(
            (rl.lo <= 0, rl.hi >= 100), "between"
        )
    assert got.side == expected
