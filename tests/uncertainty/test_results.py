"""The uncertainty documents: one JSON form each way, a schema that validates it, a text rendering."""

from __future__ import annotations

import json

import jsonschema

from accord.analysis import SCHEMA_VERSION, Document
from accord.scenario import Scenario
from accord.uncertainty import DOCUMENTS, sensitivity, sweep, uncertainty_summary
from accord.uncertainty.text import RENDERERS


def test_every_document_round_trips_validates_and_renders(small: Scenario) -> None:
    docs: list[Document] = [
        sweep(
            small, n_samples=6, analyses=("forecast", "deals", "outlook", "simulate"), models=("compromise",)
        ),
        sensitivity(small, "I2", n_samples=8),
        sensitivity(small, "zopa", method="tornado"),
        uncertainty_summary(small, n_samples=16, n_deal_samples=4),
    ]
    assert {d.kind for d in docs} == set(DOCUMENTS)
    for d in docs:
        data = json.loads(json.dumps(d.to_dict(), allow_nan=False))
        assert list(data)[:2] == ["schema_version", "kind"] and data["schema_version"] == SCHEMA_VERSION
        jsonschema.validate(data, type(d).json_schema())
        assert type(d).from_dict(data) == d
        text = RENDERERS[type(d)](d)
        assert text.endswith("\n") and small.title in text or d.kind == "uncertainty"
