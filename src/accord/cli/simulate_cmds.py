"""Commands for simulated bargaining: ``simulate`` and ``tournament`` (thin shells over accord.simulate)."""

from __future__ import annotations

import click

from ..scenario import Scenario
from ._common import echo_json, fail, load_or_exit, user_errors

__all__ = ["COMMANDS"]


def _pairs(text: str | None, what: str) -> dict[str, str]:
    """Parse ``a=x,b=y`` (exit 2 with a clear message when malformed)."""
    out: dict[str, str] = {}
    if not text:
        return out
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            fail(f"{what}: expected ACTOR=VALUE, got {part!r}")
        k, v = (s.strip() for s in part.split("=", 1))
        if not k or not v:
            fail(f"{what}: expected ACTOR=VALUE, got {part!r}")
        if k in out:
            fail(f"{what}: actor {k!r} given twice")
        out[k] = v
    return out


def _csv_list(text: str | None) -> list[str] | None:
    return None if not text else [s.strip() for s in text.split(",") if s.strip()]


def _deadlines(text: str | None) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for k, v in _pairs(text, "--deadline").items():
        if v.lower() in ("none", "no", "-"):
            out[k] = None
            continue
        try:
            out[k] = int(v)
        except ValueError:
            fail(f"--deadline: {k}={v!r} is not a round number or 'none'")
    return out


def _check_actors(scenario: Scenario, names: list[str], what: str) -> None:
    unknown = [a for a in names if a not in scenario.actor_ids]
    if unknown:
        fail(f"{what}: unknown actor {unknown[0]!r}; actors are {', '.join(scenario.actor_ids)}")


