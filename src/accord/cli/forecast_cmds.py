"""Commands on forecasts: ``forecast`` (run models on a scenario) and ``backtest`` (score them on DEU)."""

from __future__ import annotations

from typing import Any

import click
import numpy as np

from ..forecast.registry import MODELS, run_model
from ..forecast.result import ForecastResult
from ._common import echo_json, fail, load_or_exit, user_errors

__all__ = ["COMMANDS", "forecast_to_dict"]


def _num(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def forecast_to_dict(scenario: Any, res: ForecastResult) -> dict[str, Any]:
    """A forecast result as plain JSON-able data, with ids instead of indices.

    Keys: ``model``, ``issues`` ([{id, forecast, nearest_option (id), nearest_option_label}]),
    ``converged``, ``n_rounds``, ``trajectory`` (per round: the forecast per issue and every actor's
    position per issue), ``moves`` (the explanation trail) and ``params``.
    """
    actors, issues = scenario.actor_ids, scenario.issue_ids
    out_issues = []
    for k, issue in enumerate(scenario.issues):
        opt = issue.nearest_option(float(res.forecast[k]))
        out_issues.append(
            {
                "id": issue.id,
                "forecast": _num(res.forecast[k]),
                "nearest_option": None if opt is None else opt.id,
                "nearest_option_label": None if opt is None else opt.label,
            }
        )
    trajectory = []
    for t in range(res.trajectory.shape[0]):
        trajectory.append(
            {
                "round": t,
                "forecast": {i: _num(res.forecast_by_round[t, k]) for k, i in enumerate(issues)},
                "positions": {
                    a: {i: _num(res.trajectory[t, n, k]) for k, i in enumerate(issues)}
                    for n, a in enumerate(actors)
                },
            }
        )
    moves = [
        {
            "round": m.round,
            "actor": actors[m.actor],
            "issue": issues[m.issue],
            "before": m.before,
            "after": m.after,
            "reason": m.reason,
            "counterpart": None if m.counterpart is None else actors[m.counterpart],
            "detail": m.detail,
        }
        for m in res.moves
    ]
    return {
        "model": res.model,
        "issues": out_issues,
        "converged": res.converged,
        "n_rounds": res.n_rounds,
        "trajectory": trajectory,
        "moves": moves,
        "params": res.params,
    }


def _plot(scenario: Any, results: list[ForecastResult], path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        fail("--plot needs matplotlib (pip install 'accord[plots]')")
        return
    n = scenario.n_issues
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.5 * cols, 3.2 * rows), squeeze=False)
    for k, issue in enumerate(scenario.issues):
        ax = axes[k // cols][k % cols]
        if len(results) == 1:
            # One model: every actor's path, and the forecast in black.
            res = results[0]
            for a in range(scenario.n_actors):
                if np.isfinite(res.trajectory[:, a, k]).any():
                    ax.plot(res.trajectory[:, a, k], lw=0.8, alpha=0.6)
            ax.plot(res.forecast_by_round[:, k], color="black", lw=2.0, label=f"{res.model} forecast")
        else:
            for res in results:
                ax.plot(res.forecast_by_round[:, k], marker="o", ms=3, label=res.model)
        ax.set_title(issue.name, fontsize=9)
        ax.set_xlabel("round")
        ax.set_ylim(issue.lo, issue.hi)
        if k == 0:
            ax.legend(fontsize=7)
    for k in range(n, rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--model",
    "model",
    default="all",
    show_default=True,
    type=click.Choice([*MODELS, "all"]),
    help="Forecast model to run, or all of them.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result(s) as JSON, trajectory included.")
@click.option("--seed", type=int, default=None, help="Seed for models with randomness.")
@click.option(
    "--plot",
    "plot",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write a PNG of the round-by-round trajectory.",
)
def forecast(file: str, model: str, as_json: bool, seed: int | None, plot: str | None) -> None:
    """Forecast the outcome of every issue of a scenario FILE.

    Models: compromise, median, eum (Bueno de Mesquita), exchange (Stokman), nash, and any other
    registered model; --model all runs every one. Convert other tools' files with ``accord import``.
    """
    scenario = load_or_exit(file)
    names = list(MODELS) if model == "all" else [model]
    results: list[ForecastResult] = []
    errors: dict[str, str] = {}
    with user_errors():
        for name in names:
            try:
                results.append(run_model(name, scenario, seed))
            except ValueError as e:
                if model != "all":
                    raise
                errors[name] = str(e)
        if plot:
            _plot(scenario, results, plot)
    if as_json:
        if model == "all":
            echo_json({"models": [forecast_to_dict(scenario, r) for r in results], "errors": errors})
        else:
            echo_json(forecast_to_dict(scenario, results[0]))
        return
    width = max([len(i.id) for i in scenario.issues] + [5])
    click.echo(f"{'issue':<{width}}" + "".join(f"{r.model:>12}" for r in results))
    for k, issue in enumerate(scenario.issues):
        click.echo(f"{issue.id:<{width}}" + "".join(f"{r.forecast[k]:>12.2f}" for r in results))
    click.echo(
        f"{'rounds':<{width}}"
        + "".join(f"{str(r.n_rounds) + ('' if r.converged else '*'):>12}" for r in results)
    )
    if any(not r.converged for r in results):
        click.echo("* stopped at the round cap without meeting the convergence rule")
    if len(results) == 1 and results[0].moves:
        click.echo(f"{len(results[0].moves)} moves; the first ones:")
        for m in results[0].moves[:10]:
            click.echo(
                f"  round {m.round}: {scenario.actor_ids[m.actor]} on {scenario.issue_ids[m.issue]} "
                f"{m.before:.2f} -> {m.after:.2f} ({m.reason}): {m.detail}"
            )
    for name, msg in errors.items():
        click.echo(f"{name}: not run: {msg}", err=True)


@click.command()
@click.argument("deu_tsv", metavar="DEU_TSV", type=click.Path(dir_okay=False))
@click.option(
    "--models",
    "models",
    default=None,
    help="Comma-separated models (default: every registered model; compromise always runs). "
    "Also accepts the dev-tuned variant nash_worst_linear.",
)
@click.option(
    "--capability",
    type=click.Choice(["equal", "gdp"]),
    default="equal",
    show_default=True,
    help="Equal capabilities or the DEU GDP weight row.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option("--n-boot", type=int, default=2000, show_default=True, help="Bootstrap resamples.")
def backtest(
    deu_tsv: str,
    models: str | None,
    capability: str,
    as_json: bool,
    seed: int,
    n_boot: int,
) -> None:
    """Score forecast models on the real outcomes of a DEU file.

    Per model: issues scored, mean absolute error (0-100 scale) and the paired difference to the
    compromise model (negative: better) with a bootstrap 95% interval.
    """
    from ..forecast.backtest import backtest as run_backtest

    names = None if models is None else [m.strip() for m in models.split(",") if m.strip()]
    with user_errors():
        if n_boot < 1:
            raise ValueError("--n-boot must be at least 1")
        result = run_backtest(deu_tsv, names, capability, n_boot=n_boot, seed=seed)  # type: ignore[arg-type]
    if as_json:
        echo_json(result)
        return
    click.echo(f"{result['n_issues']} issues, capability {capability}")
    click.echo(f"{'model':<20}{'n':>5}{'MAE':>8}   diff vs compromise [95% CI]")
    for section in ("models", "references"):
        for name, e in result[section].items():
            ci = e.get("diff_vs_compromise")
            diff = "" if ci is None else f"{e['diff_mean']:+7.2f} [{ci[0]:+.2f}, {ci[1]:+.2f}]"
            mae = "-" if e["mae"] is None else f"{e['mae']:.2f}"
            click.echo(f"{name:<20}{e['n']:>5}{mae:>8}   {diff}")
        if section == "models":
            click.echo("references:")
    for name, errs in result["errors"].items():
        click.echo(f"{name}: failed on {len(errs)} issue(s), e.g. {errs[0]}", err=True)


COMMANDS = [forecast, backtest]
