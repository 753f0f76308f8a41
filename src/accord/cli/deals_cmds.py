"""``accord deals``: the deal space of a scenario file or of any registered deal source."""

from __future__ import annotations

from pathlib import Path

import click

from ..registry import DEAL_SOURCES
from ._common import emit, json_option, load, names_list, output_option

__all__ = ["COMMANDS"]


@click.command()
@click.argument("source", type=click.Path())
@click.option(
    "--signatories", metavar="ACTOR,...", help="Whose acceptance a deal needs (default: every actor)."
)
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many frontier rows, cheap-to-cede items and logrolls to show.",
)
@click.option(
    "--openings",
    "n_openings",
    default=5,
    show_default=True,
    type=click.IntRange(min=1, max=100),
    help="How many distinct openings to list when no package is feasible (cheapest first, with margins).",
)
@click.option(
    "--pareto", "with_pareto", is_flag=True, help="Include the whole Pareto frontier (needs --json)."
)
@click.option(
    "--loss",
    type=click.Choice(["linear", "quadratic"]),
    default=None,
    help="Scenario files only: how an actor's value falls with distance from its position (default linear).",
)
@click.option(
    "--step",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Scenario files only: discretise scale issues at this step instead of at their labelled options.",
)
@json_option
@output_option
def deals(
    source: str,
    signatories: str | None,
    top: int,
    n_openings: int,
    with_pareto: bool,
    loss: str | None,
    step: float | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Which packages every signatory can accept, which are efficient and fair, and what would open a deal.

    SOURCE is anything a registered deal source reads, recognised from the path.

    \b
    Examples:
      accord deals examples/ukraine-2025/scenario.yaml
      accord deals examples/ukraine-2025/scenario.yaml --signatories russia,usa --json
      accord deals examples/ukraine-2025/scenario.yaml --openings 10
    """
    from ..analysis import deal_space
    from ..analysis import deals as run_deals
    from ..errors import InputError
    from ..report import render

    if with_pareto and not as_json:
        raise InputError.single("--pareto", "lists the whole frontier in JSON: add --json")
    # A scenario is read as every command reads one (its warnings on stderr, `accord --strict`).
    scenario_file = DEAL_SOURCES.get("scenario").detect(Path(source))
    space = deal_space(load(source) if scenario_file else source, loss=loss, step=step)
    # Text shows the first --top frontier rows; JSON carries the frontier only when asked.
    report = run_deals(
        space,
        signatories=names_list(signatories),
        top=top,
        pareto=with_pareto or not as_json,
        n_openings=n_openings,
    )
    emit(report, as_json, output, text=lambda: render(report, top=top))


deals.help = (
    (deals.help or "") + "\n\n\b\nDeal sources:\n" + "\n".join(f"  {n}" for n in DEAL_SOURCES.names())
)

COMMANDS = [deals]
