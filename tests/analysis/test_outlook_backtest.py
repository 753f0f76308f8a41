"""The outlook backtested on DEU outcomes: ``accord backtest --outlook`` and its library function."""

from __future__ import annotations

import json

from click.testing import CliRunner

from accord.analysis import backtest
from accord.analysis.outlook_backtest import outlook_backtest, select_cases
from accord.analysis.results import BacktestReport
from accord.cli import main
from accord.forecast.backtest import deu_issues


def test_select_cases_evenly_spaced():
    assert select_cases(10, None) == list(range(10))
    assert select_cases(10, 20) == list(range(10))
    assert select_cases(10, 3) == [0, 4, 9]  # first, middle, last (rounded)


def test_outlook_backtest_scores_beside_the_baselines(shared_data):
    cases = deu_issues(shared_data / "deu" / "deu3-dev.tsv")
    o = outlook_backtest(cases, n_runs=4, max_cases=6, n_boot=50, seed=0)
    assert o.n_cases == 6 and o.n_available == 222 and o.n_runs == 4
    # The baselines are scored on exactly the issues the outlook's expected state is scored on.
    assert {k: v.n for k, v in o.baselines.items()} == dict.fromkeys(
        ("compromise", "median", "plain_median"), o.expected.n
    )
    assert o.baselines_all["compromise"].n == 6
    assert 0.0 <= o.mean_p_agreement <= 1.0 and 0.0 <= o.brier <= 1.0
    assert sum(b.n for b in o.calibration) == 6
    assert all(b.observed in (None, 1.0) for b in o.calibration)  # DEU: every issue was agreed
    assert "adopted legislation only" in o.note
    # Same seed, same figures.
    assert outlook_backtest(cases, n_runs=4, max_cases=6, n_boot=50, seed=0) == o


def test_backtest_outlook_json_round_trip_and_text(shared_data):
    deu = str(shared_data / "deu" / "deu3-dev.tsv")
    args = ["backtest", deu, "--models", "compromise", "--n-boot", "50", "--outlook"]
    r = CliRunner().invoke(main, [*args, "--outlook-runs", "3", "--max-cases", "4", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["outlook"]["n_cases"] == 4 and doc["outlook"]["n_runs"] == 3
    assert round(doc["models"]["compromise"]["mae"], 2) == 23.78  # the model backtest is unchanged
    assert BacktestReport.from_dict(doc).to_dict() == doc
    text = CliRunner().invoke(main, [*args, "--outlook-runs", "3", "--max-cases", "4"]).output
    assert "Outlook backtest: 4 of 222 issues, 3 runs each" in text and "Brier" in text


def test_backtest_without_outlook_has_none(shared_data):
    rep = backtest(shared_data / "deu" / "deu3-dev.tsv", ["compromise"], n_boot=20)
    assert rep.outlook is None and "outlook" in rep.to_dict()
