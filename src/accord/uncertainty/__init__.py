"""How sure are we: Monte Carlo over every uncertain input, sensitivity, and sweeps that scale out on Ray.

Three separable steps, as in SALib (Herman & Usher 2017)::

    problem = build_problem(scenario)                  # what is uncertain (the scenario's uncertainty
                                                       # section, plus default spreads by confidence)
    design = sample(problem, n, "lhs", seed)           # step 1: sample (lhs, sobol, random)
    table = evaluate(ScenarioEvaluator(scenario, problem, ("forecast", "deals")), design.values,
                     executor=LocalExecutor())         # step 2: evaluate, chunked, on any executor
    Columns(table), forecast_spreads(...), ...         # step 3: analyse the tidy table

and the whole of it in one call: :func:`sweep` (``accord sweep``), :func:`sensitivity` (``accord
sensitivity``: Sobol' indices or a tornado), :func:`uncertainty_summary` (the uncertainty section of
``accord analyze``). Results are typed documents (:class:`SweepReport`, :class:`SensitivityReport`,
:class:`UncertaintySummary`) and tidy tables (one row per sample x output; Parquet on disk).
"""

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

# Names load with their module on first use (PEP 562): the store, the web app and ``accord.analysis``
# reach for one document class or ``build_problem`` without paying for scipy.stats and pyarrow.
_EXPORTS = {
    "analyse": (
        "Columns",
        "agreement_curves",
        "deal_summary",
        "forecast_spreads",
        "simulation_summary",
        "spread",
    ),
    "distributions": ("describe", "ppf"),
    "evaluate": ("ANALYSES", "FunctionEvaluator", "ScenarioEvaluator", "sample_seed"),
    "executors": ("EXECUTORS", "LocalExecutor", "RayExecutor", "make_executor"),
    "problem": ("DEFAULT_SPREAD", "Problem", "Variable", "build_problem"),
    "results": (
        "AgreementCurve",
        "ForecastSpread",
        "OpeningShare",
        "ParameterRecord",
        "SensitivityReport",
        "SobolRow",
        "Spread",
        "SweepReport",
        "TornadoRow",
        "UncertaintySummary",
    ),
    "sampling": ("METHODS", "Design", "sample"),
    "sensitivity": ("METRICS", "resolve_output", "sensitivity", "sobol_indices", "tornado"),
    "store": ("PartStore", "read_table"),
    "sweep": ("evaluate", "summarize", "sweep", "uncertainty_summary"),
    "tidy": ("SCHEMA",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

if TYPE_CHECKING:  # the eager imports, for type checkers and IDEs
    from .analyse import Columns, agreement_curves, deal_summary, forecast_spreads, simulation_summary, spread
    from .distributions import describe, ppf
    from .evaluate import ANALYSES, FunctionEvaluator, ScenarioEvaluator, sample_seed
    from .executors import EXECUTORS, LocalExecutor, RayExecutor, make_executor
    from .problem import DEFAULT_SPREAD, Problem, Variable, build_problem
    from .results import (
        AgreementCurve,
        ForecastSpread,
        OpeningShare,
        ParameterRecord,
        SensitivityReport,
        SobolRow,
        Spread,
        SweepReport,
        TornadoRow,
        UncertaintySummary,
    )
    from .sampling import METHODS, Design, sample
    from .sensitivity import METRICS, resolve_output, sensitivity, sobol_indices, tornado
    from .store import PartStore, read_table
    from .sweep import evaluate, summarize, sweep, uncertainty_summary
    from .tidy import SCHEMA


class _Package(ModuleType):
    # Three functions share their module's name (evaluate, sensitivity, sweep). Importing such a module
    # sets the package attribute to the module; the function must win, as it did with eager imports.
    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _MODULE_OF:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name == "DOCUMENTS":
        #: The documents of this package, by ``kind`` (for :data:`accord.analysis.DOCUMENTS`).
        from .results import SensitivityReport, SweepReport, UncertaintySummary

        return {cls.kind: cls for cls in (SweepReport, SensitivityReport, UncertaintySummary)}
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ANALYSES",
    "DEFAULT_SPREAD",
    "DOCUMENTS",
    "EXECUTORS",
    "METHODS",
    "METRICS",
    "SCHEMA",
    "AgreementCurve",
    "Columns",
    "Design",
    "ForecastSpread",
    "FunctionEvaluator",
    "LocalExecutor",
    "OpeningShare",
    "ParameterRecord",
    "PartStore",
    "Problem",
    "RayExecutor",
    "ScenarioEvaluator",
    "SensitivityReport",
    "SobolRow",
    "Spread",
    "SweepReport",
    "TornadoRow",
    "UncertaintySummary",
    "Variable",
    "agreement_curves",
    "build_problem",
    "deal_summary",
    "describe",
    "evaluate",
    "forecast_spreads",
    "make_executor",
    "ppf",
    "read_table",
    "resolve_output",
    "sample",
    "sample_seed",
    "sensitivity",
    "simulation_summary",
    "sobol_indices",
    "spread",
    "summarize",
    "sweep",
    "tornado",
    "uncertainty_summary",
]
