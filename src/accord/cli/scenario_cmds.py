"""Commands on scenario files: ``validate``, ``analyze``, ``import``."""

from __future__ import annotations

from pathlib import Path

import click

from ..report import analysis_to_dict, render_analysis
from ..report import analyze as run_analysis
from ..scenario import Problem, ScenarioError, load_scenario, save_scenario
from ..scenario.writer import atomic_write, dumps_scenario
from ._common import echo_json, load_or_exit, report_and_exit, user_errors

__all__ = ["COMMANDS"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. a stance without a source) as errors.")
def validate(file: str, strict: bool) -> None:
    """Check a scenario file; list every problem with file:line:column and field.

    Exit code 0 when the file is valid, 2 when it is not.
    """
    warnings: list[Problem] = []
    try:
        scenario = load_scenario(file, warnings=warnings)
    except ScenarioError as err:
        report_and_exit(err)
    for w in warnings:
        click.echo(str(w), err=True)
    if strict and warnings:
        click.echo(f"{len(warnings)} warning(s) with --strict: {file} is not valid", err=True)
        raise SystemExit(2)
    click.echo(
        f"{file}: valid ({scenario.n_actors} actors, {scenario.n_issues} issues, "
        f"{len(scenario.stances)} stances, {len(scenario.sources)} sources, {len(warnings)} warning(s))"
    )


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
def analyze(file: str, as_json: bool) -> None:
    """The main job: a readable summary of a scenario and of every analysis accord has.

    Actors, issues, who stands where, red lines that clash, the forecasts of every model, and the deal
    space: which packages every party could accept, the named solutions, and what would open a deal.
    """
    scenario = load_or_exit(file)
    with user_errors():
        result = run_analysis(scenario)
    if as_json:
        echo_json(analysis_to_dict(result))
    else:
        click.echo(render_analysis(scenario, result), nl=False)


_FORMATS = ("ktab", "decide", "bdm", "deu")


@click.command(name="import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(_FORMATS))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(),
    help="Scenario file to write (.yaml or .json); for deu, a folder (one file per issue).",
)
@click.option(
    "--capability",
    type=click.Choice(["equal", "gdp"]),
    default="equal",
    show_default=True,
    help="deu only: equal capabilities or the GDP weight row.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="ktab only: an empty XML coordinate or salience leaves that stance out instead of failing.",
)
def import_(fmt: str, file: str, out: str, capability: str, allow_empty: bool) -> None:
    """Import a KTAB CSV/XML, Decide, BDM CSV or DEU TSV file as accord scenario(s)."""
    from ..scenario import importers

    with user_errors():
        if fmt == "deu":
            scenarios = importers.read_deu(file, capability=capability)  # type: ignore[arg-type]
            folder = Path(out)
            for sc in scenarios:
                name = sc.issues[0].id.replace("/", "_")
                atomic_write(folder / f"{name}.yaml", dumps_scenario(sc))
            click.echo(f"wrote {len(scenarios)} scenarios to {folder}/")
            return
        reader = {"ktab": importers.read_ktab, "decide": importers.read_decide, "bdm": importers.read_bdm}[
            fmt
        ]
        scenario = reader(file)
        save_scenario(scenario, out)
    click.echo(f"wrote {out} ({scenario.n_actors} actors, {scenario.n_issues} issues)")


COMMANDS = [validate, analyze, import_]
