"""``accord deals``: the deal space of a scenario file, a Genius XML folder or a GeniusWeb folder."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import echo_json, fail, load_or_exit

__all__ = ["COMMANDS"]


@click.command()
@click.argument("source", type=click.Path())
@click.option(
    "--signatories",
    default=None,
    metavar="A,B,...",
    help="Actors whose acceptance a deal needs (comma-separated ids); all actors by default.",
)
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many frontier rows, cheap-to-cede items and logrolls to show.",
)
@click.option("--pareto", "with_pareto", is_flag=True, help="List the whole Pareto frontier (with --json).")
@click.option(
    "--loss",
    type=click.Choice(["linear", "quadratic"]),
    default="linear",
    show_default=True,
    help="Scenario files: how an actor's value falls with distance from its position.",
)
@click.option(
    "--step",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Scenario files: discretise scale issues at this step instead of at their labelled options.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
def deals(
    source: str,
    signatories: str | None,
    top: int,
    with_pareto: bool,
    loss: str,
    step: float | None,
    as_json: bool,
) -> None:
    """Which packages every signatory can accept, which are efficient and fair, and what would open a deal.

    SOURCE is a scenario file, a Genius XML domain folder, or a GeniusWeb domain folder (detected from the
    files inside). Exit code 2 on bad input.
    """
    from ..deals import (
        DealFormatError,
        SpaceTooLargeError,
        analyze,
        deal_space_from_scenario,
        is_genius_folder,
        is_geniusweb_folder,
        read_genius,
        read_geniusweb,
    )
    from ..deals.render import render_text

    sig = [s.strip() for s in signatories.split(",") if s.strip()] if signatories else None
    path = Path(source)
    try:
        if path.is_file():
            space = deal_space_from_scenario(load_or_exit(source), loss=loss, step=step)  # type: ignore[arg-type]
        elif path.is_dir() and is_geniusweb_folder(path):
            space = read_geniusweb(path)
        elif path.is_dir() and is_genius_folder(path):
            space = read_genius(path)
        elif path.is_dir():
            fail(f"{source}: neither a Genius XML domain folder nor a GeniusWeb domain folder")
            return
        else:
            fail(f"{source}: no such file or folder")
            return
        if sig:
            unknown = [s for s in sig if s not in space.actors]
            if unknown:
                fail(
                    f"unknown signator{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)}; "
                    f"actors are: {', '.join(space.actors)}"
                )
            space = space.with_signatories(sig)
        result = analyze(space, top=top)
    except DealFormatError as err:
        fail(str(err))
        return
    except SpaceTooLargeError as err:
        fail(str(err))
        return
    except (ValueError, OSError) as err:
        fail(f"{source}: {err}")
        return
    if as_json:
        echo_json(result.to_dict(pareto=with_pareto))
    else:
        click.echo(render_text(result, top=top))


COMMANDS = [deals]
