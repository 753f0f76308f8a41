"""ANAC ANL 2023 answer keys: Pareto front, Nash, Kalai-Smorodinsky and max welfare match exactly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from accord.deals import analyze, pareto_frontier_enumerated, read_geniusweb

DOMAINS = [
    "domain00",
    "domain01",
    "domain02",
    "domain05",
    "domain06",
    "domain07",
    "domain10",
    "domain11",
    "domain12",
    "domain15",
    "domain16",
    "domain17",
    "domain20",
    "domain21",
    "domain22",
    "domain25",
    "domain26",
    "domain27",
    "domain30",
    "domain31",
    "domain32",
    "domain35",
    "domain36",
    "domain37",
    "domain40",
    "domain41",
    "domain42",
    "domain45",
    "domain46",
    "domain47",
]


def test_domain_list_is_complete(shared_data):
    assert sorted(p.name for p in (shared_data / "anl2023").iterdir() if p.is_dir()) == DOMAINS


@pytest.mark.parametrize("name", DOMAINS)
def test_specials(shared_data, name):
    folder = shared_data / "anl2023" / name
    keys = json.loads((folder / "specials.json").read_text())
    space = read_geniusweb(folder)
    assert space.n_packages == keys["size"]
    result = analyze(space)
    assert result.n_feasible == space.n_packages

    # Pareto front: the same set of bids, and the same utilities.
    expected = {space.index_of(p["bid"]): p["utility"] for p in keys["pareto_front"]}
    assert set(result.pareto_indices.tolist()) == set(expected)
    for i, u in zip(result.pareto_indices, result.pareto_utilities, strict=True):
        np.testing.assert_allclose(u, expected[int(i)], rtol=0, atol=1e-9)

    for ours, theirs in [("nash", "nash"), ("kalai_smorodinsky", "kalai"), ("utilitarian", "social_welfare")]:
        sol = result.solutions[ours]
        assert sol is not None
        assert sol.package == keys[theirs]["bid"], ours
        np.testing.assert_allclose(list(sol.utilities.values()), keys[theirs]["utility"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", DOMAINS[::6])
def test_merge_equals_enumeration(shared_data, name):
    space = read_geniusweb(shared_data / "anl2023" / name)
    result = analyze(space)
    idx, utils = pareto_frontier_enumerated(space, chunk_size=1000)
    np.testing.assert_array_equal(idx, result.pareto_indices)
    np.testing.assert_array_equal(utils, result.pareto_utilities)
