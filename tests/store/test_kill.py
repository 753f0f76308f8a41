"""A writer killed with SIGKILL at random points loses nothing committed and leaves nothing half-written.

A child process adds scenarios and versions (and runs) in a loop, reporting each write on a pipe once the
store's call has returned. Every statement it executes sleeps a little, so that most of its time is spent
inside a transaction; the parent kills it with SIGKILL at a random moment, many times, and after each kill
opens the database afresh and checks it:

* every write the child reported is there, byte for byte (sha256 of the text);
* every scenario has exactly the versions 1..current_version, each with intact text that loads, and the
  canonical data and field-level changes that its text implies (no version without its changes, no
  change without its version, no scenario without a version);
* SQLite's own ``PRAGMA integrity_check`` is ``ok``.

The child marks in shared memory whether it is inside a transaction, so the test knows (and asserts)
that many kills landed in the middle of a write.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import re
import select
import time
from typing import Any

import sqlalchemy as sa

from accord.scenario import scenario_to_dict
from accord.store import Store
from accord.store import _tables as t
from accord.store._checks import parse_text
from accord.store._diff import diff_data

N_KILLS = int(os.environ.get("ACCORD_KILL_ROUNDS", "30"))
_CAPABILITY = re.compile(r"\{id: a, name: Alpha, capability: (\d+)\}")


def _writer(url: str, fd: int, in_txn: Any, seed: int, base_text: str) -> None:
    """The child: write for ever (until killed), reporting each committed write on ``fd``."""
    rng = random.Random(seed)
    store = Store(url)

    @sa.event.listens_for(store.engine, "begin")
    def _begin(conn: Any) -> None:
        in_txn.value = 1

    @sa.event.listens_for(store.engine, "commit")
    def _commit(conn: Any) -> None:
        in_txn.value = 0

    @sa.event.listens_for(store.engine, "rollback")
    def _rollback(conn: Any) -> None:
        in_txn.value = 0

    @sa.event.listens_for(store.engine, "before_cursor_execute")
    def _slow(*args: Any) -> None:
        time.sleep(rng.uniform(0, 0.003))  # widen the window in which a kill lands mid-transaction

    ids = [i.id for i in store.list_scenarios()]
    while True:
        roll = rng.random()
        if not ids or roll < 0.15:
            text = base_text.replace("capability: 60", f"capability: {rng.randint(1, 99)}")
            sid = store.add_scenario(text, "yaml", author=f"writer-{seed}", name=f"s{len(ids)}")
            ids.append(sid)
            version = 1
        elif roll < 0.25:
            sid = rng.choice(ids)
            rec = store.get_scenario(sid)
            store.save_run(sid, rec.version, "forecast", {"roll": roll}, seed, {"kind": "forecast", "n": 1})
            text, version = rec.text, rec.version
        else:
            sid = rng.choice(ids)
            current = store.get_scenario(sid).text
            old = int(_CAPABILITY.search(current).group(1))  # type: ignore[union-attr]
            new = rng.choice([c for c in range(1, 100) if c != old])
            text = _CAPABILITY.sub(f"{{id: a, name: Alpha, capability: {new}}}", current)
            text = text.replace(
                re.search(r"I1: \{position: \d+", text).group(0),  # type: ignore[union-attr]
                f"I1: {{position: {rng.choice([0, 50, 100])}",
                1,
            )
            version = store.update_scenario(sid, text, "yaml", author=f"writer-{seed}", message="edit")
        sha = hashlib.sha256(text.encode()).hexdigest()
        os.write(fd, f"{sid} {version} {sha}\n".encode())


def _check(url: str, reported: dict[tuple[int, int], str], parsed: set[tuple[int, int]]) -> int:
    """Check the whole database; returns the number of versions it holds."""
    with Store(url) as store:
        with store.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            scenarios = conn.execute(sa.select(t.scenarios)).all()
            versions = conn.execute(
                sa.select(t.scenario_versions).order_by(t.scenario_versions.c.version)
            ).all()
            changes = conn.execute(sa.select(t.scenario_changes).order_by(t.scenario_changes.c.ordinal)).all()
            runs = conn.execute(sa.select(t.runs)).all()
        by_scenario: dict[int, list[Any]] = {}
        for v in versions:
            by_scenario.setdefault(v.scenario_id, []).append(v)
        changes_of: dict[int, list[Any]] = {}
        for c in changes:
            changes_of.setdefault(c.version_id, []).append(c)
        assert set(by_scenario) == {s.id for s in scenarios}, "a version without its scenario, or the reverse"
        assert set(changes_of) <= {v.id for v in versions}, "changes of a version that does not exist"
        for s in scenarios:
            chain = by_scenario[s.id]
            assert [v.version for v in chain] == list(range(1, s.current_version + 1)), f"scenario {s.id}"
            for prev, v in zip([None, *chain], chain, strict=False):
                assert hashlib.sha256(v.text.encode()).hexdigest() == v.sha256
                if (s.id, v.version) not in parsed:
                    assert scenario_to_dict(parse_text(v.text, v.format)) == v.data
                    parsed.add((s.id, v.version))
                expected = [] if prev is None else diff_data(prev.data, v.data)
                got = [(c.op, c.path, c.old_value, c.new_value) for c in changes_of.get(v.id, [])]
                assert got == [(c.op, c.path, c.old, c.new) for c in expected], (
                    f"scenario {s.id} v{v.version}"
                )
                if prev is not None:
                    assert got, "every edit of the writer changes a field"
        stored = {(v.scenario_id, v.version): v.sha256 for v in versions}
        for key, sha in reported.items():
            assert stored.get(key) == sha, f"committed write {key} lost or changed"
        for r in runs:
            assert r.input_sha256 == stored[(r.scenario_id, r.version)]
    return len(versions)


def test_sigkill_at_random_points_loses_nothing(store_url: str, small_text: str) -> None:
    ctx = multiprocessing.get_context("fork")
    in_txn = ctx.RawValue("i", 0)
    rng = random.Random(20250317)
    reported: dict[tuple[int, int], str] = {}
    parsed: set[tuple[int, int]] = set()
    mid_write = 0
    with Store(store_url) as s:
        s.init()
    for round_ in range(N_KILLS):
        r, w = os.pipe()
        in_txn.value = 0
        child = ctx.Process(target=_writer, args=(store_url, w, in_txn, round_, small_text), daemon=True)
        child.start()
        os.close(w)
        # Wait for the child's first write (it is up and writing), then kill it at a random moment.
        ready, _, _ = select.select([r], [], [], 60)
        assert ready, "the writer did not write within 60 s"
        time.sleep(rng.uniform(0.0, 0.3))
        assert child.is_alive(), f"the writer died on its own (exit code {child.exitcode})"
        child.kill()
        child.join()
        mid_write += in_txn.value  # frozen at the moment of the kill
        with os.fdopen(r, "rb") as fh:
            lines = fh.read().decode().splitlines()
        for line in lines:
            sid, version, sha = line.split()
            reported[(int(sid), int(version))] = sha
        n_versions = _check(store_url, reported, parsed)
    assert len(reported) >= N_KILLS and n_versions >= len(reported)
    # Most kills land inside a transaction (the writer spends most of its time there); require a third.
    assert mid_write >= N_KILLS // 3, f"only {mid_write} of {N_KILLS} kills landed mid-transaction"
    print(f"{N_KILLS} kills, {mid_write} mid-transaction, {len(reported)} writes, {n_versions} versions")
