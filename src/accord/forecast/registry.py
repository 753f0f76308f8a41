"""Run a registered forecast model by name: the facade over :data:`accord.registry.MODELS`.

Models are registered once, as ``accord.models`` entry points (accord's own in its ``pyproject.toml``, a
third party's in theirs); :func:`run_model` looks the class up there, builds it from its keyword
parameters and runs it on the scenario's arrays with a seeded numpy Generator.
"""

from __future__ import annotations

import inspect
from dataclasses import replace
from typing import Any

import numpy as np

from ..errors import InputError
from ..registry import MODELS
from .arrays import ForecastInput
from .base import ForecastModel
from .result import ForecastResult

__all__ = ["MODELS", "make_model", "run_model"]


def make_model(name: str, arrays: ForecastInput | None = None, **params: Any) -> ForecastModel:
    """Build the registered model ``name`` from keyword parameters.

    Parameters the scenario declares for the model (``arrays.model_params[name]``, e.g. a KTAB file's
    SMP options) come first; ``params`` override them.

    Raises
    ------
    InputError
        For an unknown model (listing the known ones), a parameter the model does not take (listing those
        it does), or a value the model rejects.
    """
    cls = MODELS.get(name, "--models")
    merged = {**(arrays.model_params.get(name, {}) if arrays is not None else {}), **params}
    accepted = [
        p.name
        for p in inspect.signature(cls).parameters.values()
        if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    unknown = sorted(set(merged) - set(accepted))
    if unknown:
        raise InputError.single(
            "",
            f"model {name!r} takes no parameter {', '.join(map(repr, unknown))}; "
            f"it takes: {', '.join(accepted) or '(none)'}",
            path=name,
        )
    model: ForecastModel = cls(**merged)
    return model


def run_model(name: str, scenario: Any, seed: int = 0, **params: Any) -> ForecastResult:
    """Run the registered model ``name`` on ``scenario``.

    Parameters
    ----------
    name : str
        A name in :data:`accord.registry.MODELS` (``accord.registry.MODELS.names()``).
    scenario : Scenario or ForecastInput
        A :class:`accord.scenario.Scenario` (converted with :meth:`ForecastInput.from_scenario`) or its
        arrays.
    seed : int, default 0
        Seeds the numpy Generator handed to the model; the same seed gives the same result.
    **params
        The model's parameters, passed to its constructor (see :func:`make_model`).

    Returns
    -------
    ForecastResult
        ``params`` holds every parameter the model used, and the seed.

    Raises
    ------
    InputError
        For an unknown model or parameter, or when the model rejects the input.
    """
    arrays = scenario if isinstance(scenario, ForecastInput) else ForecastInput.from_scenario(scenario)
    model = make_model(name, arrays, **params)
    res = model.run(arrays, np.random.default_rng(seed))
    return replace(res, params={**res.params, "seed": seed})
