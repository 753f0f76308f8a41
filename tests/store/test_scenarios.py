"""Scenarios with their versions and field-level history, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.errors import InputError
from accord.scenario import Scenario, ScenarioError
from accord.store import NotFound, Store


def test_add_and_get_keeps_the_text_verbatim(store: Store, flagship_text: str) -> None:
    before = dt.datetime.now(dt.UTC)
    sid = store.add_scenario(flagship_text, "yaml", author="ana")
    rec = store.get_scenario(sid)
    assert rec.text == flagship_text  # comments and layout kept
    assert (rec.version, rec.current_version, rec.format, rec.author) == (1, 1, "yaml", "ana")
    assert rec.name == rec.title == "Russia-Ukraine peace talks, March 2025"
    assert before <= rec.created_at <= dt.datetime.now(dt.UTC)
    assert rec.scenario is None
    parsed = store.get_scenario(sid, parse=True).scenario
    assert isinstance(parsed, Scenario) and len(parsed.actors) == 7


def test_update_records_each_field_with_its_sources(store: Store, flagship_text: str) -> None:
    sid = store.add_scenario(flagship_text, "yaml", author="ana", name="ukraine")
    edited = flagship_text.replace("I1: {position: 100, salience: 95,", "I1: {position: 90, salience: 95,", 1)
    edited = edited.replace("capability: 35", "capability: 40", 1)
    assert store.update_scenario(sid, edited, "yaml", author="bob", message="soften russia on NATO") == 2
    history = store.history(sid)
    assert [h.version for h in history] == [1, 2]
    assert history[0].changes == () and history[0].author == "ana"
    v2 = history[1]
    assert (v2.author, v2.message) == ("bob", "soften russia on NATO")
    by_path = {c.path: c for c in v2.changes}
    assert set(by_path) == {"actors[russia].capability", "stances[russia][I1].position"}
    pos = by_path["stances[russia][I1].position"]
    assert (pos.op, pos.old, pos.new, pos.sources) == ("changed", 100, 90, ("S04", "S09", "S10"))
    assert (by_path["actors[russia].capability"].old, by_path["actors[russia].capability"].new) == (35, 40)
    doc = v2.to_dict()["changes"][0]
    assert doc["author"] == "bob" and doc["at"] == v2.created_at.isoformat()
    assert store.get_scenario(sid).text == edited
    assert store.get_scenario(sid, version=1).text == flagship_text
    info = store.list_scenarios()[0]
    assert (info.id, info.name, info.current_version, info.n_versions) == (sid, "ukraine", 2, 2)
    assert (info.created_by, info.updated_by) == ("ana", "bob") and info.updated_at >= info.created_at


def test_added_and_removed_stances_and_sources(store: Store, small_text: str) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    edited = small_text.replace("    I2: {position: 9, salience: 60, sources: [S1, S2]}\n", "")
    edited = edited.replace("{id: S2, publication: Paper, date: 2025-01-03}", "{id: S2, publication: Paper}")
    store.update_scenario(sid, edited, "yaml", "bob")
    changes = {c.path: c for c in store.history(sid)[-1].changes}
    removed = changes["stances[b][I2]"]
    assert removed.op == "removed" and removed.old["position"] == 9 and removed.new is None
    assert removed.sources == ("S1", "S2")
    date = changes["sources[S2].date"]
    assert (date.op, date.old, date.new, date.sources) == ("removed", "2025-01-03", None, ("S2",))
    store.update_scenario(sid, small_text, "yaml", "ana")
    back = {c.path: c.op for c in store.history(sid)[-1].changes}
    assert back == {"sources[S2].date": "added", "stances[b][I2]": "added"}


def test_layout_only_save_is_a_version_without_changes(store: Store, small_text: str) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    v = store.update_scenario(sid, "# a comment\n" + small_text, "yaml", "ana", message="comment")
    assert v == 2 and store.history(sid)[-1].changes == ()
    assert store.get_scenario(sid).text.startswith("# a comment")


def test_json_scenarios_and_json_must_be_json(store: Store, small_text: str) -> None:
    import json

    from accord.scenario import dumps_scenario
    from accord.store._checks import parse_text

    text = dumps_scenario(parse_text(small_text, "yaml"), "json")
    sid = store.add_scenario(text, "json", "ana")
    assert store.get_scenario(sid).format == "json"
    assert json.loads(store.get_scenario(sid).text)["title"] == "Two parties, two issues"
    with pytest.raises(ScenarioError, match="invalid JSON"):
        store.update_scenario(sid, small_text, "json", "ana")  # YAML is not JSON
    with pytest.raises(InputError, match="unknown scenario format"):
        store.add_scenario(small_text, "toml", "ana")
    assert store.get_scenario(sid).current_version == 1


def test_invalid_text_raises_located_problems_and_stores_nothing(store: Store, flagship_text: str) -> None:
    bad = flagship_text.replace("I1: {position: 100, salience: 95,", "I1: {position: 100, salience: 140,", 1)
    with pytest.raises(ScenarioError) as err:
        store.add_scenario(bad, "yaml", "ana", name="broken")
    problem = err.value.problems[0]
    line = next(k for k, text in enumerate(bad.splitlines(), 1) if "salience: 140" in text)
    assert (problem.file, problem.line, problem.path) == ("broken.yaml", line, "stances[russia][I1].salience")
    assert "140 is above 100" in problem.message
    assert store.list_scenarios() == []
    sid = store.add_scenario(flagship_text, "yaml", "ana")
    with pytest.raises(ScenarioError):
        store.update_scenario(sid, bad, "yaml", "bob")
    assert [h.version for h in store.history(sid)] == [1]
    with pytest.raises(ScenarioError, match="invalid YAML"):
        store.update_scenario(sid, "a: [1, 2", "yaml", "bob")


def test_author_is_required(store: Store, small_text: str) -> None:
    with pytest.raises(InputError, match="author"):
        store.add_scenario(small_text, "yaml", " ")


def test_unknown_ids_raise_not_found(store: Store, small_text: str) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    for call in (
        lambda: store.get_scenario(sid + 1),
        lambda: store.get_scenario(sid, version=2),
        lambda: store.update_scenario(sid + 1, small_text, "yaml", "ana"),
        lambda: store.history(sid + 1),
        lambda: store.diff(sid, 1, 3),
        lambda: store.duplicate(sid + 1, "ana"),
        lambda: store.delete(sid + 1),
        lambda: store.get_scenario("1"),  # type: ignore[arg-type]
        lambda: store.get_scenario(-1),
    ):
        with pytest.raises(NotFound) as err:
            call()
        assert isinstance(err.value, InputError) and err.value.exit_code == 2
    assert "no version 2 of scenario" in str(pytest.raises(NotFound, store.get_scenario, sid, 2).value)


def test_diff_between_any_two_versions(store: Store, small_text: str) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana")
    v2 = small_text.replace("{id: a, name: Alpha, capability: 60}", "{id: a, name: Alpha, capability: 65}")
    v3 = v2.replace(
        "I1: {position: 0, salience: 80, sources: [S1]}", "I1: {position: 50, salience: 80, sources: [S1]}"
    )
    store.update_scenario(sid, v2, "yaml", "ana")
    store.update_scenario(sid, v3, "yaml", "bob")
    d = store.diff(sid, 1, 3)
    assert [(c.path, c.old, c.new) for c in d.changes] == [
        ("actors[a].capability", 60, 65),
        ("stances[a][I1].position", 0, 50),
    ]
    assert "-  - {id: a, name: Alpha, capability: 60}" in d.text_diff and d.text_diff.startswith("--- v1")
    back = store.diff(sid, 3, 1)
    assert [(c.path, c.old, c.new) for c in back.changes] == [
        ("actors[a].capability", 65, 60),
        ("stances[a][I1].position", 50, 0),
    ]
    assert store.diff(sid, 2, 2).changes == ()


def test_duplicate_and_delete(store: Store, small_text: str) -> None:
    sid = store.add_scenario(small_text, "yaml", "ana", name="base")
    store.update_scenario(sid, "# v2\n" + small_text, "yaml", "ana")
    copy = store.duplicate(sid, "bob")
    rec = store.get_scenario(copy)
    assert rec.text == "# v2\n" + small_text and rec.version == 1 and rec.name == "base (copy)"
    info = {i.id: i for i in store.list_scenarios()}
    assert (info[copy].duplicated_from, info[copy].duplicated_version, info[copy].created_by) == (
        sid,
        2,
        "bob",
    )
    store.delete(sid)
    assert [i.id for i in store.list_scenarios()] == [copy]
    assert store.list_scenarios()[0].duplicated_from is None
    with pytest.raises(NotFound):
        store.history(sid)
    assert store.get_scenario(copy).text == "# v2\n" + small_text


def test_two_stores_on_one_database_see_each_other(store_url: str, small_text: str) -> None:
    with Store(store_url) as a, Store(store_url) as b:
        sid = a.add_scenario(small_text, "yaml", "ana")
        assert b.update_scenario(sid, small_text, "yaml", "bob") == 2
        assert a.get_scenario(sid).current_version == 2


def test_concurrent_writers_queue_and_number_versions_without_gaps(store: Store, small_text: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    sid = store.add_scenario(small_text, "yaml", "ana")

    def edit(k: int) -> int:
        text = small_text.replace("capability: 60", f"capability: {k + 1}")
        return store.update_scenario(sid, text, "yaml", f"writer-{k}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        versions = list(pool.map(edit, range(16)))
    assert sorted(versions) == list(range(2, 18))
    history = store.history(sid)
    assert [h.version for h in history] == list(range(1, 18))
    # Each version's changes are against the version before it, whichever thread wrote it.
    for prev, h in zip(history, history[1:], strict=False):
        if h.changes:
            (change,) = h.changes
            assert change.path == "actors[a].capability"
            assert (
                change.old == store.get_scenario(sid, prev.version, parse=True).scenario.actors[0].capability
            )
