"""The analysis entry points: every interface (CLI, web app, reports, store) calls these and nothing else.

Each function takes a scenario (or a path) and plain options, runs the engines, and returns one typed
result from :mod:`accord.analysis.results`. Every stochastic step is seeded from ``seed`` (default 0), so
the same call gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import AccordError, InputError, LimitError
from ..limits import MAX_BOOT, MAX_ROUNDS, MAX_RUNS, check
from ..registry import DEAL_SOURCES, MODELS
from .build import deals_report, model_forecast, scenario_summary
from .results import (
    Analysis,
    BacktestReport,
    DealsReport,
    Failure,
    ForecastReport,
    ModelScore,
)
from .talks import check_actors, simulate, tournament

if TYPE_CHECKING:
    from ..deals import DealSpace
    from ..scenario import Scenario

__all__ = [
    "AnalysisSpec",
    "analyze",
    "forecast",
    "backtest",
    "deal_space",
    "deals",
    "simulate",
    "tournament",
]


@dataclass(frozen=True)
class AnalysisSpec:
    """What :func:`analyze` runs, and how.

    Parameters
    ----------
    models : tuple of str, optional
        Forecast models (default: every registered model that is not a variant).
    signatories : tuple of str, optional
        Whose acceptance a deal needs (default: every actor).
    loss : {"linear", "quadratic"}
        How an actor's value of a package falls with distance from its position.
    step : float, optional
        Discretise scale issues at this step instead of at their labelled options.
    top : int
        How many cheap-to-cede items and logrolls to keep.
    openings : int
        How many distinct openings the deal analysis lists when no package is feasible.
    respect_red_lines : bool
        Whether the forecasts are also projected onto the outcomes the signatories' red lines allow
        (:func:`accord.forecast.respect.respect`); crossings are reported either way.
    simulate : bool
        Whether to play the talks forward with each actor's declared default strategy.
    strategies : dict, optional
        Strategy overrides by actor for the simulation.
    rounds : int
        The simulation's horizon in rounds.
    outlook : bool
        Whether to estimate the chance of agreement per issue (:func:`accord.analysis.outlook.outlook`).
    outlook_runs : int
        Simulated runs behind the outlook (kept modest so ``analyze`` stays fast).
    by : str, optional
        The outlook's date (``YYYY-MM-DD``) or round; default the simulation's horizon.
    uncertainty : bool
        Whether to give forecast intervals and the chance of a zone of agreement over the scenario's
        uncertain inputs (:func:`accord.uncertainty.uncertainty_summary`).
    uncertainty_samples : int
        Latin-hypercube samples behind the forecast intervals.
    max_rounds : int
        The largest horizon accepted (:mod:`accord.limits`).
    """

    models: tuple[str, ...] | None = None
    signatories: tuple[str, ...] | None = None
    loss: Literal["linear", "quadratic"] = "linear"
    step: float | None = None
    top: int = 10
    openings: int = 5
    respect_red_lines: bool = True
    simulate: bool = True
    strategies: dict[str, str] = field(default_factory=dict)
    rounds: int = 26
    outlook: bool = True
    outlook_runs: int = 40
    by: str | None = None
    uncertainty: bool = True
    uncertainty_samples: int = 512
    max_rounds: int = MAX_ROUNDS


def analyze(scenario: Scenario, spec: AnalysisSpec | None = None, seed: int = 0) -> Analysis:
    """Run every analysis on a scenario.

    Parameters
    ----------
    scenario : Scenario
    spec : AnalysisSpec, optional
    seed : int
        Seeds every stochastic step (the same seed gives the same result, byte for byte).

    Returns
    -------
    Analysis
        The scenario summary, the forecasts of every model, the deal space and a simulated run. An
        analysis that cannot run on this scenario (too large, say) is None, with the reason in ``errors``;
        the others are still given.

    Examples
    --------
    >>> import accord
    >>> s = accord.load_scenario("examples/ukraine-2025/scenario.yaml")
    >>> a = accord.analyze(s)
    >>> a.deals.zopa
    False
    """
    from .. import __version__

    spec = spec or AnalysisSpec()
    check(spec.rounds, spec.max_rounds, "--rounds", "--max-rounds", "rounds")
    errors: dict[str, Failure] = {}

    def attempt(name: str, fn: Any) -> Any:
        try:
            return fn()
        except LimitError as err:
            errors[name] = Failure("limit", str(err))
        except InputError as err:
            errors[name] = Failure("input", str(err))
        return None

    summary = scenario_summary(scenario)
    forecasts = attempt(
        "forecasts",
        lambda: forecast(
            scenario,
            spec.models,
            seed=seed,
            respect_red_lines=spec.respect_red_lines,
            signatories=spec.signatories,
        ),
    )
    report = attempt(
        "deals",
        lambda: deals(
            deal_space(scenario, loss=spec.loss, step=spec.step),
            signatories=spec.signatories,
            top=spec.top,
            n_openings=spec.openings,
        ),
    )
    sim = None
    if spec.simulate:
        sim = attempt(
            "simulation",
            lambda: simulate(
                scenario, spec.strategies, n_rounds=spec.rounds, seed=seed, max_rounds=spec.max_rounds
            ),
        )
    view = None
    if spec.outlook:
        from .outlook import outlook as run_outlook

        view = attempt(
            "outlook",
            lambda: run_outlook(
                scenario,
                spec.by,
                n_runs=spec.outlook_runs,
                seed=seed,
                default_rounds=spec.rounds,
                max_rounds=spec.max_rounds,
            ),
        )
    spread = None
    if spec.uncertainty:
        from ..uncertainty import uncertainty_summary

        spread = attempt(
            "uncertainty", lambda: uncertainty_summary(scenario, spec.uncertainty_samples, seed=seed)
        )
    return Analysis(
        accord_version=__version__,
        seed=seed,
        spec=_plain(asdict(spec)),
        scenario=summary,
        forecasts=forecasts,
        deals=report,
        simulation=sim,
        outlook=view,
        uncertainty=spread,
        errors=errors,
    )


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def forecast(
    scenario: Scenario,
    models: Sequence[str] | None = None,
    *,
    seed: int = 0,
    strict: bool = False,
    respect_red_lines: bool = False,
    signatories: Sequence[str] | None = None,
) -> ForecastReport:
    """Forecast every issue with each model.

    Parameters
    ----------
    scenario : Scenario
    models : sequence of str, optional
        Registered model names (default: every one that is not a variant).
    seed : int
    strict : bool
        Raise a model's error instead of recording it in ``errors`` (for a single named model).
    respect_red_lines : bool
        Also project each forecast onto the outcomes the red lines of ``signatories`` allow, and say
        where none does (:func:`accord.forecast.respect.respect`). Crossings are reported either way.
    signatories : sequence of str, optional
        Whose red lines bind the respected outcome (default: every actor).
    """
    from ..forecast.registry import run_model

    if signatories:
        check_actors(scenario, signatories, "--signatories")

    names = list(models) if models is not None else MODELS.listed()
    for n in names:
        MODELS.get(n, "--models")
    out, errors = [], {}
    for name in names:
        try:
            res = run_model(name, scenario, seed=seed)
        except (AccordError, ValueError, ArithmeticError) as err:
            if strict:
                raise
            errors[name] = str(err)
            continue
        out.append(model_forecast(scenario, res, respect=respect_red_lines, signatories=signatories))
    return ForecastReport(
        seed=seed,
        models=tuple(out),
        errors=errors,
        respect_red_lines=respect_red_lines,
        signatories=tuple(signatories or ()),
    )


def backtest(
    path: str | Path,
    models: Sequence[str] | None = None,
    *,
    capability: Literal["equal", "gdp"] = "equal",
    n_boot: int = 2000,
    seed: int = 0,
    outlook: bool = False,
    outlook_runs: int = 20,
    outlook_rounds: int = 26,
    max_cases: int | None = None,
) -> BacktestReport:
    """Score forecast models on the real outcomes of a DEU file (see :func:`accord.forecast.backtest`).

    ``outlook``: also run the outlook on the issues (``outlook_runs`` runs of ``outlook_rounds`` rounds
    each; ``max_cases`` evenly spaced issues at most) and score it beside the compromise and median
    models on the same issues (:func:`accord.analysis.outlook_backtest.outlook_backtest`).
    """
    from ..forecast.backtest import backtest as run_backtest

    if n_boot < 1:
        raise InputError.single("--n-boot", f"must be at least 1, not {n_boot}")
    check(n_boot, MAX_BOOT, "--n-boot", "no option (a larger bootstrap adds nothing)", "resamples")
    if outlook:
        if outlook_runs < 1:
            raise InputError.single("--outlook-runs", f"must be at least 1, not {outlook_runs}")
        check(outlook_runs, MAX_RUNS, "--outlook-runs", "no option", "runs")
        check(outlook_rounds, MAX_ROUNDS, "--rounds", "no option", "rounds")
    raw = run_backtest(
        str(path), None if models is None else list(models), capability, n_boot=n_boot, seed=seed
    )

    def scores(section: Mapping[str, Mapping[str, Any]]) -> dict[str, ModelScore]:
        return {
            name: ModelScore(
                int(e["n"]),
                e["mae"],
                e.get("diff_mean"),
                None if e.get("diff_vs_compromise") is None else tuple(e["diff_vs_compromise"]),
            )
            for name, e in section.items()
        }

    return BacktestReport(
        file=str(path),
        capability=capability,
        seed=seed,
        n_boot=n_boot,
        n_issues=int(raw["n_issues"]),
        models=scores(raw["models"]),
        references=scores(raw["references"]),
        errors={k: tuple(v) for k, v in raw["errors"].items()},
        outlook=None
        if not outlook
        else _outlook_score(path, capability, outlook_runs, outlook_rounds, max_cases, n_boot, seed),
    )


def _outlook_score(
    path: str | Path,
    capability: Literal["equal", "gdp"],
    n_runs: int,
    rounds: int,
    max_cases: int | None,
    n_boot: int,
    seed: int,
) -> Any:
    from ..forecast.backtest import deu_issues
    from .outlook_backtest import outlook_backtest

    return outlook_backtest(
        deu_issues(path, capability),
        n_runs=n_runs,
        rounds=rounds,
        max_cases=max_cases,
        n_boot=n_boot,
        seed=seed,
    )


def deal_space(source: Scenario | str | Path, **options: Any) -> DealSpace:
    """A deal space from a scenario, or from any file or folder a registered deal source recognises.

    Parameters
    ----------
    source : Scenario, str or Path
    **options
        The source's format options (a scenario's ``loss`` and ``step``); one the source does not take
        is an :class:`~accord.errors.InputError`.
    """
    from ..scenario import Scenario

    if isinstance(source, Scenario):
        from ..deals import deal_space_from_scenario

        return deal_space_from_scenario(source, **{k: v for k, v in options.items() if v is not None})
    path = Path(source)
    if not path.exists():
        raise InputError.single(str(source), "no such file or folder")
    for name in DEAL_SOURCES.names():
        cls = DEAL_SOURCES.get(name)
        if cls.detect(path):
            given = {k: v for k, v in options.items() if v is not None and v != _default(cls, k)}
            try:
                reader = cls(**given)
            except TypeError:
                raise InputError.single(
                    str(source), f"{', '.join(sorted(given))}: does not apply to {cls.description}"
                ) from None
            space: DealSpace = reader.read(path)
            return space
    kinds = "; ".join(DEAL_SOURCES.get(n).description for n in DEAL_SOURCES.names())
    raise InputError.single(str(source), f"not a deal source accord can read (one of: {kinds})")


def _default(cls: type, option: str) -> Any:
    import inspect

    p = inspect.signature(cls).parameters.get(option)
    return None if p is None else p.default


def deals(
    space: DealSpace,
    *,
    signatories: Sequence[str] | None = None,
    top: int = 10,
    pareto: bool = False,
    n_openings: int = 5,
) -> DealsReport:
    """Which packages the signatories accept, the efficient and fair ones, and what would open a deal.

    ``n_openings``: how many distinct openings to list when no package is feasible (the cheapest first,
    each with its moves, cost, margin to the next and the packages it opens; see
    :mod:`accord.deals.openings`).
    """
    from ..deals import analyze as analyze_space
    from ..deals.openings import MAX_OPENINGS

    if n_openings < 1:
        raise InputError.single("--openings", f"must be at least 1, not {n_openings}")
    check(n_openings, MAX_OPENINGS, "--openings", "no option (list fewer openings)", "openings")

    if signatories:
        unknown = [s for s in signatories if s not in space.actors]
        if unknown:
            raise InputError.single(
                "--signatories",
                f"unknown actor(s) {', '.join(unknown)}; actors are: {', '.join(space.actors)}",
            )
        space = space.with_signatories(list(signatories))
    return deals_report(analyze_space(space, top=top, n_openings=n_openings), pareto=pareto)
