"""Importers from other tools' formats into :class:`accord.scenario.Scenario`.

Each format has its own small module: KTAB CSV/XML, Decide, BDM CSV and DEU TSV.
"""

from __future__ import annotations

from .bdm import read_bdm
from .decide import read_decide
from .deu import read_deu
from .ktab import read_ktab

__all__ = ["read_bdm", "read_decide", "read_deu", "read_ktab"]
