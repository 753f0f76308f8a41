"""Shared fixtures for the uncertainty tests: a small scenario with every kind of uncertain parameter."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"

SMALL = """\
title: small
as_of: 2025-03-17
sources: [{id: S, publication: P}]
actors:
  - {id: a, capability: 3, strategy: boulware, batna: 0.2}
  - {id: b, capability: 2, strategy: conceder, deadline: 20}
  - {id: c, capability: 1}
issues:
  - id: I1
    status_quo: mid
    anchors:
      - {id: lo, label: Low, value: 0}
      - {id: mid, label: Middle, value: 50}
      - {id: hi, label: High, value: 100}
  - id: I2
    status_quo: 20
    anchors:
      - {id: none, label: None, value: 0}
      - {id: some, label: Some, value: 60}
      - {id: all, label: All, value: 100}
  - id: I3
    separable: true
    status_quo: 0
    anchors:
      - {id: no, label: No, value: 0}
      - {id: yes, label: Yes, value: 100}
stances:
  a:
    I1: {position: 90, salience: 80, red_line: {worst: 40}, confidence: high, sources: [S]}
    I2: {position: 20, salience: 40, confidence: low, sources: [S]}
    I3: {position: 100, salience: 30, sources: [S]}
  b:
    I1: {position: 20, salience: 70, red_line: {worst: 60}, confidence: medium, sources: [S]}
    I2: {position: 80, salience: 60, confidence: low, sources: [S]}
    I3: {position: 100, salience: 50, sources: [S]}
  c:
    I1: {position: 50, salience: 30, confidence: low, sources: [S]}
    I3: {position: 0, salience: 20, confidence: high, sources: [S]}
tracks:
  - id: front
    initial: 10
    drift: 0.5
    noise: 0.2
    min: 0
    max: 100
    freeze: {issue: I3, min: yes}
    effects:
      - {target: capability, actor: a, per_unit: 0.1}
uncertainty:
  stances.a.I1.salience: {triangular: [60, 80, 95]}
  stances.b.I1.red_line: {uniform: [50, 70]}
  actors.a.capability: {pert: [2, 3, 5]}
  actors.a.batna: {normal: [0.2, 0.1]}
  actors.b.strategy: {choices: {conceder: 2, boulware: 1}}
  actors.b.deadline: {choices: [15, 20, 25]}
  tracks.front.drift: {uniform: [0, 1]}
"""


@pytest.fixture(scope="session")
def small_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("small") / "small.yaml"
    p.write_text(SMALL)
    return p


@pytest.fixture(scope="session")
def small(small_path: Path) -> Scenario:
    return load_scenario(small_path)


@pytest.fixture(scope="session")
def flagship() -> Scenario:
    return load_scenario(FLAGSHIP)
