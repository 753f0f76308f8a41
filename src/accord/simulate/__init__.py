"""Simulated bargaining over time: protocols, strategies, exogenous tracks, tournaments.

Public API::

    Negotiation                    a negotiation model: step() / collect() / run() -> SimulationResult
    Negotiation.from_scenario      ... over a scenario's deal space, with its tracks and deadlines
    AlternatingOffers, SingleText  the protocols (registry: accord.registry.PROTOCOLS)
    DEFAULT_STRATEGY, default_strategies    each actor's declared default strategy, else "linear"
    SimulationResult               outcome, utilities, tidy trace (records(), to_csv())
    Arena                          the packages played over (sorted per-actor utility orders)
    TrackSet                       the exogenous tracks of a run
    Strategy, TimeDependent        base classes; the built-ins in accord.simulate.strategies
    available_strategies, make_strategy, filtered_strategies    the registry (entry points)
    Tournament, run_tournament     strategies x scenarios x seeds, tidy table and ranking
    check_strategy                 the conformance suite
"""

from .arena import Arena, candidate_packages
from .conformance import check_strategy
from .engine import DEFAULT_ROUNDS, Negotiation
from .protocols import AlternatingOffers, Protocol, SingleText, make_protocol
from .results import RECORD_COLUMNS, SimulationResult, write_csv
from .seats import DEFAULT_STRATEGY, default_strategies
from .state import NegotiationInfo, Offer, State
from .strategies import (
    AnchorAndCede,
    Boulware,
    Conceder,
    DeadlineDriven,
    Hardliner,
    Linear,
    MediatorNash,
    MediatorSplit,
    Staller,
    Strategy,
    TimeDependent,
    TitForTat,
    available_strategies,
    filtered_strategies,
    make_strategy,
)
from .tournament import Tournament, TournamentResult, run_tournament
from .tracks import TrackSet

__all__ = [
    "DEFAULT_ROUNDS",
    "DEFAULT_STRATEGY",
    "RECORD_COLUMNS",
    "AlternatingOffers",
    "AnchorAndCede",
    "Arena",
    "Boulware",
    "Conceder",
    "DeadlineDriven",
    "Hardliner",
    "Linear",
    "MediatorNash",
    "MediatorSplit",
    "Negotiation",
    "NegotiationInfo",
    "Offer",
    "Protocol",
    "SimulationResult",
    "SingleText",
    "Staller",
    "State",
    "Strategy",
    "TimeDependent",
    "TitForTat",
    "Tournament",
    "TournamentResult",
    "TrackSet",
    "available_strategies",
    "candidate_packages",
    "check_strategy",
    "default_strategies",
    "filtered_strategies",
    "make_protocol",
    "make_strategy",
    "run_tournament",
    "write_csv",
]
