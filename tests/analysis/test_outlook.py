"""The outlook: chances of agreement per issue by a date, from seeded runs over a strategy mix."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import accord
from accord.analysis.outlook import outlook, strategy_mix
from accord.errors import InputError

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


@pytest.fixture(scope="module")
def scenario() -> accord.Scenario:
    return accord.load_scenario(FLAGSHIP)


@pytest.fixture(scope="module")
def talks(scenario: accord.Scenario) -> accord.analysis.OutlookReport:
    # The February-March format: Russia, the US and Ukraine, the US staying (README of the example).
    return outlook(scenario, 26, n_runs=60, table=["russia", "usa", "ukraine"], deadlines={"usa": None})


def test_mix_is_a_distribution_led_by_the_declared_strategy(scenario: accord.Scenario) -> None:
    mix = strategy_mix(scenario, 0.5)
    for probs in mix.values():
        assert abs(sum(probs.values()) - 1) < 1e-12
        declared = max(probs, key=probs.get)
        assert probs[declared] == 0.5
    assert strategy_mix(scenario, 1.0)["russia"] == {"linear": 1.0}


def test_probabilities_and_expected_state_are_consistent(talks: accord.analysis.OutlookReport) -> None:
    for i in talks.issues:
        assert 0 <= i.p_agreement <= 1
        assert abs(sum(i.options.values()) - i.p_agreement) < 1e-12
        if i.p_agreement == 0:
            assert i.expected == i.status_quo and i.most_likely is None
    # Only the separable ceasefire and the bilateral US-Ukraine minerals deal (I9, parties usa and
    # ukraine) can be settled alone; no full package survives the red lines.
    settled = {i.issue for i in talks.issues if i.p_agreement > 0}
    assert settled == {"I4", "I9"} and talks.p_full_agreement == 0
    i4 = next(i for i in talks.issues if i.issue == "I4")
    assert i4.most_likely == "conditional" and 0 < i4.p_agreement <= talks.p_any_agreement
    p = [pt.p_any for pt in talks.curve]
    assert p == sorted(p) and p[-1] == talks.p_any_agreement


def test_same_seed_same_bytes_and_seed_matters(scenario: accord.Scenario) -> None:
    kw = dict(n_runs=30, table=["russia", "usa", "ukraine"], deadlines={"usa": None})
    a = json.dumps(outlook(scenario, 20, seed=1, **kw).to_dict())
    assert a == json.dumps(outlook(scenario, 20, seed=1, **kw).to_dict())
    assert a != json.dumps(outlook(scenario, 20, seed=2, **kw).to_dict())


def test_the_us_deadline_ends_the_talks_before_any_ceasefire(scenario: accord.Scenario) -> None:
    # Only the US-Ukraine side deal (I9) can be done within the US's eight weeks; nothing else moves.
    r = outlook(scenario, 26, n_runs=20, table=["russia", "usa", "ukraine"])
    assert {i.issue for i in r.issues if i.p_agreement > 0} <= {"I9"}
    assert all(
        np.isclose(i.expected, i.status_quo) for i in r.issues if i.status_quo is not None and i.issue != "I9"
    )


@pytest.mark.parametrize(
    "kwargs, option",
    [
        ({"n_runs": 0}, "--runs"),
        ({"table": ["atlantis"]}, "--table"),
        ({"p_declared": 1.5}, "--p-declared"),
        ({"by": 0}, "--by"),
    ],
)
def test_bad_options_are_located(scenario: accord.Scenario, kwargs: dict, option: str) -> None:
    with pytest.raises(InputError, match=option):
        outlook(scenario, **kwargs)


def test_limits_name_the_option_that_raises_them(scenario: accord.Scenario) -> None:
    from accord.errors import LimitError

    with pytest.raises(LimitError, match="--max-runs"):
        outlook(scenario, n_runs=10**7)
    with pytest.raises(LimitError, match="--max-rounds"):
        outlook(scenario, 20_000)


def test_patience_sets_the_concession_clocks(scenario: accord.Scenario) -> None:
    # Everyone conceding within two rounds settles the ceasefire (I4) earlier than the declared patience
    # (Russia 69 rounds, Ukraine 14) does; the CLI's --patience reaches the same runs.
    kw = dict(n_runs=30, table=["russia", "usa", "ukraine"], deadlines={"usa": None}, seed=1)
    slow = next(i for i in outlook(scenario, 26, **kw).issues if i.issue == "I4")
    hasty = outlook(scenario, 26, patience={"russia": 2, "ukraine": 2, "usa": 2}, **kw)
    fast = next(i for i in hasty.issues if i.issue == "I4")
    assert fast.median_round is not None and slow.median_round is not None
    assert fast.median_round < slow.median_round
    from click.testing import CliRunner

    from accord.cli import main

    args = ["outlook", str(FLAGSHIP), "--runs", "30", "--table", "russia,usa,ukraine", "--deadline"]
    args += ["usa=none", "--by", "26", "--seed", "1", "--patience", "russia=2,ukraine=2,usa=2", "--json"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == json.loads(json.dumps(hasty.to_dict()))
    bad = CliRunner().invoke(main, ["outlook", str(FLAGSHIP), "--patience", "atlantis=3", "--runs", "2"])
    assert bad.exit_code == 2 and "--patience" in bad.stderr
