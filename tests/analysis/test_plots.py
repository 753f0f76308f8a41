"""Plots render from typed results (no engine objects), and are written atomically naming the user's path."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord
from accord.analysis import simulate
from accord.analysis.build import scenario_summary
from accord.errors import InputError
from accord.report.plots import plot_forecast, plot_simulation

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


@pytest.fixture(scope="module")
def scenario() -> accord.Scenario:
    pytest.importorskip("matplotlib")
    return accord.load_scenario(FLAGSHIP)


def test_simulation_plot_from_the_report(scenario: accord.Scenario, tmp_path: Path) -> None:
    report = simulate(scenario, {"russia": "boulware"}, table=["russia", "usa", "ukraine"], n_rounds=8)
    path = tmp_path / "sim.svg"
    plot_simulation(report, path)
    assert path.read_text().lstrip().startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["sim.svg"]
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match="p.png: cannot be written"):
        plot_simulation(report, blocker / "p.png")


def test_forecast_plot_one_and_many_models(scenario: accord.Scenario, tmp_path: Path) -> None:
    summary = scenario_summary(scenario)
    for models in (["smp"], ["compromise", "median"]):
        report = accord.analysis.forecast(scenario, models)
        path = tmp_path / f"{len(models)}.png"
        plot_forecast(report, summary, path)
        assert path.stat().st_size > 1000
