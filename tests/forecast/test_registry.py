"""The model interface: conformance checks every registered model must pass, the registry facade, the
sample axis, and the flagship forecasts pinned to their values before the interface change."""

from __future__ import annotations

import gzip
import inspect
import json
import re
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from accord.errors import InputError
from accord.forecast import (
    CompromiseModel,
    ForecastInput,
    ForecastModel,
    ForecastResult,
    MedianModel,
    compromise,
    make_model,
    run_model,
)
from accord.registry import MODELS
from accord.scenario import Actor, Issue, Scenario, Stance

ROOT = Path(__file__).resolve().parents[2]


def make(positions, saliences, capabilities, status_quo=None) -> Scenario:
    x = np.asarray(positions, dtype=float)
    n, m = x.shape
    actors = tuple(Actor(f"a{i}", f"Actor {i}", float(capabilities[i])) for i in range(n))
    issues = tuple(
        Issue(
            f"i{k}", f"Issue {k}", 0.0, 100.0, status_quo=None if status_quo is None else float(status_quo[k])
        )
        for k in range(m)
    )
    stances = tuple(
        Stance(f"a{i}", f"i{k}", float(x[i, k]), float(saliences[i][k]))
        for i in range(n)
        for k in range(m)
        if np.isfinite(x[i, k])
    )
    return Scenario(actors=actors, issues=issues, stances=stances)


RNG = np.random.default_rng(11)
RANDOM = (
    RNG.uniform(0, 100, (6, 3)).round(1),
    RNG.uniform(5, 100, (6, 3)).round(1),
    RNG.uniform(0.5, 3, 6).round(2),
    [30.0, 50.0, 70.0],
)
ALL = MODELS.names()


# ------------------------------------------------------------------------------------- conformance


@pytest.mark.parametrize("name", ALL)
def test_finite_and_within_range(name):
    x, s, c, sq = RANDOM
    res = run_model(name, make(x, s, c, sq), seed=1)
    assert res.forecast.shape == (3,) and np.isfinite(res.forecast).all()
    assert (res.forecast >= x.min(axis=0) - 1e-6).all() and (res.forecast <= x.max(axis=0) + 1e-6).all()
    assert res.trajectory.shape[1:] == (6, 3) and res.forecast_by_round.shape[1] == 3
    np.testing.assert_allclose(res.forecast_by_round[-1], res.forecast)


@pytest.mark.parametrize("name", ALL)
def test_seeded_repeat_and_actor_order(name):
    x, s, c, sq = RANDOM
    a = run_model(name, make(x, s, c, sq), seed=5)
    b = run_model(name, make(x, s, c, sq), seed=5)
    np.testing.assert_array_equal(a.forecast, b.forecast)
    perm = [3, 0, 5, 1, 4, 2]
    p = run_model(name, make(x[perm], s[perm], c[perm], sq), seed=5)
    np.testing.assert_allclose(p.forecast, a.forecast, atol=1e-6)


@pytest.mark.parametrize("name", ALL)
def test_unanimity_and_degenerate_issues(name):
    # Issue 0 unanimous at 40; issue 1 has a single actor; issue 2 nobody cares about (zero saliences).
    x = [[40.0, 10.0, 20.0], [40.0, np.nan, 80.0], [40.0, np.nan, 50.0]]
    s = [[50.0, 50.0, 0.0], [80.0, 0.0, 0.0], [20.0, 0.0, 0.0]]
    res = run_model(name, make(x, s, [1.0, 2.0, 1.0], [60.0, 0.0, 50.0]), seed=0)
    assert np.isfinite(res.forecast).all()
    assert res.forecast[0] == pytest.approx(40.0) and res.forecast[1] == pytest.approx(10.0)
    assert 20.0 - 1e-9 <= res.forecast[2] <= 80.0 + 1e-9


@pytest.mark.parametrize("name", ALL)
def test_declares_the_interface(name):
    cls = MODELS.get(name)
    assert issubclass(cls, ForecastModel) and cls.name == name and cls.title
    assert isinstance(cls.joint_issues, bool) and isinstance(cls.variant, bool)
    # Parameters are explicit keyword arguments with defaults: no **params pass-through.
    sig = inspect.signature(cls)
    assert all(p.kind is not p.VAR_KEYWORD and p.default is not p.empty for p in sig.parameters.values())
    # Every parameter, and the seed, is recorded in the result.
    x, s, c, sq = RANDOM
    res = run_model(name, make(x, s, c, sq), seed=3)
    assert res.model == name and res.params["seed"] == 3
    assert set(sig.parameters) <= set(res.params)
    for p in sig.parameters.values():
        assert res.params[p.name] == p.default or p.name in ("accommodation",), p.name


