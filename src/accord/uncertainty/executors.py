"""Where chunks are evaluated: this process, a local process pool, or a Ray cluster.

An executor's :meth:`~LocalExecutor.map` takes an evaluator, the design values and a list of chunks
(``(start, stop)`` row ranges) and yields ``(start, stop, block)`` as each chunk finishes, in whatever
order they finish. The evaluator travels to each worker once (a pool initializer; ``ray.put``), the
rows of a chunk with the chunk. Results do not depend on the executor: every output of a sample is a
function of that sample's values and number alone (:mod:`accord.uncertainty.evaluate`).

Ray is the engine for more than one machine (Moritz et al. 2018, "Ray: a distributed framework for
emerging AI applications", OSDI): :class:`RayExecutor` starts a local Ray instance, or joins a running
cluster (``address="auto"`` or ``ray://host:10001``; ``ray start --head`` starts one).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .tidy import Block

__all__ = ["EXECUTORS", "LocalExecutor", "RayExecutor", "make_executor", "chunks_of"]

FloatArray = NDArray[np.float64]
Chunk = tuple[int, int]

#: Executor names for ``--executor``.
EXECUTORS = ("local", "ray")

_EVALUATOR: Callable[..., Block] | None = None
_VALUES: FloatArray | None = None


def _init_worker(evaluator: Callable[..., Block], values: FloatArray) -> None:
    # Forked workers inherit both without a copy; spawned ones receive them once, not per chunk.
    global _EVALUATOR, _VALUES
    _EVALUATOR, _VALUES = evaluator, values


def _run_chunk(start: int, stop: int) -> tuple[int, int, Block]:
    assert _EVALUATOR is not None and _VALUES is not None, "the pool initializer sets them"
    return start, stop, _EVALUATOR(np.arange(start, stop, dtype=np.int64), _VALUES[start:stop])


def _ray_chunk(evaluator: Callable[..., Block], start: int, stop: int, values: FloatArray) -> Block:
    return evaluator(np.arange(start, stop, dtype=np.int64), values)


def chunks_of(n: int, size: int, skip: Sequence[Chunk] = ()) -> list[Chunk]:
    """Row ranges of at most ``size`` rows covering ``[0, n)``, leaving out the ranges in ``skip``."""
    if size < 1:
        raise InputError.single("--chunk-size", f"must be at least 1, not {size}")
    done = np.zeros(n, dtype=bool)
    for a, b in skip:
        done[a:b] = True
    # Runs of rows still to do, then each run cut into chunks.
    edges = np.flatnonzero(np.diff(np.concatenate([[0], (~done).astype(np.int8), [0]])))
    out: list[Chunk] = []
    for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        out += [(s, min(b, s + size)) for s in range(a, b, size)]
    return out


class LocalExecutor:
    """Run on this machine: the calling process (``workers=1``) or a pool of worker processes.

    Parameters
    ----------
    workers : int, optional
        Worker processes (default: every core).
    start_method : str, optional
        ``fork``, ``spawn`` or ``forkserver`` (default ``fork`` where the platform has it: workers start
        in milliseconds and inherit the loaded modules).
    """

    name = "local"

    def __init__(self, workers: int | None = None, start_method: str | None = None) -> None:
        self.workers = workers
        self.start_method = start_method

    @property
    def n_workers(self) -> int:
        """Worker processes used."""
        return max(1, self.workers or os.cpu_count() or 1)

    def map(
        self, evaluator: Callable[..., Block], values: FloatArray, chunks: Sequence[Chunk]
    ) -> Iterator[tuple[int, int, Block]]:
        """Evaluate ``chunks`` of ``values``; yield ``(start, stop, block)`` as each finishes."""
        if self.n_workers == 1 or len(chunks) <= 1:
            for a, b in chunks:
                yield a, b, evaluator(np.arange(a, b, dtype=np.int64), values[a:b])
            return
        method = self.start_method or (
            "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        )
        if method == "fork" and sys.platform == "darwin":  # fork is unsafe with macOS system libraries
            method = "spawn"
        ctx = multiprocessing.get_context(method)
        with ProcessPoolExecutor(
            max_workers=min(self.n_workers, len(chunks)),
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(evaluator, values),
        ) as pool:
            pending: set[Future[tuple[int, int, Block]]] = {pool.submit(_run_chunk, a, b) for a, b in chunks}
            try:
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in sorted(done, key=lambda f: f.result()[0]):
                        yield f.result()
            finally:
                for f in pending:
                    f.cancel()


class RayExecutor:
    """A Ray cluster: a local instance started (and stopped) here, or a running one joined by address.

    Parameters
    ----------
    address : str, optional
        A running cluster (``auto``, ``host:6379``, ``ray://host:10001``); None starts a local instance.
    workers : int, optional
        CPUs of a local instance (default: every core); on a cluster, the most chunks in flight at once.
    """

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        self.address = address
        self.workers = workers

    @property
    def n_workers(self) -> int:
        """Workers asked for (0: whatever the cluster has)."""
        return self.workers or 0

    def map(
        self, evaluator: Callable[..., Block], values: FloatArray, chunks: Sequence[Chunk]
    ) -> Iterator[tuple[int, int, Block]]:
        """Evaluate ``chunks`` of ``values`` as Ray tasks; yield ``(start, stop, block)`` as each finishes."""
        from ..distributed import start_ray

        ray, own = start_ray(self.address, self.workers)
        try:
            task = ray.remote(num_cpus=1)(_ray_chunk)
            ref = ray.put(evaluator)
            limit = max(1, 2 * self.workers) if self.workers else len(chunks)
            todo = list(chunks)
            running: dict[Any, Chunk] = {}
            while todo or running:
                while todo and len(running) < limit:
                    a, b = todo.pop(0)
                    running[task.remote(ref, a, b, values[a:b])] = (a, b)
                done, _ = ray.wait(list(running), num_returns=1)
                for r in done:
                    a, b = running.pop(r)
                    yield a, b, ray.get(r)
        finally:
            if own:
                ray.shutdown()


def make_executor(
    name: str, *, workers: int | None = None, address: str | None = None
) -> LocalExecutor | RayExecutor:
    """An executor by name (``--executor local|ray``)."""
    if name == "local":
        if address is not None:
            raise InputError.single("--address", "only applies to --executor ray")
        return LocalExecutor(workers)
    if name == "ray":
        return RayExecutor(address, workers)
    raise InputError.single("--executor", f"unknown executor {name!r}; known: {', '.join(EXECUTORS)}")
