"""Field-level differences between scenarios in file form (pure functions, no database)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.store._diff import FieldChange, diff_data


def base() -> dict[str, Any]:
    return {
        "format": "accord-scenario/1",
        "title": "T",
        "metadata": {"ref": "x"},
        "sources": [{"id": "S1", "publication": "P"}, {"id": "S2", "publication": "Q"}],
        "actors": [{"id": "a", "name": "A", "aliases": ["x"]}, {"id": "b", "name": "B"}],
        "issues": [{"id": "I1", "name": "One", "options": [{"id": "lo", "label": "L", "value": 0}]}],
        "stances": {
            "a": {"I1": {"position": 0, "salience": 50, "utilities": {"lo": 1}, "sources": ["S1"]}},
            "b": {"I1": {"position": 100, "salience": 60, "sources": ["S1", "S2"]}},
        },
        "tracks": [{"id": "T", "name": "front", "initial": 0, "sources": ["S2"]}],
    }


def test_same_data_no_changes() -> None:
    assert diff_data(base(), base()) == []


def test_paths_follow_the_validator() -> None:
    new = base()
    new["stances"]["a"]["I1"]["utilities"]["lo"] = 0.5
    new["actors"][1]["name"] = "Bee"
    new["issues"][0]["options"][0]["label"] = "Low"
    new["metadata"]["ref"] = "y"
    new["tracks"][0]["initial"] = 3
    new["actors"][0]["aliases"] = ["x", "z"]
    got = {c.path: c for c in diff_data(base(), new)}
    assert set(got) == {
        "stances[a][I1].utilities[lo]",
        "actors[b].name",
        "issues[I1].options[lo].label",
        "metadata.ref",
        "tracks[T].initial",
        "actors[a].aliases",
    }
    assert got["stances[a][I1].utilities[lo]"].sources == ("S1",)
    assert got["tracks[T].initial"].sources == ("S2",)
    assert got["actors[a].aliases"] == FieldChange("changed", "actors[a].aliases", ["x"], ["x", "z"], ())


def test_entries_added_removed_and_reordered_by_id() -> None:
    new = base()
    new["actors"] = [new["actors"][1], new["actors"][0], {"id": "c", "name": "C"}]
    del new["stances"]["b"]
    new["sources"].pop(0)
    changes = diff_data(base(), new)
    ops = [(c.op, c.path) for c in changes]
    assert ("added", "actors[c]") in ops and ("reordered", "actors") in ops
    assert ("removed", "stances[b]") in ops and ("removed", "sources[S1]") in ops
    removed_b = next(c for c in changes if c.path == "stances[b]")
    assert removed_b.sources == ("S1", "S2") and removed_b.old == base()["stances"]["b"]
    reordered = next(c for c in changes if c.op == "reordered")
    assert (reordered.old, reordered.new) == (["a", "b"], ["b", "a", "c"])


def test_a_new_stance_cites_its_own_sources() -> None:
    new = base()
    new["stances"]["b"]["I2"] = {"position": 5, "salience": 10, "sources": ["S2"]}
    (change,) = diff_data(base(), new)
    assert (change.op, change.path, change.old, change.sources) == ("added", "stances[b][I2]", None, ("S2",))


def test_a_value_of_another_type_is_a_change() -> None:
    old, new = base(), base()
    new["stances"]["a"]["I1"]["position"] = 0.5
    old["stances"]["a"]["I1"]["position"] = True
    assert [c.path for c in diff_data(old, new)] == ["stances[a][I1].position"]


def _apply(old: dict[str, Any], changes: list[FieldChange]) -> dict[str, Any]:
    """Replay changes of stance fields onto a copy (enough to check the differ is complete there)."""
    out = copy.deepcopy(old)
    for c in changes:
        actor, issue, field = c.path[len("stances[") :].replace("][", "|").replace("].", "|").split("|")
        target = out["stances"][actor][issue]
        if c.op == "removed":
            del target[field]
        else:
            target[field] = c.new
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["position", "salience", "note", "stated"]),
        st.one_of(st.integers(0, 100), st.text(max_size=5)),
        max_size=4,
    )
)
def test_replaying_stance_changes_gives_the_new_scenario(fields: dict[str, Any]) -> None:
    old = base()
    new = base()
    new["stances"]["b"]["I1"] = {"sources": ["S1", "S2"], **fields}
    changes = diff_data(old, new)
    assert all(c.path.startswith("stances[b][I1].") for c in changes)
    assert _apply(old, changes) == new
    assert all(c.sources == ("S1", "S2") for c in changes if c.op != "removed")
