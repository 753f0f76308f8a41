"""Background jobs: long analyses run in their own process, report progress, can be cancelled.

Each job is one child process (``spawn``, so it shares no locks or threads with the server) that calls
the analysis layer and sends ``("progress", done, total, message)`` and finally ``("result", document)``
or ``("error", kind, message)`` through a pipe. A watcher thread in the server reads the pipe, keeps
the job's state for the pages, and stores the result as a run in the store. Cancelling terminates the
process: the analyses are pure computations with nothing to clean up, and nothing is stored for a
cancelled job. At most ``workers`` jobs run at once; the others wait their turn.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import threading
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Job", "JobManager", "JOB_KINDS", "run_job"]

#: What a job can compute, and the analysis-layer document kind its run is stored as.
JOB_KINDS = {"analysis": "analysis", "forecast": "forecast", "deals": "deals", "simulation": "simulation"}


@dataclass
class Job:
    """One background job as the pages see it (mutable: its watcher updates it)."""

    id: int
    kind: str
    scenario_id: int
    version: int
    spec: dict[str, Any]
    seed: int
    status: str = "queued"  # queued, running, done, failed, cancelled
    done: int = 0
    total: int = 0
    message: str = "waiting for a free worker"
    run_id: int | None = None
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def active(self) -> bool:
        """Whether the job may still change (queued or running)."""
        return self.status in ("queued", "running")

    def to_dict(self) -> dict[str, Any]:
        """The job as plain data (the API's job document)."""
        end = self.finished if self.finished is not None else time.monotonic()
        return {
            "id": self.id,
            "kind": self.kind,
            "scenario_id": self.scenario_id,
            "version": self.version,
            "spec": self.spec,
            "seed": self.seed,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "message": self.message,
            "run_id": self.run_id,
            "error": self.error,
            "elapsed_s": round(end - self.started, 2),
        }


def run_job(kind: str, scenario: Any, spec: dict[str, Any], seed: int, conn: Any) -> None:
    """The child process: compute one analysis through :mod:`accord.analysis`, reporting as it goes."""
    from ..errors import InputError, LimitError

    def progress(done: int, total: int, message: str) -> None:
        conn.send(("progress", done, total, message))

    try:
        doc = _compute(kind, scenario, spec, seed, progress)
        conn.send(("result", doc))
    except LimitError as err:
        conn.send(("error", "limit", str(err)))
    except InputError as err:
        conn.send(("error", "input", str(err)))
    except Exception as err:  # a bug: say which, so the page can show it instead of hanging
        conn.send(("error", "internal", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


def _compute(kind: str, scenario: Any, spec: dict[str, Any], seed: int, progress: Any) -> dict[str, Any]:
    from .. import analysis as an

    if kind == "analysis":
        progress(0, 1, "forecasts, deal space and simulated talks")
        s = an.AnalysisSpec(
            models=tuple(spec["models"]) if spec.get("models") else None,
            signatories=tuple(spec["signatories"]) if spec.get("signatories") else None,
            simulate=bool(spec.get("simulate", True)),
            strategies=dict(spec.get("strategies") or {}),
            rounds=int(spec.get("rounds", 26)),
        )
        return an.analyze(scenario, s, seed=seed).to_dict()
    if kind == "forecast":
        from ..registry import MODELS

        names = list(spec.get("models") or MODELS.listed())
        models: list[Any] = []
        errors: dict[str, str] = {}
        # One model at a time, so the page can show which one is running; each call is exactly what
        # forecast() does per model, and the report is assembled the same way.
        for k, name in enumerate(names):
            progress(k, len(names), f"model {name}")
            rep = an.forecast(scenario, [name], seed=seed)
            models.extend(rep.models)
            errors.update(rep.errors)
        progress(len(names), len(names), "done")
        return an.ForecastReport(seed=seed, models=tuple(models), errors=errors).to_dict()
    if kind == "deals":
        progress(0, 2, "building the deal space")
        space = an.deal_space(scenario, loss=spec.get("loss", "linear"))
        progress(1, 2, "frontier, solutions, concessions")
        sig = spec.get("signatories") or None
        return an.deals(space, signatories=sig, top=int(spec.get("top", 10)), pareto=True).to_dict()
    if kind == "simulation":
        progress(0, 1, "negotiating")
        return an.simulate(
            scenario,
            dict(spec.get("strategies") or {}),
            protocol=spec.get("protocol", "alternating"),
            n_rounds=int(spec.get("rounds", 26)),
            seed=seed,
        ).to_dict()
    raise ValueError(f"unknown job kind {kind!r}")


class JobManager:
    """Starts, watches and cancels background jobs; stores each finished result as a run.

    Parameters
    ----------
    store : accord.store.Store
    workers : int
        Jobs that may run at once.
    keep : int
        Finished jobs remembered for the pages (their results stay in the store regardless).
    """

    def __init__(self, store: Any, workers: int = 2, keep: int = 200):
        self.store = store
        self.keep = keep
        self._jobs: dict[int, Job] = {}
        self._procs: dict[int, Any] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(workers)
        self._ctx = mp.get_context("spawn")
        self._closed = False

    def submit(
        self, kind: str, scenario_id: int, version: int, scenario: Any, spec: dict[str, Any], seed: int
    ) -> Job:
        """Queue a job on a parsed scenario version; returns it at once (its watcher runs it)."""
        if kind not in JOB_KINDS:
            from ..errors import InputError

            raise InputError.single("kind", f"unknown job kind {kind!r}; one of {', '.join(JOB_KINDS)}")
        with self._lock:
            job = Job(next(self._ids), kind, scenario_id, version, spec, seed)
            self._jobs[job.id] = job
            self._forget_old()
        threading.Thread(target=self._watch, args=(job, scenario), daemon=True, name=f"job-{job.id}").start()
        return job

    def get(self, job_id: int) -> Job | None:
        """A job by id (None when unknown or forgotten)."""
        return self._jobs.get(job_id)

    def jobs(self, scenario_id: int | None = None) -> list[Job]:
        """Known jobs, newest first (of one scenario, or all)."""
        out = [j for j in self._jobs.values() if scenario_id is None or j.scenario_id == scenario_id]
        return sorted(out, key=lambda j: -j.id)

    def cancel(self, job_id: int) -> Job | None:
        """Stop a queued or running job; nothing is stored for it."""
        job = self._jobs.get(job_id)
        if job is None or not job.active:
            return job
        with self._lock:
            job.status, job.message, job.finished = "cancelled", "cancelled", time.monotonic()
            proc = self._procs.get(job_id)
        if proc is not None and proc.is_alive():
            proc.terminate()
        return job

    def close(self) -> None:
        """Cancel everything still running (the server is stopping)."""
        self._closed = True
        for job in list(self._jobs.values()):
            self.cancel(job.id)

    def wait(self, job_id: int, timeout: float = 60.0) -> Job | None:
        """Block until a job is no longer active (for tests and scripts)."""
        end = time.monotonic() + timeout
        job = self._jobs.get(job_id)
        while job is not None and job.active and time.monotonic() < end:
            time.sleep(0.05)
        return job

    def _forget_old(self) -> None:
        done = [j for j in self._jobs.values() if not j.active]
        for j in sorted(done, key=lambda j: j.id)[: max(0, len(done) - self.keep)]:
            self._jobs.pop(j.id, None)

    def _watch(self, job: Job, scenario: Any) -> None:
        with self._slots:
            if not job.active or self._closed:
                return
            parent, child = self._ctx.Pipe(duplex=False)
            proc = self._ctx.Process(
                target=run_job, args=(job.kind, scenario, job.spec, job.seed, child), daemon=True
            )
            with self._lock:
                if not job.active:
                    return
                job.status, job.message = "running", "starting"
                self._procs[job.id] = proc
            proc.start()
            child.close()  # the child holds its end; EOF on ours means it is gone
            try:
                self._follow(job, parent)
            finally:
                parent.close()
                proc.join(timeout=5)
                self._procs.pop(job.id, None)

    def _follow(self, job: Job, conn: Any) -> None:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                if job.active:  # died without a word: killed from outside, or out of memory
                    self._finish(job, "failed", error="the worker process stopped unexpectedly")
                return
            if not job.active:
                return  # cancelled while it ran
            if msg[0] == "progress":
                job.done, job.total, job.message = msg[1], msg[2], msg[3]
            elif msg[0] == "result":
                self._store(job, msg[1])
                return
            else:
                self._finish(job, "failed", error=f"{msg[1]}: {msg[2]}" if msg[1] != "internal" else msg[2])
                return

    def _store(self, job: Job, doc: dict[str, Any]) -> None:
        try:
            run_id = self.store.save_run(
                job.scenario_id, job.version, JOB_KINDS[job.kind], job.spec, job.seed, doc
            )
        except Exception as err:  # the scenario was deleted meanwhile, or the database is gone
            self._finish(job, "failed", error=f"could not store the result: {err}")
            return
        with self._lock:
            if job.active:
                job.run_id = run_id
                job.done = job.total = max(job.total, 1)
                self._finish(job, "done")

    @staticmethod
    def _finish(job: Job, status: str, error: str | None = None) -> None:
        job.status, job.error, job.finished = status, error, time.monotonic()
        job.message = error or status
