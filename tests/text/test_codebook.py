"""Our codebook development set (src/accord/text/data/codebook): well formed, and the rules' figures on it.

The set is our own sentences, labelled from the CAMEO/PLOVER codebook's category definitions; the rules
were developed on it, so its figures guard against regressions and say nothing about unseen text (the
gold file's held-out part does: tests/text/test_gold.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.text.evaluate import evaluate_gold
from accord.text.lexicon import ACTS

CODEBOOK = Path(__file__).resolve().parents[2] / "src" / "accord" / "text" / "data" / "codebook"
PARTS = sorted(CODEBOOK.glob("part-*.jsonl"))
KEYS = {"id", "text", "event", "cameo", "source", "target", "trigger"}

# Measured (docs/text.md) less a margin: a rule change that loses codebook sentences fails here.
ACT_FLOOR = 0.88
SOURCE_FLOOR = 0.92


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_parts_exist():
    assert len(PARTS) >= 3


@pytest.mark.parametrize("path", PARTS, ids=lambda p: p.name)
def test_records_are_well_formed(path):
    seen: set[str] = set()
    for r in _records(path):
        assert set(r) == KEYS, r["id"]
        assert r["id"] not in seen
        seen.add(r["id"])
        assert r["event"] in ACTS or r["event"] == "NONE", r["id"]
        for phrase in [*r["source"], *r["target"], *([r["trigger"]] if r["trigger"] else [])]:
            assert phrase in r["text"], (r["id"], phrase)
        if r["event"] == "NONE":
            assert r["source"] == [] and r["trigger"] == ""


def test_rules_on_the_codebook(nlp):
    r = evaluate_gold(CODEBOOK)  # a folder: its parts pooled
    assert r.n == sum(len(_records(p)) for p in PARTS)
    assert r.act_accuracy >= ACT_FLOOR and r.source_accuracy >= SOURCE_FLOOR
    assert r.statements_per_sentence <= 1.2
