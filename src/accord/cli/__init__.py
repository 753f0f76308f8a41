"""The ``accord`` command line: a thin shell over the library.

Each command group lives in its own module of this package and is registered here, in one place.
"""

from __future__ import annotations

import click

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="accord")
def main() -> None:
    """accord: model multi-party, multi-issue negotiations."""


def _register() -> None:
    # One registration point: every command module exposes COMMANDS, a list of click commands.
    from . import deals_cmds, forecast_cmds, scenario_cmds, simulate_cmds

    for module in (scenario_cmds, deals_cmds, forecast_cmds, simulate_cmds):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
