"""The scenario: actors, issues, stances, red lines, sources and tracks; loading, validation, importers."""

from .errors import Problem, ScenarioError
from .loader import load_scenario, parse_scenario
from .model import (
    Actor,
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
)
from .writer import dumps_scenario, save_scenario, scenario_to_dict

__all__ = [
    "Actor",
    "Issue",
    "IssueGroup",
    "Option",
    "Problem",
    "RedLine",
    "Scenario",
    "ScenarioError",
    "Source",
    "Stance",
    "Track",
    "TrackEffect",
    "TrackEvent",
    "dumps_scenario",
    "load_scenario",
    "parse_scenario",
    "save_scenario",
    "scenario_to_dict",
]
