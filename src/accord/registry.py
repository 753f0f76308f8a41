"""One registry mechanism: Python entry points.

Every pluggable kind of thing (forecast models, strategies, protocols, importers, deal sources) is an
entry-point group; accord's own plug-ins are declared in its ``pyproject.toml`` exactly as a third-party
package declares its own, so adding one never touches accord. The command line derives its choices and
``--help`` texts from these registries.

Examples
--------
>>> from accord.registry import MODELS
>>> "compromise" in MODELS.names()
True
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from .errors import InputError

__all__ = ["Registry", "MODELS", "STRATEGIES", "PROTOCOLS", "IMPORTERS", "DEAL_SOURCES", "parse_names"]


class Registry:
    """The plug-ins of one entry-point group, loaded on first use.

    Parameters
    ----------
    group : str
        Entry-point group, e.g. ``"accord.models"``.
    kind : str
        What one entry is called in messages ("model", "strategy").

    Notes
    -----
    Names are listed accord's own first, then third-party ones, each in alphabetical order (package
    metadata does not keep declaration order), so listings and tables are stable. Loaded objects
    are cached on the registry, keyed by name (never by object identity).
    """

    def __init__(self, group: str, kind: str):
        self.group = group
        self.kind = kind
        self._points: dict[str, EntryPoint] | None = None
        self._loaded: dict[str, Any] = {}

    def _entry_points(self) -> dict[str, EntryPoint]:
        if self._points is None:
            found = list(entry_points(group=self.group))
            own = sorted(
                (e for e in found if e.dist is not None and e.dist.name == "accord"), key=lambda e: e.name
            )
            rest = sorted((e for e in found if e not in own), key=lambda e: e.name)
            self._points = {}
            for e in own + rest:
                self._points.setdefault(e.name, e)
        return self._points

    def names(self) -> list[str]:
        """Every registered name: accord's own, then third-party ones, each alphabetically."""
        return list(self._entry_points())

    def __contains__(self, name: object) -> bool:
        return name in self._entry_points()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self._entry_points())

    def get(self, name: str, what: str = "") -> Any:
        """The object registered as ``name``.

        Raises
        ------
        InputError
            For an unknown name; the message lists the known names. ``what`` (an option such as
            ``--models``) locates the problem.
        """
        if name not in self._loaded:
            points = self._entry_points()
            if name not in points:
                raise InputError.single(
                    what, f"unknown {self.kind} {name!r}; known: {', '.join(points) or '(none)'}"
                )
            self._loaded[name] = points[name].load()
        return self._loaded[name]

    def listed(self) -> list[str]:
        """The names that ``all`` means: every entry whose object does not set ``variant = True``.

        Variants (a tuned copy of a model, say) run only when named.
        """
        # ``is True``: a plug-in may have a parameter of its own called ``variant`` (the exchange model).
        return [n for n in self.names() if getattr(self.get(n), "variant", False) is not True]

    def help(self) -> str:
        """The names as a sentence for ``--help`` texts."""
        return ", ".join(self.names())


def parse_names(
    text: str | None, registry: Registry, what: str, default: list[str] | None = None
) -> list[str]:
    """Parse a comma-separated list of registered names, or ``all``.

    Parameters
    ----------
    text : str or None
        What the user typed; None or empty gives ``default`` (what ``all`` means when None).
    registry : Registry
    what : str
        The option, for messages (``--models``).
    default : list of str, optional

    Raises
    ------
    InputError
        Naming every unknown entry at once.
    """
    if not text:
        return registry.listed() if default is None else list(default)
    names = [s.strip() for s in text.split(",") if s.strip()]
    if names == ["all"]:
        return registry.listed()
    unknown = [n for n in names if n not in registry]
    if unknown:
        raise InputError.single(
            what, f"unknown {registry.kind} {', '.join(map(repr, unknown))}; known: {registry.help()}, all"
        )
    return list(dict.fromkeys(names))


MODELS = Registry("accord.models", "model")
STRATEGIES = Registry("accord.strategies", "strategy")
PROTOCOLS = Registry("accord.protocols", "protocol")
IMPORTERS = Registry("accord.importers", "importer")
DEAL_SOURCES = Registry("accord.deal_sources", "deal source")
