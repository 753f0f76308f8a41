"""``accord play``: sit at the table in one seat while strategies play the others, then the debrief."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import InputError
from ..registry import PROTOCOLS, STRATEGIES
from ._common import emit, json_option, load, output_option, pairs, seed_option, warn

__all__ = ["COMMANDS"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--as", "seat", required=True, metavar="ACTOR", help="The seat you play: an actor, or mediator."
)
@click.option(
    "--strategy",
    "strategy_text",
    metavar="ACTOR=NAME,...",
    help="Strategies of the other seats (default: each actor's declared one). "
    f"Registered: {STRATEGIES.help()}.",
)
@click.option(
    "--protocol", default="alternating", show_default=True, help=f"Negotiation protocol: {PROTOCOLS.help()}."
)
@click.option("--mediator", metavar="NAME", help="Mediator strategy of the single-text protocol.")
@click.option(
    "--rounds",
    "n_rounds",
    type=click.IntRange(min=1),
    default=26,
    show_default=True,
    help="Horizon in rounds.",
)
@seed_option
@click.option(
    "--script",
    "script_path",
    type=click.Path(dir_okay=False),
    help="Play the seat from a YAML file of moves (no screen; for tests and demos).",
)
@click.option("--no-debrief", is_flag=True, help="Skip the debrief (the strategies in your seat).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Also write the debrief as HTML.")
@click.option(
    "--trace", "trace_path", type=click.Path(dir_okay=False), help="Replay a stored game (its JSON) instead."
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Also store the game in the store (sqlite:///FILE, postgresql://..., or a path), on the stored "
    "scenario whose current text is this file's (added when there is none); the web app's Games page "
    "lists it.",
)
@json_option
@output_option
def play(
    file: str,
    seat: str,
    strategy_text: str | None,
    protocol: str,
    mediator: str | None,
    n_rounds: int,
    seed: int,
    script_path: str | None,
    no_debrief: bool,
    html_path: str | None,
    trace_path: str | None,
    db_url: str | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Play a seat of the negotiation yourself; the other seats play strategies; then the debrief.

    Without --script, a full-screen game in the terminal (works over SSH): each round shows the offers
    on the table by label, the tracks, the date, your utility of each offer and of no deal, and who
    accepted what; you propose a package issue by issue, accept, reject, offer a partial deal on a
    separable issue, or walk away. The debrief compares your result with each registered strategy in
    your seat (same seed, same other seats) round by round.

    \b
    Examples:
      accord play examples/ukraine-2025/scenario.yaml --as ukraine
      accord play scenario.yaml --as ukraine --strategy russia=staller --seed 3
      accord play scenario.yaml --as ukraine --script examples/ukraine-2025/play-ukraine.yaml --json
      accord play scenario.yaml --as mediator --protocol single-text
      accord play scenario.yaml --as ukraine --trace game.json --html debrief.html
      accord play scenario.yaml --as ukraine --db ~/accord.db
    """
    import json

    from ..play import Game

    scenario = load(file)
    if trace_path:
        try:
            with open(trace_path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except (OSError, ValueError) as e:
            raise InputError.single(trace_path, f"cannot read the game: {e}") from None
        game = Game.replay(scenario, doc.get("trace", doc) if isinstance(doc, dict) else doc)
    else:
        game = Game.new(
            scenario,
            [seat],
            pairs(strategy_text, "--strategy"),
            seed=seed,
            protocol=protocol,
            n_rounds=n_rounds,
            mediator=mediator,
        )
        if script_path:
            from ..play.script import load_script, play_script

            for w in play_script(game, seat, load_script(script_path)):
                warn(w)
        else:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise InputError.single(
                    "accord play", "the game needs a terminal; use --script MOVES.yaml to play without one"
                )
            from ..play.tui import play_interactive

            play_interactive(game, seat)
    report = game.report(debrief=not no_debrief)
    if db_url is not None:
        gid = _store_game(db_url, file, game)
        click.echo(f"stored as game {gid}", err=True)
    if html_path:
        from ..play.html import write_game_html

        n = write_game_html(report, html_path)
        click.echo(f"wrote {html_path} ({n:,} bytes)", err=True)
    emit(report, as_json, output)


def _store_game(url: str, file: str, game: Any) -> int:
    """Save the game on the stored scenario whose current text is ``file``'s (one transaction each)."""
    from pathlib import Path

    from ..store import Store

    text = Path(file).read_text(encoding="utf-8")
    fmt = "json" if file.lower().endswith(".json") else "yaml"
    with Store(url) as store:
        store.init()
        scenario_id = next(
            (i.id for i in store.list_scenarios() if store.get_scenario(i.id).text == text), None
        )
        if scenario_id is None:
            scenario_id = store.add_scenario(text, fmt, author="accord play", message=f"played from {file}")
        trace = game.trace()
        seats = {a: str(s) for a, s in trace.get("strategies", {}).items()}
        seats.update({h: "person" for h in trace.get("humans", [])})
        status = "finished" if game.finished else "running"
        return int(store.save_game(scenario_id, None, seats, int(trace.get("seed", 0)), trace, status))


COMMANDS = [play]
