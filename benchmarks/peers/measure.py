"""Whole-process measurements: wall time and peak resident memory of one child process.

The child is started with :class:`subprocess.Popen` and reaped with :func:`os.wait4`, which returns that
child's own resource usage (``ru_maxrss``: its peak resident set, in KiB on Linux; ``ru_utime`` and
``ru_stime``), as ``/usr/bin/time`` reports it. Wall time runs from just before the start to the reap,
so it includes the interpreter's start-up and every import: what a user waits for. The child writes its
answer and its own timings (import, read, compute; ``time.perf_counter`` inside it) to a JSON file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Run", "run_child", "ChildFailed"]

MIB = 1024.0


class ChildFailed(RuntimeError):
    """A child process exited with an error or wrote no answer."""


@dataclass(frozen=True)
class Run:
    """One measured child process.

    ``wall_s``: start to exit; ``peak_rss_mib``: its peak resident set; ``cpu_s``: user + system CPU;
    ``answer``: what it wrote (with its ``timings``); ``load``: the 1-minute load average just before.
    """

    tool: str
    task: str
    wall_s: float
    peak_rss_mib: float
    cpu_s: float
    answer: dict[str, Any]
    load: float
    argv: tuple[str, ...] = field(default=())

    @property
    def compute_s(self) -> float:
        """Compute time measured inside the process (after import and reading)."""
        return float(self.answer["timings"]["compute"])


def run_child(
    tool: str, task: str, argv: list[str], *, timeout: float = 1800.0, env: dict[str, str] | None = None
) -> Run:
    """Run ``argv + ["--answer", FILE]`` as a child process and measure it.

    Parameters
    ----------
    tool, task : str
        Labels for the table.
    argv : list of str
        The command (an interpreter and a runner script with its arguments).
    timeout : float
        Seconds before the child is killed (a hung peer must not hang the run).
    env : dict, optional
        Extra environment variables.

    Raises
    ------
    ChildFailed
        Non-zero exit, a timeout, or no answer; the message carries the end of its stderr.
    """
    with tempfile.TemporaryDirectory(prefix="peers-") as tmp:
        answer_path = Path(tmp) / "answer.json"
        err_path = Path(tmp) / "stderr.txt"
        cmd = [*argv, "--answer", str(answer_path)]
        load = os.getloadavg()[0]
        with open(err_path, "wb") as err, open(os.devnull, "wb") as out:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
            # A blocking reap (no polling to disturb the measurement); a timer kills a hung child.
            killer = threading.Timer(timeout, proc.kill)
            killer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                killer.cancel()
            wall = time.perf_counter() - t0
        # Popen must not try to reap the child again.
        proc.returncode = os.waitstatus_to_exitcode(status)
        if wall >= timeout:
            raise ChildFailed(f"{tool} {task}: killed after {timeout:.0f} s: {' '.join(cmd)}")
        if proc.returncode != 0 or not answer_path.exists():
            tail = err_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise ChildFailed(f"{tool} {task}: exit {proc.returncode}: {' '.join(cmd)}\n{tail}")
        answer = json.loads(answer_path.read_text(encoding="utf-8"))
    return Run(
        tool=tool,
        task=task,
        wall_s=wall,
        peak_rss_mib=usage.ru_maxrss / MIB if sys.platform != "darwin" else usage.ru_maxrss / MIB / MIB,
        cpu_s=usage.ru_utime + usage.ru_stime,
        answer=answer,
        load=load,
        argv=tuple(cmd),
    )
