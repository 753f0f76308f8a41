"""Shared fixtures for the simulation tests: tiny hand-built deal spaces checkable by hand."""

from __future__ import annotations

import numpy as np
import pytest

from accord.deals import DealSpace
from accord.scenario import Actor, Issue, Option, Scenario, Stance


def two_issue_space(batna: float = 0.2) -> DealSpace:
    """Two issues x, y with options 0, 1, 2 (package index 3x + y) and two actors with opposed values.

    ``me`` (weights x .6, y .4) values option k at k / 2; ``opp`` (x .4, y .6) at 1 - k / 2. Utilities of
    ``me`` by package index: 0, .2, .4, .3, .5, .7, .6, .8, 1.0.
    """
    up = np.array([0.0, 0.5, 1.0])
    return DealSpace(
        issues=("x", "y"),
        options=(("lo", "mid", "hi"), ("lo", "mid", "hi")),
        actors=("me", "opp"),
        weights=np.array([[0.6, 0.4], [0.4, 0.6]]),
        values=(np.stack([up, 1 - up]), np.stack([up, 1 - up])),
        disagreement=np.array([batna, batna]),
    )


def anchor_space() -> DealSpace:
    """Three issues; ``me`` cares little about z, where its best option (1) lies in the middle."""
    up = np.array([0.0, 0.5, 1.0])
    return DealSpace(
        issues=("x", "y", "z"),
        options=(("lo", "mid", "hi"),) * 3,
        actors=("me", "opp"),
        weights=np.array([[0.5, 0.3, 0.2], [0.3, 0.5, 0.2]]),
        values=(np.stack([up, 1 - up]), np.stack([up, 1 - up]), np.array([[0.4, 1.0, 0.6], [1.0, 0.5, 0.0]])),
        disagreement=np.array([0.2, 0.2]),
    )


@pytest.fixture()
def space() -> DealSpace:
    return two_issue_space()


def separable_scenario(x_a: float = 60, x_b: float = 60, salience_x_a: float = 30) -> Scenario:
    """Two actors, four issues; X is separable and a partial deal on it comes early.

    With the defaults both want X near 50 and ``a`` cares little about W and X, so anchor-and-cede anchors
    both (X at o0, W at o100).
    """

    def opts(*vals: int) -> tuple[Option, ...]:
        return tuple(Option(f"o{v}", f"o{v}", float(v)) for v in vals)

    issues = (
        Issue("X", "X", options=opts(0, 50, 75, 100), discrete=True, status_quo=0.0, separable=True),
        Issue("Y", "Y", options=opts(0, 50, 100), discrete=True, status_quo=0.0),
        Issue("Z", "Z", options=opts(0, 50, 100), discrete=True, status_quo=100.0),
        Issue("W", "W", options=opts(0, 50, 100), discrete=True, status_quo=50.0),
    )
    stances = (
        Stance("a", "X", x_a, salience_x_a),
        Stance("a", "Y", 100, 80),
        Stance("a", "Z", 100, 40),
        Stance("a", "W", 60, 5),
        Stance("b", "X", x_b, 30),
        Stance("b", "Y", 0, 40),
        Stance("b", "Z", 0, 80),
        Stance("b", "W", 40, 5),
    )
    return Scenario(actors=(Actor("a", "A"), Actor("b", "B")), issues=issues, stances=stances, title="sep")
