"""Importers from other tools' formats into :class:`accord.scenario.Scenario`.

Each format has its own small module (KTAB CSV/XML, Decide, BDM CSV and DEU TSV) with a reader function
and an :class:`Importer` plug-in class, registered in accord's ``pyproject.toml`` under the
``accord.importers`` entry-point group (a third-party package registers its own the same way). Every
importer makes ids by one rule (:func:`clean_id`) and validates what it builds as the loader validates a
file.

Examples
--------
>>> from accord.registry import IMPORTERS
>>> IMPORTERS.get("ktab")(allow_empty=True)
KTABImporter(allow_empty=True)
"""

from __future__ import annotations

from ._common import Importer, clean_id
from .bdm import BDMImporter, read_bdm
from .decide import DecideImporter, read_decide
from .deu import DEUImporter, read_deu
from .ktab import KTABImporter, read_ktab

__all__ = [
    "BDMImporter",
    "DEUImporter",
    "DecideImporter",
    "Importer",
    "KTABImporter",
    "clean_id",
    "read_bdm",
    "read_decide",
    "read_deu",
    "read_ktab",
]
