"""Safe, bounded YAML loading that remembers where every key and value sits in the file.

Two loaders share one set of resolvers and constructors: one on libyaml's C parser (``CSafeLoader``, about
seven times faster) and the pure-Python ``SafeLoader`` as the fallback when PyYAML was built without
libyaml. Both give the same data, the same line/column marks and the same errors.

Hostile input is stopped with a located error (:class:`YAMLInputError`) instead of a traceback, a
``MemoryError`` or a minute of work:

* nesting deeper than ``max_depth`` collections (a 1 KB file of 600 nested brackets would otherwise
  overflow the Python stack);
* aliases and merge keys that expand the document by more than ``max_alias_nodes`` nodes (a "billion
  laughs" bomb is under 1 KB);
* impossible dates (``2025-02-30``) and integers too long for Python to convert.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import MappingStartEvent, SequenceStartEvent

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "LIBYAML",
    "Mark",
    "MarkedDict",
    "MarkedList",
    "YAMLInputError",
    "load_marked",
]

Mark = tuple[int, int]  # (line, column), 1-based

#: Default limits; :func:`accord.scenario.load_scenario` takes both as options.
MAX_DEPTH = 100
MAX_ALIAS_NODES = 100_000

#: Whether PyYAML was built with libyaml.
LIBYAML: bool = getattr(yaml, "__with_libyaml__", False)
#: The parser :func:`load_marked` uses when not told: libyaml when available (tests switch it).
USE_LIBYAML: bool = LIBYAML


class YAMLInputError(yaml.MarkedYAMLError):
    """Well-formed YAML that accord refuses: too deep, an alias bomb, an impossible date or number."""


class MarkedDict(dict[Any, Any]):
    """A dict that knows the position of itself, of each key and of each value."""

    mark: Mark = (0, 0)
    n_nodes: int = 1  # nodes it stands for once every alias is expanded

    def __init__(self) -> None:
        super().__init__()
        self.key_marks: dict[Any, Mark] = {}
        self.value_marks: dict[Any, Mark] = {}
        self.duplicates: list[tuple[Any, Mark]] = []


class MarkedList(list[Any]):
    """A list that knows the position of itself and of each item."""

    mark: Mark = (0, 0)
    n_nodes: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[Mark] = []


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _too_deep(limit: int, mark: Any) -> YAMLInputError:
    return YAMLInputError(
        problem=f"nested more than {limit} levels deep (raise the limit with max_depth)", problem_mark=mark
    )


class _Limits:
    """The limits and counters both loaders carry; set per load by :func:`load_marked`."""

    max_depth = MAX_DEPTH
    max_alias_nodes = MAX_ALIAS_NODES
    _depth = 0

    def _enter(self, node: yaml.Node) -> None:
        self._depth += 1
        if self._depth > self.max_depth:
            raise _too_deep(self.max_depth, node.start_mark)

    def _check_expansion(self, n_nodes: int, node: yaml.Node) -> None:
        # Aliases are constructed once and shared, so the cost of an alias bomb comes later, when the data
        # is copied or written; counting expanded nodes here stops it while it is still cheap.
        distinct = len(self.constructed_objects)  # type: ignore[attr-defined]
        if n_nodes - distinct > self.max_alias_nodes:
            raise YAMLInputError(
                problem=f"aliases here expand to more than {self.max_alias_nodes:,} extra nodes "
                "(an alias bomb?); raise the limit with max_alias_nodes",
                problem_mark=node.start_mark,
            )

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        # Merge keys (<<) copy the merged pairs into the node, so chained merges grow exponentially
        # before any object exists: bound the pairs a mapping may end up with.
        SafeConstructor.flatten_mapping(self, node)  # type: ignore[arg-type]
        if len(node.value) > self.max_alias_nodes:
            raise YAMLInputError(
                problem=f"merge keys (<<) here expand to more than {self.max_alias_nodes:,} entries; "
                "raise the limit with max_alias_nodes",
                problem_mark=node.start_mark,
            )


def _size(v: Any) -> int:
    return v.n_nodes if isinstance(v, MarkedDict | MarkedList) else 1


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> MarkedDict:
    loader._enter(node)
    try:
        loader.flatten_mapping(node)  # resolve YAML merge keys (<<)
        out = MarkedDict()
        out.mark = _mark(node)
        n_nodes = 1
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            if key in out:
                out.duplicates.append((key, _mark(key_node)))
            value = loader.construct_object(value_node, deep=True)
            out[key] = value
            out.key_marks[key] = _mark(key_node)
            out.value_marks[key] = _mark(value_node)
            n_nodes += 1 + _size(value)
        out.n_nodes = n_nodes
        loader._check_expansion(n_nodes, node)
        return out
    finally:
        loader._depth -= 1


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> MarkedList:
    loader._enter(node)
    try:
        out = MarkedList()
        out.mark = _mark(node)
        n_nodes = 1
        for item in node.value:
            value = loader.construct_object(item, deep=True)
            out.append(value)
            out.marks.append(_mark(item))
            n_nodes += _size(value)
        out.n_nodes = n_nodes
        loader._check_expansion(n_nodes, node)
        return out
    finally:
        loader._depth -= 1


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as e:  # 2025-02-30 matches the date pattern, then fails in datetime.date
        raise YAMLInputError(
            problem=f"{node.value!r} is not a real date ({e})", problem_mark=node.start_mark
        ) from None


def _construct_int(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:  # Python refuses to convert integers of more than 4300 digits
        raise YAMLInputError(
            problem=f"a number of {len(node.value):,} characters is too long", problem_mark=node.start_mark
        ) from None


class _PyLoader(_Limits, yaml.SafeLoader):
    """The pure-Python SafeLoader (no arbitrary objects), building MarkedDict / MarkedList."""

    _compose_depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # The pure-Python composer recurses once per level (libyaml's stops at 1000 levels on its own):
        # check the depth here, with the same message and mark as the constructors give on the C path.
        if not self.check_event(SequenceStartEvent, MappingStartEvent):
            return super().compose_node(parent, index)
        self._compose_depth += 1
        try:
            if self._compose_depth > self.max_depth:
                raise _too_deep(self.max_depth, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._compose_depth -= 1


_LOADERS: list[type] = [_PyLoader]
if LIBYAML:

    class _CLoader(_Limits, yaml.CSafeLoader):
        """The same loader on libyaml's parser and composer (C); constructors and resolvers in Python."""

    _LOADERS.append(_CLoader)


