"""Step 2 of 3, evaluate: run analyses on the rows of a design, a chunk at a time.

An evaluator is a picklable callable ``evaluator(samples, values) -> Block`` with a fixed
:class:`~accord.uncertainty.tidy.Layout` of outputs; executors ship it to their workers once and call
it on chunks. Each output of a sample depends on that sample's values (and, for stochastic steps, on a
seed derived from the sweep's seed and the sample's number) and on nothing else, so the chunking and
the executor cannot change a result.

:class:`ScenarioEvaluator` runs accord's analyses on a scenario:

``forecast``  every named forecast model; models that take a sample axis (compromise, median, EUM,
              exchange, Nash, SMP: ``batched``) run once per chunk on batched arrays, the others (and a
              batch that fails or is refused) get the chunk's inputs through ``run_many``. Outputs: one per
              issue (the forecast on the issue's scale) and ``error`` (1 where the model failed, with
              its message).
``deals``     the deal analysis of ``accord deals`` (:func:`accord.deals.analyze`): ``zopa`` (1 when a
              zone of agreement exists), ``opening_cost`` (0 when one exists) and ``opening`` (the
              cheapest package to open, labelled ``issue=option, ...``; its package index as the value).
``outlook``   the simulated talks, when each issue is settled: ``agreement_round`` (the round of a full
              agreement) and ``settled_round:<issue>`` (NaN where it never is).
``simulate``  the simulated talks' result: ``outcome`` (1 for a full agreement; labelled with the
              outcome), ``round``, ``agreed:<issue>`` (the agreed option's value, labelled with its id)
              and ``utility:<actor>``.

:class:`FunctionEvaluator` wraps a plain function of the design values (a test function such as
Ishigami's), so that checks run through the same path as scenarios.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import AccordError, InputError
from ..scenario import Scenario
from .apply import batched_input, scenario_at
from .problem import Problem
from .tidy import Block, Labels, Layout, OutputKey

__all__ = ["ANALYSES", "ScenarioEvaluator", "FunctionEvaluator", "sample_seed"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: The analyses a sweep can run.
ANALYSES = ("forecast", "deals", "outlook", "simulate")

_FAILURES = (AccordError, ValueError, ArithmeticError)


def sample_seed(seed: int, sample: int) -> int:
    """The seed of one sample's stochastic steps: a function of the sweep's seed and the sample alone."""
    return int(np.random.SeedSequence([int(seed), int(sample)]).generate_state(1)[0])


@dataclass(eq=False)
class ScenarioEvaluator:
    """Run accord's analyses on samples of a scenario (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
    problem : Problem
        Variables that refer to ``scenario``'s parameters.
    analyses : sequence of str
        Some of :data:`ANALYSES`.
    models : sequence of str
        Forecast models (registered names) for ``forecast``.
    seed : int
        Seeds every stochastic step (per sample: :func:`sample_seed`).
    n_rounds : int
        The simulation's horizon.
    """

    scenario: Scenario
    problem: Problem
    analyses: Sequence[str] = ("forecast",)
    models: Sequence[str] = ("compromise", "median")
    seed: int = 0
    n_rounds: int = 26
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.analyses = tuple(self.analyses)
        self.models = tuple(self.models)
        unknown = [a for a in self.analyses if a not in ANALYSES]
        if unknown:
            raise InputError.single(
                "--analyses",
                f"unknown analysis {', '.join(map(repr, unknown))}; known: {', '.join(ANALYSES)}",
            )
        if not self.analyses:
            raise InputError.single("--analyses", "name at least one analysis")
        if "forecast" in self.analyses:
            from ..registry import MODELS

            for m in self.models:
                MODELS.get(m, "--models")
            if not self.models:
                raise InputError.single("--models", "name at least one forecast model")

    def __getstate__(self) -> dict[str, Any]:
        # Workers rebuild their caches (models, arrays) on first use; only the inputs travel.
        return {k: v for k, v in self.__dict__.items() if k not in ("_cache", "layout")} | {"_cache": {}}

    @cached_property
    def layout(self) -> Layout:
        """Every output, in order."""
        s = self.scenario
        keys: list[OutputKey] = []
        if "forecast" in self.analyses:
            for m in self.models:
                keys += [("forecast", m, i) for i in s.issue_ids] + [("forecast", m, "error")]
        if "deals" in self.analyses:
            keys += [("deals", None, x) for x in ("zopa", "opening_cost", "opening", "error")]
        if "outlook" in self.analyses:
            keys += [("outlook", None, "agreement_round")]
            keys += [("outlook", None, f"settled_round:{i}") for i in s.issue_ids]
        if "simulate" in self.analyses:
            keys += [("simulate", None, x) for x in ("outcome", "round")]
            keys += [("simulate", None, f"agreed:{i}") for i in s.issue_ids]
            keys += [("simulate", None, f"utility:{a}") for a in s.actor_ids]
        if "outlook" in self.analyses or "simulate" in self.analyses:
            keys += [("simulate", None, "error")]
        return Layout(tuple(keys))

    # -- per-worker caches ------------------------------------------------------------------------------
    def _base_input(self) -> Any:
        if "arrays" not in self._cache:
            from ..forecast.arrays import ForecastInput

            self._cache["arrays"] = ForecastInput.from_scenario(self.scenario)
        return self._cache["arrays"]

    def _model(self, name: str) -> Any:
        key = f"model:{name}"
        if key not in self._cache:
            from ..forecast.registry import make_model

            self._cache[key] = make_model(name, self._base_input())
        return self._cache[key]

    # -- evaluation -------------------------------------------------------------------------------------
    def __call__(self, samples: IntArray, values: FloatArray) -> Block:
        """The outputs of design rows ``values`` (numbered ``samples``), as a :class:`Block`."""
        samples = np.asarray(samples, dtype=np.int64)
        layout = self.layout
        block = Block.empty(samples, len(layout.keys))
        book = Labels()
        scenarios: dict[int, Scenario] = {}

        def scenario(i: int) -> Scenario:
            if i not in scenarios:
                scenarios[i] = scenario_at(self.scenario, self.problem, values[i])
            return scenarios[i]

        if "forecast" in self.analyses:
            self._forecasts(block, values, scenario, book)
        if "deals" in self.analyses:
            self._deals(block, scenario, book)
        if "outlook" in self.analyses or "simulate" in self.analyses:
            self._simulations(block, scenario, book)
        block.label_names = book.names
        return block

    def _forecasts(
        self, block: Block, values: FloatArray, scenario: Callable[[int], Scenario], book: Labels
    ) -> None:
        from ..forecast.arrays import ForecastInput

        layout = self.layout
        issues = self.scenario.issue_ids
        batch: list[Any] = []  # the chunk's batched arrays, built once for every batched model
        for mi, name in enumerate(self.models):
            model = self._model(name)
            cols = [layout.index(("forecast", name, i)) for i in issues]
            err = layout.index(("forecast", name, "error"))
            if not batch:
                batch.append(batched_input(self._base_input(), self.problem, values))
            arrays = batch[0]
            if getattr(model, "batched", False):
                if arrays is not None:
                    try:
                        # Batched runs are deterministic (a random variant refuses a batch): rng is not read.
                        res = model.run(arrays, np.random.default_rng(self.seed))
                        block.values[:, cols] = res.forecast
                        block.values[:, err] = 0.0
                        continue
                    except _FAILURES:
                        pass  # some sample is bad: run them one by one to say which
            # One input per sample, handed over together: a model that stacks runs (the SMP's
            # run_many) does the chunk in one pass, with the same result as one run each.
            samples = block.samples.tolist()

            def rng(s: int, mi: int = mi) -> np.random.Generator:
                return np.random.default_rng(np.random.SeedSequence([self.seed, s, mi]))

            rngs = [rng(s) for s in samples]
            results: list[Any] = []
            try:
                # A sample of the batched arrays is the sample's scenario's arrays, without the scenario.
                inputs = (
                    [arrays.sample(i) for i in range(len(samples))]
                    if arrays is not None
                    else [ForecastInput.from_scenario(scenario(i)) for i in range(len(samples))]
                )
                results = list(model.run_many(inputs, rngs))
            except _FAILURES:
                results = []  # an input that cannot be built, or an error run_many does not catch
            for i in range(len(samples)):
                res = results[i] if results else None
                if res is None:
                    try:
                        res = model.run(ForecastInput.from_scenario(scenario(i)), rng(samples[i]))
                    except _FAILURES as e:
                        res = e
                if isinstance(res, BaseException):
                    block.values[i, err] = 1.0
                    block.labels[i, err] = book.code(str(res).splitlines()[0][:200])
                    continue
                block.values[i, cols] = res.forecast
                block.values[i, err] = 0.0

    def _deals(self, block: Block, scenario: Callable[[int], Scenario], book: Labels) -> None:
        from ..analysis import deal_space
        from ..deals import analyze

        # The deal analysis of `accord deals`, less what a sweep does not record: no cheap-to-cede or
        # logroll lists, and only the cheapest opening (the alternatives cost a MILP search each).
        options: dict[str, Any] = {"top": 0}
        if "n_openings" in inspect.signature(analyze).parameters:
            options["n_openings"] = 1
        layout = self.layout
        zopa, cost, opening, err = (
            layout.index(("deals", None, x)) for x in ("zopa", "opening_cost", "opening", "error")
        )
        for i in range(len(block.samples)):
            try:
                report = analyze(deal_space(scenario(i)), **options)
            except _FAILURES as e:
                block.values[i, err] = 1.0
                block.labels[i, err] = book.code(str(e).splitlines()[0][:200])
                continue
            block.values[i, err] = 0.0
            block.values[i, zopa] = 1.0 if report.zopa else 0.0
            if report.opening is None:
                block.values[i, cost] = 0.0
                continue
            block.values[i, cost] = report.opening.cost
            block.values[i, opening] = float(report.opening.index)
            pkg = ", ".join(f"{k}={v}" for k, v in report.opening.package.items())
            block.labels[i, opening] = book.code(pkg)

    def _option_values(self) -> dict[str, dict[str, float]]:
        if "options" not in self._cache:
            self._cache["options"] = {i.id: {o.id: o.value for o in i.options} for i in self.scenario.issues}
        out: dict[str, dict[str, float]] = self._cache["options"]
        return out

    def _simulations(self, block: Block, scenario: Callable[[int], Scenario], book: Labels) -> None:
        from ..analysis import simulate

        layout = self.layout
        keys = set(layout.keys)
        issues, actors = self.scenario.issue_ids, self.scenario.actor_ids
        option_values = self._option_values()
        err = layout.index(("simulate", None, "error"))
        for i, s in enumerate(block.samples.tolist()):
            try:
                rep = simulate(scenario(i), n_rounds=self.n_rounds, seed=sample_seed(self.seed, s))
            except _FAILURES as e:
                block.values[i, err] = 1.0
                block.labels[i, err] = book.code(str(e).splitlines()[0][:200])
                continue
            block.values[i, err] = 0.0
            settled: dict[str, int] = {}
            agreed: dict[str, str] = {}
            for g in rep.agreements:
                for issue, option in g.issues.items():
                    if issue not in settled or g.round < settled[issue]:
                        settled[issue], agreed[issue] = g.round, option
            if ("outlook", None, "agreement_round") in keys:
                full = float(rep.round) if rep.agreement is not None else np.nan
                block.values[i, layout.index(("outlook", None, "agreement_round"))] = full
                for issue in issues:
                    j = layout.index(("outlook", None, f"settled_round:{issue}"))
                    block.values[i, j] = float(settled[issue]) if issue in settled else np.nan
            if ("simulate", None, "outcome") in keys:
                j = layout.index(("simulate", None, "outcome"))
                block.values[i, j] = 1.0 if rep.agreement is not None else 0.0
                block.labels[i, j] = book.code(rep.outcome)
                block.values[i, layout.index(("simulate", None, "round"))] = float(rep.round)
                for issue in issues:
                    j = layout.index(("simulate", None, f"agreed:{issue}"))
                    if issue in agreed:
                        option = agreed[issue]
                        value = option_values[issue].get(option)
                        block.values[i, j] = float(option) if value is None else value
                        block.labels[i, j] = book.code(option)
                for a in actors:
                    block.values[i, layout.index(("simulate", None, f"utility:{a}"))] = rep.utilities.get(
                        a, np.nan
                    )


@dataclass(eq=False)
class FunctionEvaluator:
    """A plain function of the design values as an evaluator (test functions, user models).

    Parameters
    ----------
    function : callable
        ``function(values) -> ndarray`` of shape (n,) or (n, len(names)); must be picklable (a
        module-level function) for the process and Ray executors.
    names : sequence of str
        Names of the function's outputs (analysis ``function``).
    """

    function: Callable[[FloatArray], Any]
    names: Sequence[str] = ("y",)

    @cached_property
    def layout(self) -> Layout:
        """Every output, in order."""
        return Layout(tuple(("function", None, n) for n in self.names))

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "layout"}

    def __call__(self, samples: IntArray, values: FloatArray) -> Block:
        """The function's outputs on design rows ``values``."""
        block = Block.empty(np.asarray(samples, dtype=np.int64), len(self.layout.keys))
        block.values[:] = np.asarray(self.function(values), dtype=float).reshape(len(samples), -1)
        return block
