"""Outcome models over issue scales, and their backtest on real outcomes.

Every model is a pure function over arrays plus a thin class; all return :class:`ForecastResult`. The
command line, ``accord analyze`` and the backtest find models through :data:`MODELS`.
"""

from .backtest import backtest
from .baseline import compromise, compromise_model, median_model, weighted_median
from .eum import ExpectedUtilityModel, eum
from .exchange import ExchangeModel, exchange
from .nash import NashBargainingModel, nash
from .registry import MODELS, run_model, scenario_model
from .result import ForecastResult, Move

__all__ = [
    "MODELS",
    "ExchangeModel",
    "ExpectedUtilityModel",
    "ForecastResult",
    "Move",
    "NashBargainingModel",
    "backtest",
    "compromise",
    "compromise_model",
    "eum",
    "exchange",
    "median_model",
    "nash",
    "run_model",
    "scenario_model",
    "weighted_median",
]
