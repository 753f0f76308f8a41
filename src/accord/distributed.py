"""Joining or starting Ray, the one engine accord uses beyond a single process pool.

Sweeps (:class:`accord.uncertainty.RayExecutor`) and tournaments (:func:`accord.simulate.tournament.ray_pool`)
both start Ray here, so an address means the same in both and a dead one is refused the same way.

References
----------
P. Moritz et al. (2018), "Ray: a distributed framework for emerging AI applications", OSDI.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from .errors import InputError

__all__ = ["start_ray"]


def start_ray(address: str | None = None, workers: int | None = None) -> tuple[Any, bool]:
    """Ray, initialised: ``(ray, started_here)``; stop it with ``ray.shutdown()`` when ``started_here``.

    Parameters
    ----------
    address : str, optional
        A running cluster (``auto``, ``host:6379``, ``ray://host:10001``; default ``$RAY_ADDRESS``); None
        starts a local instance, even where a cluster is running (``ray.init()`` would join that one,
        or wait for minutes on a stale one).
    workers : int, optional
        CPUs of a local instance (default: every core).

    Raises
    ------
    InputError
        Ray is not installed, or the address does not answer.
    """
    try:
        import ray
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError.single(
            "--executor", "Ray is not installed: pip install 'accord[distributed]'"
        ) from None
    if ray.is_initialized():
        return ray, False
    address = address or os.environ.get("RAY_ADDRESS") or None
    _probe(address)
    try:
        ray.init(
            address=address or "local",
            num_cpus=workers if address is None else None,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,
        )
    except (ConnectionError, ValueError, RuntimeError) as err:
        where = address or "a local instance"
        raise InputError.single("--address", f"cannot start or reach Ray at {where}: {err}") from None
    return ray, True


def _probe(address: str | None, timeout: float = 5.0) -> None:
    """Refuse an address where nothing listens, at once (Ray itself retries for minutes)."""
    if address is None or address == "auto":
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not port.isdigit():
        raise InputError.single("--address", f"expected HOST:PORT, auto or ray://HOST:PORT, not {address!r}")
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout).close()
    except OSError as err:
        raise InputError.single(
            "--address",
            f"cannot start or reach Ray at {address}: {err.strerror or err} (is `ray start --head` running?)",
        ) from None
