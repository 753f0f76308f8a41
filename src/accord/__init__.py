"""accord: model multi-party, multi-issue negotiations.

Forecast the outcome of each issue, map the deals every party could accept, simulate bargaining over time,
and trace every number to its source.
"""

from .forecast.result import ForecastResult, Move
from .scenario import (
    Actor,
    Issue,
    Option,
    RedLine,
    Scenario,
    ScenarioError,
    Source,
    Stance,
    load_scenario,
    save_scenario,
)

__all__ = [
    "Actor",
    "ForecastResult",
    "Issue",
    "Move",
    "Option",
    "RedLine",
    "Scenario",
    "ScenarioError",
    "Source",
    "Stance",
    "load_scenario",
    "save_scenario",
]
__version__ = "0.1.0"
