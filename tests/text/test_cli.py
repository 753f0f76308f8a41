"""The commands: extract, extract-eval, apply, timeline (one JSON document each, errors exit 2)."""

from __future__ import annotations

import json
import shutil

import jsonschema
from click.testing import CliRunner

from accord.cli import main
from accord.text.results import ExtractEval, ScenarioDiff

from .conftest import BRIEF, FLAGSHIP


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_extract_json(nlp):
    res = run("extract", BRIEF, "--scenario", FLAGSHIP, "--date", "2025-03-14", "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["kind"] == "extraction" and doc["statements"]


def test_extract_text_output(nlp):
    res = run("extract", BRIEF, "--scenario", FLAGSHIP)
    assert res.exit_code == 0, res.output
    assert "russia REJECT/12" in res.output


def test_bad_input_exits_2_without_traceback(nlp, tmp_path):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    german = tmp_path / "de.txt"
    german.write_text(
        "Der Minister sagte, die Regierung werde den Vorschlag nicht annehmen und die "
        "Gespräche mit der anderen Seite würden bald fortgesetzt werden.",
        encoding="utf-8",
    )
    empty = tmp_path / "e.txt"
    empty.write_text("", encoding="utf-8")
    for path, word in ((binary, "binary"), (german, "English"), (empty, "empty")):
        res = run("extract", path)
        assert res.exit_code == 2, res.output
        assert word in res.output and "Traceback" not in res.output
    res = run("extract", BRIEF, "--propose")
    assert res.exit_code == 2 and "--scenario" in res.output


def test_extract_eval_on_a_small_gold_file(nlp, tmp_path):
    gold = [
        {"id": "a", "event": "DOCUMENT"},
        {
            "id": "b",
            "event": "THREATEN",
            "text": "The government threatened to impose sanctions on its neighbour.",
            "source": [{"actorText": "government"}],
        },
        {
            "id": "c",
            "event": "CONSULT",
            "text": "The two presidents met in Vienna on Friday.",
            "source": [{"actorText": "presidents"}],
        },
        {
            "id": "d",
            "event": "AID",
            "text": "Many commentators think the country is weak.",
            "source": [{"actorText": "country"}],
        },
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    res = run("extract-eval", path, "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    jsonschema.validate(doc, ExtractEval.json_schema())
    assert doc["n"] == 3
    assert abs(doc["act_accuracy"] - 2 / 3) < 1e-9 and abs(doc["source_accuracy"] - 2 / 3) < 1e-9
    assert doc["confusion"]["AID"] == {"NONE": 1}
    assert doc["per_class"]["THREATEN"]["precision"] == 1.0


def test_extract_eval_rejects_a_non_gold_file(nlp, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    res = run("extract-eval", path)
    assert res.exit_code == 2 and "list" in res.output


def test_propose_then_apply_per_item_and_timeline(nlp, tmp_path):
    scenario = tmp_path / "scenario.yaml"
    shutil.copy(FLAGSHIP, scenario)
    diff_path = tmp_path / "diff.json"
    res = run(
        "extract",
        BRIEF,
        "--scenario",
        scenario,
        "--date",
        "2025-03-14",
        "--source-name",
        "wire",
        "--propose",
        "--json",
        "-o",
        diff_path,
    )
    assert res.exit_code == 0, res.output
    diff = json.loads(diff_path.read_text())
    jsonschema.validate(diff, ScenarioDiff.json_schema())
    moves = [it for it in diff["items"] if it["op"] in ("set_position", "add_history", "add_stance")]
    assert moves, diff
    pick = moves[0]
    before = scenario.read_text()
    res = run("apply", diff_path, "--to", scenario, "--only", pick["id"], "--dry-run", "--json")
    assert res.exit_code == 0, res.output
    assert scenario.read_text() == before  # a dry run writes nothing
    res = run("apply", diff_path, "--to", scenario, "--only", pick["id"], "--json")
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert pick["id"] in report["applied"] and report["written"]
    assert "comments are not kept" in res.stderr  # the flagship file is commented
    res = run("timeline", scenario, "--actor", pick["actor"], "--issue", pick["issue"], "--json")
    assert res.exit_code == 0, res.output
    tl = json.loads(res.stdout)
    assert any(e["date"] == "2025-03-14" and e["source"] == pick["source_id"] for e in tl["entries"])
    res = run("apply", diff_path, "--to", scenario, "--only", "d999")
    assert res.exit_code == 2 and "d999" in res.output


def test_timeline_plot(tmp_path):
    out = tmp_path / "t.png"
    res = run("timeline", FLAGSHIP, "--actor", "russia", "--plot", out)
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 1000
    res = run("timeline", FLAGSHIP, "--actor", "nobody")
    assert res.exit_code == 2 and "nobody" in res.output


def test_extract_into_a_stored_scenario_stores_its_evidence(nlp, tmp_path):
    from accord.store import Store
    from accord.text.stored import StaleProposal, apply_stored, stored_diff

    db = f"sqlite:///{tmp_path / 'a.db'}"
    with Store(db) as store:
        sid = store.add_scenario(FLAGSHIP.read_text(encoding="utf-8"), "yaml", "ana")
    res = run("extract", BRIEF, "--into", sid, "--db", db, "--source-name", "wire", "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert f"stored 10 statement(s) as evidence of scenario {sid}" in res.stderr
    assert doc["scenario"].endswith(f"scenario {sid} v1")
    with Store(db) as store:
        assert [e.statement for e in store.evidence(sid)] == doc["statements"]
        rec, evidence, diff, basis = stored_diff(store, sid)
        assert len(evidence) == 10
        assert basis.startswith("v1-") and diff.items
        history = next(it for it in diff.items if it.op == "add_history" and it.actor == "ukraine")
        report, version = apply_stored(store, sid, [history.id], basis=basis, author="ana")
        assert version == 2 and history.id in report.applied
        after = store.get_scenario(sid, parse=True).scenario.stance("ukraine", "I4")
        assert [(h.date, h.position) for h in after.history][-1] == ("2025-03-11", 0)
        assert all(it.quote != history.quote for it in stored_diff(store, sid).diff.items)  # not again
        try:
            apply_stored(store, sid, ["d1"], basis=basis, author="ana")
        except StaleProposal as err:
            assert "reload and choose again" in str(err)
        else:
            raise AssertionError("a stale proposal was applied")
    for args, message in (
        (["--into", sid, "--scenario", FLAGSHIP], "not both"),
        (["--into", 99, "--db", db], "no scenario 99"),
        (["--db", db], "give --into ID as well"),
    ):
        res = run("extract", BRIEF, *args)
        assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output
