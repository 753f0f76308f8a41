"""The round-by-round path gives today's results, bit for bit, on every pinned run (``pinned.py``)."""

from __future__ import annotations

import json

import pytest

from .pinned import PINS, cases, digest

RECORDED = json.loads(PINS.read_text())


def test_every_case_is_pinned() -> None:
    assert sorted(name for name, _ in cases()) == sorted(RECORDED)


@pytest.mark.parametrize(
    ("name", "negotiation"), list(cases()), ids=lambda x: x if isinstance(x, str) else ""
)
def test_result_unchanged(name: str, negotiation) -> None:
    assert digest(negotiation.run()) == RECORDED[name], name
