"""The wargaming engine: scripted play, exact replay, the debrief against `accord simulate`, invalid moves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import accord
from accord.cli import main
from accord.errors import InputError
from accord.play import Game, GameReport, Move, RedLineWarning

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
SCRIPT = ROOT / "examples" / "ukraine-2025" / "play-ukraine.yaml"


@pytest.fixture(scope="module")
def scenario() -> accord.Scenario:
    return accord.load_scenario(FLAGSHIP)


def _play(*args: str) -> dict:
    r = CliRunner().invoke(main, ["play", str(FLAGSHIP), "--as", "ukraine", *args, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output[r.output.index("{") :])


@pytest.fixture(scope="module")
def scripted() -> dict:
    return _play("--script", str(SCRIPT), "--strategy", "usa=conceder", "--seed", "3")


def test_scripted_game_is_a_valid_document(scripted: dict) -> None:
    jsonschema.validate(scripted, GameReport.json_schema())
    assert scripted["kind"] == "game" and scripted["finished"]
    moves = scripted["trace"]["moves"]
    assert moves[0] == {**moves[0], "seat": "ukraine", "round": 1, "kind": "reject"}
    assert any(m["kind"] == "propose" and m["round"] == 3 for m in moves)
    (d,) = scripted["debrief"]
    assert {a["strategy"] for a in d["alternatives"]} >= {"linear", "tit-for-tat", "conceder"}
    assert len(d["decisions"]) == len(moves)
    assert all(len(x["shadows"]) == len(d["alternatives"]) for x in d["decisions"])
    assert d["moments"][-1]["kind"] == "end"
    assert GameReport.from_dict(scripted).to_dict() == scripted


def test_replay_from_trace_is_exact(scenario: accord.Scenario, scripted: dict, tmp_path: Path) -> None:
    game = Game.replay(scenario, scripted["trace"])
    assert game.finished
    assert game.report().to_dict() == scripted
    # and through the command line, from the stored document
    stored = tmp_path / "game.json"
    stored.write_text(json.dumps(scripted))
    assert _play("--trace", str(stored)) == scripted


def test_debrief_equals_separate_simulate_runs(scripted: dict) -> None:
    (d,) = scripted["debrief"]
    for alt in d["alternatives"]:
        r = CliRunner().invoke(
            main,
            [
                "simulate",
                str(FLAGSHIP),
                "--strategy",
                f"usa=conceder,ukraine={alt['strategy']}",
                "--seed",
                "3",
                "--json",
            ],
        )
        assert r.exit_code == 0, r.output
        sim = json.loads(r.output)
        assert sim["utilities"]["ukraine"] == alt["score"], alt["strategy"]
        assert (sim["ended_by"], sim["round"]) == (alt["ended_by"], alt["round"])


def _to_propose_turn(game: Game) -> None:
    while game.view("ukraine").question != "propose":
        game.move("ukraine", Move("reject"))


def _package(game: Game) -> dict[str, str]:
    """A package inside Ukraine's red lines (its first acceptable option on each issue)."""
    return {i.id: i.settled or i.acceptable[0] for i in game.view("ukraine").issues}


def _snapshot(game: Game) -> tuple:
    return (json.dumps(game.trace(), sort_keys=True), game.view("ukraine").to_dict(), game.due())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: {**p, "I1": "maybe"}, "'maybe' is not an option of issue I1"),
        (lambda p: {k: v for k, v in p.items() if k != "I7"}, "misses issue(s) I7"),
        (lambda p: {**p, "I99": "x"}, "unknown issue(s) I99"),
        (
            lambda p: {**p, "I1": "neutrality", "I10": "nato"},
            "breaks a linked-issue constraint of the scenario: I1=neutrality with I10=nato",
        ),
    ],
)
def test_invalid_package_changes_nothing(scenario: accord.Scenario, change, message: str) -> None:
    game = Game.new(scenario, ["ukraine"], seed=1)
    _to_propose_turn(game)
    before = _snapshot(game)
    with pytest.raises(InputError, match=re.escape(message)):
        game.move("ukraine", Move("propose", change(_package(game))))
    assert _snapshot(game) == before


def test_invalid_moves_change_nothing(scenario: accord.Scenario) -> None:
    game = Game.new(scenario, ["ukraine", "russia"], seed=0)
    assert game.due() == ("russia",)  # russia proposes in round 1
    before = _snapshot(game)
    with pytest.raises(InputError, match="out of turn: ukraine has no move due"):
        game.move("ukraine", Move("reject"))
    with pytest.raises(InputError, match="'accept' is not a move now"):
        game.move("russia", Move("accept"))
    with pytest.raises(InputError, match="not a person's seat"):
        game.move("europe", Move("reject"))
    with pytest.raises(InputError, match="not separable"):
        game.check("russia", Move("partial", {"I1": "neutrality"}))
    with pytest.raises(InputError, match="exactly one separable issue"):
        game.check("russia", Move("partial", {"I4": "partial", "I15": "incremental"}))
    with pytest.raises(InputError, match="takes no package"):
        game.check("russia", Move("walk_away", {"I4": "partial"}))
    assert _snapshot(game) == before


