"""The immutable scenario objects and their array views."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from accord.scenario import Actor, Issue, Option, RedLine, Scenario, Stance

ISSUE = Issue("x", "X", 0, 100, (Option("lo", "Low", 0), Option("mid", "Mid", 50), Option("hi", "High", 100)))


def scenario(lines: dict[str, RedLine]) -> Scenario:
    actors = tuple(Actor(a, a.upper()) for a in lines)
    stances = tuple(Stance(a, "x", (rl.lo + rl.hi) / 2, 50, rl) for a, rl in lines.items())
    return Scenario(actors, (ISSUE,), stances)


def test_nearest_option_and_lookup() -> None:
    assert ISSUE.nearest_option(30).id == "mid"  # type: ignore[union-attr]
    assert ISSUE.nearest_option(25).id == "lo"  # type: ignore[union-attr]  # ties go to the lower option
    assert ISSUE.nearest_option(np.nan) is None
    with pytest.raises(KeyError):
        ISSUE.option("nope")


def test_red_lines() -> None:
    rl = RedLine(0, 60)
    assert rl.accepts(60, ISSUE) and not rl.accepts(61, ISSUE)
    assert rl.accepts_option(ISSUE.option("mid")) and not rl.accepts_option(ISSUE.option("hi"))
    only = RedLine(0, 100, frozenset({"lo", "hi"}))
    assert only.accepts(100, ISSUE) and not only.accepts(50, ISSUE)
    assert not only.accepts_option(ISSUE.option("mid"))


def test_red_line_clashes() -> None:
    assert scenario({"a": RedLine(0, 40), "b": RedLine(60, 100)}).red_line_clashes() == [("x", ("a", "b"))]
    assert scenario({"a": RedLine(0, 60), "b": RedLine(40, 100)}).red_line_clashes() == []
    # The intervals overlap on 40-60, but the option sets leave nothing both accept.
    opts = {"a": RedLine(0, 60, frozenset({"lo"})), "b": RedLine(40, 100, frozenset({"mid", "hi"}))}
    assert scenario(opts).red_line_clashes() == [("x", ("a", "b"))]


def test_immutable_and_canonical() -> None:
    s = scenario({"b": RedLine(0, 40), "a": RedLine(0, 100)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.title = "changed"  # type: ignore[misc]
    with pytest.raises(ValueError):
        s.positions[0, 0] = 1.0
    reordered = Scenario(s.actors, s.issues, tuple(reversed(s.stances)))
    assert reordered == s and reordered.stances[0].actor == "b"
    with pytest.raises(ValueError, match="unknown actors or issues"):
        Scenario(s.actors, s.issues, (Stance("zz", "x", 1, 1),))