def test_traits():
    assert [n for n in ALL if MODELS.get(n).variant] == ["nash-worst-linear"]
    assert "nash-worst-linear" not in MODELS.listed()
    assert [n for n in ALL if MODELS.get(n).joint_issues] == ["exchange"]
    batched = ["compromise", "eum", "exchange", "median", "nash", "nash-worst-linear", "smp"]
    assert sorted(n for n in ALL if MODELS.get(n).batched) == batched


# -------------------------------------------------------------------------------- registry facade


def test_unknown_model_and_parameter_are_input_errors():
    sc = make(*RANDOM)
    with pytest.raises(InputError, match="unknown model 'nope'; known: compromise"):
        run_model("nope", sc)
    with pytest.raises(InputError, match="model 'eum' takes no parameter 'rounds'; it takes: q, t_rule"):
        run_model("eum", sc, rounds=3)
    with pytest.raises(InputError, match="compromise.*takes no parameter 'q'.*\\(none\\)"):
        run_model("compromise", sc, q=0.5)


@pytest.mark.parametrize(
    ("name", "params", "where"),
    [
        ("eum", {"q": 2.0}, "eum.q: must be in"),
        ("eum", {"max_rounds": -1}, "eum.max_rounds: must be an integer >= 0"),
        ("exchange", {"rate": "x"}, "exchange.rate: must be one of"),
        ("nash", {"n_grid": 2}, "nash.n_grid: must be an integer >= 3"),
        ("nash", {"utility": "cubic"}, "nash.utility"),
        ("smp", {"pce_model": "Borda"}, "smp.pce_model: 'Borda' is not one of"),
        ("smp", {"stop_fraction": 2.0}, "smp.stop_fraction"),
    ],
)
def test_parameters_are_validated_in_init(name, params, where):
    with pytest.raises(InputError, match=where):
        make_model(name, **params)


def test_parameters_reach_the_model_and_scenario_declared_ones_are_defaults():
    x, s, c, sq = RANDOM
    sc = make(x, s, c, sq)
    assert run_model("eum", sc, q=0.5).params["q"] == 0.5
    # A KTAB file's model parameters (metadata["smp_params"]) are the SMP's defaults; given ones win.
    declared = Scenario(
        sc.actors, sc.issues, sc.stances, metadata={"smp_params": {"pce_model": "markov_incentive"}}
    )
    assert ForecastInput.from_scenario(declared).model_params == {"smp": {"pce_model": "markov_incentive"}}
    assert run_model("smp", declared).params["pce_model"] == "MarkovIncentive"
    assert run_model("smp", declared, pce_model="Conditional").params["pce_model"] == "Conditional"


def test_stochastic_smp_draws_from_the_seed():
    sc = make(*RANDOM)
    runs = [run_model("smp", sc, seed=seed, state_transition="Stochastic") for seed in (4, 4, 0)]
    np.testing.assert_array_equal(runs[0].trajectory, runs[1].trajectory)
    assert runs[2].params["seed"] == 0 and runs[0].params["seed"] == 4


@dataclass(frozen=True)
class ToyModel(ForecastModel):
    """A third party's model: the midpoint of each issue's scale, shifted by ``offset``."""

    name: ClassVar[str] = "toy"
    title: ClassVar[str] = "Toy midpoint model"
    offset: float = 0.0

    def run(self, arrays: ForecastInput, rng: np.random.Generator | None = None) -> ForecastResult:
        f = (arrays.scale_lo + arrays.scale_hi) / 2 + self.offset
        return ForecastResult(
            self.name, f, arrays.positions[None].copy(), f[None].copy(), params=self.get_params()
        )


@pytest.fixture
def with_toy(monkeypatch):
    """Register ToyModel as a third-party package would, through an ``accord.models`` entry point."""
    point = EntryPoint(name="toy", value=f"{__name__}:ToyModel", group="accord.models")
    monkeypatch.setattr(MODELS, "_points", {**MODELS._entry_points(), "toy": point})
    monkeypatch.setattr(MODELS, "_loaded", {})


def test_third_party_model_is_found_through_the_entry_point_group(with_toy, shared_data):
    from accord.forecast.backtest import deu_issues, run_models

    assert "toy" in MODELS.names() and "toy" in MODELS.listed() and MODELS.get("toy") is ToyModel
    res = run_model("toy", make(*RANDOM), offset=1.5)
    np.testing.assert_array_equal(res.forecast, [51.5, 51.5, 51.5])
    assert res.params == {"offset": 1.5, "seed": 0}
    fc, errors = run_models(deu_issues(shared_data / "deu" / "deu3-dev.tsv")[:5], ["toy"])
    np.testing.assert_array_equal(fc["toy"], np.full(5, 50.0))
    assert errors == {"toy": []}


# ---------------------------------------------------------------------------------------- sample axis


