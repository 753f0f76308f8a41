"""Safe YAML loading that remembers where every key and value sits in the file."""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["MarkedDict", "MarkedList", "load_marked", "Mark"]

Mark = tuple[int, int]  # (line, column), 1-based


class MarkedDict(dict[Any, Any]):
    """A dict that knows the position of itself, of each key and of each value."""

    mark: Mark = (0, 0)

    def __init__(self) -> None:
        super().__init__()
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}
        self.duplicates: list[tuple[Any, Mark]] = []


class MarkedList(list[Any]):
    """A list that knows the position of itself and of each item."""

    mark: Mark = (0, 0)

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[Mark] = []


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _MarkedLoader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) that builds MarkedDict / MarkedList."""


def _construct_mapping(loader: _MarkedLoader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)  # resolve YAML merge keys (<<)
    out = MarkedDict()
    out.mark = _mark(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            key = str(key)
        if key in out:
            out.duplicates.append((key, _mark(key_node)))
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_marks[key] = _mark(key_node)
        out.value_marks[key] = _mark(value_node)
    return out


def _construct_sequence(loader: _MarkedLoader, node: yaml.SequenceNode) -> MarkedList:
    out = MarkedList()
    out.mark = _mark(node)
    for item in node.value:
        out.append(loader.construct_object(item, deep=True))
        out.marks.append(_mark(item))
    return out


# YAML 1.2 booleans: only true/false. YAML 1.1 also reads yes/no/on/off as booleans, which turns an
# option id such as `no` into False (the "Norway problem").
_MarkedLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_MarkedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# YAML 1.2 floats too: PyYAML's YAML 1.1 rule needs a dot and a signed exponent, so `5e-2` or `3.5e1`
# would be read as text.
_MarkedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)$"),
    list("-+.0123456789"),
)
_MarkedLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_marked(text: str) -> Any:
    """Parse YAML (or JSON) text safely into MarkedDict / MarkedList / scalars.

    Raises
    ------
    yaml.YAMLError
        On a syntax error; its ``problem_mark`` gives the position.
    """
    return yaml.load(text, Loader=_MarkedLoader)  # noqa: S506 - a SafeLoader subclass
