"""Errors for bad scenario input: every problem at once, each with file, line, column and field path.

:class:`Problem` and the error family live in :mod:`accord.errors`; :class:`ScenarioError` is the
:class:`~accord.errors.InputError` raised by the loader, the validator and the importers.
"""

from __future__ import annotations

from ..errors import InputError, Problem

__all__ = ["Problem", "ScenarioError"]


class ScenarioError(InputError):
    """A scenario (or imported file) could not be loaded; ``problems`` lists every problem found."""
