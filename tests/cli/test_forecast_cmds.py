"""Tests of ``accord forecast`` and ``accord backtest``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from accord.cli import main


@pytest.fixture(scope="module")
def emissions_yaml(shared_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("fc") / "emissions.yaml"
    res = CliRunner().invoke(
        main, ["import", "bdm", str(shared_data / "bdm" / "emissions-1994.csv"), "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def cop21_yaml(shared_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("fc") / "cop21.yaml"
    res = CliRunner().invoke(
        main, ["import", "decide", str(shared_data / "decide" / "cop21.csv"), "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    return out


def test_forecast_json_single_model(emissions_yaml):
    res = CliRunner().invoke(main, ["forecast", str(emissions_yaml), "--models", "eum", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["kind"] == "forecast" and len(doc["models"]) == 1
    data = doc["models"][0]
    assert data["model"] == "eum"
    assert [i["id"] for i in data["issues"]] == ["issue"]
    assert data["trajectory"][0]["forecast"]["issue"] == 7.0
    assert len(data["trajectory"]) == data["n_rounds"] + 1
    assert data["moves"] and {"actor", "counterpart", "before", "after", "reason"} <= set(data["moves"][0])


def test_forecast_all_models_text_and_plot(cop21_yaml, tmp_path):
    png = tmp_path / "t.png"
    res = CliRunner().invoke(main, ["forecast", str(cop21_yaml), "--plot", str(png), "--seed", "3"])
    assert res.exit_code == 0, res.output
    assert "exchange" in res.output and "differentiation" in res.output
    assert png.stat().st_size > 1000


def test_forecast_all_json_and_nearest_option(cop21_yaml):
    res = CliRunner().invoke(main, ["forecast", str(cop21_yaml), "--json"])
    data = json.loads(res.output)
    names = [m["model"] for m in data["models"]]
    assert {"compromise", "median", "eum", "exchange", "nash"} <= set(names)
    assert all(i["nearest_option"] in ("0", "100") for m in data["models"] for i in m["issues"])


def test_forecast_errors_exit_2(tmp_path, shared_data):
    runner = CliRunner()
    assert runner.invoke(main, ["forecast", str(tmp_path / "missing.yaml")]).exit_code == 2
    res = runner.invoke(main, ["forecast", str(shared_data / "bdm" / "emissions-1994.csv")])
    assert res.exit_code == 2
    assert runner.invoke(main, ["forecast", "x.yaml", "--models", "nope"]).exit_code == 2


def test_backtest_json(shared_data):
    res = CliRunner().invoke(
        main,
        [
            "backtest",
            str(shared_data / "deu" / "deu3-dev.tsv"),
            "--models",
            "compromise,median",
            "--capability",
            "gdp",
            "--json",
            "--n-boot",
            "200",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["n_issues"] == 222
    assert round(data["models"]["compromise"]["mae"], 1) == 23.1
    assert len(data["models"]["median"]["diff_vs_compromise"]) == 2


def test_backtest_text_and_errors(shared_data, tmp_path):
    runner = CliRunner()
    res = runner.invoke(
        main,
        ["backtest", str(shared_data / "deu" / "deu3-dev.tsv"), "--models", "compromise", "--n-boot", "50"],
    )
    assert res.exit_code == 0 and "23.78" in res.output
    assert runner.invoke(main, ["backtest", str(tmp_path / "none.tsv")]).exit_code == 2
    bad = runner.invoke(main, ["backtest", str(shared_data / "deu" / "deu3-dev.tsv"), "--models", "nope"])
    assert bad.exit_code == 2 and "unknown model" in bad.stderr
