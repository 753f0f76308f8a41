"""The built-in strategies under their command-line names (filled into ``BUILTIN`` on import)."""

from __future__ import annotations

from .base import BUILTIN
from .mediators import MediatorNash, MediatorSplit
from .reciprocal import TitForTat
from .tactical import AnchorAndCede, Hardliner, Staller
from .timebased import Boulware, Conceder, DeadlineDriven, Linear

__all__: list[str] = []

BUILTIN.update(
    {
        "boulware": Boulware,
        "linear": Linear,
        "conceder": Conceder,
        "tit-for-tat": TitForTat,
        "anchor-and-cede": AnchorAndCede,
        "staller": Staller,
        "deadline-driven": DeadlineDriven,
        "hardliner": Hardliner,
        "mediator-nash": MediatorNash,
        "mediator-split": MediatorSplit,
    }
)
