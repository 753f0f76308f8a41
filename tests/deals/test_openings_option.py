"""``--openings K``: how many distinct openings ``accord deals`` and ``accord analyze`` list."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import accord
from accord.analysis import AnalysisSpec, deal_space, deals
from accord.cli import main

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


def test_deals_openings_option_json_and_text():
    r = CliRunner().invoke(main, ["deals", str(FLAGSHIP), "--openings", "3", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert len(doc["openings"]) == 3 and doc["openings"][0] == doc["opening"]
    for o in doc["openings"]:
        assert o["moves"] and o["n_opened_at_most"] > 0
        for m in o["moves"]:  # who moves, on which issue, by how much, at what cost
            assert m["actor"] and m["cost"] >= 0
            if m["kind"] == "red_line":
                assert m["issue"] and m["beyond"] is not None
    margins = [o["margin"] for o in doc["openings"]]
    costs = [o["cost"] for o in doc["openings"]]
    assert all(m is not None and m >= 0 for m in margins)
    assert [round(b - a, 9) for a, b in zip(costs, costs[1:], strict=False)] == [
        round(m, 9) for m in margins[:-1]
    ]
    text = CliRunner().invoke(main, ["deals", str(FLAGSHIP), "--openings", "2"]).output
    assert "Other openings (the next 1 cheapest" in text


def test_deals_openings_out_of_range_is_exit_2():
    r = CliRunner().invoke(main, ["deals", str(FLAGSHIP), "--openings", "0"])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_library_and_spec_pass_openings_through():
    s = accord.load_scenario(FLAGSHIP)
    assert len(deals(deal_space(s), n_openings=1).openings) == 1
    spec = AnalysisSpec(models=("compromise",), simulate=False, outlook=False, uncertainty=False, openings=2)
    a = accord.analyze(s, spec)
    assert a.deals is not None and len(a.deals.openings) == 2
    assert a.spec["openings"] == 2 and a.spec["respect_red_lines"] is True
    assert a.forecasts is not None and a.forecasts.respect_red_lines
    assert a.forecasts.models[0].n_crossings == 25 and a.forecasts.models[0].n_crossings_respected == 0
