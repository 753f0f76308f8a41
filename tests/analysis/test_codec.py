"""The one codec: round trips, null for non-finite floats, schemas that accept what to_dict writes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis.codec import Record, from_data, json_schema, to_data


@dataclass(frozen=True)
class Inner:
    name: str
    value: float
    tag: Literal["a", "b"] = "a"


@dataclass(frozen=True)
class Outer(Record):
    items: tuple[Inner, ...]
    by_key: dict[str, int]
    maybe: Inner | None
    pair: tuple[float, float] | None
    extra: dict[str, Any] = field(default_factory=dict)


inner = st.builds(
    Inner,
    st.text(max_size=5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["a", "b"]),
)
outer = st.builds(
    Outer,
    st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    st.none() | inner,
    st.none()
    | st.tuples(
        st.floats(allow_nan=False, allow_infinity=False), st.floats(allow_nan=False, allow_infinity=False)
    ),
)


@given(outer)
def test_round_trip_and_schema(o: Outer) -> None:
    d = o.to_dict()
    assert Outer.from_dict(d) == o
    jsonschema.validate(d, Outer.json_schema())


def test_non_finite_floats_are_null_and_read_back_as_nan() -> None:
    o = Outer((Inner("x", math.inf),), {}, None, None)
    d = o.to_dict()
    assert d["items"][0]["value"] is None
    assert math.isnan(Outer.from_dict(d).items[0].value)


def test_bad_data_names_the_path() -> None:
    with pytest.raises(ValueError, match=r"\$\.items\[0\]\.tag"):
        from_data(
            Outer,
            {"items": [{"name": "x", "value": 1, "tag": "z"}], "by_key": {}, "maybe": None, "pair": None},
        )
    with pytest.raises(ValueError, match="missing 'by_key'"):
        from_data(Outer, {"items": [], "maybe": None, "pair": None})


def test_schema_rejects_unknown_keys_and_wrong_types() -> None:
    schema = json_schema(Outer)
    good = to_data(Outer((), {"k": 1}, None, (1.0, 2.0)))
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "surprise": 1}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "by_key": {"k": "one"}}, schema)
