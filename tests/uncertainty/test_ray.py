"""The Ray executor: a local Ray instance started and stopped by the test gives the local executor's bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.scenario import Scenario
from accord.uncertainty import LocalExecutor, RayExecutor, sweep

if os.environ.get("CI"):
    import ray
else:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'accord[distributed]')")


def test_ray_gives_the_same_bytes_as_the_local_pool(small: Scenario, tmp_path: Path) -> None:
    options = {
        "n_samples": 16,
        "analyses": ("forecast", "deals", "simulate"),
        "models": ("compromise", "smp"),
        "seed": 2,
    }
    local, remote = tmp_path / "local.parquet", tmp_path / "ray.parquet"
    sweep(small, path=local, executor=LocalExecutor(1), chunk_size=16, **options)  # type: ignore[arg-type]
    assert not ray.is_initialized()
    report = sweep(small, path=remote, executor=RayExecutor(workers=2), chunk_size=3, **options)  # type: ignore[arg-type]
    assert not ray.is_initialized()  # the instance the executor started is stopped again
    assert remote.read_bytes() == local.read_bytes()
    assert report.n_samples == 16


def test_an_unreachable_cluster_is_an_input_error(small: Scenario) -> None:
    from accord.errors import InputError

    with pytest.raises(InputError, match="cannot start or reach Ray"):
        sweep(small, n_samples=2, executor=RayExecutor(address="127.0.0.1:1"))
    assert not ray.is_initialized()
