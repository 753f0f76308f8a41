"""``accord sweep`` and ``accord sensitivity``: JSON that validates and round-trips, located errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from accord.analysis import SCHEMA_VERSION
from accord.cli import main
from accord.uncertainty import DOCUMENTS


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), terminal_width=200)
    assert "Traceback" not in r.output + r.stderr, r.output + r.stderr
    return r.exit_code, r.stdout, r.stderr


def check(out: str, kind: str) -> dict:
    doc = json.loads(out)
    assert doc["schema_version"] == SCHEMA_VERSION and doc["kind"] == kind
    cls = DOCUMENTS[kind]
    jsonschema.validate(doc, cls.json_schema())
    assert cls.from_dict(doc).to_dict() == doc
    return doc


def test_sweep_json_and_table(small_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.parquet"
    args = ["sweep", str(small_path), "--samples", "12", "--analyses", "forecast,deals,outlook,simulate"]
    code, stdout, err = run(
        *args, "--models", "compromise,median", "--workers", "1", "-o", str(out), "--json"
    )
    assert code == 0, err
    doc = check(stdout, "sweep")
    assert doc["file"] == str(out) and out.is_file() and doc["n_samples"] == 12
    assert f"wrote {out}" in err
    # Same seed, same document and same bytes, whatever the workers and chunks.
    again = tmp_path / "t.parquet"
    code, stdout2, _ = run(*args, "--workers", "2", "--chunk-size", "5", "-o", str(again), "--json")
    assert json.loads(stdout2) | {"file": None} == doc | {"file": None}
    assert again.read_bytes() == out.read_bytes()


def test_sweep_text(small_path: Path) -> None:
    code, stdout, err = run("sweep", str(small_path), "--samples", "8", "--analyses", "forecast,deals")
    assert code == 0, err
    assert "Forecasts over the samples" in stdout and "Zone of agreement" in stdout


def test_sensitivity_json_text_and_plot(small_path: Path, tmp_path: Path) -> None:
    png = tmp_path / "t.png"
    code, stdout, err = run(
        "sensitivity", str(small_path), "--output", "I1", "--method", "tornado", "--plot", str(png), "--json"
    )
    assert code == 0, err
    doc = check(stdout, "sensitivity")
    assert doc["method"] == "tornado" and doc["tornado"][0]["rank"] == 1 and png.stat().st_size > 1000
    sobol_png = tmp_path / "s.svg"
    args = [
        "sensitivity",
        str(small_path),
        "--output",
        "I1",
        "--samples",
        "32",
        "--top",
        "3",
        "--plot",
        str(sobol_png),
    ]
    code, stdout, err = run(*args)
    assert code == 0, err
    assert "Sobol' indices" in stdout and "more inputs in --json" in stdout
    assert sobol_png.read_text().startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sweep", "{f}", "--analyses", "forecast,vibes"], "unknown analysis vibes"),
        (["sweep", "{f}", "--models", "nope"], "unknown model 'nope'"),
        (["sweep", "{f}", "--resume"], "--resume: needs the -o file"),
        (["sweep", "{f}", "--method", "sobol", "--samples", "10"], "power of two"),
        (["sweep", "{f}", "--address", "auto"], "--address: only applies to --executor ray"),
        (["sweep", "{f}", "--executor", "ray", "--address", "127.0.0.1:1"], "cannot start or reach Ray"),
        (["sweep", "missing.yaml"], "no such file"),
        (["sensitivity", "{f}", "--output", "I9"], "neither an issue"),
        (["sensitivity", "{f}", "--output", "I1", "--model", "nope"], "unknown model 'nope'"),
        (["sensitivity", "{f}", "--output", "I1", "--samples", "12"], "power of two"),
    ],
)
def test_errors_exit_2_with_a_message(small_path: Path, args: list[str], message: str) -> None:
    code, _, err = run(*[a.format(f=small_path) for a in args])
    assert code == 2 and message in err, err


def test_help_has_examples() -> None:
    for command in ("sweep", "sensitivity"):
        code, stdout, _ = run(command, "--help")
        assert code == 0 and "Examples:" in stdout and "accord " + command in stdout


def test_nothing_uncertain_is_an_input_error(small_path: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(small_path.read_text().split("uncertainty:")[0])
    code, _, err = run("sweep", str(plain), "--samples", "4", "--no-default-spread")
    assert code == 2 and "nothing is uncertain" in err
    code, _, err = run("sensitivity", str(plain), "--output", "I1", "--no-default-spread")
    assert code == 2 and "nothing is uncertain" in err


def test_progress_on_stderr_shows_rate_and_time_left(small_path: Path) -> None:
    code, stdout, err = run(
        "sweep", str(small_path), "--samples", "8", "--chunk-size", "2", "--progress", "--json"
    )
    assert code == 0, err
    assert "samples/s" in err and "left" in err and "8/8" in err
    check(stdout, "sweep")  # stdout stays one clean document
