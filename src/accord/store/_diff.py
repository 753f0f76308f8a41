"""Field-level differences between two scenarios, with the path of each field and the sources cited there.

Both scenarios are compared in their canonical file form (:func:`accord.scenario.scenario_to_dict`), so
a change of layout, comments or key order is no change, and every path is the one the validator uses
in its messages: ``stances[russia][I1].position``, ``actors[usa].capability``,
``issues[I2].parts[I2a].status_quo``, ``sources[S04].url``, ``metadata.reference``.

Lists of entries with ids (actors, issues, options, sources, tracks) are matched by id: an entry that
appears or disappears is one ``added`` or ``removed`` change carrying the whole entry; a new order of the
same ids is one ``reordered`` change. Other lists (aliases, a stance's sources) are values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["FieldChange", "diff_data"]

# Mappings whose keys are ids, written in brackets: the stances (actor, then issue) and a stance's
# utilities (option ids). Every other mapping's keys are field names, written after a dot.
_ID_KEYED = re.compile(r"^(stances|stances\[[^\]]*\]|stances\[[^\]]*\]\[[^\]]*\]\.utilities)$")
_STANCE = re.compile(r"^stances\[([^\]]*)\]\[([^\]]*)\]")
_ACTOR_STANCES = re.compile(r"^stances\[([^\]]*)\]$")
_TRACK = re.compile(r"^tracks\[([^\]]*)\]")
_SOURCE = re.compile(r"^sources\[([^\]]*)\]")


@dataclass(frozen=True)
class FieldChange:
    """One change between two versions of a scenario.

    Parameters
    ----------
    op : {"added", "removed", "changed", "reordered"}
    path : str
        The field, as the validator names it (``stances[russia][I1].position``).
    old, new : object
        The values before and after (plain JSON data); None for a field that is absent on that side.
    sources : tuple of str
        The source ids cited by the stance or track the field belongs to (after the change, or before it
        for a removal); for a field of a source, that source's id.
    """

    op: str
    path: str
    old: Any
    new: Any
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The change as plain data."""
        return {
            "op": self.op,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "sources": list(self.sources),
        }


def diff_data(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Every field that differs between two scenarios in file form, in file order.

    Parameters
    ----------
    old, new : dict
        :func:`accord.scenario.scenario_to_dict` of each version.

    Returns
    -------
    list of FieldChange
        Empty when the scenarios are the same.
    """
    raw: list[tuple[str, str, Any, Any]] = []
    _walk(old, new, "", raw)
    return [FieldChange(op, path, a, b, _cited(path, op, old, new)) for op, path, a, b in raw]


def _child(path: str, key: str) -> str:
    if _ID_KEYED.match(path):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _ids(value: Any) -> list[str] | None:
    """The ids of a list of entries that all have a distinct string id; None for any other value."""
    if not isinstance(value, list) or not value:
        return None
    ids = [x.get("id") if isinstance(x, dict) else None for x in value]
    if any(not isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
        return None
    return ids  # type: ignore[return-value]


def _walk(a: Any, b: Any, path: str, out: list[tuple[str, str, Any, Any]]) -> None:
    if a == b and type(a) is type(b):
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            sub = _child(path, str(key))
            if key not in b:
                out.append(("removed", sub, a[key], None))
            elif key not in a:
                out.append(("added", sub, None, b[key]))
            else:
                _walk(a[key], b[key], sub, out)
        return
    ids_a, ids_b = _ids(a), _ids(b)
    if ids_a is not None and ids_b is not None:
        by_a = dict(zip(ids_a, a, strict=True))
        by_b = dict(zip(ids_b, b, strict=True))
        for key in ids_a + [k for k in ids_b if k not in by_a]:
            sub = f"{path}[{key}]"
            if key not in by_b:
                out.append(("removed", sub, by_a[key], None))
            elif key not in by_a:
                out.append(("added", sub, None, by_b[key]))
            else:
                _walk(by_a[key], by_b[key], sub, out)
        kept_a = [k for k in ids_a if k in by_b]
        kept_b = [k for k in ids_b if k in by_a]
        if kept_a != kept_b:
            out.append(("reordered", path, ids_a, ids_b))
        return
    if a is None:
        out.append(("added", path, None, b))
    elif b is None:
        out.append(("removed", path, a, None))
    else:
        out.append(("changed", path, a, b))


def _cited(path: str, op: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    """The sources cited where ``path`` lies: the stance's or track's (the side that still has it)."""
    side = old if op == "removed" else new
    m = _STANCE.match(path)
    if m:
        stance = side.get("stances", {}).get(m.group(1), {}).get(m.group(2))
        return tuple(stance.get("sources", ())) if isinstance(stance, dict) else ()
    m = _ACTOR_STANCES.match(path)
    if m:  # every stance of an actor added or removed at once: all the sources they cite
        cited: dict[str, None] = {}
        for stance in side.get("stances", {}).get(m.group(1), {}).values():
            cited.update(dict.fromkeys(stance.get("sources", ())))
        return tuple(cited)
    m = _TRACK.match(path)
    if m:
        for track in side.get("tracks", ()):
            if track.get("id") == m.group(1):
                return tuple(track.get("sources", ()))
        return ()
    m = _SOURCE.match(path)
    if m:
        return (m.group(1),)
    return ()
