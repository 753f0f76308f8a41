"""The scenario: actors, issues, stances, red lines, sources and tracks; loading, validation, importers."""

from ._uncertainty import PARAMETER_PATHS, ParameterRef, resolve_parameter
from .errors import Problem, ScenarioError
from .loader import load_scenario, parse_scenario
from .model import (
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
from .writer import dumps_scenario, save_scenario, scenario_to_dict

__all__ = [
    "DISTRIBUTIONS",
    "PARAMETER_PATHS",
    "Actor",
    "Distribution",
    "Issue",
    "IssueGroup",
    "Option",
    "ParameterRef",
    "Problem",
    "RedLine",
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
]
