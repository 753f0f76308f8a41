"""Simulated bargaining over time: protocols, strategies, exogenous tracks, tournaments.

Public API::

    Negotiation                    a negotiation model: step() / collect() / run() -> SimulationResult
    Negotiation.from_scenario      ... over a scenario's deal space, with its tracks and deadlines
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
from .protocols import DEFAULT_ROUNDS, PROTOCOLS, Negotiation
from .results import RECORD_COLUMNS, SimulationResult, write_csv
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
    "PROTOCOLS",
    "RECORD_COLUMNS",
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
    "SimulationResult",
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
    "filtered_strategies",
    "make_strategy",
    "run_tournament",
    "write_csv",
]
