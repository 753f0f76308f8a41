"""Progress bars go to stderr only, appear after a delay, and never touch a --json document."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from accord.report.progress import progress

FLAGSHIP = str(Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml")


def test_bar_is_drawn_on_stderr_when_enabled(capsys) -> None:
    with progress("runs", enabled=True, delay=0.0) as advance:
        advance(0, total=4)
        for _ in range(4):
            advance(1)
    out, err = capsys.readouterr()
    assert out == ""


def test_bar_is_silent_when_disabled(capsys) -> None:
    with progress("runs", 3, enabled=False) as advance:
        advance(3)
    assert capsys.readouterr() == ("", "")


def test_tournament_on_a_terminal_keeps_json_clean() -> None:
    # stderr is a terminal (a pty), stdout a pipe: the bar may show, the JSON must stay one document.
    leader, follower = pty.openpty()
    args = [sys.executable, "-m", "accord", "tournament", FLAGSHIP, "--strategies", "linear,staller"]
    args += ["--seeds", "2", "--rounds", "6", "--json"]
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=follower, timeout=300, check=False)
    os.close(follower)
    os.close(leader)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["kind"] == "tournament"
