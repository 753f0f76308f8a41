"""Every write is atomic: a kill -9 at a random moment leaves the old file or the new one, never a mix.

A child process rewrites one file over and over (alternating two large contents) through
:func:`accord.io.atomic_write`; the parent kills it with SIGKILL at random moments and checks the file
each time. The same for the simulation CSV and the import folder (built beside, then renamed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

A = "a" * 2_000_000
B = "b" * 3_000_000

WRITER = textwrap.dedent(
    """
    import sys
    from accord.io import atomic_write
    target = sys.argv[1]
    a, b = "a" * 2_000_000, "b" * 3_000_000
    print("ready", flush=True)
    i = 0
    while True:
        atomic_write(target, a if i % 2 else b)
        i += 1
    """
)


def _kill_at_random(cmd: list[str], check, n: int = 25, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(n):
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(float(rng.uniform(0.0, 0.15)))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        check()


def test_file_writes_survive_sigkill(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text(A)

    def check() -> None:
        assert target.read_text() in (A, B)

    _kill_at_random([sys.executable, "-c", WRITER, str(target)], check)


FOLDER_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from accord.scenario import load_scenario
    from accord.scenario.writer import write_folder
    sc = load_scenario(sys.argv[2])
    target = Path(sys.argv[1])
    print("ready", flush=True)
    i = 0
    while True:
        write_folder([sc] * (3 if i % 2 else 5), target)
        i += 1
    """
)


def test_import_folder_survives_sigkill(tmp_path: Path) -> None:
    from accord.scenario import load_scenario
    from accord.scenario.writer import write_folder

    flagship = Path(__file__).resolve().parents[1] / "examples" / "ukraine-2025" / "scenario.yaml"
    target = tmp_path / "out"
    write_folder([load_scenario(flagship)] * 3, target)

    def check() -> None:
        files = sorted(p.name for p in target.iterdir())
        assert len(files) in (3, 5), files
        for p in target.iterdir():
            load_scenario(p)  # every file whole

    _kill_at_random([sys.executable, "-c", FOLDER_WRITER, str(target), str(flagship)], check, n=10)