_PROTOCOL = click.Choice(["alternating", "single-text"])


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--assign",
    "assign_text",
    required=True,
    metavar="ACTOR=STRATEGY,...",
    help="Strategies by actor, e.g. russia=staller,ukraine=tit-for-tat. These actors sit at the table.",
)
@click.option(
    "--default",
    "default",
    metavar="STRATEGY",
    help="Strategy for the other actors (then every actor sits at the table).",
)
@click.option(
    "--signatories",
    metavar="ACTOR,...",
    help="Actors whose acceptance a deal needs: must be the table (every actor at the table signs).",
)
@click.option("--protocol", type=_PROTOCOL, default="alternating", show_default=True)
@click.option(
    "--mediator", metavar="STRATEGY", help="Mediator for --protocol single-text (default mediator-nash)."
)
@click.option(
    "--rounds", "n_rounds", type=int, default=26, show_default=True, help="Horizon in rounds (weeks)."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the tracks' noise.")
@click.option(
    "--deadline", "deadline_text", metavar="ACTOR=ROUND|none,...", help="Override actors' deadlines."
)
@click.option("--no-partial", is_flag=True, help="Forbid partial agreements on separable issues.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome and the tidy trace as JSON.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Write the tidy trace as CSV.")
@click.option(
    "--plot", "plot_path", type=click.Path(dir_okay=False), help="Save concession curves and tracks (PNG)."
)
def simulate(
    file: str,
    assign_text: str,
    default: str | None,
    signatories: str | None,
    protocol: str,
    mediator: str | None,
    n_rounds: int,
    seed: int,
    deadline_text: str | None,
    no_partial: bool,
    as_json: bool,
    csv_path: str | None,
    plot_path: str | None,
) -> None:
    """Play a negotiation forward round by round and report the outcome.

    Example: accord simulate scenario.yaml --assign russia=staller,usa=deadline-driven,ukraine=linear
    """
    from ..simulate import Negotiation

    scenario = load_or_exit(file)
    assign: dict[str, str] = _pairs(assign_text, "--assign")
    if not assign:
        fail("--assign: give at least one ACTOR=STRATEGY")
    _check_actors(scenario, list(assign), "--assign")
    if default:
        assign = {a: assign.get(a, default) for a in scenario.actor_ids}
    deadlines = _deadlines(deadline_text)
    _check_actors(scenario, list(deadlines), "--deadline")
    sig = _csv_list(signatories)
    if sig:
        _check_actors(scenario, sig, "--signatories")
    with user_errors():
        neg = Negotiation.from_scenario(
            scenario,
            assign,
            protocol=protocol,
            n_rounds=n_rounds,
            seed=seed,
            signatories=sig,
            mediator=mediator,
            deadlines=deadlines,
            partial=not no_partial,
        )
        result = neg.run()
        if csv_path:
            result.to_csv(csv_path)
        if plot_path:
            from ..simulate.plots import plot_result

            try:
                plot_result(result, plot_path)
            except ImportError as err:
                fail(str(err))
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(_render(scenario, result))


def _render(scenario: Scenario, result: object) -> str:
    from ..simulate import SimulationResult

    assert isinstance(result, SimulationResult)
    s = result.summary()
    lines = [
        f"{scenario.title or 'scenario'}: {result.protocol} protocol, seed {result.seed}, "
        f"horizon {result.n_rounds} rounds"
    ]
    lines.append(
        "table: "
        + ", ".join(f"{a}={n}" for a, n in result.strategies.items())
        + (f"; mediator {result.mediator}" if result.mediator else "")
    )
    end = result.ended_by + (f" ({', '.join(result.walked)})" if result.walked else "")
    lines.append(f"outcome: {result.outcome} - ended by {end} in round {result.round}")
    for issue, opt in result.partial.items():
        lines.append(f"  partial: {issue} = {opt} (round {result.partial_rounds[issue]})")
    if result.agreement:
        lines.append("  terms: " + ", ".join(f"{k}={v}" for k, v in result.agreement.items()))
    lines.append("utilities (final; BATNA where no full deal):")
    for a in result.signatories:
        lines.append(f"  {a:<14} {result.utilities[a]:.4f}")
    for tid, v in s["final_tracks"].items():
        frozen = f", frozen in round {result.frozen[tid]}" if tid in result.frozen else ""
        lines.append(f"track {tid}: {v:.3f}{frozen}")
    lines.append(f"{result.n_offers} offers")
    return "\n".join(lines)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--strategies",
    "strategies",
    metavar="NAME,...",
    help="Strategies to compare (default: every registered non-mediator strategy).",
)
@click.option(
    "--assign",
    "assign_mode",
    default="each-actor",
    show_default=True,
    help="'each-actor' (each strategy plays each actor, the others --base), 'all' (every "
    "combination), or explicit runs separated by ';' (russia=staller,ukraine=linear;...).",
)
@click.option("--base", default="linear", show_default=True, help="Strategy of the non-focal actors.")
@click.option("--signatories", metavar="ACTOR,...", help="Actors at the table (default: all).")
@click.option("--seeds", "n_seeds", type=int, default=20, show_default=True, help="Runs per assignment.")
@click.option("--seed", type=int, default=0, show_default=True, help="Master seed.")
@click.option("--protocol", type=_PROTOCOL, default="alternating", show_default=True)
@click.option("--mediator", metavar="STRATEGY", help="Mediator for --protocol single-text.")
@click.option("--rounds", "n_rounds", type=int, default=26, show_default=True)
@click.option(
    "--deadline", "deadline_text", metavar="ACTOR=ROUND|none,...", help="Override actors' deadlines."
)
@click.option(
    "--jobs",
    "n_jobs",
    type=int,
    default=1,
    show_default=True,
    help="Worker processes (tasks with --ray, at least 8).",
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
@click.option("--json", "as_json", is_flag=True, help="Print ranking and records as JSON.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Write the records as CSV.")
def tournament(
    files: tuple[str, ...],
    strategies: str | None,
    assign_mode: str,
    base: str,
    signatories: str | None,
    n_seeds: int,
    seed: int,
    protocol: str,
    mediator: str | None,
    n_rounds: int,
    deadline_text: str | None,
    n_jobs: int,
    ray_address: str | None,
    as_json: bool,
    csv_path: str | None,
) -> None:
    """Strategies x scenarios x seeds: a tidy table of runs and a ranking."""
    from ..simulate import Tournament, filtered_strategies
    from ..simulate.tournament import ray_pool

    scenarios = [load_or_exit(f) for f in files]
    names = _csv_list(strategies) or filtered_strategies(mediator=False)
    assignments: str | list[dict[str, str]] = assign_mode
    if assign_mode not in ("each-actor", "all"):
        assignments = [_pairs(run, "--assign") for run in assign_mode.split(";") if run.strip()]
        for sc in scenarios:
            for a in assignments:
                _check_actors(sc, list(a), "--assign")
    deadlines = _deadlines(deadline_text)
    for sc in scenarios:
        _check_actors(sc, list(deadlines), "--deadline")
    if n_jobs < 1:
        fail(f"--jobs must be at least 1, not {n_jobs}")
    executor = None
    if ray_address is not None:
        try:
            executor = ray_pool(None if ray_address == "local" else ray_address)
        except ImportError as err:
            fail(str(err))
        n_jobs = max(n_jobs, 8)  # tasks for Ray to spread; --jobs sets more
    with user_errors():
        t = Tournament(
            scenarios=scenarios,
            strategies=names,
            n_seeds=n_seeds,
            seed=seed,
            assignments=assignments,
            base=base,
            signatories=_csv_list(signatories),
            protocol=protocol,
            n_rounds=n_rounds,
            mediator=mediator,
            deadlines=deadlines,
            n_jobs=n_jobs,
            executor=executor,
        )
        res = t.run()
        if csv_path:
            res.to_csv(csv_path)
    if as_json:
        echo_json({"ranking": res.ranking, "records": res.records})
        return
    click.echo(
        f"{len({(r['scenario_no'], r['assignment'], r['seed']) for r in res.records})} runs; "
        "ranked by mean gain over the initial BATNA (focal plays)"
    )
    click.echo(
        f"{'rank':>4}  {'strategy':<16} {'runs':>5} {'gain':>8} {'utility':>8} "
        f"{'deal':>6} {'full':>6} {'round':>6}"
    )
    for r in res.ranking:
        click.echo(
            f"{r['rank']:>4}  {r['strategy']:<16} {r['runs']:>5} {r['mean_gain']:>8.4f} "
            f"{r['mean_utility']:>8.4f} {r['any_deal_rate']:>6.2f} {r['agreement_rate']:>6.2f} "
            f"{r['mean_round']:>6.1f}"
        )


COMMANDS = [simulate, tournament]
