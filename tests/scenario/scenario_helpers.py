"""Helpers for tests that check where the loader locates a problem (file:line:column)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accord.errors import Problem
from accord.scenario import Scenario, ScenarioError, load_scenario

#: Two actors on a numeric scale with anchors and a discrete issue split into two parts.
BASE = """\
title: Located
as_of: 2025-03-17
sources:
  - {id: S1, publication: Test Times}
actors:
  - {id: a, name: A, capability: 2}
  - {id: b, name: B, capability: 1}
  - {id: c, name: C, capability: 1}
issues:
  - id: x
    name: X
    anchors:
      - {id: lo, label: Low, value: 0}
      - {id: mid, label: Mid, value: 50}
      - {id: top, label: Top, value: 90}
  - id: y
    name: Y
    options:
      - {id: none, label: None, value: 0}
      - {id: some, label: Some, value: 50}
      - {id: all, label: All, value: 100}
    parts:
      - {id: y1, name: Y1}
      - {id: y2, name: Y2}
stances:
  a:
    x: {position: 10, salience: 80, sources: [S1]}
    y: {position: none, salience: 50, sources: [S1]}
  b:
    x: {position: 80, salience: 40, sources: [S1]}
    y: {position: all, salience: 60, sources: [S1]}
  c:
    x: {position: 50, salience: 10, sources: [S1]}
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    """Write ``text`` into ``tmp_path / name`` and return the path."""
    p = tmp_path / name
    p.write_text(text)
    return p


def where(path: Path, text: str, needle: str, nth: int = 0) -> str:
    """``file:line:column`` of the ``nth`` occurrence of ``needle`` in ``text`` (1-based, as reported)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"{path}:{line}:{col}"


def errors(path: Path) -> list[Problem]:
    """The problems of a file that does not load (fails the test if it loads)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value.problems


def loads(path: Path) -> tuple[Scenario, list[Problem]]:
    """The scenario of a file that loads, and its warnings."""
    warnings: list[Any] = []
    return load_scenario(path, warnings=warnings), warnings


def one(problems: list[Problem], text: str) -> Problem:
    """The one problem whose message contains ``text`` (fails the test with the list otherwise)."""
    hits = [p for p in problems if text in p.message]
    assert len(hits) == 1, [str(p) for p in problems]
    return hits[0]


def at(problem: Problem) -> str:
    """``file:line:column`` of a problem."""
    return f"{problem.file}:{problem.line}:{problem.column}"
