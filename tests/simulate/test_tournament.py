"""Tournaments: reproducible tidy tables and rankings; process pool = plain loop; bad setups."""

from __future__ import annotations

import os

import pytest

from accord.simulate import Tournament, run_tournament
from accord.simulate.conformance import conformance_scenario


@pytest.fixture(scope="module")
def scenario():
    return conformance_scenario(noise=0.05)


def test_each_actor_assignment_and_ranking(scenario) -> None:
    t = Tournament([scenario], ["boulware", "staller", "hardliner"], n_seeds=3, seed=1, n_rounds=10)
    jobs = t.jobs()
    assert len(jobs) == 3 * 3 * 3  # strategies x actors x seeds
    res = t.run()
    assert len(res.records) == len(jobs) * 3
    assert {r["strategy"] for r in res.ranking} == {"boulware", "staller", "hardliner"}
    assert [r["rank"] for r in res.ranking] == [1, 2, 3]
    gains = [r["mean_gain"] for r in res.ranking]
    assert gains == sorted(gains, reverse=True)
    assert all(r["runs"] == 9 for r in res.ranking)
    assert res.to_csv().splitlines()[0].startswith("scenario,scenario_no,assignment,seed,actor")


def test_reproducible_from_the_seed_and_independent_of_workers(scenario) -> None:
    kw = dict(n_seeds=2, seed=5, n_rounds=8)
    a = run_tournament([scenario], ["linear", "tit-for-tat"], **kw)
    b = run_tournament([scenario], ["linear", "tit-for-tat"], **kw)
    c = run_tournament([scenario], ["linear", "tit-for-tat"], n_jobs=2, **kw)
    assert a.records == b.records == c.records
    d = run_tournament([scenario], ["linear", "tit-for-tat"], n_seeds=2, seed=6, n_rounds=8)
    assert [r["seed"] for r in d.records] != [r["seed"] for r in a.records]


def test_any_executor_gives_the_same_records(scenario) -> None:
    from concurrent.futures import ThreadPoolExecutor

    kw = dict(n_seeds=2, seed=5, n_rounds=8)
    serial = run_tournament([scenario], ["linear", "staller"], **kw)
    with ThreadPoolExecutor(2) as pool:
        threaded = run_tournament([scenario], ["linear", "staller"], n_jobs=3, executor=pool, **kw)
    assert threaded.records == serial.records


def test_ray_runs_a_tournament(scenario) -> None:
    # Ray is in the test extra, so CI always has it; elsewhere it is the optional accord[distributed].
    ray = __import__("ray") if os.environ.get("CI") else pytest.importorskip("ray")
    from accord.simulate.tournament import ray_pool

    kw = dict(n_seeds=2, seed=5, n_rounds=8)
    serial = run_tournament([scenario], ["linear", "staller"], **kw)
    pool = ray_pool(processes=2)
    try:
        distributed = run_tournament([scenario], ["linear", "staller"], n_jobs=4, executor=pool, **kw)
    finally:
        pool.terminate()
        ray.shutdown()
    assert distributed.records == serial.records


def test_all_combinations_and_explicit_assignments(scenario) -> None:
    t = Tournament([scenario], ["linear", "hardliner"], n_seeds=1, assignments="all", n_rounds=5)
    assert len(t.jobs()) == 2**3
    given = [{"a": "staller", "b": "linear", "c": "linear"}]
    res = Tournament([scenario], ["staller"], n_seeds=2, assignments=given, n_rounds=5).run()
    assert len(res.records) == 2 * 3 and all(r["focal"] for r in res.records)
    with pytest.raises(ValueError, match="limit 4"):
        Tournament([scenario], ["linear", "hardliner"], assignments="all", max_assignments=4).jobs()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"strategies": ["linear", "bogus"]}, "unknown strategy 'bogus'"),
        ({"strategies": []}, "at least one strategy"),
        ({"n_seeds": 0}, "n_seeds must be at least 1"),
        ({"n_rounds": 0}, "horizon must be at least 1 round"),
        ({"assignments": "some"}, "unknown assignment mode 'some'"),
        ({"signatories": ["a", "zz"]}, "unknown actor 'zz'"),
    ],
)
def test_bad_tournaments(scenario, kwargs, message) -> None:
    base = {"scenarios": [scenario], "strategies": ["linear"]}
    with pytest.raises(ValueError, match=message):
        Tournament(**{**base, **kwargs}).jobs()
