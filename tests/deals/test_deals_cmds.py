"""``accord deals``: sources, JSON shape, and clean failures (exit code 2, no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from accord.cli import main

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


def run(*args: str):
    return CliRunner().invoke(main, ["deals", *args])


def test_geniusweb_folder_json(shared_data):
    res = run(str(shared_data / "anl2023" / "domain00"), "--json", "--pareto")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert list(data)[:2] == ["schema_version", "kind"] and data["kind"] == "deals"
    assert {"zopa", "notes", "n_acceptable", "opening", "cheap_to_cede", "logrolls"} <= set(data)
    assert data["n_packages"] == 6480 and data["pareto_size"] == len(data["pareto"]) == 22
    assert list(data["solutions"]) == [
        "nash",
        "kalai_smorodinsky",
        "egalitarian",
        "utilitarian",
        "nash_weighted",
    ]
    nash = data["solutions"]["nash"]
    assert {"package", "utilities"} <= set(nash) and set(nash["utilities"]) == {"profileA", "profileB"}


def test_genius_folder_text_with_signatories(shared_data):
    folder = shared_data / "genius" / "anac" / "y2015" / "group2-politics"
    res = run(str(folder), "--signatories", "Politics_util1,Politics_util2", "--top", "2")
    assert res.exit_code == 0, res.output
    assert "Nash bargaining solution" in res.output and "Pareto frontier" in res.output
    assert "not a signatory" in res.output


def test_scenario_file(tmp_path):
    res = run(str(FLAGSHIP), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["n_packages"] > 10**8  # beyond the enumeration limit: counted only where it is known
    assert data["n_feasible_at_most"] <= data["n_packages"]
    if data["pareto_size"] == 0:
        # No zone of agreement: the feasible count is known (0) and the openings are listed, cheapest first.
        assert data["n_feasible"] == 0
        assert data["solutions"]["nash"] is None and data["opening"]["moves"]
        assert data["openings"][0] == data["opening"] and len(data["openings"]) == 5
        costs = [o["cost"] for o in data["openings"]]
        # Cheapest first, up to the MILP's tolerance.
        assert all(b >= a - 1e-9 for a, b in zip(costs, costs[1:], strict=False))
        assert all(o["margin"] >= 0 and o["n_opened_at_most"] >= 1 for o in data["openings"])
    else:
        assert data["n_feasible"] is None and data["solutions"]["nash"] is not None
    res2 = run(str(FLAGSHIP), "--signatories", "russia,usa")
    assert res2.exit_code == 0 and "zone of possible agreement:" in res2.output


def test_bad_inputs_exit_2_without_traceback(tmp_path):
    cases = [
        [str(tmp_path / "missing")],
        [str(tmp_path)],
        [str(FLAGSHIP), "--signatories", "russia,atlantis"],
    ]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "d.json").write_text('{"issuesValues": {"x": {"values": ["a"]}}}')
    (broken / "p.json").write_text('{"LinearAdditiveUtilitySpace": {"issueWeights": 3}}')
    cases.append([str(broken)])
    bad_yaml = tmp_path / "s.yaml"
    bad_yaml.write_text("actors: [\n")
    cases.append([str(bad_yaml)])
    for args in cases:
        res = run(*args)
        assert res.exit_code == 2, (args, res.output)
        assert "Traceback" not in res.output + res.stderr
    assert "atlantis" in run(str(FLAGSHIP), "--signatories", "russia,atlantis").stderr
