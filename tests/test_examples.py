"""Every example validates and its main job runs (the README's first command)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*/scenario.yaml"))


@pytest.mark.parametrize("scenario", EXAMPLES, ids=lambda p: p.parent.name)
def test_example_runs(scenario: Path) -> None:
    for command in ("validate", "analyze"):
        r = subprocess.run(
            [sys.executable, "-m", "accord", command, str(scenario)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
    assert (scenario.parent / "README.md").is_file()
