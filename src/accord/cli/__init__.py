"""The ``accord`` command line: a thin shell over :mod:`accord.analysis`.

Each command is "parse -> spec -> call -> render": it parses its options, calls one analysis entry point
and renders the typed result as text or as one JSON document. Errors from the one error family become a
message and an exit code here, in one place (2: bad input or options; 3: a limit); nothing else reaches
a user as a traceback.
"""

from __future__ import annotations

import os
from typing import Any

import click

from ..errors import AccordError
from ._common import report_error

__all__ = ["main"]


class _Main(click.Group):
    """The command group, with the one error handler."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AccordError as err:
            report_error(err)
            ctx.exit(err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as err:  # a bug: say so plainly, keep the traceback for those who ask
            if os.environ.get("ACCORD_DEBUG"):
                raise
            click.echo(
                f"error: internal error ({type(err).__name__}: {err}); please report it. "
                "Set ACCORD_DEBUG=1 to see the traceback.",
                err=True,
            )
            ctx.exit(1)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="accord")
@click.option(
    "--strict",
    is_flag=True,
    help="Treat every scenario warning (a stance without a source, a red line that excludes nothing, "
    "a degenerate input the models would work around) as an error, in every command.",
)
@click.pass_context
def main(ctx: click.Context, strict: bool) -> None:
    """accord: model multi-party, multi-issue negotiations.

    \b
    Examples:
      accord analyze examples/ukraine-2025/scenario.yaml
      accord --strict deals examples/ukraine-2025/scenario.yaml
      accord forecast examples/ukraine-2025/scenario.yaml --models compromise,smp --json
      accord simulate examples/ukraine-2025/scenario.yaml --strategy russia=staller
    """
    ctx.obj = {"strict": strict}


def _register() -> None:
    # One registration point: every command module exposes COMMANDS, a list of click commands.
    from . import (
        db_cmds,
        deals_cmds,
        forecast_cmds,
        play_cmds,
        scenario_cmds,
        simulate_cmds,
        sweep_cmds,
        text_cmds,
        web_cmds,
    )

    modules = (
        scenario_cmds,
        deals_cmds,
        forecast_cmds,
        simulate_cmds,
        play_cmds,
        sweep_cmds,
        text_cmds,
        web_cmds,
        db_cmds,
    )
    for module in modules:
        for command in module.COMMANDS:
            main.add_command(command)


_register()
