"""Sensitivity: Ishigami's known indices through the same code path, and answers known by construction."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from SALib.test_functions import Ishigami

from accord.errors import InputError
from accord.forecast import run_model
from accord.scenario import Distribution, Scenario, UncertainParameter
from accord.uncertainty import (
    FunctionEvaluator,
    LocalExecutor,
    Problem,
    resolve_output,
    sensitivity,
    sobol_indices,
    tornado,
)

# Analytic indices of Ishigami's function (a = 7, b = 0.1): Saltelli et al. (2008), Global Sensitivity
# Analysis: The Primer, Wiley, section 4.6 (and SALib's test suite).
ISHIGAMI_S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ISHIGAMI_ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}
PI = float(np.pi)


def ishigami() -> tuple[Problem, FunctionEvaluator]:
    p = Problem.from_distributions({f"x{i}": Distribution("uniform", (-PI, PI)) for i in (1, 2, 3)})
    return p, FunctionEvaluator(Ishigami.evaluate)


def test_ishigami_sobol_indices_match_the_analytic_values() -> None:
    p, ev = ishigami()
    rows, y, notes = sobol_indices(p, ev, ("function", None, "y"), 4096, seed=0, executor=LocalExecutor(2))
    assert len(y) == 4096 * 5 and not notes
    by = {r.parameter: r for r in rows}
    for name in ISHIGAMI_S1:
        assert by[name].s1 == pytest.approx(ISHIGAMI_S1[name], abs=0.03)
        assert by[name].st == pytest.approx(ISHIGAMI_ST[name], abs=0.03)
    assert [r.parameter for r in rows] == ["x1", "x2", "x3"]  # ranked by the total index


def test_ishigami_tornado_sees_only_the_main_effects_it_can() -> None:
    p, ev = ishigami()
    rows, nominal, y = tornado(p, ev, ("function", None, "y"))
    # Nominal point (the medians, 0, 0, 0): f = 0. x2 enters as sin(x2)^2, even: its 5% and 95% give the
    # same output; x3 only through x1 (which is 0): no swing. Exactly what a one-at-a-time method misses.
    assert nominal == 0.0 and len(y) == 7
    assert rows[0].parameter == "x1" and rows[0].swing == pytest.approx(2 * abs(np.sin(0.9 * PI)), rel=1e-9)
    assert rows[1].swing == pytest.approx(0.0, abs=1e-12) and rows[2].swing == 0.0


def one_stance_uncertain(s: Scenario, actor: str, issue: str, others: tuple[str, ...] = ()) -> Scenario:
    """Only one stance carries a distribution (position and salience), plus inputs on other issues."""
    st = s.stance(actor, issue)
    assert st is not None
    own = [
        UncertainParameter(f"stances.{actor}.{issue}.position", Distribution("uniform", (0.0, 100.0))),
        UncertainParameter(
            f"stances.{actor}.{issue}.salience", Distribution("triangular", (10.0, st.salience, 100.0))
        ),
    ]
    more = [UncertainParameter(p, Distribution("uniform", (0.0, 100.0))) for p in others]
    return replace(s, uncertainty=tuple(own + more))


def test_one_uncertain_stance_carries_all_the_variance(flagship: Scenario) -> None:
    s = one_stance_uncertain(
        flagship, "russia", "I5", others=("stances.ukraine.I1.position", "stances.usa.I9.salience")
    )
    r = sensitivity(s, "I5", method="sobol", n_samples=1024, default_spread=False)
    by = {x.parameter: x for x in r.sobol}
    mine = ("stances.russia.I5.position", "stances.russia.I5.salience")
    assert sum(by[p].s1 or 0 for p in mine) == pytest.approx(1.0, abs=0.05)
    assert by["stances.russia.I5.position"].st == pytest.approx(1.0, abs=0.1)
    # Inputs on other issues cannot move I5: their indices are exactly 0.
    for p in ("stances.ukraine.I1.position", "stances.usa.I9.salience"):
        assert by[p].s1 == 0.0 and by[p].st == 0.0
    assert {x.rank for x in r.sobol if x.parameter in mine} == {1, 2}
    # The tornado agrees: only the uncertain stance swings the output.
    t = sensitivity(s, "I5", method="tornado", default_spread=False)
    swings = {x.parameter: x.swing for x in t.tornado}
    assert swings["stances.usa.I9.salience"] == 0 and swings["stances.ukraine.I1.position"] == 0
    assert swings["stances.russia.I5.position"] > 1
    # With every input as stated, the output is the forecast of the scenario as written.
    written = run_model("compromise", flagship).forecast[flagship.issue_ids.index("I5")]
    assert t.nominal == r.nominal == pytest.approx(written, abs=1e-12)


def test_an_output_no_input_reaches_has_zero_indices(flagship: Scenario) -> None:
    s = one_stance_uncertain(flagship, "russia", "I5")
    r = sensitivity(s, "I1", n_samples=64, default_spread=False)
    assert r.sd == 0 and all(x.st == 0 for x in r.sobol)
    assert "does not vary" in r.notes[0]


def test_metrics_over_deals_and_simulations(small: Scenario) -> None:
    r = sensitivity(small, "opening_cost", method="tornado")
    assert (
        r.analysis == "deals"
        and r.model is None
        and r.n_evaluations
        == len(r.tornado) * 2
        + 1
        + sum(
            1
            for u in small.uncertainty
            if u.distribution.kind == "choices" and len(u.distribution.choices) > 2
        )
    )
    swings = [x.swing for x in r.tornado]
    assert swings == sorted(swings, reverse=True)
    t = sensitivity(small, "agreement_round", method="tornado", n_rounds=30)
    assert t.analysis == "outlook" and any("never settles" in n for n in t.notes)
    strategy = next(x for x in t.tornado if x.parameter == "actors.b.strategy")
    assert {strategy.low, strategy.high} <= {"conceder", "boulware"}


def test_resolve_output(small: Scenario) -> None:
    assert resolve_output(small, "I2", "median") == (("forecast", "median", "I2"), False)
    assert resolve_output(small, "zopa", "compromise") == (("deals", None, "zopa"), False)
    assert resolve_output(small, "settled_round:I3", "compromise") == (
        ("outlook", None, "settled_round:I3"),
        True,
    )
    assert resolve_output(small, "utility:b", "compromise") == (("simulate", None, "utility:b"), False)
    with pytest.raises(InputError, match="neither an issue"):
        resolve_output(small, "I9", "compromise")
    with pytest.raises(InputError, match="unknown method"):
        sensitivity(small, "I1", method="morris")
