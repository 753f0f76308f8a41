"""Tournaments: reproducible tidy tables and rankings; process pool = plain loop; bad setups."""

from __future__ import annotations

import os

import pytest

from accord.errors import InputError, LimitError
from accord.simulate import Tournament, run_tournament
from accord.simulate.conformance import conformance_scenario
from accord.simulate.tournament import rank


@pytest.fixture(scope="module")
def scenario():
    return conformance_scenario(noise=0.05)


def test_each_actor_assignment_and_ranking(scenario) -> None:
    # 30 rounds: past the actors' default patience (26 rounds), so the strategies part ways
    t = Tournament([scenario], ["boulware", "staller", "hardliner"], n_seeds=3, seed=1, n_rounds=30)
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
    t = Tournament([scenario], ["linear", "hardliner"], n_seeds=1, mode="all", n_rounds=5)
    assert len(t.jobs()) == 2**3
    given = [{"a": "staller", "b": "linear", "c": "linear"}]
    res = Tournament([scenario], ["staller"], n_seeds=2, assignments=given, n_rounds=5).run()
    assert len(res.records) == 2 * 3 and all(r["focal"] for r in res.records)
    with pytest.raises(LimitError, match="limit 4.*max_assignments"):
        Tournament([scenario], ["linear", "hardliner"], mode="all", max_assignments=4).jobs()


def test_fixed_seats_are_not_focal(scenario) -> None:
    t = Tournament(
        [scenario], ["boulware", "staller"], n_seeds=2, fixed={"a": "hardliner"}, default="conceder"
    )
    jobs = t.jobs()
    assert len(jobs) == 2 * 2 * 2  # strategies x focal actors (b, c) x seeds
    for _, _, assign, focal, _ in jobs:
        assert assign["a"] == "hardliner" and "a" not in focal
        (f,) = focal
        assert all(s == "conceder" for b, s in assign.items() if b not in ("a", f))
    every = Tournament([scenario], ["linear", "staller"], n_seeds=1, mode="all", fixed={"b": "staller"})
    assert len(every.jobs()) == 2**2 and all(j[3] == ("a", "c") for j in every.jobs())


def test_table_and_signatories(scenario) -> None:
    # c is at the table but not a signatory: its records are kept, its refusals block nothing.
    kw = dict(n_seeds=1, n_rounds=8, table=["a", "b", "c"], signatories=["a", "b"])
    res = run_tournament([scenario], ["linear"], fixed={"c": "hardliner"}, **kw)
    assert {r["actor"] for r in res.records} == {"a", "b", "c"}
    small = run_tournament([scenario], ["linear"], n_seeds=1, n_rounds=8, table=["a", "b"])
    assert {r["actor"] for r in small.records} == {"a", "b"}


def test_ties_share_a_rank() -> None:
    rec = [
        {"focal": True, "strategy": s, "gain": g, "utility": 0.5, "outcome": "agreement", "round": 3}
        for s, g in (("zeta", 0.2), ("alpha", 0.1), ("beta", 0.2), ("gamma", 0.0))
    ]
    ranking = rank(rec)
    assert [(r["strategy"], r["rank"]) for r in ranking] == [
        ("beta", 1),
        ("zeta", 1),
        ("alpha", 3),
        ("gamma", 4),
    ]


def test_no_module_level_cache() -> None:
    # A long-lived process (a server) must not accumulate prepared scenarios between tournaments.
    from accord.simulate import tournament

    assert not any(isinstance(v, dict) and k.isupper() for k, v in vars(tournament).items())


@pytest.mark.parametrize(
    "kwargs, option, message",
    [
        ({"strategies": ["linear", "bogus"]}, "--strategies", "unknown strategy 'bogus'"),
        ({"strategies": []}, "--strategies", "at least one strategy"),
        ({"default": "bogus"}, "--default", "unknown strategy 'bogus'"),
        ({"fixed": {"a": "bogus"}}, "--strategy", "unknown strategy 'bogus'"),
        ({"fixed": {"zz": "linear"}}, "--strategy", "unknown actor 'zz'"),
        ({"fixed": {"a": "linear", "b": "linear", "c": "linear"}}, "--strategy", "every seat"),
        ({"n_seeds": 0}, "--seeds", "n_seeds must be at least 1"),
        ({"n_rounds": 0}, "--rounds", "horizon must be at least 1 round"),
        ({"mode": "some"}, "--mode", "unknown assignment mode 'some'"),
        ({"table": ["a", "zz"]}, "--table", "unknown actor 'zz'"),
        ({"table": ["a", "b"], "signatories": ["c"]}, "--signatories", "'c' is not at the table"),
        ({"table": ["a", "b"], "fixed": {"c": "linear"}}, "--strategy", "'c' is not at the table"),
    ],
)
def test_bad_tournaments(scenario, kwargs, option, message) -> None:
    base = {"scenarios": [scenario], "strategies": ["linear"]}
    with pytest.raises(InputError, match=f"{option}: .*{message}"):
        Tournament(**{**base, **kwargs}).jobs()


def test_patience_sets_every_run_s_concession_clocks(scenario) -> None:
    # The conformance actors declare no patience: --patience 3 makes every run close by round 4, 200
    # rounds of patience leave nothing agreed within 30 rounds (the default clock, 26, in between).
    kw = dict(n_seeds=2, seed=1, n_rounds=30)
    rounds = {
        p: {
            r["strategy"]: r["mean_round"]
            for r in run_tournament([scenario], ["boulware", "linear"], **kw, patience=p).ranking
        }
        for p in (3, None, 200)
    }
    assert max(rounds[3].values()) < min(rounds[None].values()) <= max(rounds[None].values()) < 30
    assert set(rounds[200].values()) == {30.0}
    with pytest.raises(InputError, match="--patience"):
        run_tournament([scenario], ["linear"], n_seeds=1, patience={"zz": 3})
