"""Commands for simulated bargaining: ``simulate`` and ``tournament``."""

from __future__ import annotations

from typing import Any

import click

from ..limits import MAX_ROUNDS, MAX_RUNS
from ..registry import PROTOCOLS, STRATEGIES
from ._common import (
    deadlines,
    emit,
    json_option,
    load,
    names_list,
    output_option,
    pairs,
    renamed,
    seed_option,
)

__all__ = ["COMMANDS"]

_STRATEGY = click.option(
    "--strategy",
    "strategy_text",
    metavar="ACTOR=NAME,...",
    help=f"Strategies by actor. Registered: {STRATEGIES.help()}.",
)
_DEFAULT = click.option(
    "--default",
    "default",
    metavar="NAME",
    help="Strategy of every actor not named by --strategy "
    "(default: each actor's declared strategy, else linear).",
)
_TABLE = click.option("--table", metavar="ACTOR,...", help="Who negotiates (default: every actor).")
_SIGNATORIES = click.option(
    "--signatories",
    metavar="ACTOR,...",
    help="Whose acceptance a deal needs: part of the table (default: all of it).",
)
_PROTOCOL = click.option(
    "--protocol", default="alternating", show_default=True, help=f"Negotiation protocol: {PROTOCOLS.help()}."
)
_MEDIATOR = click.option("--mediator", metavar="NAME", help="Mediator strategy of the single-text protocol.")
_ROUNDS = click.option(
    "--rounds",
    "n_rounds",
    type=click.IntRange(min=1),
    default=26,
    show_default=True,
    help="Horizon in rounds (weeks).",
)
_MAX_ROUNDS = click.option(
    "--max-rounds",
    type=click.IntRange(min=1),
    default=MAX_ROUNDS,
    show_default=True,
    help="The largest horizon accepted (the trace grows with it).",
)
_MAX_RUNS = click.option(
    "--max-runs",
    type=click.IntRange(min=1),
    default=MAX_RUNS,
    show_default=True,
    help="The most runs accepted.",
)
_DEADLINE = click.option(
    "--deadline",
    "deadline_text",
    metavar="ACTOR=ROUND|DATE|none,...",
    help="Override actors' deadlines: a round, a date (YYYY-MM-DD, from the scenario's as_of) or none.",
)


_UNTIL = click.option(
    "--until",
    metavar="DATE|ROUND",
    help="Simulate until this date (YYYY-MM-DD; rounds run from the scenario's as_of, a 'round' long, "
    "a week by default) or round. The horizon sets no one's concession clock. [default: 26 rounds]",
)
_SIM_ROUNDS = click.option(
    "--rounds",
    "n_rounds",
    type=click.IntRange(min=1),
    default=None,
    help="The horizon in rounds (an alias of --until ROUND).",
)
_PATIENCE = click.option(
    "--patience",
    "patience_text",
    metavar="ROUNDS|ACTOR=ROUNDS,...",
    help="Concession clock, in rounds, of actors without a deadline: ACTOR=ROUNDS sets an actor's "
    "(over its declared patience); one number sets it for the actors that declare none (default: the "
    "half-life of the declared patience, else 26 rounds).",
)


def _patience(text: str | None) -> int | dict[str, int | None] | None:
    """Parse ``--patience ROUNDS`` or ``--patience ACTOR=ROUNDS,...``."""
    if text is None:
        return None
    from ..errors import InputError

    def rounds(v: str, what: str) -> int:
        try:
            n = int(v)
        except ValueError:
            n = 0
        if n < 1:
            raise InputError.single("--patience", f"{what}{v!r} is not a positive number of rounds")
        return n

    if "=" not in text:
        return rounds(text.strip(), "")
    return {k: rounds(v, f"{k}=") for k, v in pairs(text, "--patience").items()}


def _check_strategies(*names: str | None) -> None:
    for n in names:
        if n:
            STRATEGIES.get(n, "--strategy")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_STRATEGY
