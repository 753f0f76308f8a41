"""Evaluation: batched forecasts equal one run per sample, and every analysis reads a sample as a file."""

from __future__ import annotations

import numpy as np

from accord.analysis import deal_space, deals, simulate
from accord.forecast import ForecastInput, run_model
from accord.scenario import Scenario
from accord.uncertainty import Columns, ScenarioEvaluator, build_problem, evaluate, sample, sample_seed
from accord.uncertainty.apply import batched_input, scenario_at


def test_batched_arrays_equal_each_samples_scenario(small: Scenario) -> None:
    p = build_problem(small)
    x = sample(p, 16, "lhs", 0).values
    batch = batched_input(ForecastInput.from_scenario(small), p, x)
    assert batch is not None and batch.n_samples == 16
    for i in (0, 7, 15):
        one = ForecastInput.from_scenario(scenario_at(small, p, x[i]))
        assert np.array_equal(batch.sample(i).positions, one.positions, equal_nan=True)
        assert np.array_equal(batch.sample(i).saliences, one.saliences)
        assert np.array_equal(batch.sample(i).capabilities, one.capabilities)


def test_batched_forecasts_equal_one_run_per_sample(flagship: Scenario) -> None:
    p = build_problem(flagship)
    x = sample(p, 50, "lhs", 1).values
    cols = Columns(evaluate(ScenarioEvaluator(flagship, p, ("forecast",), ("compromise", "median")), x))
    for i in (0, 13, 49):
        s = scenario_at(flagship, p, x[i])
        for model in ("compromise", "median"):
            want = run_model(model, s).forecast
            got = [cols.values(("forecast", model, issue))[i] for issue in flagship.issue_ids]
            assert np.allclose(got, want, rtol=0, atol=1e-9)


def test_unbatched_model_runs_per_sample(small: Scenario) -> None:
    p = build_problem(small)
    x = sample(p, 4, "lhs", 2).values
    cols = Columns(evaluate(ScenarioEvaluator(small, p, ("forecast",), ("smp",)), x))
    for i in range(4):
        want = run_model("smp", scenario_at(small, p, x[i])).forecast
        assert np.allclose([cols.values(("forecast", "smp", k))[i] for k in small.issue_ids], want)
    assert np.all(cols.values(("forecast", "smp", "error")) == 0)


def test_deals_and_simulations_read_each_sample_as_a_scenario(small: Scenario) -> None:
    p = build_problem(small)
    x = sample(p, 6, "lhs", 3).values
    ev = ScenarioEvaluator(small, p, ("deals", "outlook", "simulate"), (), seed=5, n_rounds=30)
    cols = Columns(evaluate(ev, x))
    for i in range(6):
        s = scenario_at(small, p, x[i])
        rep = deals(deal_space(s), top=0)
        assert cols.values(("deals", None, "zopa"))[i] == float(rep.zopa)
        cost = 0.0 if rep.opening is None else rep.opening.cost
        assert cols.values(("deals", None, "opening_cost"))[i] == cost
        sim = simulate(s, n_rounds=30, seed=sample_seed(5, i))
        assert cols.values(("simulate", None, "round"))[i] == sim.round
        assert cols.labels(("simulate", None, "outcome"))[i] == sim.outcome
        full = cols.values(("outlook", None, "agreement_round"))[i]
        assert (full == sim.round) if sim.agreement is not None else np.isnan(full)
        for a in small.actor_ids:
            assert cols.values(("simulate", None, f"utility:{a}"))[i] == sim.utilities[a]


def test_sampled_strategies_and_deadlines_reach_the_simulation(small: Scenario) -> None:
    p = build_problem(small, default_spread=False)
    x = p.nominal()[None, :].repeat(2, axis=0)
    k = p.names.index("actors.b.strategy")
    x[1, k] = p.variables[k].labels.index("boulware")
    s0, s1 = scenario_at(small, p, x[0]), scenario_at(small, p, x[1])
    assert s0.actor("b").strategy == "conceder" and s1.actor("b").strategy == "boulware"
    d = p.names.index("actors.b.deadline")
    x[1, d] = 25
    assert scenario_at(small, p, x[1]).actor("b").deadline == 25


def test_failures_are_rows_not_exceptions(small: Scenario) -> None:
    p = build_problem(small, default_spread=False)
    x = p.nominal()[None, :]
    k = p.names.index("actors.a.capability")
    x[0, k] = -1.0  # no distribution draws this; a user-built design might
    cols = Columns(evaluate(ScenarioEvaluator(small, p, ("forecast",), ("compromise",)), x))
    assert cols.values(("forecast", "compromise", "error"))[0] == 1.0
    assert "capabilities" in (cols.labels(("forecast", "compromise", "error"))[0] or "")
    assert np.isnan(cols.values(("forecast", "compromise", "I1"))[0])


def test_cheapest_opening_where_no_zone_of_agreement_exists(flagship: Scenario) -> None:
    p = build_problem(flagship)
    x = sample(p, 3, "lhs", 0).values
    cols = Columns(evaluate(ScenarioEvaluator(flagship, p, ("deals",), ()), x))
    for i in range(3):
        rep = deals(deal_space(scenario_at(flagship, p, x[i])), top=0)
        assert not rep.zopa and rep.opening is not None
        assert cols.values(("deals", None, "zopa"))[i] == 0.0
        assert cols.values(("deals", None, "opening_cost"))[i] == rep.opening.cost
        assert cols.values(("deals", None, "opening"))[i] == rep.opening.index
        label = cols.labels(("deals", None, "opening"))[i]
        assert label == ", ".join(f"{k}={v}" for k, v in rep.opening.package.items())


def test_a_status_quo_input_takes_the_per_sample_path(small: Scenario) -> None:
    from dataclasses import replace

    from accord.scenario import Distribution, UncertainParameter

    s = replace(
        small,
        uncertainty=(UncertainParameter("issues.I2.status_quo", Distribution("uniform", (0.0, 100.0))),),
    )
    p = build_problem(s, default_spread=False)
    x = sample(p, 5, "lhs", 0).values
    assert batched_input(ForecastInput.from_scenario(s), p, x) is None
    cols = Columns(evaluate(ScenarioEvaluator(s, p, ("forecast", "deals"), ("compromise",)), x))
    for i in range(5):
        si = scenario_at(s, p, x[i])
        assert si.issue("I2").status_quo == x[i, 0]
        assert np.allclose(
            [cols.values(("forecast", "compromise", k))[i] for k in s.issue_ids],
            run_model("compromise", si).forecast,
        )
