"""Importers, each tested on the real files in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.forecast.baseline import compromise, weighted_median
from accord.scenario import ScenarioError, load_scenario, save_scenario
from accord.scenario.importers import read_bdm, read_decide, read_deu


def test_bdm_emissions(shared_data: Path) -> None:
    s = read_bdm(shared_data / "bdm" / "emissions-1994.csv")
    assert s.n_actors == 10 and s.n_issues == 1
    assert s.actor("Germany").capability == pytest.approx(0.16)
    # models.md section 2.3: weighted mean 7.39, median 7.0
    assert compromise(s.positions, s.saliences, s.capabilities)[0] == pytest.approx(7.39, abs=0.005)
    assert weighted_median(s.positions, s.saliences, s.capabilities)[0] == 7.0


@pytest.mark.parametrize(
    ("name", "n_actors", "n_issues", "n_stances"), [("cop21", 15, 13, 181), ("copenhagen", 11, 7, 75)]
)
def test_decide_files(shared_data: Path, name: str, n_actors: int, n_issues: int, n_stances: int) -> None:
    s = read_decide(shared_data / "decide" / f"{name}.csv")
    assert (s.n_actors, s.n_issues, len(s.stances)) == (n_actors, n_issues, n_stances)
    assert np.nanmax(s.saliences) <= 100 and (s.scale_lo == 0).all() and (s.scale_hi == 100).all()


@pytest.mark.parametrize(("capability", "mae"), [("equal", 23.8), ("gdp", 23.1)])
def test_deu_reproduces_published_baselines(shared_data: Path, capability: str, mae: float) -> None:
    scenarios = read_deu(shared_data / "deu" / "deu3-dev.tsv", capability=capability)  # type: ignore[arg-type]
    assert len(scenarios) == 223
    used = [s for s in scenarios if s.metadata["outcome"] is not None and s.n_actors >= 3]
    assert len(used) == 222
    err = [abs(compromise(s.positions, s.saliences, s.capabilities)[0] - s.metadata["outcome"]) for s in used]
    assert np.mean(err) == pytest.approx(mae, abs=0.05)
    med = [
        abs(
            weighted_median(s.positions, np.ones_like(s.saliences), np.ones(s.n_actors))[0]
            - s.metadata["outcome"]
        )
        for s in used
    ]
    assert np.mean(med) == pytest.approx(27.4, abs=0.05)


def test_imported_scenarios_round_trip(shared_data: Path, tmp_path: Path) -> None:
    for s in (
        read_bdm(shared_data / "bdm" / "emissions-1994.csv"),
        read_decide(shared_data / "decide" / "cop21.csv"),
        read_deu(shared_data / "deu" / "deu3-dev.tsv")[0],
    ):
        save_scenario(s, tmp_path / "s.yaml")
        assert load_scenario(tmp_path / "s.yaml") == s


def test_bad_files_list_every_problem(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text("Actor,Capability,Position,Salience\nA,x,1,50\nB,1,2,500\n")
    with pytest.raises(ScenarioError) as info:
        read_bdm(p)
    assert [(q.line, q.column) for q in info.value.problems] == [(2, 2), (3, 4)]
    p.write_text("'#A'\t'a'\t'A'\n'#P'\t'i'\t'I'\n'#D'\t'a'\t'j'\t50\t2\t1\n'#X'\n")
    with pytest.raises(ScenarioError) as info:
        read_decide(p)
    messages = [q.message for q in info.value.problems]
    assert any("unknown issue 'j'" in m for m in messages)
    assert any("outside [0, 1]" in m for m in messages)
    assert any("unknown line tag" in m for m in messages)
    with pytest.raises(ScenarioError, match="not a DEU file"):
        read_deu(p)


def test_every_shared_file_of_each_format_loads(shared_data: Path) -> None:
    from accord.scenario.importers import read_ktab

    ktab = sorted((shared_data / "ktab").glob("*.csv")) + sorted((shared_data / "ktab").glob("*.xml"))
    assert len(ktab) >= 10
    for path in ktab:
        s = read_ktab(path, strict=path.name != "smpExample.xml")
        assert s.n_actors >= 3 and all(0 <= st.position <= 100 for st in s.stances), path.name
    smp_example = read_ktab(shared_data / "ktab" / "smpExample.xml", strict=False)
    assert smp_example.metadata["empty_values"] == [["Alice", smp_example.issue_ids[0]]]
    for path in sorted((shared_data / "decide").glob("*.csv")):
        assert read_decide(path).n_issues >= 7
    for path in sorted((shared_data / "bdm").glob("*.csv")):
        assert read_bdm(path).n_actors >= 3
    for path in sorted((shared_data / "deu").glob("*.tsv")):
        assert len(read_deu(path)) > 100