@_DEFAULT
@_TABLE
@_SIGNATORIES
@_PROTOCOL
@_MEDIATOR
@_UNTIL
@_SIM_ROUNDS
@_DEADLINE
@_PATIENCE
@_MAX_ROUNDS
@click.option(
    "--no-partial", is_flag=True, help="Forbid partial agreements (separable issues and side deals)."
)
@seed_option
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Write the tidy trace as CSV.")
@click.option(
    "--plot", "plot_path", type=click.Path(dir_okay=False), help="Save concession curves and tracks (PNG)."
)
@renamed("--assign", "--strategy ACTOR=NAME,... (and --default NAME for the others)")
@json_option
@output_option
def simulate(
    file: str,
    strategy_text: str | None,
    default: str | None,
    table: str | None,
    signatories: str | None,
    protocol: str,
    mediator: str | None,
    until: str | None,
    n_rounds: int | None,
    deadline_text: str | None,
    patience_text: str | None,
    max_rounds: int,
    no_partial: bool,
    seed: int,
    csv_path: str | None,
    plot_path: str | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Play a negotiation forward round by round and report the outcome.

    With no --strategy, every actor plays its declared default strategy (the scenario's ``strategy``
    field), or linear where none is declared. A round is calendar time (the scenario's ``round``, a
    week by default, from its ``as_of``); each actor concedes against its own deadline or patience,
    never the horizon, so --until only says how far to look. Offers print as option ids per issue,
    each a change from the same actor's previous offer.

    \b
    Examples:
      accord simulate scenario.yaml --until 2025-06-30
      accord simulate scenario.yaml --default linear --rounds 104
      accord simulate scenario.yaml --strategy russia=staller,usa=deadline-driven --table russia,usa,ukraine
      accord simulate scenario.yaml --deadline usa=none --patience usa=12 --json
    """
    from ..analysis import simulate as run_simulate
    from ..errors import InputError

    scenario = load(file)
    if until is not None and n_rounds is not None:
        raise InputError.single("--until", "give --until or --rounds, not both")
    strategies = pairs(strategy_text, "--strategy")
    _check_strategies(default, *strategies.values())
    PROTOCOLS.get(protocol, "--protocol")
    report = run_simulate(
        scenario,
        strategies,
        default=default,
        table=names_list(table),
        signatories=names_list(signatories),
        protocol=protocol,
        mediator=mediator,
        n_rounds=26 if n_rounds is None else n_rounds,
        until=until,
        patience=_patience(patience_text),
        seed=seed,
        deadlines=deadlines(deadline_text, scenario),
        partial=not no_partial,
        max_rounds=max_rounds,
    )
    if csv_path:
        from ..io import atomic_write
        from ..simulate.results import write_csv

        atomic_write(csv_path, write_csv([r.__dict__ for r in report.trace]))
    if plot_path:
        from ..report.plots import plot_simulation

        plot_simulation(report, plot_path)
    from ..report.text import render_simulation

    emit(report, as_json, output, text=lambda: render_simulation(report, scenario.title))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--strategies",
    "strategies",
    metavar="NAME,...|all",
    help="Strategies compared (default: every registered non-mediator strategy).",
)
@click.option(
    "--mode",
    type=click.Choice(["each-actor", "all"]),
    default="each-actor",
    show_default=True,
    help="'each-actor': each compared strategy plays each free seat in turn, the others --default; "
    "'all': every combination over the free seats.",
)
@_STRATEGY
@click.option(
    "--default",
    "default",
    default="linear",
    show_default=True,
    metavar="NAME",
    help="Strategy of the non-focal seats.",
)
@_TABLE
@_SIGNATORIES
@click.option(
    "--seeds",
    "n_seeds",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Runs per assignment.",
)
@seed_option
@_PROTOCOL
@_MEDIATOR
@_ROUNDS
@_DEADLINE
@_PATIENCE
@click.option(
    "--jobs",
    "n_jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (tasks with --ray).",
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Run on Ray: a local instance, or the cluster at ADDRESS ('auto', 'ray://host:10001'). "
    "Needs pip install 'accord[distributed]'.",
)
@_MAX_ROUNDS
@_MAX_RUNS
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Write the records as CSV.")
@renamed("--assign", "--mode each-actor|all, and --strategy ACTOR=NAME,... for pinned seats")
@renamed("--base", "--default NAME")
@json_option
@output_option
def tournament(
    files: tuple[str, ...],
    strategies: str | None,
    mode: str,
    strategy_text: str | None,
    default: str,
    table: str | None,
    signatories: str | None,
    n_seeds: int,
    seed: int,
    protocol: str,
    mediator: str | None,
    n_rounds: int,
    deadline_text: str | None,
    patience_text: str | None,
    n_jobs: int,
    ray_address: str | None,
    max_rounds: int,
    max_runs: int,
    csv_path: str | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Strategies x scenarios x seeds: every run as a record, and a ranking (tied strategies share a rank).

    Seats pinned with --strategy keep their strategy in every run; the compared strategies rotate over
    the other seats at the table.

    \b
    Examples:
      accord tournament scenario.yaml --strategy russia=staller --seeds 2
      accord tournament scenario.yaml --table russia,usa,ukraine --deadline usa=none --json
    """
    from ..analysis import tournament as run_tournament
    from ..registry import parse_names

    scenarios = [load(f) for f in files]
    fixed = pairs(strategy_text, "--strategy")
    names = None
    if strategies:
        from ..simulate import filtered_strategies

        plain = filtered_strategies(mediator=False)  # "all" compares negotiators, not mediators
        names = plain if strategies.strip() == "all" else parse_names(strategies, STRATEGIES, "--strategies")
    _check_strategies(default, *fixed.values())
    PROTOCOLS.get(protocol, "--protocol")
    executor: Any = None
    if ray_address is not None:
        from ..simulate.tournament import ray_pool

        executor = ray_pool(None if ray_address == "local" else ray_address)
        n_jobs = max(n_jobs, 8)  # tasks for Ray to spread; --jobs sets more
    from ..report.progress import progress

    with progress("tournament runs") as advance:
        report = run_tournament(
            scenarios,
            names,
            fixed=fixed,
            default=default,
            mode=mode,  # type: ignore[arg-type]
            table=names_list(table),
            signatories=names_list(signatories),
            n_seeds=n_seeds,
            seed=seed,
            protocol=protocol,
            mediator=mediator,
            n_rounds=n_rounds,
            deadlines=deadlines(deadline_text, scenarios[0] if len(scenarios) == 1 else None),
            patience=_patience(patience_text),
            n_jobs=n_jobs,
            executor=executor,
            progress=advance,
            max_rounds=max_rounds,
            max_runs=max_runs,
        )
    if csv_path:
        from ..io import atomic_write
        from ..simulate.results import write_csv

        atomic_write(csv_path, write_csv(list(report.records)))
    emit(report, as_json, output)


COMMANDS = [simulate, tournament]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--by",
    metavar="DATE|ROUND",
    help="The date (YYYY-MM-DD, from the scenario's as_of) or round to look ahead to (default: --rounds).",
)
@click.option(
    "--runs", "n_runs", type=click.IntRange(min=1), default=200, show_default=True, help="Simulated runs."
)
@click.option(
    "--p-declared",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Chance that an actor plays its declared strategy (else another registered one, uniformly).",
)
@_TABLE
@_DEADLINE
@_PATIENCE
@_ROUNDS
@_MAX_ROUNDS
@_MAX_RUNS
@click.option("--no-noise", is_flag=True, help="Do not draw the scenario's uncertain inputs per run.")
@seed_option
@json_option
@output_option
def outlook(
    file: str,
    by: str | None,
    n_runs: int,
    p_declared: float,
    table: str | None,
    deadline_text: str | None,
    patience_text: str | None,
    n_rounds: int,
    max_rounds: int,
    max_runs: int,
    no_noise: bool,
    seed: int,
    as_json: bool,
    output: str | None,
) -> None:
    """Will there be a deal, on which issues, by when: the chance of agreement per issue by a date.

    The talks are played forward --runs times, each with its own seed and strategies drawn around each
    actor's declared one; per issue, the share of runs in which it is settled by the date, the options
    agreed, and the expected state then (the status quo where nothing is agreed).

    \b
    Examples:
      accord outlook scenario.yaml --by 2025-06-30
      accord outlook scenario.yaml --table russia,usa,ukraine --deadline usa=none --runs 500 --json
      accord outlook scenario.yaml --patience russia=52 --by 2025-12-31
    """
    from ..analysis import outlook as run_outlook
    from ..report.progress import progress

    scenario = load(file)
    with progress("outlook runs") as advance:
        report = run_outlook(
            scenario,
            by,
            n_runs=n_runs,
            seed=seed,
            p_declared=p_declared,
            table=names_list(table),
            deadlines=deadlines(deadline_text, scenario),
            patience=_patience(patience_text),
            noise=not no_noise,
            default_rounds=n_rounds,
            max_rounds=max_rounds,
            max_runs=max_runs,
            progress=advance,
        )
    emit(report, as_json, output)


COMMANDS.append(outlook)
