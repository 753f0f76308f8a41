"""`accord play` in a real terminal: tmux types the keys, the screen is read back."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


def _tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but tmux is missing")
        pytest.skip("tmux is not installed")
    return tmux


def _wait(screen, text: str, timeout: float = 30.0) -> str:
    end = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < end:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared on the screen:\n{shown}")


def test_play_in_tmux(tmp_path: Path) -> None:
    import subprocess

    tmux = _tmux()
    pytest.importorskip("prompt_toolkit")
    name = f"accord-play-{uuid.uuid4().hex[:8]}"
    out = tmp_path / "game.json"
    command = " ".join(
        shlex.quote(a)
        for a in [
            sys.executable,
            "-m",
            "accord",
            "play",
            str(FLAGSHIP),
            "--as",
            "ukraine",
            "--json",
            "-o",
            str(out),
        ]
    )
    socket = ["-L", name]  # a server of its own: nothing of the user's tmux is touched
    subprocess.run(
        [tmux, *socket, "new-session", "-d", "-s", name, "-x", "160", "-y", "50", command], check=True
    )

    def screen() -> str:
        r = subprocess.run([tmux, *socket, "capture-pane", "-p", "-t", name], capture_output=True, text=True)
        return r.stdout

    def keys(*k: str) -> None:
        subprocess.run([tmux, *socket, "send-keys", "-t", name, *k], check=True)

    try:
        first = _wait(screen, "YOUR MOVE: russia offers a package")
        assert "round 1 of 26 (week ending 2025-03-24)" in first
        assert "p propose" in first and "a accept" in first and "q quit" in first
        assert "your no-deal value (BATNA)" in first
        # reject until Ukraine's turn to propose (round 3)
        for _ in range(10):
            if "your turn to propose" in screen():
                break
            keys("r")
            time.sleep(0.4)
        _wait(screen, "round 3 of 26")
        keys("p")
        editor = _wait(screen, "Your package: an option on every issue")
        assert "your utility if agreed:" in editor
        keys("Enter")  # the starting package crosses Ukraine's red lines (no security presence)
        warned = _wait(screen, "press ! to send it anyway")
        assert "crosses your red line on I5" in warned
        keys("!")
        _wait(screen, "sent despite")
        keys("q")
        _wait(screen, "leave the game now?")
        keys("y")
        end = time.monotonic() + 60
        while time.monotonic() < end and not out.exists():
            time.sleep(0.2)
        assert out.exists(), screen()
    finally:
        subprocess.run([tmux, *socket, "kill-server"], capture_output=True)
    import json

    doc = json.loads(out.read_text())
    moves = doc["trace"]["moves"]
    assert doc["kind"] == "game" and not doc["finished"]
    assert moves[-1]["kind"] == "propose" and moves[-1]["override"] and moves[-1]["round"] == 3
