"""Calendar time (round length, rounds to dates), issue parties and the confidence enum."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scenario_helpers import BASE, at, errors, loads, one, where, write

from accord.errors import InputError
from accord.scenario import CONFIDENCE_LEVELS, DEFAULT_ROUND, Issue, RoundLength, save_scenario
from accord.scenario.calendar import parse_round_length

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


# -- round length ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("1 week", RoundLength(1, "week")),
        ("2 weeks", RoundLength(2, "week")),
        ("1 day", RoundLength(1, "day")),
        ("3 Days", RoundLength(3, "day")),
        ("1 month", RoundLength(1, "month")),
        ("week", RoundLength(1, "week")),
    ],
)
def test_parse_round_length(text: str, length: RoundLength) -> None:
    assert parse_round_length(text) == length
    assert parse_round_length(str(length)) == length


@pytest.mark.parametrize("text", ["0 weeks", "1 fortnight", "-1 day", "1.5 weeks", "weekly", ""])
def test_bad_round_lengths(text: str) -> None:
    with pytest.raises(ValueError, match="round"):
        parse_round_length(text)


def test_round_length_checks_itself() -> None:
    with pytest.raises(ValueError):
        RoundLength(0, "week")
    with pytest.raises(ValueError):
        RoundLength(1, "year")  # type: ignore[arg-type]


def test_dates_of_rounds() -> None:
    week, month = RoundLength(1, "week"), RoundLength(1, "month")
    start = dt.date(2025, 3, 17)
    assert week.end_of(start, 0) == start and week.end_of(start, 1) == dt.date(2025, 3, 24)
    assert week.round_of(start, dt.date(2025, 3, 18)) == 1  # the day after as_of is in round 1
    assert week.round_of(start, dt.date(2025, 3, 24)) == 1 and week.round_of(start, dt.date(2025, 3, 25)) == 2
    assert week.round_of(start, dt.date(2025, 6, 30)) == 15
    assert RoundLength(2, "week").round_of(start, dt.date(2025, 6, 30)) == 8
    # Calendar months: the 31st runs into the last day of shorter months.
    jan31 = dt.date(2025, 1, 31)
    assert month.end_of(jan31, 1) == dt.date(2025, 2, 28) and month.end_of(jan31, 13) == dt.date(2026, 2, 28)
    assert month.round_of(jan31, dt.date(2025, 3, 1)) == 2
    assert month.round_of(jan31, dt.date(2025, 1, 1)) == 0  # before as_of: round 0 or earlier


@given(
    n=st.integers(1, 6),
    unit=st.sampled_from(["day", "week", "month"]),
    start=st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)),
    r=st.integers(-30, 200),
    offset=st.integers(0, 4000),
)
def test_rounds_and_dates_agree(n: int, unit: str, start: dt.date, r: int, offset: int) -> None:
    length = RoundLength(n, unit)  # type: ignore[arg-type]
    assert length.round_of(start, length.end_of(start, r)) == r
    date = start + dt.timedelta(days=offset)
    k = length.round_of(start, date)
    assert length.end_of(start, k) >= date > length.end_of(start, k - 1)  # the round in progress on it


# -- the scenario ------------------------------------------------------------------------------------------
def test_default_round_and_scenario_helpers(tmp_path: Path) -> None:
    s, _ = loads(write(tmp_path, BASE))
    assert s.round == DEFAULT_ROUND == RoundLength(1, "week")
    assert s.round_date(0) == dt.date(2025, 3, 17) and s.round_date(14) == dt.date(2025, 6, 23)
    assert s.round_of("2025-06-30") == 15 and s.round_of(dt.date(2025, 3, 17)) == 0
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        s.round_of("30/06/2025")


def test_round_needs_a_date(tmp_path: Path) -> None:
    s, _ = loads(write(tmp_path, BASE.replace("as_of: 2025-03-17\n", "")))
    with pytest.raises(InputError, match="no as_of"):
        s.round_date(1)
    text = BASE.replace("as_of: 2025-03-17", "as_of: spring 2025")
    path = write(tmp_path, text)
    s, warnings = loads(path)
    w = one(warnings, "is not a date written YYYY-MM-DD")
    assert at(w) == where(path, text, "spring 2025") and w.path == "as_of"
    with pytest.raises(InputError, match="as_of"):
        s.round_of("2025-06-30")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0 weeks", "a round lasts at least 1 week"),
        ("1 fortnight", "is not a round length; write a whole number and a unit"),
        ("2", "2 has no unit: write '2 weeks'"),
        ("[1, week]", "expected a round length such as '1 week', got a list"),
    ],
)
def test_bad_round_is_a_located_error(tmp_path: Path, value: str, message: str) -> None:
    text = BASE.replace("as_of: 2025-03-17\n", f"as_of: 2025-03-17\nround: {value}\n")
    path = write(tmp_path, text)
    p = one(errors(path), message)
    nth = text[: text.index("round:")].count(value)  # the value after round:, not in as_of
    assert at(p) == where(path, text, value, nth) and p.path == "round"


@pytest.mark.parametrize("value", ["1 week", "2 weeks", "1 day", "1 month"])
def test_round_round_trip(tmp_path: Path, value: str) -> None:
    s, _ = loads(write(tmp_path, BASE.replace("as_of: 2025-03-17\n", f"as_of: 2025-03-17\nround: {value}\n")))
    assert str(s.round) == value
    save_scenario(s, tmp_path / "copy.yaml")
    t, _ = loads(tmp_path / "copy.yaml")
    assert t == s and t.round == s.round
    assert ("round:" in (tmp_path / "copy.yaml").read_text()) == (
        value != "1 week"
    )  # the default is left out


def test_flagship_calendar() -> None:
    s, _ = loads(FLAGSHIP)
    assert s.round == RoundLength(1, "week")
    assert s.round_date(14) == dt.date(2025, 6, 23) and s.round_of("2025-06-30") == 15


# -- parties -----------------------------------------------------------------------------------------------
PARTIES = BASE.replace("    name: X\n", "    name: X\n    parties: [a, b]\n").replace(
    "      - {id: y2, name: Y2}", "      - {id: y2, name: Y2, parties: [a, b]}"
)


def test_parties(tmp_path: Path) -> None:
    s, warnings = loads(write(tmp_path, PARTIES))
    assert warnings == []
    assert (
        s.issue("x").parties == ("a", "b")
        and s.issue("y1").parties == ()
        and s.issue("y2").parties == ("a", "b")
    )
    assert s.issue("x").settled_by(["a", "b", "c"]) == ("a", "b")
    assert s.issue("y1").settled_by(["a", "b", "c"]) == ("a", "b", "c")  # default: everyone at the table
    assert Issue("z", "Z").settled_by(("b",)) == ("b",)
    save_scenario(s, tmp_path / "copy.yaml")
    t, _ = loads(tmp_path / "copy.yaml")
    assert t == s


def test_group_parties_are_inherited(tmp_path: Path) -> None:
    text = BASE.replace("    name: Y\n", "    name: Y\n    parties: [a, b]\n")
    text = text.replace("      - {id: y2, name: Y2}", "      - {id: y2, name: Y2, parties: [b, a]}")
    s, _ = loads(write(tmp_path, text))
    assert s.issue("y1").parties == ("a", "b") and s.issue("y2").parties == ("b", "a")
    save_scenario(s, tmp_path / "copy.yaml")
    assert loads(tmp_path / "copy.yaml")[0] == s


@pytest.mark.parametrize(
    ("parties", "needle", "message"),
    [
        ("[a, d]", "d]", "unknown actor 'd'"),
        ("[a, a]", "a]", "'a' is listed twice"),
        ("[]", "[]", "needs at least one actor; leave parties out"),
        ("a-b", "a-b", "unknown actor 'a-b'"),
        ("{a: 1}", "{a: 1}", "expected a list of text"),
    ],
)
def test_party_errors(tmp_path: Path, parties: str, needle: str, message: str) -> None:
    text = BASE.replace("    name: X\n", f"    name: X\n    parties: {parties}\n")
    path = write(tmp_path, text)
    p = one(errors(path), message)
    assert at(p) == where(path, text, needle, text[: text.index("parties:")].count(needle))
    assert p.path.startswith("issues[0].parties")


def test_party_warnings(tmp_path: Path) -> None:
    # c takes no stance on y; a alone settles x.
    text = BASE.replace("    name: X\n", "    name: X\n    parties: [a]\n").replace(
        "      - {id: y1, name: Y1}", "      - {id: y1, name: Y1, parties: [b, c]}"
    )
    path = write(tmp_path, text)
    _, warnings = loads(path)
    lone = one(warnings, "a alone settles issue x")
    assert at(lone) == where(path, text, "[a]") and lone.path == "issues[0].parties"
    silent = one(warnings, "c: a party to issue y1 without a stance on it")
    assert at(silent) == where(path, text, "[b, c]") and silent.path == "issues[1].parts[0].parties"


def test_flagship_minerals_deal_is_bilateral() -> None:
    s, _ = loads(FLAGSHIP)
    assert s.issue("I9").parties == ("usa", "ukraine")
    assert s.issue("I9").settled_by(["russia", "usa", "ukraine"]) == ("usa", "ukraine")
    assert all(i.parties == () for i in s.issues if i.id != "I9")


# -- confidence --------------------------------------------------------------------------------------------
def test_confidence_is_an_enum_with_a_meaning(tmp_path: Path) -> None:
    assert set(CONFIDENCE_LEVELS) == {"high", "medium", "low"}
    assert all(len(v) > 20 for v in CONFIDENCE_LEVELS.values())
    text = BASE.replace(
        "x: {position: 10, salience: 80,", "x: {position: 10, salience: 80, confidence: certain,"
    )
    path = write(tmp_path, text)
    p = one(errors(path), "'certain' is not one of high, medium, low")
    assert at(p) == where(path, text, "certain") and p.path == "stances[a][x].confidence"
    s, _ = loads(write(tmp_path, BASE))
    assert {st.confidence for st in s.stances} == {"medium"}  # the default
