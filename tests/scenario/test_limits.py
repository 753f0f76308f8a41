"""Hostile and degenerate input: every case is a located ScenarioError, quickly, on both YAML paths."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from accord.errors import InputError
from accord.scenario import ScenarioError, load_scenario
from accord.scenario._yaml import LIBYAML, load_marked

from .test_loader import FLAGSHIP, MINIMAL, write

pytestmark = pytest.mark.usefixtures("yaml_loader")


def error_of(path: Path, **options: Any) -> ScenarioError:
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, **options)
    assert time.perf_counter() - start < 5, "a hostile file must be refused quickly"
    return info.value


def billion_laughs() -> str:
    text = 'metadata:\n  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    prev = "a"
    for name in "bcdefghi":
        text += f"  {name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
        prev = name
    return text


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("metadata: " + "[" * 600 + "]" * 600 + "\n", "1:110", "nested more than 100 levels deep"),
        (
            "metadata:\n" + "".join("  " * k + f"k{k}:\n" for k in range(1, 150)) + "  " * 150 + "x: 1\n",
            "101:",
            "nested more than 100 levels deep",
        ),
        (billion_laughs(), "7:6", "aliases here expand to more than 100,000 extra nodes"),
        ("as_of: 2025-02-30\n", "1:8", "'2025-02-30' is not a real date (day is out of range for month)"),
        (
            "sources:\n  - {id: S1, publication: X, date: 2025-03-46}\n",
            "2:36",
            "'2025-03-46' is not a real date",
        ),
        ("actors: " + "1" * 5000 + "\n", "1:9", "a number of 5,000 characters is too long"),
        ("metadata: &a [*a]\n", "1:11", "recursive"),
    ],
)
def test_hostile_yaml_is_a_located_error(tmp_path: Path, text: str, where: str, message: str) -> None:
    err = error_of(write(tmp_path, text))
    (problem,) = err.problems
    assert message in str(problem) and f"s.yaml:{where}" in str(problem), str(problem)


def test_deep_json_is_a_located_error(tmp_path: Path) -> None:
    # A tab makes this invalid YAML, so it goes through the JSON reader.
    err = error_of(write(tmp_path, '{"metadata":\t' + "[" * 5000 + "]" * 5000 + "}", "s.json"))
    assert "s.json:1:113: nested more than 100 levels deep" in str(err)


def test_limits_can_be_raised(tmp_path: Path) -> None:
    deep = MINIMAL + "metadata: {a: " + "[" * 150 + "]" * 150 + "}\n"
    assert "nested more than 100" in str(error_of(write(tmp_path, deep)))
    assert load_scenario(tmp_path / "s.yaml", max_depth=200).n_actors == 2
    bomb = MINIMAL + billion_laughs().replace("metadata:\n", "metadata:\n", 1)
    path = write(tmp_path, bomb, "b.yaml")
    assert "max_alias_nodes" in str(error_of(path))
    with pytest.raises(ScenarioError, match="max_alias_nodes"):
        load_scenario(path, max_alias_nodes=10**6)  # 9**8 is still over a million


def test_size_is_checked_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "#" * 2000 + "\n")
    err = error_of(path, max_size=1000)
    assert "over the 0.001 MB limit" in str(err) and "--max-size" in str(err)
    assert load_scenario(path, max_size=10_000).n_actors == 2


def test_special_files_are_named_for_what_they_are(tmp_path: Path) -> None:
    assert "is a character device, not a regular file" in str(error_of(Path(os.devnull)))
    assert "is a folder" in str(error_of(tmp_path))
    assert "no such file" in str(error_of(tmp_path / "nope.yaml"))
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert "is a named pipe" in str(error_of(fifo))  # refused without waiting for a writer


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("salience: 40, sources: [S1]", "salience: 40"))
    assert load_scenario(path).n_actors == 2
    err = error_of(path, strict=True)
    assert "no source cited" in str(err) and "--strict" in str(err)


def test_all_zero_capabilities(tmp_path: Path) -> None:
    text = MINIMAL.replace("capability: 2}", "capability: 0}").replace("capability: 1}", "capability: 0}")
    (problem,) = error_of(write(tmp_path, text)).problems
    assert "s.yaml:5:3 actors: every capability is 0" in str(problem)


def test_no_issues_no_stances_and_unused_issues(tmp_path: Path) -> None:
    head = MINIMAL.split("stances:")[0]
    err = error_of(write(tmp_path, head))
    assert "stances: no stances" in str(err)
    one = head + "stances:\n  a:\n    x: {position: 10, salience: 80, sources: [S1]}\n"
    err = error_of(write(tmp_path, one))
    (problem,) = err.problems
    assert "issues[y]: nobody takes a stance on this issue" in str(problem)
    assert str(problem).startswith(f"{tmp_path / 's.yaml'}:14:9")  # the issue's id
    zero = one + "  b:\n    y: {position: 0, salience: 0, sources: [S1]}\n"
    zero = zero.replace("x: {position: 10, salience: 80", "x: {position: 10, salience: 0")
    zero += "    x: {position: 0, salience: 0, sources: [S1]}\n"
    err = error_of(write(tmp_path, zero))
    assert [p.path for p in err.problems] == ["issues[x]", "issues[y]"]
    assert all("salience 0" in p.message for p in err.problems)
    text = "actors:\n  - {id: a, capability: 1}\nissues: []\n"
    err = error_of(write(tmp_path, text))
    assert "s.yaml:3:9 issues: needs at least one issue" in str(err)


def test_every_loader_exception_is_a_scenario_error(tmp_path: Path) -> None:
    assert issubclass(ScenarioError, InputError)
    for text in ("", "\x00\x01", "- 1\n- 2\n", "a: [", "!!python/object:os.system {}\n", "? [a, b]\n: 1\n"):
        error_of(write(tmp_path, text))


@pytest.mark.skipif(not LIBYAML, reason="PyYAML was built without libyaml")
def test_both_parsers_give_the_same_data_and_marks() -> None:
    text = FLAGSHIP.read_text()
    fast, slow = load_marked(text, libyaml=True), load_marked(text, libyaml=False)
    assert fast == slow

    def marks(v: object) -> list[object]:
        if isinstance(v, dict):
            out: list[object] = [v.mark, sorted(v.key_marks.items()), sorted(v.value_marks.items())]  # type: ignore[attr-defined]
            return out + [marks(x) for x in v.values()]
        if isinstance(v, list):
            return [v.mark, v.marks] + [marks(x) for x in v]  # type: ignore[attr-defined]
        return []

    assert marks(fast) == marks(slow)
