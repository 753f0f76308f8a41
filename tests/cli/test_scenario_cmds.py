"""The scenario commands, run as a user would (exit codes, no tracebacks)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from accord.cli import main
from accord.scenario import load_scenario

FLAGSHIP = str(Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml")


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    assert "Traceback" not in r.output + r.stderr
    return r.exit_code, r.stdout, r.stderr


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage" in out, name
        assert command.help, name


def test_validate_flagship() -> None:
    code, out, _ = run("validate", FLAGSHIP)
    assert code == 0 and "valid (7 actors, 20 issues" in out


def test_validate_broken_file_lists_every_problem(tmp_path: Path) -> None:
    text = Path(FLAGSHIP).read_text()
    text = text.replace("I1: {position: 100, salience: 95,", "I1: {position: 100, salience: 140,", 1)
    text = text.replace("capability: 35", "capability: -35", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    code, _, err = run("validate", str(bad))
    assert code == 2
    assert "stances[russia][I1].salience: 140 is above 100" in err
    assert "actors[0].capability: -35 is below 0" in err
    assert "2 error(s)" in err
    line = next(k for k, l in enumerate(text.splitlines(), 1) if "salience: 140" in l)
    assert f"bad.yaml:{line}:" in err


def test_missing_file_exits_2() -> None:
    assert run("validate", "nope.yaml")[0] == 2
    assert run("analyze", "nope.yaml")[0] == 2


def test_analyze_flagship() -> None:
    code, out, _ = run("analyze", FLAGSHIP)
    assert code == 0
    assert "Red lines that clash" in out and "I2c" in out
    for issue_id in load_scenario(FLAGSHIP).issue_ids:
        assert re.search(rf"^\s*{issue_id}\s", out, flags=re.M)
    code, out, _ = run("analyze", FLAGSHIP, "--json")
    data = json.loads(out)
    compromise = next(m for m in data["forecasts"]["models"] if m["model"] == "compromise")
    assert [i["id"] for i in compromise["issues"]] == list(load_scenario(FLAGSHIP).issue_ids)


def test_import_each_format(shared_data: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        "import", "bdm", str(shared_data / "bdm" / "emissions-1994.csv"), "-o", str(tmp_path / "b.yaml")
    )
    assert code == 0 and load_scenario(tmp_path / "b.yaml").n_actors == 10
    code, _, _ = run(
        "import", "decide", str(shared_data / "decide" / "cop21.csv"), "-o", str(tmp_path / "c.json")
    )
    assert code == 0 and load_scenario(tmp_path / "c.json").n_issues == 13
    code, out, _ = run(
        "import", "deu", str(shared_data / "deu" / "deu3-dev.tsv"), "-o", str(tmp_path / "deu")
    )
    assert code == 0 and len(list((tmp_path / "deu").glob("*.yaml"))) == 223
    code, _, err = run(
        "import", "bdm", str(shared_data / "decide" / "cop21.csv"), "-o", str(tmp_path / "x.yaml")
    )
    assert code == 2 and "header must start with" in err


def test_analyze_sources_shows_confidence_and_source_list() -> None:
    code, out, _ = run("analyze", FLAGSHIP, "--sources", "--no-simulate", "--models", "compromise")
    assert code == 0
    assert "Stances and their sources" in out and "confidence" in out
    assert "S10" in out and "That is the most important red line" in out
