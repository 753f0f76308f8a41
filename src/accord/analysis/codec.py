"""One codec for every result: dataclass -> plain JSON data -> dataclass, and a JSON Schema for each.

Result classes are frozen dataclasses whose fields are JSON-shaped (``str``, ``int``, ``float``,
``bool``, ``None``, ``Literal``, ``tuple[X, ...]``, ``dict[str, X]``, nested dataclasses and unions of
these). :func:`to_data`, :func:`from_data` and :func:`json_schema` read the type hints, so a result class
is written once and its JSON form and schema follow from it; nothing is converted by hand in four places.

Non-finite floats are written as ``null`` (JSON has no NaN), and read back as NaN where the field is a
plain ``float``.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import numpy as np

__all__ = ["to_data", "from_data", "json_schema", "Record"]

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """``obj`` as plain JSON-able data (dicts, lists, str, int, float, bool, None)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in _fields(type(obj))}
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_data(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_data(obj.tolist())
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.init and not f.metadata.get("skip"))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def from_data(tp: Any, data: Any, where: str = "$") -> Any:
    """Rebuild a value of type ``tp`` from :func:`to_data`'s output.

    Raises
    ------
    ValueError
        Naming the JSON path where ``data`` does not fit ``tp``.
    """
    if tp is Any:
        return data
    if _is_union(tp):
        args = get_args(tp)
        if data is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return from_data(arg, data, where)
            except (ValueError, TypeError) as e:
                errors.append(str(e))
        raise ValueError(f"{where}: {data!r} fits none of {tp}")
    origin = get_origin(tp)
    if origin is Literal:
        if data not in get_args(tp):
            raise ValueError(f"{where}: {data!r} is not one of {get_args(tp)}")
        return data
    if origin is tuple:
        if not isinstance(data, list):
            raise ValueError(f"{where}: expected a list")
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        return tuple(
            from_data(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, data, strict=True))
        )
    if origin is dict:
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object")
        _, vt = get_args(tp)
        return {k: from_data(vt, v, f"{where}.{k}") for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object for {tp.__name__}")
        hints = _hints(tp)
        kwargs = {}
        for f in _fields(tp):
            if f.name in data:
                kwargs[f.name] = from_data(hints[f.name], data[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ValueError(f"{where}: missing {f.name!r}")
        return tp(**kwargs)
    if tp is float:
        if data is None:
            return math.nan
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise ValueError(f"{where}: expected a number")
        return float(data)
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise ValueError(f"{where}: expected an integer")
        return data
    if tp in (str, bool):
        if not isinstance(data, tp):
            raise ValueError(f"{where}: expected {tp.__name__}")
        return data
    if tp is type(None):
        if data is not None:
            raise ValueError(f"{where}: expected null")
        return None
    raise TypeError(f"{where}: unsupported type {tp!r}")


def json_schema(tp: Any) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for values of type ``tp``, dataclasses as ``$defs``."""
    defs: dict[str, Any] = {}
    root = _schema(tp, defs)
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", **root}
    if defs:
        out["$defs"] = defs
    return out


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp is Any:
        return {}
    if _is_union(tp):
        return {"anyOf": [_schema(a, defs) for a in get_args(tp)]}
    origin = get_origin(tp)
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema(args[0], defs)}
        return {
            "type": "array",
            "prefixItems": [_schema(a, defs) for a in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(get_args(tp)[1], defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: recursive types refer to it
            hints = _hints(tp)
            props = {f.name: _schema(hints[f.name], defs) for f in _fields(tp)}
            doc = (tp.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
            defs[name] = {
                "type": "object",
                "description": doc,
                "properties": props,
                "required": [f.name for f in _fields(tp)],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    if tp is float:
        return {"type": ["number", "null"]}  # null: a non-finite value
    if tp is int:
        return {"type": "integer"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is type(None):
        return {"type": "null"}
    raise TypeError(f"unsupported type {tp!r}")


class Record:
    """Mixin for frozen result dataclasses: ``to_dict``, ``from_dict`` and ``json_schema``."""

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-able data."""
        data: dict[str, Any] = to_data(self)
        return data

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        """Rebuild the result from :meth:`to_dict`'s output (``schema_version`` and ``kind`` ignored)."""
        known = {f.name for f in _fields(cls)}  # type: ignore[arg-type]
        result: T = from_data(cls, {k: v for k, v in data.items() if k in known})
        return result

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of :meth:`to_dict`'s output."""
        return json_schema(cls)
