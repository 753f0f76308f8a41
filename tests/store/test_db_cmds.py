"""`accord db init|upgrade|export|import` as a user runs them: exit codes, JSON, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from accord.analysis import StoreReport
from accord.cli import main
from accord.store import Store
from accord.store._engine import head_revision


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), env=env)
    assert "Traceback" not in r.output + r.stderr
    return r.exit_code, r.stdout, r.stderr


def test_help_has_examples() -> None:
    for args in (["db"], ["db", "init"], ["db", "upgrade"], ["db", "export"], ["db", "import"]):
        code, out, _ = run(*args, "--help")
        assert code == 0 and "Example" in out and "accord db" in out


def test_init_and_upgrade(store_url: str) -> None:
    code, out, _ = run("db", "init", "--db", store_url, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["schema_version"] == "1.0" and doc["kind"] == "db" and doc["action"] == "init"
    assert (doc["revision_before"], doc["revision"], doc["changed"]) == (None, head_revision(), True)
    jsonschema.validate(doc, StoreReport.json_schema())  # the document `accord schema db` describes
    code, out, _ = run("db", "upgrade", "--db", store_url)
    assert code == 0 and f"already at schema revision {head_revision()}" in out


def test_export_import_round_trip(store_url: str, small_text: str, tmp_path: Path) -> None:
    with Store(store_url) as store:
        sid = store.add_scenario(small_text, "yaml", "ana")
        store.update_scenario(sid, "# two\n" + small_text, "yaml", "bob")
    archive = tmp_path / "out" / "backup.zip"
    code, out, _ = run("db", "export", str(archive), "--db", store_url, "--json")
    doc = json.loads(out)
    assert code == 0 and (doc["scenarios"], doc["versions"]) == (1, 2) and archive.is_file()
    assert not [p for p in archive.parent.iterdir() if p.name.startswith(".")]  # written atomically
    target = tmp_path / "copy.db"
    code, out, _ = run("db", "import", str(archive), "--json", env={"ACCORD_DB": str(target)})
    doc = json.loads(out)
    assert code == 0 and doc["ids"] == {str(sid): 1} and doc["database"] == f"sqlite:///{target}"
    jsonschema.validate(doc, StoreReport.json_schema())
    with Store(str(target)) as copy:
        assert copy.get_scenario(1).text == "# two\n" + small_text
        assert [h.author for h in copy.history(1)] == ["ana", "bob"]
    code, out, _ = run("db", "import", str(archive), "--db", str(target))
    assert code == 0 and "(ids 1 -> 2)" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["db", "init", "--db", "mysql://u@h/db"], "unsupported database 'mysql'"),
        (["db", "init", "--db", "postgresql://u:secret@127.0.0.1:1/db"], "u:***@127.0.0.1:1/db: cannot use"),
        (
            ["db", "import", "missing.zip", "--db", "sqlite://"],
            "missing.zip: cannot be read as a zip archive",
        ),
        (["db", "export", "/proc/nope/x.zip", "--db", "sqlite://"], "/proc/nope/x.zip"),
    ],
)
def test_errors_exit_2_with_a_message(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and message in err and out == "" and "secret" not in err
