"""One CLI grammar: every --json validates against its schema, the same word means the same thing in
every command, old spellings that changed meaning are errors naming the new one, and no failure of an
analysis reaches the user as a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import accord
from accord.analysis import DOCUMENTS, AnalysisSpec
from accord.cli import main
from accord.errors import InputError, LimitError

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = str(ROOT / "examples" / "ukraine-2025" / "scenario.yaml")
NEWS = str(ROOT / "examples" / "ukraine-2025" / "news" / "brief.md")
PLAY_SCRIPT = str(ROOT / "examples" / "ukraine-2025" / "play-ukraine.yaml")


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), terminal_width=200)
    assert "Traceback" not in r.output + r.stderr, r.output + r.stderr
    return r.exit_code, r.stdout, r.stderr


def _json_commands(shared: Path | None, tmp: Path) -> list[list[str]]:
    cmds = [
        ["validate", FLAGSHIP],
        ["analyze", FLAGSHIP, "--rounds", "8"],
        ["forecast", FLAGSHIP, "--models", "compromise,smp,eum"],
        ["deals", FLAGSHIP, "--signatories", "russia,usa", "--pareto", "--top", "3"],
        ["simulate", FLAGSHIP, "--strategy", "russia=staller", "--rounds", "10"],
        ["tournament", FLAGSHIP, "--strategies", "linear,staller", "--seeds", "1", "--rounds", "6"],
        ["outlook", FLAGSHIP, "--runs", "5", "--rounds", "10"],
        ["sweep", FLAGSHIP, "--samples", "8", "-o", str(tmp / "s.parquet")],
        ["sensitivity", FLAGSHIP, "--output", "I5", "--method", "tornado"],
        ["extract", NEWS, "--scenario", FLAGSHIP],
        ["extract", NEWS, "--scenario", FLAGSHIP, "--propose"],
        ["apply", str(Path(NEWS).with_name("brief.diff.json")), "--to", FLAGSHIP, "--dry-run"],
        ["timeline", FLAGSHIP],
        ["play", FLAGSHIP, "--as", "ukraine", "--script", PLAY_SCRIPT, "--no-debrief"],
        ["db", "init", "--db", f"sqlite:///{tmp / 'grammar.db'}"],
        ["report", FLAGSHIP, "-o", str(tmp / "r.html"), "--no-simulate", "--models", "compromise"],
    ]
    if shared is not None:
        cmds += [
            [
                "backtest",
                str(shared / "deu" / "deu3-dev.tsv"),
                "--models",
                "compromise,median",
                "--n-boot",
                "50",
            ],
            ["extract-eval", str(shared / "plover" / "plover-gsr-dev.json")],
            ["import", "bdm", str(shared / "bdm" / "emissions-1994.csv"), "-o", str(tmp / "e.yaml")],
        ]
    return cmds


def test_every_json_document_validates_and_round_trips(shared_data: Path, tmp_path: Path) -> None:
    kinds = set()
    for args in _json_commands(shared_data, tmp_path):
        code, out, err = run(*args, "--json")
        assert code == 0, (args, err)
        doc = json.loads(out)
        assert doc["schema_version"] == accord.analysis.SCHEMA_VERSION
        cls = DOCUMENTS[doc["kind"]]
        jsonschema.validate(doc, cls.json_schema())
        assert json.loads(json.dumps(cls.from_dict(doc).to_dict())) == doc
        kinds.add(doc["kind"])
    # Two kinds only ever appear nested: the scenario summary and the uncertainty section of analyze;
    # `serve --json` prints its document and then serves (tests/web/test_security.py checks it).
    assert kinds == set(DOCUMENTS) - {"scenario", "uncertainty", "serve"}


def test_schema_command_prints_each_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0 and set(out.split()) == set(DOCUMENTS)
    for kind, cls in DOCUMENTS.items():
        code, out, _ = run("schema", kind)
        assert code == 0 and json.loads(out) == json.loads(json.dumps(cls.json_schema()))
        jsonschema.Draft202012Validator.check_schema(json.loads(out))
    assert run("schema", "nope")[0] == 2


def test_analyze_json_equals_the_library_and_is_byte_stable() -> None:
    code, out, _ = run("analyze", FLAGSHIP, "--json")
    assert code == 0
    lib = accord.analyze(
        accord.load_scenario(FLAGSHIP), AnalysisSpec(models=tuple(accord.registry.MODELS.listed()))
    )
    assert json.loads(out) == json.loads(json.dumps(lib.to_dict(), allow_nan=False))
    assert run("analyze", FLAGSHIP, "--json")[1] == out
    doc = json.loads(out)
    assert {"scenario", "forecasts", "deals", "simulation"} <= set(doc)
    assert doc["deals"]["zopa"] is False and doc["simulation"]["outcome"]


@pytest.mark.parametrize(
    "args",
    [
        ["simulate", FLAGSHIP],
        ["simulate", FLAGSHIP, "--default", "linear"],
        ["tournament", FLAGSHIP, "--strategy", "russia=staller", "--seeds", "2"],
    ],
)
def test_new_forms_work(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 0, err
    assert out.strip()


def test_backtest_models_all(shared_data: Path) -> None:
    code, out, err = run(
        "backtest", str(shared_data / "deu" / "deu3-dev.tsv"), "--models", "all", "--n-boot", "20"
    )
    assert code == 0, err
    for name in accord.registry.MODELS.listed():
        assert name in out


@pytest.mark.parametrize(
    "args, new",
    [
        (["forecast", FLAGSHIP, "--model", "eum"], "--models"),
        (["simulate", FLAGSHIP, "--assign", "russia=staller"], "--strategy"),
        (["tournament", FLAGSHIP, "--assign", "all"], "--mode"),
        (["tournament", FLAGSHIP, "--base", "linear"], "--default"),
    ],
)
def test_old_spellings_name_the_new_one(args: list[str], new: str) -> None:
    code, _, err = run(*args)
    assert code == 2 and new in err


@pytest.mark.parametrize(
    "args, words",
    [
        (["deals", FLAGSHIP, "--pareto"], "--json"),
        (["forecast", FLAGSHIP, "--models", "compromise,nope"], "unknown model"),
        (["simulate", FLAGSHIP, "--strategy", "russia=nope"], "unknown strategy"),
        (["simulate", FLAGSHIP, "--protocol", "nope"], "unknown protocol"),
        (["simulate", FLAGSHIP, "--strategy", "atlantis=linear"], "unknown actor"),
        (["simulate", FLAGSHIP, "--table", "russia,usa", "--signatories", "ukraine"], "--signatories"),
        (["deals", FLAGSHIP, "--signatories", "atlantis"], "unknown actor"),
        (["deals", "nowhere.yaml"], "no such file"),
    ],
)
def test_bad_options_are_located_errors(args: list[str], words: str) -> None:
    code, _, err = run(*args)
    assert code == 2 and words in err


def test_options_that_do_not_apply_are_errors(shared_data: Path, tmp_path: Path) -> None:
    genius = shared_data / "genius" / "anac" / "y2015" / "group2-politics"
    code, _, err = run("deals", str(genius), "--loss", "quadratic")
    assert code == 2 and "loss" in err
    code, _, err = run(
        "import",
        "bdm",
        str(shared_data / "bdm" / "emissions-1994.csv"),
        "--allow-empty",
        "-o",
        str(tmp_path / "x.yaml"),
    )
    assert code == 2 and "--allow-empty" in err and not (tmp_path / "x.yaml").exists()


def test_output_file_is_written_instead_of_stdout(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "f.json"
    code, out, err = run("forecast", FLAGSHIP, "--models", "compromise", "--json", "-o", str(target))
    assert code == 0 and out == "" and str(target) in err
    assert json.loads(target.read_text())["kind"] == "forecast"
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]
    code, _, err = run("forecast", FLAGSHIP, "--models", "compromise", "-o", "/proc/nope/f.txt")
    assert code == 2 and "/proc/nope/f.txt" in err


def test_help_lists_registered_names_and_an_example() -> None:
    for name in main.commands:
        code, out, _ = run(name, "--help")
        assert code == 0 and "Example" in out, name
    assert all(m in run("forecast", "--help")[1] for m in accord.registry.MODELS.names())
    assert all(s in run("simulate", "--help")[1] for s in accord.registry.STRATEGIES.names())
    assert all(f in run("import", "--help")[1] for f in accord.registry.IMPORTERS.names())


INJECT = {
    "analysis.run.run_model": ["forecast", FLAGSHIP, "--models", "compromise"],
    "deals.analyze": ["deals", FLAGSHIP],
    "simulate.Negotiation.run": ["simulate", FLAGSHIP],
    "simulate.Tournament.run": ["tournament", FLAGSHIP, "--seeds", "1"],
    "forecast.backtest.backtest": ["backtest", "x.tsv"],
    "scenario.load_scenario": ["validate", FLAGSHIP],
    "analysis.files.IMPORTERS.get": ["import", "bdm", "x.csv", "-o", "y.yaml"],
}


def _inject(monkeypatch: pytest.MonkeyPatch, where: str, exc: BaseException) -> None:
    import importlib

    def boom(*a: object, **k: object) -> None:
        raise exc

    parts = where.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj: object = importlib.import_module("accord." + ".".join(parts[:cut]))
        except ImportError:
            continue
        for p in parts[cut:-1]:
            obj = getattr(obj, p)
        monkeypatch.setattr(obj, parts[-1], boom)
        return
    raise AssertionError(where)


@pytest.mark.parametrize("where", list(INJECT))
@pytest.mark.parametrize(
    "exc, code",
    [
        (InputError("injected bad input"), 2),
        (LimitError("injected limit", "--knob"), 3),
        (RuntimeError("injected bug"), 1),
    ],
)
def test_injected_failure_gives_a_message_and_exit_code(
    monkeypatch: pytest.MonkeyPatch, where: str, exc: Exception, code: int
) -> None:
    if where == "analysis.run.run_model":
        monkeypatch.setattr("accord.forecast.registry.run_model", lambda *a, **k: (_ for _ in ()).throw(exc))
    else:
        _inject(monkeypatch, where, exc)
    got, _, err = run(*INJECT[where])
    assert got == code, err
    assert "injected" in err


@pytest.mark.parametrize(
    "exc, code", [(InputError("injected bad input"), 2), (LimitError("injected limit"), 3)]
)
def test_analyze_reports_a_failed_part_and_exits_nonzero(
    monkeypatch: pytest.MonkeyPatch, exc: Exception, code: int
) -> None:
    _inject(monkeypatch, "deals.analyze", exc)
    got, out, err = run("analyze", FLAGSHIP, "--no-simulate")
    assert got == code
    assert "deals: not run" in out and "injected" in out
    assert "Forecasts" in out


@pytest.mark.parametrize(
    "args, knob",
    [
        (["simulate", FLAGSHIP, "--rounds", "1000000000"], "--max-rounds"),
        (["tournament", FLAGSHIP, "--seeds", "2000000"], "--max-runs"),
        (["tournament", FLAGSHIP, "--seeds", "20", "--max-runs", "100"], "--max-runs"),
        (["outlook", FLAGSHIP, "--runs", "5000000"], "--max-runs"),
        (["analyze", FLAGSHIP, "--rounds", "20000"], "--max-rounds"),
    ],
)
def test_unbounded_work_is_refused_with_the_knob(args: list[str], knob: str) -> None:
    code, _, err = run(*args)
    assert code == 3 and knob in err


def test_every_command_help_shows_examples_cleanly() -> None:
    from accord.cli import main

    for name, command in main.commands.items():
        subcommands = getattr(command, "commands", None)
        for path in [[name, sub] for sub in subcommands] if subcommands else [[name]]:
            code, out, _ = run(*path, "--help")
            assert code == 0, path
            assert "\\b" not in out and "\b" not in out, f"a raw click marker in {path} --help"
            assert "Example" in out or subcommands, f"{path} --help has no example"


def test_strict_turns_warnings_into_errors_in_every_command(tmp_path: Path) -> None:
    f = tmp_path / "w.yaml"
    f.write_text(
        "title: t\nas_of: 2025-01-01\nsources:\n  - {id: S1, publication: x}\n"
        "actors:\n  - {id: a, capability: 1}\n  - {id: b, capability: 1}\n"
        "issues:\n  - {id: I1, name: x}\n"
        "stances:\n  a:\n    I1: {position: 10, salience: 50, sources: [S1]}\n"
        "  b:\n    I1: {position: 90, salience: 50}\n"
    )
    for args in (["forecast", str(f), "--models", "compromise"], ["deals", str(f)], ["analyze", str(f)]):
        assert run(*args)[0] == 0, args
        code, _, err = run("--strict", *args)
        assert code == 2 and "no source cited" in err and "w.yaml:14" in err, (args, err)
