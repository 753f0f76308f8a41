"""The outlook: will there be a deal, on which issues, by when, and what holds until then.

The talks are played forward many times (:class:`~accord.simulate.Negotiation`), each run with its own
seed (the tracks' noise), its own draw of strategies from a mix around each actor's declared strategy,
and, where the scenario carries uncertainty, its own draw of the uncertain inputs. Per issue the outlook
reports the share of runs in which the issue is settled by the date (``p_agreement``), the options agreed
and how often, and the expected state at the date: the agreed option's value where settled, the status
quo where not. It answers "if agreed, what?" *and* "will it be agreed?", which a single forecast cannot.

The strategy mix is documented, not hidden: each actor plays its declared strategy (the scenario's
``strategy`` field, else :data:`accord.simulate.DEFAULT_STRATEGY`) with probability ``p_declared``
(default 0.5), and otherwise one of the registered negotiating strategies, uniformly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from ..limits import MAX_ROUNDS, MAX_RUNS, check
from .results import IssueOutlook, OutlookPoint, OutlookReport

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["IssueOutlook", "OutlookPoint", "OutlookReport", "outlook", "strategy_mix"]


def strategy_mix(scenario: Scenario, p_declared: float = 0.5) -> dict[str, dict[str, float]]:
    """Per actor, the probability of each strategy: the declared one, then the others uniformly."""
    from ..simulate import default_strategies, filtered_strategies

    if not 0.0 <= p_declared <= 1.0:
        raise InputError.single("--p-declared", f"must be in [0, 1], not {p_declared}")
    names = filtered_strategies(mediator=False)
    out: dict[str, dict[str, float]] = {}
    for actor, declared in default_strategies(scenario).items():
        others = [n for n in names if n != declared]
        mix = {declared: p_declared} if others else {declared: 1.0}
        for n in others:
            mix[n] = mix.get(n, 0.0) + (1.0 - p_declared) / len(others)
        out[actor] = {k: v for k, v in mix.items() if v > 0}
    return out


def _round_date(scenario: Scenario, r: int) -> str | None:
    fn = getattr(scenario, "round_date", None)
    if fn is None or scenario.as_of is None:
        return None
    return str(fn(r))


def _by_round(scenario: Scenario, by: str | int | None, default: int) -> int:
    if by is None:
        return default
    if isinstance(by, int) or str(by).isdigit():
        r = int(by)
    else:
        fn = getattr(scenario, "round_of", None)
        if fn is None or scenario.as_of is None:
            raise InputError.single(
                "--by", "a date needs the scenario's as_of (and round length); give a round"
            )
        try:
            r = int(fn(str(by)))
        except (ValueError, TypeError) as err:
            raise InputError.single("--by", f"{by!r} is not a date (YYYY-MM-DD): {err}") from None
    if r < 1:
        raise InputError.single("--by", f"{by} is not after the scenario's as_of date")
    return r


def outlook(
    scenario: Scenario,
    by: str | int | None = None,
    *,
    n_runs: int = 200,
    seed: int = 0,
    p_declared: float = 0.5,
    table: Sequence[str] | None = None,
    deadlines: dict[str, int | None] | None = None,
    patience: int | Mapping[str, int | None] | None = None,
    noise: bool = True,
    default_rounds: int = 26,
    max_rounds: int = MAX_ROUNDS,
    max_runs: int = MAX_RUNS,
    progress: Callable[..., None] | None = None,
) -> OutlookReport:
    """Play the talks forward ``n_runs`` times and report, per issue, the chance of agreement by ``by``.

    Parameters
    ----------
    scenario : Scenario
    by : str or int, optional
        A date (``YYYY-MM-DD``, mapped to a round from the scenario's ``as_of`` and round length) or a
        round number; default ``default_rounds``.
    n_runs : int
        Simulated runs (at most ``max_runs``).
    seed : int
        Every run's seed, strategies and draws follow from it.
    p_declared : float
        Probability that an actor plays its declared strategy (see :func:`strategy_mix`).
    table : sequence of str, optional
        Who negotiates (default: every actor).
    deadlines : dict, optional
        Per-actor deadline overrides (a round, or None for no deadline).
    patience : int or mapping, optional
        Concession clock, in rounds, of actors without a deadline (one for all, or per actor), as in
        :func:`accord.analysis.simulate`; default each actor's declared patience.
    noise : bool
        Draw the scenario's uncertain inputs per run, where it declares any.
    max_rounds, max_runs : int
        Limits on the horizon and the number of runs (:mod:`accord.limits`).
    progress : callable, optional
        ``progress(n, total=None)`` for a progress bar.
    """
    from ..deals import deal_space_from_scenario
    from ..simulate import Negotiation
    from ..simulate.arena import Arena

    if n_runs < 1:
        raise InputError.single("--runs", f"must be at least 1, not {n_runs}")
    check(n_runs, max_runs, "--runs", "--max-runs", "runs")
    horizon = _by_round(scenario, by, default_rounds)
    check(horizon, max_rounds, "--by" if by is not None else "--rounds", "--max-rounds", "rounds")
    mix = strategy_mix(scenario, p_declared)
    seats = list(table) if table else list(scenario.actor_ids)
    unknown = [a for a in seats if a not in scenario.actor_ids]
    if unknown:
        raise InputError.single("--table", f"unknown actor(s) {', '.join(unknown)}")
    sampler = _sampler(scenario, n_runs, seed) if noise else None
    space = deal_space_from_scenario(scenario)
    arena = Arena(space, saliences=np.maximum(np.array(scenario.saliences), 0.0))
    n_k = space.n_issues
    settled_round = np.full((n_runs, n_k), -1, dtype=np.int64)
    settled_option = np.full((n_runs, n_k), -1, dtype=np.int64)
    full_round = np.full(n_runs, -1, dtype=np.int64)
    any_round = np.full(n_runs, -1, dtype=np.int64)
    root = np.random.SeedSequence(seed)
    if progress is not None:
        progress(0, total=n_runs)
    for i, child in enumerate(root.spawn(n_runs)):
        rng = np.random.default_rng(child)
        strategies = {a: _draw(mix[a], rng) for a in seats}
        run_seed = int(rng.integers(2**31 - 1))
        if sampler is not None:
            sc = sampler(i)
            neg = Negotiation.from_scenario(
                sc, strategies, n_rounds=horizon, seed=run_seed, deadlines=deadlines or {}, patience=patience
            )
        else:
            neg = Negotiation.from_scenario(
                scenario,
                strategies,
                n_rounds=horizon,
                seed=run_seed,
                space=space,
                arena=arena,
                deadlines=deadlines or {},
                patience=patience,
            )
        res = neg.run()
        for issue, r in res.partial_rounds.items():
            k = space.issues.index(issue)
            settled_round[i, k] = r
            settled_option[i, k] = space.options[k].index(res.partial[issue])
        if res.agreement is not None:
            full_round[i] = res.round
            for issue, opt in res.agreement.items():
                k = space.issues.index(issue)
                if settled_round[i, k] < 0:
                    settled_round[i, k] = res.round
                    settled_option[i, k] = space.options[k].index(opt)
        done = settled_round[i][settled_round[i] >= 0]
        any_round[i] = done.min() if done.size else -1
        if progress is not None:
            progress(1)
    return _report(
        scenario,
        space,
        seed,
        n_runs,
        horizon,
        sampler is not None,
        mix,
        settled_round,
        settled_option,
        full_round,
        any_round,
    )


def _draw(mix: dict[str, float], rng: np.random.Generator) -> str:
    names = list(mix)
    p = np.array([mix[n] for n in names])
    return names[int(rng.choice(len(names), p=p / p.sum()))]


def _sampler(scenario: Scenario, n_runs: int, seed: int) -> Callable[[int], Scenario] | None:
    """A function giving run ``i``'s scenario, drawn from the scenario's uncertain inputs.

    The inputs are those :func:`accord.uncertainty.build_problem` finds: the ``uncertainty`` section and
    a spread around every stance from its stated confidence, so that a low-confidence stance moves more
    between runs than a well-sourced one. None when nothing is uncertain.
    """
    from ..uncertainty import build_problem, sample
    from ..uncertainty.apply import scenario_at

    problem = build_problem(scenario)
    if problem.n_variables == 0:
        return None
    # A design of its own seed (derived from ``seed``): the strategy draws stay as they were without noise.
    design = sample(problem, n_runs, "random", seed=int(np.random.SeedSequence(seed).generate_state(1)[0]))

    def at(i: int) -> Scenario:
        return scenario_at(scenario, problem, design.values[i])

    return at


def _report(
    scenario: Scenario,
    space: Any,
    seed: int,
    n_runs: int,
    horizon: int,
    noise: bool,
    mix: dict[str, dict[str, float]],
    settled_round: np.ndarray,
    settled_option: np.ndarray,
    full_round: np.ndarray,
    any_round: np.ndarray,
) -> OutlookReport:
    issues = []
    for k, issue in enumerate(space.issues):
        ok = settled_round[:, k] >= 0
        counts = np.bincount(settled_option[ok, k], minlength=len(space.options[k]))
        options = {space.options[k][j]: float(c / n_runs) for j, c in enumerate(counts) if c}
        sq = float(space.status_quo[k])
        values = space.option_values[k]
        per_run = np.where(ok, values[np.maximum(settled_option[:, k], 0)], sq)
        expected = float(per_run.mean()) if np.isfinite(per_run).all() else None
        best = int(np.argmax(counts)) if counts.any() else None
        issues.append(
            IssueOutlook(
                issue=issue,
                p_agreement=float(ok.mean()),
                expected=expected,
                status_quo=sq if np.isfinite(sq) else None,
                options=options,
                most_likely=None if best is None else space.options[k][best],
                p_most_likely=0.0 if best is None else float(counts[best] / n_runs),
                median_round=float(np.median(settled_round[ok, k])) if ok.any() else None,
            )
        )
    curve = tuple(
        OutlookPoint(
            r,
            _round_date(scenario, r),
            float(((any_round >= 0) & (any_round <= r)).mean()),
            float(((full_round >= 0) & (full_round <= r)).mean()),
        )
        for r in range(1, horizon + 1)
    )
    return OutlookReport(
        seed=seed,
        n_runs=n_runs,
        by_round=horizon,
        by_date=_round_date(scenario, horizon),
        noise=noise,
        mix=mix,
        p_any_agreement=float((any_round >= 0).mean()),
        p_full_agreement=float((full_round >= 0).mean()),
        issues=tuple(issues),
        curve=curve,
    )
