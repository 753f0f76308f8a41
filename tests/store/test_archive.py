"""The portable archive: export, import into another store (either engine), round trip, hostile archives."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from accord.errors import InputError
from accord.scenario import ScenarioError
from accord.store import Store, export_archive, import_archive
from accord.store import _tables as t


def fill(
    store: Store, flagship: str, small: str, tmp_path: Path, statements: list[dict[str, Any]]
) -> dict[str, int]:
    """A store with history, a deleted scenario (a gap in the ids), a copy, runs, evidence, sweeps, games."""
    gone = store.add_scenario(small, "yaml", "zed")
    a = store.add_scenario(flagship, "yaml", "ana", name="ukraine")
    store.update_scenario(a, flagship.replace("capability: 35", "capability: 40", 1), "yaml", "bob", "more")
    store.update_scenario(a, flagship.replace("capability: 35", "capability: 45", 1), "yaml", "ana")
    from accord.scenario import dumps_scenario

    b = store.add_scenario(
        dumps_scenario(store.get_scenario(gone, parse=True).scenario, "json"), "json", "cy"
    )
    store.delete(gone)
    c = store.duplicate(a, "dee")
    store.save_run(
        a, 2, "forecast", {"models": ["smp"]}, 5, {"schema_version": "1.0", "kind": "forecast", "x": [1.5]}
    )
    store.save_run(b, 1, "analysis", {}, 0, {"kind": "analysis", "é": "ü"})
    ids = store.add_evidence(a, statements)
    store.dismiss_evidence(a, ids[1:])
    store.save_game(c, 1, {"ukraine": "person"}, 9, {"rounds": [1, 2]}, status="finished")
    parquet = tmp_path / "s.parquet"
    parquet.write_bytes(b"PAR1" + b"\0" * 16 + b"PAR1")
    store.add_sweep(parquet, scenario_id=a, version=3, label="L", spec={"n": 1})
    store.add_sweep(parquet)
    return {"a": a, "b": b, "c": c}


def content(store: Store) -> list[Any]:
    """Everything a store holds, without its ids (which an import renumbers)."""
    out: list[Any] = []
    number = {info.id: k for k, info in enumerate(store.list_scenarios())}
    for info in store.list_scenarios():
        d = info.to_dict() | {"id": None, "duplicated_from": number.get(info.duplicated_from)}
        versions = [
            store.get_scenario(info.id, v).to_dict() | {"id": None}
            for v in range(1, info.current_version + 1)
        ]
        runs = [r.to_dict() | {"id": None, "scenario_id": None} for r in store.runs(info.id)]
        evidence = [
            e.statement | {"added_at": e.added_at, "dismissed": e.dismissed} for e in store.evidence(info.id)
        ]
        games = [g.to_dict() | {"id": None, "scenario_id": None} for g in store.games(info.id)]
        history = [h.to_dict() for h in store.history(info.id)]
        out.append([d, versions, runs, evidence, games, history])
    out.append([s.to_dict() | {"id": None, "scenario_id": number.get(s.scenario_id)} for s in store.sweeps()])
    return out


def test_round_trip_between_stores(
    store: Store, flagship_text: str, small_text: str, tmp_path: Path, statements: list[dict[str, Any]]
) -> None:
    fill(store, flagship_text, small_text, tmp_path, statements)
    archive = tmp_path / "backup.zip"
    summary = export_archive(store, archive)
    assert {k: summary[k] for k in ("scenarios", "versions", "runs", "evidence", "sweeps", "games")} == {
        "scenarios": 3,
        "versions": 5,
        "runs": 2,
        "evidence": 2,
        "sweeps": 2,
        "games": 1,
    }
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        assert json.loads(zf.read("manifest.json"))["format"] == "accord-archive/1"
        assert zf.read("scenarios/2/v0001.yaml").decode() == flagship_text
    assert "scenarios/3/v0001.json" in names and "scenarios/1/scenario.json" not in names
    # Into a fresh SQLite store (whatever engine the source is), then back out and in again.
    with Store(str(tmp_path / "copy.db")) as copy:
        result = import_archive(copy, archive)
        assert result["ids"] == {"2": 1, "3": 2, "4": 3}
        assert content(copy) == content(store)
        export_archive(copy, tmp_path / "again.zip")
    with Store(str(tmp_path / "third.db")) as third:
        import_archive(third, tmp_path / "again.zip")
        assert content(third) == content(store)
    # Importing into a store that already holds scenarios adds them under new ids.
    result = import_archive(store, archive)
    assert result["ids"] == {"2": 5, "3": 6, "4": 7}
    assert store.get_scenario(5).text == store.get_scenario(2).text


def rewrite(src: Path, dst: Path, change: dict[str, bytes | None]) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    zout.writestr(info.filename, change[info.filename])
            else:
                zout.writestr(info, zin.read(info))


def test_a_bad_archive_stores_nothing(
    store: Store, flagship_text: str, small_text: str, tmp_path: Path, statements: list[dict[str, Any]]
) -> None:
    with Store(str(tmp_path / "src.db")) as src:
        fill(src, flagship_text, small_text, tmp_path, statements)
        archive = tmp_path / "good.zip"
        export_archive(src, archive)
    bad = tmp_path / "bad.zip"
    text = flagship_text.replace("capability: 35", "capability: 36", 1).encode()
    rewrite(archive, bad, {"scenarios/2/v0002.yaml": text})
    with pytest.raises(InputError, match=r"bad.zip:scenarios/2/v0002.yaml: does not match the sha256"):
        import_archive(store, bad)
    # A consistent but invalid scenario text (sha256 updated too) gets the loader's located problem.
    invalid = flagship_text.replace("capability: 35", "capability: -35", 1)
    meta = json.loads(zipfile.ZipFile(archive).read("scenarios/2/scenario.json"))
    import hashlib

    meta["versions"][1]["sha256"] = hashlib.sha256(invalid.encode()).hexdigest()
    rewrite(
        archive,
        bad,
        {"scenarios/2/v0002.yaml": invalid.encode(), "scenarios/2/scenario.json": json.dumps(meta).encode()},
    )
    with pytest.raises(ScenarioError) as err:
        import_archive(store, bad)
    assert err.value.problems[0].file == f"{bad}:scenarios/2/v0002.yaml"
    assert err.value.problems[0].path == "actors[0].capability"
    rewrite(archive, bad, {"scenarios/4/runs.json": b"[{]"})
    with pytest.raises(InputError, match=r"scenarios/4/runs.json:1:\d+: invalid JSON"):
        import_archive(store, bad)
    rewrite(archive, bad, {"manifest.json": None})
    with pytest.raises(InputError, match="manifest.json: missing"):
        import_archive(store, bad)
    rewrite(archive, bad, {"sweeps.json": b'[{"scenario_id": 99, "version": 1}]'})
    with pytest.raises(InputError, match="scenario 99 version 1 is not in the archive"):
        import_archive(store, bad)
    (tmp_path / "plain.zip").write_text("not a zip")
    with pytest.raises(InputError, match="cannot be read as a zip"):
        import_archive(store, tmp_path / "plain.zip")
    assert store.list_scenarios() == []
    with store.engine.connect() as conn:
        import sqlalchemy as sa

        for table in (t.runs, t.evidence, t.games, t.sweeps, t.scenario_versions):
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0


def test_oversized_members_are_refused_before_reading(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.store import _unpack as mod

    export_archive(store, tmp_path / "empty.zip")
    monkeypatch.setattr(mod, "MAX_MEMBER", 10)
    with pytest.raises(InputError, match="manifest.json: is .* over the"):
        import_archive(store, tmp_path / "empty.zip")
    monkeypatch.setattr(mod, "MAX_TOTAL", 10)
    with pytest.raises(InputError, match="over the .* GB limit"):
        import_archive(store, tmp_path / "empty.zip")
