"""Stance ``history`` and issue ``keywords``: parsed, located when wrong, and written back unchanged."""

from __future__ import annotations

import pytest
import yaml

from accord.errors import InputError
from accord.scenario import load_scenario
from accord.scenario.model import HistoryPoint
from accord.scenario.writer import dumps_scenario

BASE = """
format: accord-scenario/1
sources:
  - {id: S1, publication: Wire, date: 2025-03-01}
  - {id: S2, publication: Wire, date: 2025-03-14}
actors:
  - {id: a, name: A, capability: 1}
  - {id: b, name: B, capability: 1}
issues:
  - id: I1
    name: Ceasefire
    keywords: [truce, "cease-fire"]
    anchors:
      - {id: now, label: Immediate, value: 0, keywords: [30-day ceasefire, "full truce"]}
      - {id: later, label: Later, value: 100}
  - id: T
    name: Territory
    keywords: [land]
    anchors:
      - {id: keep, label: Keep, value: 0}
      - {id: cede, label: Cede, value: 100}
    parts:
      - {id: T1, name: North, keywords: [northern]}
      - {id: T2, name: South}
stances:
  a:
    I1:
      position: 40
      salience: 60
      sources: [S2]
      history:
        - {date: 2025-03-01, position: 80, source: S1}
        - {date: 2025-03-14, position: later, source: S2}
  b:
    I1: {position: 10, salience: 50, sources: [S1]}
    T: {position: 30, salience: 50, sources: [S1]}
"""


def _load(tmp_path, text):
    p = tmp_path / "s.yaml"
    p.write_text(text, encoding="utf-8")
    return load_scenario(p)


def test_history_and_keywords_are_read(tmp_path):
    s = _load(tmp_path, BASE)
    assert s.stance("a", "I1").history == (
        HistoryPoint("2025-03-01", 80.0, "S1"),
        HistoryPoint("2025-03-14", 100.0, "S2"),
    )
    assert s.stance("b", "I1").history == ()
    assert s.issue("I1").keywords == ("truce", "cease-fire")
    assert [o.keywords for o in s.issue("I1").options] == [("30-day ceasefire", "full truce"), ()]
    assert s.issue("T1").keywords == ("land", "northern") and s.issue("T2").keywords == ("land",)


def test_round_trip_keeps_history_and_keywords(tmp_path):
    s = _load(tmp_path, BASE)
    text = dumps_scenario(s)
    again = _load(tmp_path, text)
    assert again == s
    data = yaml.safe_load(text)
    territory = next(i for i in data["issues"] if i["id"] == "T")
    assert territory["keywords"] == ["land"] and territory["parts"][0]["keywords"] == ["northern"]
    ceasefire = next(i for i in data["issues"] if i["id"] == "I1")
    assert [a.get("keywords") for a in ceasefire["anchors"]] == [["30-day ceasefire", "full truce"], None]


def test_bad_option_keywords_are_located(tmp_path):
    with pytest.raises(InputError) as err:
        _load(tmp_path, BASE.replace('keywords: [30-day ceasefire, "full truce"]', "keywords: [1, {a: b}]"))
    assert any("anchors[0].keywords" in p.path for p in err.value.problems)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{date: 2025-03-01, position: 80, source: S1}",
            "{date: 2025-03-01, position: 80, source: S9}",
            "unknown source",
        ),
        ("{date: 2025-03-01, position: 80, source: S1}", "{date: 2025-03-01, source: S1}", "is required"),
        (
            "{date: 2025-03-01, position: 80, source: S1}",
            "{date: 2025-03-01, position: 80, when: x}",
            "unknown key",
        ),
        (
            "{date: 2025-03-01, position: 80, source: S1}",
            "{date: 2025-03-01, position: 999, source: S1}",
            "history",
        ),
    ],
)
def test_bad_history_is_located(tmp_path, old, new, message):
    with pytest.raises(InputError, match=message) as err:
        _load(tmp_path, BASE.replace(old, new))
    assert any("history[0]" in p.path for p in err.value.problems)
