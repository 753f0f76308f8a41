"""The deal space: acceptable, efficient and fair packages, and what it would take to open a deal.

Public API::

    DealSpace                      issues, options, additive utilities, red lines, BATNAs, signatories
    analyze(space) -> DealAnalysis feasibility counts, Pareto frontier, named solutions, concessions
    pareto_frontier, pareto_mask   exact frontiers (issue-wise merge; point-set filter)
    nash, kalai_smorodinsky, egalitarian, utilitarian   solutions over a frontier
    read_genius, read_geniusweb    Genius XML / GeniusWeb JSON domains
    deal_space_from_scenario       an accord scenario as a deal space
    ForbiddenPairs                 linked issues: option pairs no package may hold (scenario constraints)
    describe_openings, move_set    the cheapest distinct openings when no package is feasible
"""

from .analysis import DEFAULT_ENUMERATION_LIMIT, DealAnalysis, ScanResult, analyze, scan
from .concessions import CheapToCede, Concession, Logroll, Opening, cheap_to_cede, describe_opening, logrolls
from .errors import DealFormatError, SpaceTooLargeError
from .from_scenario import deal_space_from_scenario
from .io_genius import is_genius_folder, read_genius
from .io_geniusweb import is_geniusweb_folder, read_geniusweb
from .linked import ForbiddenPairs, count_packages
from .openings import DEFAULT_N_OPENINGS, describe_openings, move_set
from .pareto import pareto_frontier, pareto_frontier_enumerated, pareto_mask
from .solutions import SOLUTION_NAMES, Solution, egalitarian, kalai_smorodinsky, nash, utilitarian
from .space import FEASIBILITY_TOL, DealSpace

_SEARCH = ("milp_egalitarian", "milp_nash", "milp_opening", "milp_openings", "milp_utilitarian")


def __getattr__(name: str) -> object:
    # The MILP search imports scipy.optimize, which costs 0.3 s: load it only when asked for.
    if name in _SEARCH:
        from . import search

        return getattr(search, name)
    raise AttributeError(f"module 'accord.deals' has no attribute {name!r}")


__all__ = [
    "DEFAULT_ENUMERATION_LIMIT",
    "DEFAULT_N_OPENINGS",
    "FEASIBILITY_TOL",
    "SOLUTION_NAMES",
    "CheapToCede",
    "Concession",
    "DealAnalysis",
    "DealFormatError",
    "DealSpace",
    "ForbiddenPairs",
    "Logroll",
    "Opening",
    "ScanResult",
    "Solution",
    "SpaceTooLargeError",
    "analyze",
    "cheap_to_cede",
    "count_packages",
    "deal_space_from_scenario",
    "describe_opening",
    "describe_openings",
    "egalitarian",
    "is_genius_folder",
    "is_geniusweb_folder",
    "kalai_smorodinsky",
    "logrolls",
    "move_set",
    "milp_egalitarian",
    "milp_nash",
    "milp_opening",
    "milp_openings",
    "milp_utilitarian",
    "nash",
    "pareto_frontier",
    "pareto_frontier_enumerated",
    "pareto_mask",
    "read_genius",
    "read_geniusweb",
    "scan",
    "utilitarian",
]