def batch_of(n_samples: int, seed: int = 2) -> ForecastInput:
    rng = np.random.default_rng(seed)
    x, s, c, sq = RANDOM
    pos = np.clip(x[None] + rng.normal(0, 8, (n_samples,) + x.shape), 0, 100)
    pos[:, 2, 1] = np.nan  # a missing stance in every sample
    return ForecastInput(
        actor_ids=tuple(f"a{i}" for i in range(6)),
        issue_ids=("i0", "i1", "i2"),
        positions=pos,
        saliences=s[None] * rng.uniform(0.5, 1.5, (n_samples,) + s.shape),
        capabilities=c[None] * rng.uniform(0.5, 1.5, (n_samples, 6)),
        scale_lo=np.zeros(3),
        scale_hi=np.full(3, 100.0),
        status_quo=np.array(sq),
    )


@pytest.mark.parametrize("model", [CompromiseModel(), MedianModel()])
def test_batched_models_equal_one_run_per_sample(model):
    arrays = batch_of(40)
    res = model.run(arrays, np.random.default_rng(0))
    assert res.forecast.shape == (40, 3) and res.trajectory.shape == (40, 1, 6, 3)
    for i in (0, 17, 39):
        one = model.run(arrays.sample(i), np.random.default_rng(0))
        np.testing.assert_array_equal(res.forecast[i], one.forecast)
        np.testing.assert_array_equal(res.forecast_by_round[i, -1], one.forecast)


def test_batched_median_ties_and_zero_weights():
    # Sample 0: exactly half the weight on each side (midpoint); sample 1: nobody cares (plain median).
    x = np.array([[[0.0], [10.0]], [[0.0], [10.0]]])
    s = np.array([[[1.0], [1.0]], [[0.0], [0.0]]])
    ends = np.array([0.0]), np.array([10.0]), np.array([np.nan])
    arrays = ForecastInput(("a", "b"), ("i",), x, s, np.ones((2, 2)), *ends)
    np.testing.assert_array_equal(MedianModel().run(arrays).forecast, [[5.0], [5.0]])
    np.testing.assert_array_equal(compromise(x, s, np.ones((2, 2))), [[5.0], [5.0]])


@pytest.mark.parametrize("name", [n for n in ALL if not MODELS.get(n).batched])
def test_unbatched_models_refuse_a_sample_axis(name):
    with pytest.raises(InputError, match=f"model '{name}' does not take a sample axis"):
        make_model(name).run(batch_of(3), np.random.default_rng(0))


def test_forecast_input_checks_shapes():
    with pytest.raises(InputError, match="capabilities has shape"):
        one = np.ones((2, 1))
        ForecastInput(("a", "b"), ("i",), one, one, np.ones(1), np.zeros(1), np.ones(1), np.ones(1))
    with pytest.raises(InputError, match="no sample axis"):
        ForecastInput.from_scenario(make(*RANDOM)).sample(0)


# ------------------------------------------------------------------- flagship, pinned before the change


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    from accord.scenario import load_scenario

    return load_scenario(ROOT / "examples" / "ukraine-2025" / "scenario.yaml")


RECORDED = json.loads(
    gzip.decompress((Path(__file__).parent / "data" / "flagship_forecasts.json.gz").read_bytes())
)


def test_every_registered_model_is_pinned():
    assert set(ALL) <= set(RECORDED["runs"])


@pytest.mark.parametrize("case", sorted(RECORDED["runs"]))
def test_flagship_output_unchanged(flagship, case):
    want = RECORDED["runs"][case]
    res = run_model(want["run"]["model"], flagship, seed=0, **want["run"]["params"])
    assert res.model == want["model"]
    np.testing.assert_allclose(res.forecast, want["forecast"], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(res.forecast_by_round, want["forecast_by_round"], rtol=1e-12, atol=1e-9)
    traj = np.array(want["trajectory"], dtype=float)  # None (a missing stance) -> NaN
    np.testing.assert_allclose(res.trajectory, traj, rtol=1e-12, atol=1e-9)
    assert (res.converged, res.n_rounds) == (want["converged"], want["n_rounds"])

    # The numbers a move's explanation cites are pinned; its wording may improve.
    def cited(detail: str) -> list[str]:
        return re.findall(r"[-+]\d+\.\d+", detail)

    got = [[m.round, m.actor, m.issue, m.reason, m.counterpart, cited(m.detail)] for m in res.moves]
    assert got == [[m[0], m[1], m[2], m[5], m[6], cited(m[7])] for m in want["moves"]]
    np.testing.assert_allclose(
        [[m.before, m.after] for m in res.moves] or np.zeros((0, 2)),
        [m[3:5] for m in want["moves"]] or np.zeros((0, 2)),
        rtol=1e-12,
        atol=1e-9,
    )
