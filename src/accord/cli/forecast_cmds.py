"""Commands on forecasts: ``forecast`` (run models on a scenario) and ``backtest`` (score them on DEU)."""

from __future__ import annotations

import click

from ..registry import MODELS, parse_names
from ._common import emit, json_option, load, names_list, output_option, renamed, seed_option

__all__ = ["COMMANDS"]

_MODELS_HELP = (
    f"Comma-separated models or 'all' (every model but tuned variants). Registered: {MODELS.help()}."
)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--models", "models", default="all", show_default=True, metavar="NAME,...|all", help=_MODELS_HELP
)
@renamed("--model", "--models NAME,...|all")
@seed_option
@click.option(
    "--respect-red-lines",
    is_flag=True,
    help="Also project each forecast onto the outcomes the signatories' red lines allow, and say where "
    "none does.",
)
@click.option(
    "--signatories",
    metavar="ACTOR,...",
    help="Whose red lines bind the respected outcome (default: every actor).",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write a PNG of the round-by-round trajectories.",
)
@json_option
@output_option
def forecast(
    file: str,
    models: str,
    seed: int,
    respect_red_lines: bool,
    signatories: str | None,
    plot: str | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Forecast the outcome of every issue of a scenario FILE with one or more models.

    A single named model that cannot run is an error; with several, the others still run and the
    failure is listed. Each forecast is checked against the red lines (the actors whose red line it
    crosses); with --respect-red-lines it is also projected onto the outcomes every signatory's red
    lines allow.

    \b
    Examples:
      accord forecast examples/ukraine-2025/scenario.yaml
      accord forecast examples/ukraine-2025/scenario.yaml --models smp --json
      accord forecast examples/ukraine-2025/scenario.yaml --respect-red-lines
    """
    from ..analysis import forecast as run_forecast
    from ..analysis.build import scenario_summary

    scenario = load(file)
    names = parse_names(models, MODELS, "--models")
    report = run_forecast(
        scenario,
        names,
        seed=seed,
        strict=len(names) == 1,
        respect_red_lines=respect_red_lines,
        signatories=names_list(signatories),
    )
    if plot:
        from ..report.plots import plot_forecast

        plot_forecast(report, scenario_summary(scenario), plot)
    emit(report, as_json, output)


@click.command()
@click.argument("deu_tsv", metavar="DEU_TSV", type=click.Path(dir_okay=False))
@click.option(
    "--models",
    "models",
    default="all",
    show_default=True,
    metavar="NAME,...|all",
    help=_MODELS_HELP + " The compromise model always runs (the bar).",
)
@click.option(
    "--capability",
    type=click.Choice(["equal", "gdp"]),
    default="equal",
    show_default=True,
    help="Equal capabilities or the DEU GDP weight row.",
)
@seed_option
@click.option(
    "--n-boot", type=click.IntRange(min=1), default=2000, show_default=True, help="Bootstrap resamples."
)
@click.option(
    "--outlook",
    "with_outlook",
    is_flag=True,
    help="Also backtest the outlook (simulated talks per issue): its expected state and p_agreement.",
)
@click.option(
    "--outlook-runs",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Simulated runs per issue for --outlook.",
)
@click.option(
    "--rounds",
    "outlook_rounds",
    type=click.IntRange(min=1),
    default=26,
    show_default=True,
    help="Horizon of each --outlook run.",
)
@click.option(
    "--max-cases",
    type=click.IntRange(min=1),
    default=None,
    help="Run --outlook on this many issues at most, evenly spaced (default: every one).",
)
@json_option
@output_option
def backtest(
    deu_tsv: str,
    models: str,
    capability: str,
    seed: int,
    n_boot: int,
    with_outlook: bool,
    outlook_runs: int,
    outlook_rounds: int,
    max_cases: int | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Score forecast models on the real outcomes of a DEU file.

    Per model: issues scored, mean absolute error (0-100 scale) and the paired difference to the
    compromise model (negative: better) with a bootstrap 95% interval. With --outlook, the outlook
    too: its expected state scored the same way beside the compromise and median models on the same
    issues, and the calibration of its p_agreement.

    \b
    Examples:
      accord backtest ../shared/data/deu/deu3-dev.tsv --models all --capability gdp
      accord backtest ../shared/data/deu/deu3-dev.tsv --outlook --outlook-runs 20 --max-cases 60
    """
    from ..analysis import backtest as run_backtest

    names = parse_names(models, MODELS, "--models")
    report = run_backtest(
        deu_tsv,
        names,
        capability=capability,  # type: ignore[arg-type]
        n_boot=n_boot,
        seed=seed,
        outlook=with_outlook,
        outlook_runs=outlook_runs,
        outlook_rounds=outlook_rounds,
        max_cases=max_cases,
    )
    emit(report, as_json, output)


COMMANDS = [forecast, backtest]
