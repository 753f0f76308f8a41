"""Outcome models over issue scales, and their backtest on real outcomes.

Data flow: scenario -> :class:`ForecastInput` (arrays) -> ``model.run(arrays, rng)`` ->
:class:`ForecastResult`. Every model is a pure function over arrays plus a thin model class registered
under the ``accord.models`` entry-point group (:data:`accord.registry.MODELS`); :func:`run_model` runs
one by name. The command line, ``accord analyze`` and the backtest all find models there.
"""

from .arrays import ForecastInput
from .backtest import backtest
from .base import ForecastModel
from .baseline import (
    CompromiseModel,
    MedianModel,
    compromise,
    compromise_model,
    median_model,
    weighted_median,
)
from .eum import EUMParams, ExpectedUtilityModel, eum
from .exchange import ExchangeModel, ExchangeParams, exchange
from .nash import NashBargainingModel, NashWorstLinear, nash
from .registry import MODELS, make_model, run_model
from .result import ForecastResult, Move
from .smp import SMPModel, SMPParams, smp

__all__ = [
    "MODELS",
    "CompromiseModel",
    "EUMParams",
    "ExchangeModel",
    "ExchangeParams",
    "ExpectedUtilityModel",
    "ForecastInput",
    "ForecastModel",
    "ForecastResult",
    "MedianModel",
    "Move",
    "NashBargainingModel",
    "NashWorstLinear",
    "SMPModel",
    "SMPParams",
    "backtest",
    "compromise",
    "compromise_model",
    "eum",
    "exchange",
    "make_model",
    "median_model",
    "nash",
    "run_model",
    "smp",
    "weighted_median",
]
