"""The scenario: actors, issues, stances, red lines and sources; loading, validation, importers."""

from .errors import Problem, ScenarioError
from .loader import dumps_scenario, load_scenario, parse_scenario, save_scenario, scenario_to_dict
from .model import Actor, Issue, IssueGroup, Option, RedLine, Scenario, Source, Stance

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
    "dumps_scenario",
    "load_scenario",
    "parse_scenario",
    "save_scenario",
    "scenario_to_dict",
]
