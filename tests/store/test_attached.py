"""Runs, sweeps, evidence and games, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import accord
from accord.analysis import forecast
from accord.errors import InputError
from accord.store import STATEMENT_KEYS, NotFound, Store


def test_a_run_stores_the_analysis_layers_json(store: Store, small_text: str) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    rec = store.get_scenario(sid, parse=True)
    report = forecast(rec.scenario, ["compromise", "median"], seed=7)
    doc = report.to_dict()
    rid = store.save_run(sid, 1, doc["kind"], {"models": ["compromise", "median"]}, 7, doc)
    run = store.get_run(rid)
    assert run.result == doc and json.dumps(run.result) == json.dumps(doc)  # key order kept too
    assert run.input_sha256 == hashlib.sha256(small_text.encode()).hexdigest() == rec.sha256
    assert (run.kind, run.seed, run.spec, run.accord_version) == (
        "forecast",
        7,
        {"models": ["compromise", "median"]},
        accord.__version__,
    )
    assert run.document() == report  # the typed result comes back equal
    store.update_scenario(sid, "# v2\n" + small_text, "yaml", "bob")
    rid2 = store.save_run(sid, 2, "forecast", {}, 2**63 - 1, doc)
    assert [r.id for r in store.runs(sid)] == [rid, rid2]
    assert store.get_run(rid2).input_sha256 != run.input_sha256 and store.get_run(rid2).seed == 2**63 - 1


def test_run_checks(store: Store, small_text: str) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    doc = {"schema_version": "1.0", "kind": "forecast"}
    with pytest.raises(InputError, match="does not match"):
        store.save_run(sid, 1, "analysis", {}, 0, doc)
    with pytest.raises(InputError, match="not storable as JSON"):
        store.save_run(sid, 1, "forecast", {}, 0, doc | {"x": float("nan")})
    with pytest.raises(InputError, match="64-bit"):
        store.save_run(sid, 1, "forecast", {}, 2**64, doc)
    with pytest.raises(NotFound):
        store.save_run(sid, 2, "forecast", {}, 0, doc)
    with pytest.raises(NotFound):
        store.get_run(1)
    with pytest.raises(NotFound):
        store.runs(sid + 1)
    assert store.runs(sid) == []


def test_sweeps_reference_parquet_files_by_hash(store: Store, small_text: str, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow", reason="pyarrow writes the Parquet file of this test")
    import pyarrow.parquet as pq

    sid = store.add_scenario(small_text, "yaml", "ana")
    path = tmp_path / "sweep.parquet"
    pq.write_table(pa.table({"sample": [0, 1, 2], "I1": [10.0, 20.0, 30.0]}), path)
    wid = store.add_sweep(path, scenario_id=sid, label="capability +-10%", spec={"n_samples": 3})
    rec = store.get_sweep(wid)
    assert rec.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() and rec.n_bytes == path.stat().st_size
    assert (rec.scenario_id, rec.version, rec.path, rec.spec) == (sid, 1, str(path), {"n_samples": 3})
    assert store.verify_sweep(wid)
    other = store.add_sweep(path)  # a sweep need not belong to a stored scenario
    assert [s.id for s in store.sweeps()] == [wid, other] and [s.id for s in store.sweeps(sid)] == [wid]
    pq.write_table(pa.table({"sample": [0, 1, 2], "I1": [10.0, 20.0, 31.0]}), path)
    assert not store.verify_sweep(wid)
    path.unlink()
    assert not store.verify_sweep(wid)


def test_a_sweep_must_be_a_parquet_file(store: Store, tmp_path: Path) -> None:
    csv = tmp_path / "sweep.csv"
    csv.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="not a Parquet file"):
        store.add_sweep(csv)
    with pytest.raises(InputError, match="cannot be read"):
        store.add_sweep(tmp_path / "missing.parquet")
    with pytest.raises(NotFound):
        store.get_sweep(1)
    assert store.sweeps() == []


NULLABLE = [k for k in STATEMENT_KEYS if k not in ("act", "quote", "sentence", "flags")]


def test_evidence_round_trips(store: Store, small_text: str, statements: list[dict[str, Any]]) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    ids = store.add_evidence(sid, statements)
    assert len(ids) == 2
    more = store.add_evidence(sid, [statements[0] | {"quote": "Ünïcode „quote“"}])
    got = store.evidence(sid)
    assert [e.id for e in got] == ids + more
    assert got[0].statement == statements[0]
    assert got[1].statement == {k: None for k in NULLABLE} | {
        "act": "CONSULT",
        "quote": "talks",
        "sentence": "Talks resumed in Geneva.",
        "flags": [],
    }
    assert got[2].statement["quote"] == "Ünïcode „quote“"
    assert set(got[0].to_dict()) == set(STATEMENT_KEYS) | {"id", "added_at", "dismissed"}


def test_malformed_statements_are_located_and_nothing_is_stored(
    store: Store, small_text: str, statements: list[dict[str, Any]]
) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    bad = [
        statements[0],
        {"act": "", "start": 5, "end": 2, "confidence": 1.5, "flags": "negation", "color": "red"},
    ]
    with pytest.raises(InputError) as err:
        store.add_evidence(sid, bad)
    paths = {p.path for p in err.value.problems}
    assert paths == {
        "statements[1].act",
        "statements[1].end",
        "statements[1].confidence",
        "statements[1].flags",
        "statements[1].color",
    }
    assert store.evidence(sid) == []
    with pytest.raises(NotFound):
        store.add_evidence(sid + 1, statements)


def test_games_are_stored_and_updated(store: Store, small_text: str) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    seats = {"a": "person:ana", "b": "tit-for-tat"}
    gid = store.save_game(sid, None, seats, seed=3, trace={"rounds": []})
    game = store.get_game(gid)
    assert (game.version, game.seats, game.status, game.trace) == (1, seats, "running", {"rounds": []})
    trace = {"rounds": [{"round": 1, "offers": {"a": {"I1": "low"}}}]}
    store.update_game(gid, trace, status="finished")
    again = store.get_game(gid)
    assert again.trace == trace and again.status == "finished" and again.updated_at >= game.updated_at
    assert [g.id for g in store.games(sid)] == [gid] == [g.id for g in store.games()]
    with pytest.raises(InputError, match="unknown game status"):
        store.update_game(gid, trace, status="paused")
    with pytest.raises(NotFound):
        store.update_game(gid + 1, trace)
    with pytest.raises(NotFound):
        store.save_game(sid, 2, seats, 0, {})


def test_deleting_a_scenario_deletes_what_hangs_off_it(
    store: Store, small_text: str, statements: list[dict[str, Any]]
) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    keep = store.add_scenario(small_text, "yaml", "ana")
    rid = store.save_run(sid, 1, "forecast", {}, 0, {"kind": "forecast"})
    kept_run = store.save_run(keep, 1, "forecast", {}, 0, {"kind": "forecast"})
    gid = store.save_game(sid, 1, {}, 0, {})
    store.add_evidence(sid, statements)
    store.delete(sid)
    with pytest.raises(NotFound):
        store.get_run(rid)
    with pytest.raises(NotFound):
        store.get_game(gid)
    assert store.get_run(kept_run).scenario_id == keep
    import sqlalchemy as sa

    from accord.store import _tables as t

    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.evidence)).scalar() == 0


def test_statements_with_nul_or_overlong_dates_are_refused(
    store: Store, small_text: str, statements: list[dict[str, Any]]
) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    bad = [statements[0] | {"quote": "a\x00b", "date": "2025-01-02" * 4}]
    with pytest.raises(InputError) as err:
        store.add_evidence(sid, bad)
    assert {p.path for p in err.value.problems} == {"statements[0].quote", "statements[0].date"}


def test_dismissing_evidence_keeps_it_and_is_all_or_nothing(
    store: Store, small_text: str, statements: list[dict[str, Any]]
) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    other = store.add_scenario(small_text, "yaml", "ana")
    ids = store.add_evidence(sid, statements)
    theirs = store.add_evidence(other, statements[:1])
    store.dismiss_evidence(sid, ids[:1])
    assert [e.dismissed for e in store.evidence(sid)] == [True, False]
    assert store.evidence(sid)[0].statement == statements[0]  # kept as it was
    with pytest.raises(NotFound, match=f"statement {theirs[0]} of scenario {sid}"):
        store.dismiss_evidence(sid, [ids[1], theirs[0]])  # another scenario's: nothing changes
    assert [e.dismissed for e in store.evidence(sid)] == [True, False]
    store.dismiss_evidence(sid, ids, dismissed=False)
    assert not any(e.dismissed for e in store.evidence(sid) + store.evidence(other))
