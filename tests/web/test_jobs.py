"""Background jobs: the worker function itself, the queue of workers, cancelling, a worker that dies."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from typing import Any

import pytest

import accord
from accord.store import Store
from accord.web.jobs import JobManager, run_job

from .conftest import FLAGSHIP


@pytest.fixture(scope="module")
def scenario() -> Any:
    return accord.load_scenario(FLAGSHIP)


def _messages(kind: str, scenario: Any, spec: dict[str, Any]) -> list[tuple[Any, ...]]:
    parent, child = mp.Pipe(duplex=False)
    # In a thread of this process: what the child process runs (a document outgrows the pipe's buffer,
    # so it is read while it is written).
    worker = threading.Thread(target=run_job, args=(kind, scenario, spec, 0, child))
    worker.start()
    out = []
    while True:
        try:
            out.append(parent.recv())
        except EOFError:  # the worker closed its end: every message is in
            worker.join()
            return out


@pytest.mark.parametrize(
    ("kind", "spec", "doc_kind"),
    [
        ("forecast", {"models": ["compromise", "median"]}, "forecast"),
        ("deals", {"signatories": ["usa", "europe"]}, "deals"),
        ("simulation", {"rounds": 5, "strategies": {"russia": "staller"}}, "simulation"),
        ("analysis", {"models": ["compromise"], "simulate": False}, "analysis"),
    ],
)
def test_worker_reports_progress_then_the_document(
    scenario: Any, kind: str, spec: dict[str, Any], doc_kind: str
) -> None:
    msgs = _messages(kind, scenario, spec)
    assert msgs[0][0] == "progress" and msgs[-1][0] == "result"
    doc = msgs[-1][1]
    assert doc["kind"] == doc_kind and doc["schema_version"]
    if kind == "forecast":
        assert [m[1:3] for m in msgs[:-1]] == [(0, 2), (1, 2), (2, 2)]
        assert (
            doc == accord.analysis.forecast(scenario, ["compromise", "median"]).to_dict()
        )  # same as in one call
    if kind == "deals":
        assert doc["signatories"] == ["usa", "europe"] and doc["pareto"]


def test_worker_errors_are_messages(scenario: Any) -> None:
    bad = _messages("simulation", scenario, {"strategies": {"russia": "nope"}})
    assert bad[-1][0] == "error" and bad[-1][1] == "input" and "nope" in bad[-1][2]
    odd = _messages("tea-leaves", scenario, {})
    assert odd[-1][:2] == ("error", "internal") and "unknown job kind" in odd[-1][2]


def test_queue_cancel_and_a_dying_worker(scenario: Any, flagship_text: str) -> None:
    store = Store("sqlite://")
    sid = store.add_scenario(flagship_text, "yaml", "t")
    jobs = JobManager(store, workers=1)
    try:
        first = jobs.submit("analysis", sid, 1, scenario, {}, 0)
        second = jobs.submit("forecast", sid, 1, scenario, {"models": ["compromise"]}, 0)
        end = time.monotonic() + 30
        while first.status != "running" and time.monotonic() < end:
            time.sleep(0.02)
        assert first.status == "running" and second.status == "queued"  # one worker: the second waits
        jobs.cancel(second.id)
        assert second.status == "cancelled"
        # the running worker is killed from outside: the job fails, saying so
        while jobs._procs.get(first.id) is None or jobs._procs[first.id].pid is None:
            time.sleep(0.02)
        os.kill(jobs._procs[first.id].pid, signal.SIGKILL)
        done = jobs.wait(first.id, 30)
        assert done is not None and done.status == "failed" and "stopped unexpectedly" in (done.error or "")
        assert jobs.wait(second.id, 5).status == "cancelled"  # type: ignore[union-attr]
        assert store.runs(sid) == []  # nothing stored for either
        third = jobs.submit("simulation", sid, 1, scenario, {"rounds": 4}, 0)
        assert jobs.wait(third.id, 60).status == "done"  # type: ignore[union-attr]
        assert [r.kind for r in store.runs(sid)] == ["simulation"]
        assert [j.id for j in jobs.jobs(sid)] == [third.id, second.id, first.id]
    finally:
        jobs.close()
        store.close()
