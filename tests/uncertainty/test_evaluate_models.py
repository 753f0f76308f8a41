"""A sweep's iterative forecast models (batched EUM, exchange, Nash and SMP) equal one run each."""

from __future__ import annotations

import numpy as np

from accord.forecast import run_model
from accord.scenario import Scenario
from accord.uncertainty import Columns, ScenarioEvaluator, build_problem, evaluate, sample
from accord.uncertainty.apply import scenario_at
from accord.uncertainty.sweep import default_chunk_size

MODELS = ("eum", "exchange", "nash", "smp")


def test_every_model_in_a_sweep_equals_one_run_per_sample(flagship: Scenario) -> None:
    p = build_problem(flagship)
    x = sample(p, 12, "lhs", 4).values
    cols = Columns(evaluate(ScenarioEvaluator(flagship, p, ("forecast",), MODELS), x, chunk_size=5))
    for i in (0, 6, 11):
        s = scenario_at(flagship, p, x[i])
        for model in MODELS:
            want = run_model(model, s).forecast
            got = [cols.values(("forecast", model, issue))[i] for issue in flagship.issue_ids]
            assert np.array_equal(got, want), model  # bit for bit
    for model in MODELS:
        assert np.all(cols.values(("forecast", model, "error")) == 0)


def test_a_model_that_refuses_a_batch_runs_per_sample(small: Scenario) -> None:
    # The random-rate exchange model refuses a sample axis (it draws per sample): one run each.
    p = build_problem(small)
    x = sample(p, 4, "lhs", 5).values
    ev = ScenarioEvaluator(small, p, ("forecast",), ("exchange",))
    ev._cache["model:exchange"] = type(ev._model("exchange"))(rate="random")
    cols = Columns(evaluate(ev, x))
    assert np.all(cols.values(("forecast", "exchange", "error")) == 0)


def test_batched_models_get_larger_chunks(flagship: Scenario) -> None:
    p = build_problem(flagship)
    batched = ScenarioEvaluator(flagship, p, ("forecast",), ("eum", "exchange", "nash", "median"))
    assert default_chunk_size(batched, 10_000, 2) == 512
    assert default_chunk_size(ScenarioEvaluator(flagship, p, ("forecast",), MODELS), 10_000, 2) == 512
    # an analysis that runs per sample keeps small chunks
    assert default_chunk_size(ScenarioEvaluator(flagship, p, ("forecast", "deals"), MODELS), 10_000, 2) == 64
