"""Importers from other tools' formats into :class:`accord.scenario.Scenario`.

Each format has its own small module; :data:`IMPORTERS` maps the command-line name to the reader.
"""

from __future__ import annotations

from .bdm import read_bdm
from .decide import read_decide
from .deu import read_deu

__all__ = ["read_bdm", "read_decide", "read_deu"]
