"""``accord simulate`` and ``accord tournament`` as a user runs them: outputs, files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from accord.cli import main

FLAGSHIP = str(Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml")
TABLE = "russia=staller,usa=conceder,ukraine=conceder"
SEATS = ("--table", "russia,usa,ukraine")


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    assert "Traceback" not in r.output + r.stderr, r.output + r.stderr
    return r.exit_code, r.stdout, r.stderr


def test_simulate_text() -> None:
    code, out, _ = run("simulate", FLAGSHIP, *SEATS, "--strategy", TABLE, "--deadline", "usa=none")
    assert code == 0
    # Russia stalls the ceasefire; the US and Ukraine settle their bilateral minerals deal without it
    assert "outcome: partial agreement - ended by horizon in round 26, 2025-09-15" in out
    assert "partial: I9 = joint_fund (round 5, 2025-04-21; between usa, ukraine)" in out
    assert "track battlefield:" in out and "russia=Staller" in out
    # offers as option ids per issue, later ones as changes from the proposer's previous offer
    assert "#" not in out and "  r1    russia       I1=" in out and "->" in out


def test_simulate_json_is_seeded_and_repeats(tmp_path: Path) -> None:
    args = (
        "simulate",
        FLAGSHIP,
        *SEATS,
        "--strategy",
        "russia=boulware,usa=conceder,ukraine=conceder",
        "--deadline",
        "usa=none",
        "--seed",
        "3",
        "--json",
    )
    code, out, _ = run(*args)
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "simulation" and data["frozen"]["battlefield"] == 8
    assert [(g["issues"], g["round"], g["date"], g["parties"]) for g in data["agreements"]] == [
        ({"I9": "joint_fund"}, 4, "2025-04-14", ["usa", "ukraine"]),
        ({"I4": "conditional"}, 8, "2025-05-12", ["russia", "usa", "ukraine"]),
    ]
    assert data["trace"][0].keys() == {
        "round",
        "event",
        "actor",
        "subject",
        "offer",
        "value",
        "accepted",
        "detail",
        "terms",
    }
    full = next(t for t in data["trace"] if t["event"] == "offer" and not t["subject"])
    assert full["offer"].startswith("#") and full["terms"].startswith("I1=")  # ids kept, terms readable
    assert run(*args)[1] == out  # byte-identical


def test_simulate_writes_csv_and_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    csv, png = tmp_path / "trace.csv", tmp_path / "run.png"
    code, _, _ = run(
        "simulate",
        FLAGSHIP,
        *SEATS,
        "--strategy",
        TABLE,
        "--rounds",
        "6",
        "--csv",
        str(csv),
        "--plot",
        str(png),
    )
    assert code == 0
    assert csv.read_text().startswith("round,event,actor,subject,offer,value,accepted,detail,terms\n")
    assert png.stat().st_size > 1000


def test_simulate_single_text_with_default_table() -> None:
    code, out, _ = run(
        "simulate",
        FLAGSHIP,
        "--strategy",
        "russia=boulware",
        "--default",
        "conceder",
        "--protocol",
        "single-text",
        "--mediator",
        "mediator-split",
        "--rounds",
        "4",
    )
    assert code == 0 and "mediator Mediator Split" in out and "global_south=Conceder" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--strategy", "russia=bluff"], "unknown strategy 'bluff'"),
        (["--strategy", "mars=linear"], "--strategy: unknown actor(s) mars"),
        (["--strategy", "russia"], "expected ACTOR=VALUE"),
        (["--strategy", "russia=linear", "--rounds", "0"], "--rounds"),
        (["--strategy", "russia=linear", "--deadline", "usa=soon"], "is not a round number"),
        (["--deadline", "usa=2025-02-01"], "usa=2025-02-01 is not after the scenario's as_of date"),
        (["--deadline", "usa=2025-13-40"], "--deadline: usa=2025-13-40: month must be in 1..12"),
        (["--table", "russia,ukraine", "--signatories", "russia,usa"], "--signatories"),
        (["--strategy", "russia=mediator-nash"], "actor 'russia' needs a party strategy"),
        (
            ["--strategy", "russia=linear", "--mediator", "mediator-nash"],
            "a mediator takes no part in the alternating protocol",
        ),
    ],
)
def test_simulate_bad_configurations(args: list[str], message: str) -> None:
    code, _, err = run("simulate", FLAGSHIP, *args)
    assert code == 2 and message in err


def test_simulate_missing_file() -> None:
    code, _, err = run("simulate", "nope.yaml")
    assert code == 2 and err


def test_tournament_ranking_and_json(tmp_path: Path) -> None:
    csv = tmp_path / "t.csv"
    code, out, _ = run(
        "tournament",
        FLAGSHIP,
        "--strategies",
        "staller,boulware",
        "--table",
        "russia,usa,ukraine",
        "--seeds",
        "2",
        "--deadline",
        "usa=none",
        "--csv",
        str(csv),
    )
    assert code == 0 and "12 runs" in out and "staller" in out
    assert csv.read_text().count("\n") == 1 + 12 * 3
    code, out, _ = run(
        "tournament",
        FLAGSHIP,
        "--strategies",
        "linear",
        "--table",
        "russia,ukraine",
        "--seeds",
        "1",
        "--rounds",
        "3",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["ranking"][0]["strategy"] == "linear" and len(data["records"]) == 4


@pytest.mark.parametrize(
    "args, message",
    [
        (["--strategies", "linear,nope"], "unknown strategy 'nope'"),
        (["--rounds", "0"], "--rounds"),
        (["--strategy", "mars=linear"], "--strategy: unknown actor(s) mars"),
        (["--jobs", "0"], "--jobs"),
        (["--patience", "mars=3"], "--patience: unknown actor(s) mars"),
        (["--patience", "0"], "--patience"),
    ],
)
def test_tournament_bad_configurations(args: list[str], message: str) -> None:
    code, _, err = run("tournament", FLAGSHIP, "--seeds", "1", *args)
    assert code == 2 and message in err


def test_simulate_without_partial_agreements() -> None:
    code, out, _ = run(
        "simulate",
        FLAGSHIP,
        *SEATS,
        "--strategy",
        "russia=boulware,usa=conceder,ukraine=conceder",
        "--deadline",
        "usa=none",
        "--no-partial",
    )
    # Without the separable ceasefire nothing can be agreed: every full package crosses a red line.
    assert code == 0 and "partial:" not in out and "outcome: breakdown - ended by walk-away" in out


def test_tournament_on_ray_matches_the_local_run() -> None:
    import os

    ray = __import__("ray") if os.environ.get("CI") else pytest.importorskip("ray")
    args = ["tournament", FLAGSHIP, "--strategies", "staller,linear", "--table", "russia,ukraine"]
    args += ["--seeds", "2", "--rounds", "6", "--json"]
    local = json.loads(run(*args)[1])
    try:
        code, out, _ = run(*args, "--ray")
    finally:
        ray.shutdown()
    assert code == 0 and json.loads(out) == local


def test_a_deadline_can_be_a_date() -> None:
    # The flagship's rounds are weeks from as_of 2025-03-17: 14 April is the end of round 4.
    code, out, _ = run("simulate", FLAGSHIP, "--deadline", "usa=2025-04-14", "--rounds", "6", "--json")
    assert code == 0 and json.loads(out)["clocks"]["usa"] == 4
    code, out, _ = run("simulate", FLAGSHIP, "--deadline", "usa=4", "--rounds", "6", "--json")
    assert code == 0 and json.loads(out)["clocks"]["usa"] == 4
    code, _, err = run("tournament", FLAGSHIP, FLAGSHIP, "--seeds", "1", "--deadline", "usa=2025-04-14")
    assert code == 2 and "is not a round number or 'none'" in err  # two scenarios: rounds only
