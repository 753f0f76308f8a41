"""The scenario: actors, issues, stances, red lines, linked issues, sources and tracks; loading, importers."""

from ._uncertainty import PARAMETER_PATHS, ParameterRef, resolve_parameter
from .calendar import DEFAULT_ROUND, RoundLength
from .constraints import Constraint, OutcomeSet, violated_constraints
from .errors import Problem, ScenarioError
from .loader import load_scenario, parse_scenario
from .model import (
    CONFIDENCE_LEVELS,
    DISTRIBUTIONS,
    Actor,
    Distribution,
    Issue,
    IssueGroup,
    Option,
    RedLine,
    Scenario,
    Source,
    Stance,
    Track,
    TrackEffect,
    TrackEvent,
    UncertainParameter,
)
from .redline import RED_LINE_SIDES
from .writer import dumps_scenario, save_scenario, scenario_to_dict

__all__ = [
    "CONFIDENCE_LEVELS",
    "DEFAULT_ROUND",
    "DISTRIBUTIONS",
    "PARAMETER_PATHS",
    "RED_LINE_SIDES",
    "Actor",
    "Constraint",
    "Distribution",
    "Issue",
    "IssueGroup",
    "Option",
    "OutcomeSet",
    "ParameterRef",
    "Problem",
    "RedLine",
    "RoundLength",
    "Scenario",
    "ScenarioError",
    "Source",
    "Stance",
    "Track",
    "TrackEffect",
    "TrackEvent",
    "UncertainParameter",
    "dumps_scenario",
    "load_scenario",
    "parse_scenario",
    "resolve_parameter",
    "save_scenario",
    "scenario_to_dict",
    "violated_constraints",
]
