"""Commands on uncertainty: ``sweep`` (Monte Carlo over every uncertain input) and ``sensitivity``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..registry import MODELS, parse_names
from ._common import emit, json_option, load, names_list, seed_option

__all__ = ["COMMANDS"]

F = TypeVar("F", bound=Callable[..., Any])


def _execution(fn: F) -> F:
    """The options every uncertainty command shares: executor, workers, chunking, spreads, progress."""
    options = [
        click.option(
            "--executor",
            type=click.Choice(["local", "ray"]),
            default="local",
            show_default=True,
            help="Local process pool, or Ray (a local instance, or a cluster with --address).",
        ),
        click.option(
            "--address", default=None, help="A running Ray cluster (auto, HOST:6379, ray://HOST:10001)."
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            help="Worker processes (local: default every core; ray: CPUs of a local instance).",
        ),
        click.option(
            "--chunk-size",
            type=click.IntRange(min=1),
            default=None,
            help="Samples per chunk (results do not depend on it).",
        ),
        click.option(
            "--no-default-spread",
            "no_default_spread",
            is_flag=True,
            help="Vary only what the uncertainty section names (no spread from stance confidence).",
        ),
        click.option(
            "--rounds",
            type=click.IntRange(min=1),
            default=26,
            show_default=True,
            help="Simulation horizon in rounds.",
        ),
        click.option(
            "--progress/--no-progress",
            "show_progress",
            default=None,
            help="Progress bar on stderr (default: when stderr is a terminal).",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _bar(description: str, enabled: bool | None) -> Callable[[int, int], Any]:
    from ..uncertainty.progress import sweep_progress

    return lambda total, done: sweep_progress(description, total, done=done, enabled=enabled)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--samples",
    "n_samples",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Samples to draw.",
)
@click.option(
    "--analyses",
    default="forecast",
    show_default=True,
    metavar="NAME,...",
    help="Any of forecast, deals (zone of agreement, cheapest opening), outlook (agreement by round), "
    "simulate (simulated outcomes).",
)
@click.option(
    "--models",
    default="compromise,median",
    show_default=True,
    metavar="NAME,...|all",
    help=f"Forecast models for the forecast analysis. Registered: {MODELS.help()}.",
)
@click.option(
    "--method",
    type=click.Choice(["lhs", "sobol", "random"]),
    default="lhs",
    show_default=True,
    help="Latin hypercube, Saltelli's Sobol' design (N a power of two), or plain random draws.",
)
@seed_option
@_execution
@click.option("--resume", is_flag=True, help="Continue an interrupted sweep to the same -o file.")
@click.option(
    "--no-inputs",
    "no_inputs",
    is_flag=True,
    help="Do not write the sampled inputs (OUT.inputs.parquet) beside -o.",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the tidy table (one row per sample x output) to this Parquet file, chunk by chunk.",
)
@json_option
def sweep(
    file: str,
    n_samples: int,
    analyses: str,
    models: str,
    method: str,
    seed: int,
    executor: str,
    address: str | None,
    workers: int | None,
    chunk_size: int | None,
    no_default_spread: bool,
    rounds: int,
    show_progress: bool | None,
    resume: bool,
    no_inputs: bool,
    output: str | None,
    as_json: bool,
) -> None:
    """Sample every uncertain input of a scenario FILE and run the analyses on each sample.

    Uncertain inputs are those the scenario's uncertainty section names, plus every stance's position
    and salience spread by its confidence (unless --no-default-spread). Prints the distributions of the
    results; -o writes every sample's results as a Parquet table (one row per sample x output; open it
    in pandas or DuckDB) and the sampled inputs beside it (OUT.inputs.parquet, one column per input).
    The same --seed gives the same bytes on any executor, with any chunk size, and across --resume.

    \b
    Examples:
      accord sweep examples/ukraine-2025/scenario.yaml --samples 100000 -o sweep.parquet
      accord sweep examples/ukraine-2025/scenario.yaml --samples 1000 --analyses deals,outlook \\
          --executor ray --json -o deals.parquet
    """
    from ..errors import InputError
    from ..report import render
    from ..uncertainty import ANALYSES, make_executor
    from ..uncertainty import sweep as run_sweep

    chosen = names_list(analyses) or []
    unknown = [a for a in chosen if a not in ANALYSES]
    if unknown or not chosen:
        raise InputError.single(
            "--analyses", f"unknown analysis {', '.join(unknown) or '(none)'}; known: {', '.join(ANALYSES)}"
        )
    if resume and output is None:
        raise InputError.single("--resume", "needs the -o file of the sweep to continue")
    scenario = load(file)
    report = run_sweep(
        scenario,
        n_samples=n_samples,
        analyses=chosen,
        models=parse_names(models, MODELS, "--models"),
        method=method,
        seed=seed,
        default_spread=not no_default_spread,
        n_rounds=rounds,
        inputs=not no_inputs,
        path=output,
        resume=resume,
        executor=make_executor(executor, workers=workers, address=address),
        chunk_size=chunk_size,
        progress=_bar("sweep", show_progress),
    )
    if output:
        click.echo(f"wrote {output}", err=True)
    emit(report, as_json, None, text=lambda: render(report))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--output",
    "output",
    required=True,
    metavar="ISSUE|METRIC",
    help="An issue id (its forecast by --model), or zopa, opening_cost, agreement, agreement_round, round, "
    "settled_round:ISSUE, utility:ACTOR.",
)
@click.option(
    "--method",
    type=click.Choice(["sobol", "tornado"]),
    default="sobol",
    show_default=True,
    help="Sobol' first and total indices (SALib), or a one-at-a-time tornado (5%-95% of each input).",
)
@click.option(
    "--samples",
    "n_samples",
    type=click.IntRange(min=1),
    default=1024,
    show_default=True,
    help="Sobol' base sample size N (a power of two): N x (inputs + 2) evaluations. With many inputs a small "
    "N can mislead: compare two sizes.",
)
@click.option(
    "--model", default="compromise", show_default=True, help="The forecast model of an issue output."
)
@seed_option
@_execution
@click.option(
    "--top", type=click.IntRange(min=1), default=20, show_default=True, help="Inputs shown in the text table."
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the tornado or Sobol' chart (PNG, SVG, PDF).",
)
@json_option
def sensitivity(
    file: str,
    output: str,
    method: str,
    n_samples: int,
    model: str,
    seed: int,
    executor: str,
    address: str | None,
    workers: int | None,
    chunk_size: int | None,
    no_default_spread: bool,
    rounds: int,
    show_progress: bool | None,
    top: int,
    plot: str | None,
    as_json: bool,
) -> None:
    """Rank the uncertain inputs of a scenario FILE by how much they move one output.

    \b
    Examples:
      accord sensitivity examples/ukraine-2025/scenario.yaml --output I5 --method tornado --plot i5.png
      accord sensitivity examples/ukraine-2025/scenario.yaml --output I5 --samples 1024 --json
      accord sensitivity examples/ukraine-2025/scenario.yaml --output zopa --method tornado
    """
    from ..report import render
    from ..uncertainty import make_executor
    from ..uncertainty import sensitivity as run_sensitivity

    MODELS.get(model, "--model")
    scenario = load(file)
    report = run_sensitivity(
        scenario,
        output,
        method=method,
        n_samples=n_samples,
        model=model,
        seed=seed,
        default_spread=not no_default_spread,
        n_rounds=rounds,
        executor=make_executor(executor, workers=workers, address=address),
        chunk_size=chunk_size,
        progress=_bar("sensitivity", show_progress),
    )
    if plot:
        from ..uncertainty.plots import plot_sensitivity

        plot_sensitivity(report, plot)
        click.echo(f"wrote {plot}", err=True)
    emit(report, as_json, None, text=lambda: render(report, top=top))


COMMANDS = [sweep, sensitivity]
