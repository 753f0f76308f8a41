"""Inverse CDFs against scipy.stats, truncation to the range, and weighted choices."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from accord.scenario import Distribution
from accord.uncertainty import describe, ppf
from accord.uncertainty.distributions import support

U = np.linspace(0.001, 0.999, 201)


def test_uniform_triangular_normal_pert_match_scipy() -> None:
    assert np.allclose(ppf(Distribution("uniform", (10, 30)), U), stats.uniform(10, 20).ppf(U))
    tri = Distribution("triangular", (10, 25, 30))
    assert np.allclose(ppf(tri, U), stats.triang((25 - 10) / 20, loc=10, scale=20).ppf(U))
    assert np.allclose(ppf(Distribution("normal", (50, 10)), U), stats.norm(50, 10).ppf(U))
    a, m, b = 20.0, 35.0, 40.0
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    assert np.allclose(
        ppf(Distribution("pert", (a, m, b)), U), stats.beta(alpha, beta, loc=a, scale=b - a).ppf(U)
    )


def test_normal_is_truncated_to_the_range_not_clipped() -> None:
    d = Distribution("normal", (95, 10))
    x = ppf(d, U, 0, 100)
    want = stats.truncnorm((0 - 95) / 10, (100 - 95) / 10, loc=95, scale=10).ppf(U)
    assert np.allclose(x, want)
    assert x.max() <= 100 and x.min() >= 0
    # No pile-up at the end: clipping would put every u above ~0.69 at exactly 100.
    assert np.mean(x == 100) < 0.01


def test_triangular_cut_at_the_scale_keeps_its_mode() -> None:
    d = Distribution("triangular", (90, 100, 110))  # the default spread of a position at the top of a scale
    x = ppf(d, np.random.default_rng(0).random(20000), 0, 100)
    assert x.min() >= 90 and x.max() <= 100
    # The density rises all the way to the mode at 100.
    h, _ = np.histogram(x, bins=5, range=(90, 100))
    assert list(h) == sorted(h)


def test_choices_follow_their_weights() -> None:
    d = Distribution("choices", (), ((10.0, 1.0), (20.0, 3.0), (30.0, 0.0)))
    x = ppf(d, np.random.default_rng(1).random(40000))
    assert set(np.unique(x)) == {10.0, 20.0}
    assert np.mean(x == 20.0) == pytest.approx(0.75, abs=0.01)
    names = Distribution("choices", (), (("boulware", 1.0), ("conceder", 1.0)))
    assert set(ppf(names, U)) == {0.0, 1.0}  # indices of the names


def test_degenerate_distributions_are_points() -> None:
    assert np.all(ppf(Distribution("normal", (5, 0)), U) == 5)
    assert np.all(ppf(Distribution("triangular", (5, 5, 5)), U) == 5)
    assert np.all(ppf(Distribution("pert", (5, 5, 5)), U) == 5)


def test_mass_outside_the_range_goes_to_the_nearer_end() -> None:
    assert np.all(ppf(Distribution("normal", (500, 1)), U, 0, 100) == 100)


def test_describe_and_support() -> None:
    assert describe(Distribution("triangular", (60, 85, 95))) == "triangular(60, 85, 95)"
    assert (
        describe(Distribution("choices", (), (("boulware", 2.0), ("conceder", 1.0))))
        == "choices(boulware: 2, conceder: 1)"
    )
    assert support(Distribution("uniform", (-10, 50)), 0, 100) == (0, 50)
