"""Shared fixtures for the simulation tests: tiny hand-built deal spaces checkable by hand."""

from __future__ import annotations

import numpy as np
import pytest

from accord.deals import DealSpace


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
