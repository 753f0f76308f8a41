"""Designs: seeded, stratified (Latin hypercube), Saltelli's shape, refused when malformed."""

from __future__ import annotations

import numpy as np
import pytest

from accord.errors import InputError
from accord.scenario import Distribution
from accord.uncertainty import Problem, sample
from accord.uncertainty.sampling import latin_hypercube

PROBLEM = Problem.from_distributions(
    {
        "x": Distribution("uniform", (0, 10)),
        "y": Distribution("normal", (0, 1)),
        "z": Distribution("uniform", (5, 6)),
    }
)


def test_latin_hypercube_has_one_point_per_stratum() -> None:
    u = latin_hypercube(1000, 7, np.random.default_rng(3))
    assert u.shape == (1000, 7) and u.min() >= 0 and u.max() < 1
    for j in range(7):
        assert sorted(np.floor(u[:, j] * 1000).astype(int)) == list(range(1000))


@pytest.mark.parametrize("method", ["lhs", "sobol", "random"])
def test_same_seed_same_design(method: str) -> None:
    a, b = sample(PROBLEM, 64, method, 7), sample(PROBLEM, 64, method, 7)
    assert a.values.tobytes() == b.values.tobytes()
    assert sample(PROBLEM, 64, method, 8).values.tobytes() != a.values.tobytes()
    assert a.values[:, 0].min() >= 0 and a.values[:, 0].max() <= 10


def test_sobol_design_has_saltelli_shape() -> None:
    d = sample(PROBLEM, 128, "sobol", 0)
    assert d.values.shape == (128 * (3 + 2), 3) and d.n_base == 128


@pytest.mark.parametrize(
    ("n", "method", "message"),
    [(100, "sobol", "power of two"), (0, "lhs", ">= 1"), (10, "halton", "unknown sampling method")],
)
def test_bad_requests_are_input_errors(n: int, method: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        sample(PROBLEM, n, method, 0)


def test_nothing_uncertain_is_an_input_error() -> None:
    with pytest.raises(InputError, match="nothing is uncertain"):
        sample(Problem(()), 10)
