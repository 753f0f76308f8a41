"""Run accord and the peers side by side and write the table (``python benchmarks/run.py --peers``).

Steps: build (or reuse) the peer's environment; generate every problem once into Genius XML folders;
for each repeat and each task run accord's and the peer's processes alternately (the order flips each
repeat, so drift in the machine's load falls on both); compare the answers; write the Markdown table.
A mismatch in answers is printed loudly and makes the run exit 1; a run that fails exits 2.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .answers import compare_deals, compare_games, compare_repeats
from .environment import NEGMAS_VERSION, negmas_python
from .measure import ChildFailed, Run, run_child
from .table import END, START, Row, render
from .tasks import Task, build_tasks

__all__ = [
    "run_peers",
    "rerender",
    "raw_document",
    "rows_from_raw",
    "check_rows",
    "write_section",
    "machine",
    "versions",
]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ACCORD_RUNNER = HERE / "accord_runner.py"
NEGMAS_RUNNER = HERE / "negmas_runner.py"


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def machine() -> tuple[str, int]:
    """A one-line description of the machine, and its core count."""
    cores = os.cpu_count() or 1
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024**2:.0f} GiB RAM"
    except OSError:
        mem = ""
    return f"{model}, {cores} cores{mem}, {platform.system()} {platform.release()}", cores


def _git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {head}"


def versions(negmas_answer: dict[str, Any] | None) -> str:
    """accord's, numpy's, Python's and the peer's versions, as the runs reported them."""
    import numpy

    import accord

    parts = [
        f"accord {getattr(accord, '__version__', '?')} ({_git_commit()}), numpy {numpy.__version__}, "
        f"Python {platform.python_version()}"
    ]
    if negmas_answer is not None:
        parts.append(f"NegMAS {negmas_answer.get('version')} from PyPI in its own environment")
    return "; ".join(parts)


def check_rows(rows: list[Row]) -> list[str]:
    """Compare every accord row with its peer run (and every tool's repeats); fill ``row.diffs``."""
    problems = []
    for row in rows:
        diffs = compare_repeats([r.answer for r in row.ours], row.label)
        if row.peer:
            diffs += compare_repeats([r.answer for r in row.peer], row.task.peer)
            cmp: Callable[..., list[str]] = compare_deals if row.task.kind == "deals" else compare_games
            diffs += cmp(row.ours[0].answer, row.peer[0].answer, row.task.peer)
        row.diffs = diffs
        problems += [f"{row.task.title} [{row.label}]: {d}" for d in diffs]
    return problems


def write_section(path: Path, section: str) -> None:
    """Write the generated section into ``path``: between its markers if it has them, else at its end.

    Whatever else the file holds is kept (a README quoting the table keeps its prose).
    """
    from accord.io import atomic_write

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + section.rstrip("\n") + tail
    elif text.strip():
        text = text.rstrip("\n") + "\n\n" + section
    else:
        text = section
    atomic_write(path, text)


def _measure(tasks: list[Task], repeats: int, accord_py: str, negmas_py: str | None) -> list[Row]:
    rows = {(t.key, v.label): Row(task=t, label=v.label, ours=[]) for t in tasks for v in t.variants}
    peer_runs: dict[str, list[Run]] = {t.key: [] for t in tasks}
    for rep in range(repeats):
        for task in tasks:
            jobs: list[tuple[str, Any]] = [("accord", v) for v in task.variants]
            if task.peer_argv is not None and negmas_py is not None:
                # Alternate who goes first, so a change in the machine's load falls on both tools.
                jobs = [("peer", None), *jobs] if rep % 2 else [*jobs, ("peer", None)]
            for who, variant in jobs:
                if who == "accord":
                    run = run_child("accord", task.key, [accord_py, str(ACCORD_RUNNER), *variant.argv])
                    rows[(task.key, variant.label)].ours.append(run)
                else:
                    assert negmas_py is not None and task.peer_argv is not None
                    argv = [negmas_py, str(NEGMAS_RUNNER), *task.peer_argv]
                    run = run_child(task.peer, task.key, argv, timeout=3600.0)
                    peer_runs[task.key].append(run)
                _stderr(
                    f"  [{rep + 1}/{repeats}] {task.key:<24} {run.tool:<8} wall {run.wall_s:8.3f} s  "
                    f"peak {run.peak_rss_mib:8.0f} MiB  compute {run.compute_s:8.4f} s  load {run.load:.2f}"
                )
    for row in rows.values():
        row.peer = peer_runs[row.task.key]
    return list(rows.values())


def raw_document(rows: list[Row], meta: dict[str, Any]) -> dict[str, Any]:
    """Every run's measurements and answer, and the run's ``meta`` (what ``--raw`` writes)."""
    # Rows of one task share the peer's runs: each run once.
    unique = {id(r): (row, r) for row in rows for r in (*row.ours, *row.peer)}
    runs = [
        {"task": row.task.key, "row": row.label if r.tool == "accord" else r.tool, "tool": r.tool,
         "wall_s": r.wall_s, "peak_rss_mib": r.peak_rss_mib, "cpu_s": r.cpu_s, "load": r.load,
         "answer": r.answer}
        for row, r in unique.values()
    ]  # fmt: skip
    return {"meta": {**meta, "load": list(meta["load"])}, "runs": runs}


def rows_from_raw(raw: dict[str, Any], tasks: list[Task]) -> list[Row]:
    """Rows rebuilt from a saved run (``--raw``), in run order, for re-rendering without re-measuring."""
    by_key = {t.key: t for t in tasks}
    rows: dict[tuple[str, str], Row] = {}
    peer_runs: dict[str, list[Run]] = {}
    for r in raw["runs"]:
        task = by_key[r["task"]]
        run = Run(
            tool=r["tool"], task=r["task"], wall_s=r["wall_s"], peak_rss_mib=r["peak_rss_mib"],
            cpu_s=r["cpu_s"], answer=r["answer"], load=r["load"],
        )  # fmt: skip
        if run.tool == "accord":
            rows.setdefault((task.key, r["row"]), Row(task=task, label=r["row"], ours=[])).ours.append(run)
        else:
            peer_runs.setdefault(task.key, []).append(run)
    for row in rows.values():
        row.peer = peer_runs.get(row.task.key, [])
    order = {(t.key, v.label): i for i, (t, v) in enumerate((t, v) for t in tasks for v in t.variants)}
    return sorted(rows.values(), key=lambda row: order[(row.task.key, row.label)])


def _finish(rows: list[Row], meta: dict[str, Any], out: Path | None) -> int:
    """Check the answers, print and write the table; the exit code."""
    mismatches = check_rows(rows)
    section = render(rows, meta)
    print(section)
    if out is not None:
        write_section(out, section)
        _stderr(f"wrote the table to {out}")
    if mismatches:
        bar = "!" * 100
        _stderr(f"\n{bar}\n!!! ANSWERS DIFFER between accord and the peer:")
        for m in mismatches:
            _stderr(f"!!!   {m}")
        _stderr(f"{bar}\n")
        return 1
    return 0


def rerender(raw_path: Path, out: Path | None = None) -> int:
    """The table of a saved run (``--raw FILE``), answers checked again, nothing re-measured."""
    raw = json.loads(raw_path.read_text(encoding="utf-8"))
    meta = raw["meta"]
    meta["load"] = tuple(meta["load"])
    with tempfile.TemporaryDirectory(prefix="accord-peers-") as tmp:
        tasks = build_tasks(Path(tmp), quick=bool(meta.get("quick")), log=_stderr)
    return _finish(rows_from_raw(raw, tasks), meta, out)


def run_peers(
    *,
    quick: bool = False,
    repeats: int | None = None,
    out: Path | None = None,
    raw: Path | None = None,
    rebuild: bool = False,
    command: str = "python benchmarks/run.py --peers",
) -> int:
    """The whole side-by-side run; returns the exit code (0 same answers, 1 a mismatch, 2 a failure)."""
    repeats = repeats or (1 if quick else 3)
    try:
        import accord  # noqa: F401
    except ImportError:
        _stderr(
            "accord is not importable here: "
            "run with accord's environment (.venv/bin/python benchmarks/run.py)"
        )
        return 2
    try:
        negmas_py = str(negmas_python(NEGMAS_VERSION, rebuild=rebuild, log=_stderr))
    except RuntimeError as err:
        _stderr(f"could not build the NegMAS environment: {err}")
        return 2
    desc, cores = machine()
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="accord-peers-") as tmp:
        _stderr(f"generating the problems in {tmp}")
        tasks = build_tasks(Path(tmp), quick=quick, log=_stderr)
        _stderr(f"running {len(tasks)} tasks x {repeats} repeat(s), accord and the peer alternately")
        try:
            rows = _measure(tasks, repeats, sys.executable, negmas_py)
        except ChildFailed as err:
            _stderr(f"\n!!! A RUN FAILED: {err}")
            return 2
    loads += [r.load for row in rows for r in (*row.ours, *row.peer)] + [os.getloadavg()[0]]
    peer_answer = next((row.peer[0].answer for row in rows if row.peer), None)
    meta = {
        "date": dt.date.today().isoformat(),
        "command": command,
        "machine": desc,
        "cores": cores,
        "versions": versions(peer_answer),
        "repeats": repeats,
        "quick": quick,
        "load": (min(loads), max(loads)),
    }
    if raw is not None:
        from accord.io import atomic_write

        atomic_write(raw, json.dumps(raw_document(rows, meta), indent=1))
    return _finish(rows, meta, out)
