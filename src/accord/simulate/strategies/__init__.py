"""Negotiation strategies: small classes with a name, declared traits and propose/respond.

One module per family: :mod:`.timebased` (Boulware, Linear, Conceder, DeadlineDriven),
:mod:`.reciprocal` (TitForTat), :mod:`.tactical` (AnchorAndCede, Staller, Hardliner),
:mod:`.mediators` (MediatorNash, MediatorSplit). Users add their own through the ``accord.strategies``
entry-point group.
"""

from .base import (
    DEFAULT_TRAITS,
    ENTRY_POINT_GROUP,
    Strategy,
    TimeDependent,
    available_strategies,
    filtered_strategies,
    make_strategy,
)
from .mediators import MediatorNash, MediatorSplit
from .reciprocal import TitForTat
from .tactical import AnchorAndCede, Hardliner, Staller
from .timebased import Boulware, Conceder, DeadlineDriven, Linear

__all__ = [
    "DEFAULT_TRAITS",
    "ENTRY_POINT_GROUP",
    "AnchorAndCede",
    "Boulware",
    "Conceder",
    "DeadlineDriven",
    "Hardliner",
    "Linear",
    "MediatorNash",
    "MediatorSplit",
    "Staller",
    "Strategy",
    "TimeDependent",
    "TitForTat",
    "available_strategies",
    "filtered_strategies",
    "make_strategy",
]