def test_red_line_warning_and_override_are_recorded(scenario: accord.Scenario) -> None:
    game = Game.new(scenario, ["ukraine"], seed=0)
    _to_propose_turn(game)
    package = {**_package(game), "I5": "none"}  # Ukraine: no deal without a security presence
    assert game.check("ukraine", Move("propose", package)) == ["I5 = none crosses your red line on I5"]
    before = _snapshot(game)
    with pytest.raises(RedLineWarning, match="override"):
        game.move("ukraine", Move("propose", package))
    assert _snapshot(game) == before
    warnings = game.move("ukraine", Move("propose", package, override=True))
    assert warnings == ["I5 = none crosses your red line on I5"]
    last = game.trace()["moves"][-1]
    assert last["override"] and last["warnings"] == warnings
    while not game.finished:
        game.move("ukraine", Move("reject"))
    (d,) = game.report().debrief
    assert any(m.kind == "override" for m in d.moments)
    # a trace that crosses a red line without saying so does not replay
    trace = game.trace()
    trace["moves"][[m["kind"] for m in trace["moves"]].index("propose")]["override"] = False
    with pytest.raises(InputError, match="red line"):
        Game.replay(scenario, trace)


def test_move_after_the_end_and_walk_away(scenario: accord.Scenario) -> None:
    game = Game.new(scenario, ["ukraine"], seed=0)
    game.move("ukraine", Move("walk_away"))
    assert game.finished and game.due() == ()
    rep = game.report(debrief=False)
    assert rep.outcome.ended_by == "walk-away" and rep.outcome.walked == ("ukraine",)
    with pytest.raises(InputError, match="the game is over"):
        game.move("ukraine", Move("reject"))
    assert Game.replay(scenario, game.trace()).report(debrief=False) == rep


def test_partial_offer_and_view(scenario: accord.Scenario) -> None:
    game = Game.new(scenario, ["ukraine"], seed=0)
    v = game.view("ukraine")
    assert v.question == "respond" and v.legal == ("accept", "reject", "walk_away")
    assert v.date == "2025-03-24" and v.round == 1 and v.batna is not None
    (pending,) = [o for o in v.offers if o.pending]
    assert pending.by == "russia" and pending.labels["I4"].startswith("Ceasefire only")
    assert "I2a" in pending.crosses_red_line
    _to_propose_turn(game)
    assert "partial" in game.view("ukraine").legal
    u = game.utility("ukraine", {"I15": "all_for_all"}, partial=True)
    game.move("ukraine", Move("partial", {"I15": "all_for_all"}))
    assert game.trace()["moves"][-1]["kind"] == "partial"
    assert u > game.view("ukraine").batna - 0.05
    json.dumps(game.view("ukraine").to_dict())


def test_mediator_seat(scenario: accord.Scenario) -> None:
    game = Game.new(scenario, ["mediator"], protocol="single-text", n_rounds=3, seed=0)
    v = game.view("mediator")
    assert v.question == "propose" and "walk_away" not in v.legal and v.batna is None
    package = {i.id: i.settled or i.status_quo or i.options[0].id for i in v.issues}
    while not game.finished:
        game.move("mediator", Move("propose", package))
    (d,) = game.report().debrief
    assert d.score_label == "mean utility of the signatories"
    assert {a.strategy for a in d.alternatives} == {"mediator-nash", "mediator-split"}
    with pytest.raises(InputError, match="has no mediator"):
        Game.new(scenario, ["mediator"])


def test_script_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("seat: ukraine\nmoves:\n  - {round: 3, kind: partial, package: {I4: nope}}\n")
    r = CliRunner().invoke(main, ["play", str(FLAGSHIP), "--as", "ukraine", "--script", str(bad)])
    assert r.exit_code == 2
    assert f"{bad}:3:" in r.output and "'nope' is not an option of issue I4" in r.output
    bad.write_text("seat: ukraine\nmoves:\n  - {round: 1, kind: dance}\n")
    r = CliRunner().invoke(main, ["play", str(FLAGSHIP), "--as", "ukraine", "--script", str(bad)])
    assert r.exit_code == 2 and f"{bad}:3:" in r.output and "kind is one of" in r.output


def test_text_and_html(tmp_path: Path) -> None:
    out = tmp_path / "debrief.html"
    r = CliRunner().invoke(
        main,
        ["play", str(FLAGSHIP), "--as", "ukraine", "--script", str(SCRIPT), "--html", str(out)],
    )
    assert r.exit_code == 0, r.output
    assert "Debrief: ukraine" in r.output and "strategy in your seat" in r.output
    html = out.read_text()
    assert "your result against each strategy in your seat" in html and "Round by round" in html


def test_game_document_is_registered() -> None:
    from accord.analysis import DOCUMENTS

    assert DOCUMENTS["game"] is GameReport


def test_no_terminal_needs_a_script() -> None:
    r = CliRunner().invoke(main, ["play", str(FLAGSHIP), "--as", "ukraine"])
    assert r.exit_code == 2 and "--script" in r.output
