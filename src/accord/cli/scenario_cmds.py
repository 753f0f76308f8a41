"""Commands on scenario files: ``validate``, ``analyze``, ``import`` and ``schema``."""

from __future__ import annotations

import click

from ..limits import MAX_ROUNDS
from ..registry import IMPORTERS, MODELS
from ._common import echo_json, emit, json_option, load, names_list, output_option, pairs, seed_option

__all__ = ["COMMANDS"]

_MAX_SIZE = click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=None,
    metavar="BYTES",
    help="Largest scenario file read (default 20 MB).",
)


def _load_options(max_size: int | None) -> dict[str, int]:
    return {} if max_size is None else {"max_size": max_size}


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. a stance without a source) as errors.")
@_MAX_SIZE
@json_option
@output_option
def validate(file: str, strict: bool, max_size: int | None, as_json: bool, output: str | None) -> None:
    """Check a scenario FILE; list every problem with file:line:column and field.

    Exit code 0 when the file is valid, 2 when it is not.

    \b
    Example:
      accord validate examples/ukraine-2025/scenario.yaml --strict
    """
    from ..analysis import validate as run_validate

    report = run_validate(file, strict=strict, **_load_options(max_size))
    if not as_json:
        problems = [p for p in report.problems if p.severity == "error"] + [
            p for p in report.problems if p.severity == "warning"
        ]
        from ..errors import Problem

        for p in problems:
            click.echo(str(Problem(p.file, p.line, p.column, p.path, p.message, p.severity)), err=True)  # type: ignore[arg-type]
        if not report.valid and any(p.severity == "error" for p in report.problems):
            n_err = sum(p.severity == "error" for p in report.problems)
            click.echo(f"{n_err} error(s), {len(report.problems) - n_err} warning(s)", err=True)
            raise SystemExit(2)
    emit(report, as_json, output)
    if not report.valid:
        raise SystemExit(2)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--models",
    default="all",
    show_default=True,
    metavar="NAME,...|all",
    help=f"Forecast models: {MODELS.help()}.",
)
@click.option(
    "--signatories", metavar="ACTOR,...", help="Whose acceptance a deal needs (default: every actor)."
)
@click.option("--no-simulate", is_flag=True, help="Leave out the simulated talks.")
@click.option(
    "--no-uncertainty", is_flag=True, help="Leave out the forecast intervals and P(zone of agreement)."
)
@click.option(
    "--strategy",
    "strategy_text",
    metavar="ACTOR=NAME,...",
    help="Strategies for the simulated talks (default: each actor's declared strategy).",
)
@click.option(
    "--rounds", "n_rounds", type=click.IntRange(min=1), default=26, show_default=True, help="Horizon."
)
@click.option("--sources", "show_sources", is_flag=True, help="Show each stance's confidence and sources.")
@click.option(
    "--respect-red-lines/--ignore-red-lines",
    default=True,
    show_default=True,
    help="Also project each forecast onto the outcomes the signatories' red lines allow.",
)
@click.option(
    "--openings",
    "n_openings",
    type=click.IntRange(min=1, max=100),
    default=5,
    show_default=True,
    help="How many distinct openings to list when no package is feasible.",
)
@click.option(
    "--max-rounds",
    type=click.IntRange(min=1),
    default=MAX_ROUNDS,
    show_default=True,
    help="The largest horizon.",
)
@seed_option
@_MAX_SIZE
@json_option
@output_option
def analyze(
    file: str,
    models: str,
    signatories: str | None,
    no_simulate: bool,
    no_uncertainty: bool,
    strategy_text: str | None,
    n_rounds: int,
    show_sources: bool,
    respect_red_lines: bool,
    n_openings: int,
    max_rounds: int,
    seed: int,
    max_size: int | None,
    as_json: bool,
    output: str | None,
) -> None:
    """The main job: the scenario and every analysis accord has, in one report.

    Who stands where, red lines that clash, every forecast model, the deal space (which packages every
    party could accept, the named solutions, what would open a deal, cheap concessions, logrolls) and the
    talks played forward with each actor's declared strategy, the chance of agreement per issue, and how
    far the forecasts move over the stances' stated confidence. With --json, one document equal to
    ``accord.analyze(scenario, spec, seed).to_dict()``.

    \b
    Example:
      accord analyze examples/ukraine-2025/scenario.yaml --json -o analysis.json
    """
    from ..analysis import AnalysisSpec
    from ..analysis import analyze as run_analyze
    from ..registry import parse_names

    scenario = load(file, **_load_options(max_size))
    spec = AnalysisSpec(
        models=tuple(parse_names(models, MODELS, "--models")),
        signatories=tuple(names_list(signatories) or ()) or None,
        simulate=not no_simulate,
        uncertainty=not no_uncertainty,
        strategies=pairs(strategy_text, "--strategy"),
        rounds=n_rounds,
        max_rounds=max_rounds,
        respect_red_lines=respect_red_lines,
        openings=n_openings,
    )
    result = run_analyze(scenario, spec, seed=seed)
    from ..report import render

    emit(result, as_json, output, text=lambda: render(result, sources=show_sources))
    if result.errors:  # the report is printed, but a script must see that a part is missing
        for name, failure in result.errors.items():
            click.echo(f"error: {name} not run: {failure.message}", err=True)
        raise SystemExit(max(3 if f.kind == "limit" else 2 for f in result.errors.values()))


@click.command(name="import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(IMPORTERS.names()))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(),
    help="Scenario file to write (.yaml or .json); for formats with many scenarios (deu), a folder.",
)
@click.option(
    "--capability",
    type=click.Choice(["equal", "gdp"]),
    default=None,
    help="deu only: equal capabilities (default) or the GDP weight row.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    default=None,
    help="ktab only: an empty XML coordinate or salience leaves that stance out instead of failing.",
)
@json_option
def import_(
    fmt: str, file: str, out: str, capability: str | None, allow_empty: bool | None, as_json: bool
) -> None:
    """Import another tool's FILE as accord scenario(s); FORMAT is a registered importer.

    An option that the format does not take is an error.

    \b
    Example:
      accord import ktab smpExample.xml --allow-empty -o smp.yaml
    """
    from ..analysis import import_file

    report = import_file(fmt, file, out, capability=capability, allow_empty=allow_empty or None)
    emit(report, as_json, None)


_IMPORT_HELP = "\n".join(f"  {n}" for n in IMPORTERS.names())
import_.help = (import_.help or "") + "\n\n\b\nFormats:\n" + _IMPORT_HELP


@click.command()
@click.argument("kind", required=False)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of a --json document (KIND: analysis, forecast, deals, ...), or list the kinds.

    \b
    Example:
      accord schema deals > deals.schema.json
    """
    from ..analysis import DOCUMENTS
    from ..errors import InputError

    if kind is None:
        click.echo("\n".join(DOCUMENTS))
        return
    if kind not in DOCUMENTS:
        raise InputError.single("KIND", f"unknown document {kind!r}; known: {', '.join(DOCUMENTS)}")
    click.echo(echo_json(DOCUMENTS[kind].json_schema()), nl=False)


COMMANDS = [validate, analyze, import_, schema]
