"""accord: model multi-party, multi-issue negotiations.

Forecast the outcome of each issue, map the deals every party could accept, simulate bargaining over time,
and trace every number to its source.
"""

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

# The analysis layer is imported on first use, so ``import accord`` stays light.
_LAZY = {
    "analyze": "accord.analysis",
    "AnalysisSpec": "accord.analysis",
    "Analysis": "accord.analysis",
    "ForecastResult": "accord.forecast.result",
    "Move": "accord.forecast.result",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'accord' has no attribute {name!r}")


__all__ = [
    "Analysis",
    "AnalysisSpec",
    "analyze",
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