def _yaml12(cls: Any) -> None:
    """Give a loader class accord's resolvers and constructors."""
    # YAML 1.2 booleans: only true/false. YAML 1.1 also reads yes/no/on/off as booleans, which turns an
    # option id such as `no` into False (the "Norway problem").
    cls.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    cls.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    # YAML 1.2 floats too: PyYAML's YAML 1.1 rule needs a dot and a signed exponent, so `5e-2` or `3.5e1`
    # would be read as text.
    cls.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)$"),
        list("-+.0123456789"),
    )
    cls.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    cls.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    cls.add_constructor("tag:yaml.org,2002:int", _construct_int)


for _cls in _LOADERS:
    _yaml12(_cls)


def load_marked(
    text: str,
    *,
    max_depth: int = MAX_DEPTH,
    max_alias_nodes: int = MAX_ALIAS_NODES,
    libyaml: bool | None = None,
) -> Any:
    """Parse YAML (or JSON) text safely into MarkedDict / MarkedList / scalars.

    Parameters
    ----------
    text : str
    max_depth : int
        Most nested collections allowed.
    max_alias_nodes : int
        Most nodes that aliases and merge keys may add to the document.
    libyaml : bool, optional
        Use libyaml's parser (True), the pure-Python one (False), or libyaml when available (None).

    Raises
    ------
    yaml.YAMLError
        On a syntax error, or a :class:`YAMLInputError` for input over a limit; ``problem_mark`` gives
        the position.
    """
    use_c = USE_LIBYAML if libyaml is None else libyaml
    if use_c and not LIBYAML:
        raise RuntimeError("PyYAML was built without libyaml")
    loader = _LOADERS[-1 if use_c else 0](text)
    loader.max_depth = max_depth
    loader.max_alias_nodes = max_alias_nodes
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
