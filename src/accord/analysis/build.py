"""Engine outputs -> typed results: the one place where arrays and indices become ids and labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .results import (
    ActorSummary,
    Agreement,
    Clash,
    DealsReport,
    IssueForecast,
    IssueSummary,
    ModelForecast,
    MoveRecord,
    OptionSummary,
    ParetoPoint,
    RoundRecord,
    ScenarioSummary,
    SimulationReport,
    StanceSummary,
    TraceRecord,
)

if TYPE_CHECKING:
    from ..deals import DealAnalysis
    from ..forecast.result import ForecastResult
    from ..scenario import Scenario
    from ..simulate import SimulationResult

__all__ = ["scenario_summary", "model_forecast", "deals_report", "simulation_report"]


def _num(x: float) -> float:
    return float(x)


def scenario_summary(scenario: Scenario) -> ScenarioSummary:
    """The scenario as a :class:`ScenarioSummary` (every actor, issue, stance and source)."""
    total = sum(a.capability for a in scenario.actors) or 1.0
    actors = tuple(
        ActorSummary(a.id, a.name, a.capability, a.capability / total, a.group, getattr(a, "strategy", None))
        for a in scenario.actors
    )
    by_issue: dict[str, list[StanceSummary]] = {i.id: [] for i in scenario.issues}
    for s in scenario.stances:
        rl = s.red_line
        by_issue[s.issue].append(
            StanceSummary(
                s.actor,
                s.position,
                s.salience,
                None if rl is None else (rl.lo, rl.hi),
                s.confidence,
                tuple(s.sources),
            )
        )
    issues = tuple(
        IssueSummary(
            i.id,
            i.name,
            i.parent,
            i.lo,
            i.hi,
            i.status_quo,
            tuple(OptionSummary(o.id, o.label, o.value) for o in i.options),
            tuple(by_issue[i.id]),
        )
        for i in scenario.issues
    )
    clashes = []
    for issue_id, who in scenario.red_line_clashes():
        lines = {}
        for a in who:
            st = scenario.stance(a, issue_id)
            if st is not None and st.red_line is not None:
                lines[a] = (st.red_line.lo, st.red_line.hi)
        clashes.append(Clash(issue_id, tuple(who), lines))
    return ScenarioSummary(
        title=scenario.title or "",
        as_of=scenario.as_of,
        n_actors=scenario.n_actors,
        n_issues=scenario.n_issues,
        n_stances=len(scenario.stances),
        n_sources=len(scenario.sources),
        actors=actors,
        issues=issues,
        sources=tuple(scenario.sources),
        clashes=tuple(clashes),
    )


def model_forecast(scenario: Scenario, res: ForecastResult) -> ModelForecast:
    """A model's :class:`~accord.forecast.ForecastResult` with ids and option labels."""
    actors, issues = scenario.actor_ids, scenario.issue_ids
    out = []
    for k, issue in enumerate(scenario.issues):
        opt = issue.nearest_option(float(res.forecast[k]))
        out.append(
            IssueForecast(
                issue.id,
                _num(res.forecast[k]),
                None if opt is None else opt.id,
                None if opt is None else opt.label,
            )
        )
    trajectory = tuple(
        RoundRecord(
            t,
            {i: _num(res.forecast_by_round[t, k]) for k, i in enumerate(issues)},
            {
                a: {i: _num(res.trajectory[t, n, k]) for k, i in enumerate(issues)}
                for n, a in enumerate(actors)
            },
        )
        for t in range(res.trajectory.shape[0])
    )
    moves = tuple(
        MoveRecord(
            m.round,
            actors[m.actor],
            issues[m.issue],
            float(m.before),
            float(m.after),
            m.reason,
            None if m.counterpart is None else actors[m.counterpart],
            m.detail,
        )
        for m in res.moves
    )
    return ModelForecast(
        res.model, tuple(out), bool(res.converged), int(res.n_rounds), trajectory, moves, res.params
    )


def deals_report(a: DealAnalysis, *, pareto: bool = False) -> DealsReport:
    """A :class:`~accord.deals.DealAnalysis` as a :class:`DealsReport` (the space itself is not kept)."""
    sp = a.space
    meta = sp.metadata
    names = dict(meta.get("issue_names", {}))
    labels = {k: dict(v) for k, v in meta.get("option_labels", {}).items()}
    front: tuple[ParetoPoint, ...] | None = None
    if pareto and a.pareto_indices is not None and a.pareto_utilities is not None:
        front = tuple(
            ParetoPoint(sp.package(int(i)), {x: float(v) for x, v in zip(sp.actors, u, strict=True)})
            for i, u in zip(a.pareto_indices, a.pareto_utilities, strict=True)
        )
    return DealsReport(
        name=sp.name,
        actors=tuple(sp.actors),
        issues=tuple(sp.issues),
        issue_names={i: names.get(i, i) for i in sp.issues},
        option_labels=labels,
        signatories=tuple(sp.signatories),
        disagreement={x: float(d) for x, d in zip(sp.actors, sp.disagreement, strict=True)},
        n_packages=int(a.n_packages),
        n_feasible=a.n_feasible,
        n_acceptable=a.n_acceptable,
        zopa=bool(a.zopa),
        pareto_size=a.pareto_size,
        solutions={**a.solutions, "nash_weighted": a.nash_weighted},
        opening=a.opening,
        cheap_to_cede=tuple(a.cheap_to_cede),
        logrolls=tuple(a.logrolls),
        notes=tuple(a.notes),
        pareto=front,
        openings=tuple(a.openings),
        n_feasible_at_most=a.n_feasible_at_most,
        constraints=tuple(f.note or f"{f.issues[0]} / {f.issues[1]}" for f in sp.forbidden),
    )


def simulation_report(result: SimulationResult) -> SimulationReport:
    """A :class:`~accord.simulate.SimulationResult` with its tidy trace as a :class:`SimulationReport`."""
    s: dict[str, Any] = result.summary()
    parties = tuple(result.signatories)
    agreements = [
        Agreement(int(r), {issue: result.partial[issue]}, parties)
        for issue, r in result.partial_rounds.items()
    ]
    if result.agreement is not None:
        agreements.append(Agreement(int(result.round), dict(result.agreement), parties))
    agreements.sort(key=lambda g: g.round)
    return SimulationReport(
        protocol=result.protocol,
        seed=int(result.seed),
        n_rounds=int(result.n_rounds),
        table=dict(result.strategies),
        signatories=parties,
        mediator=result.mediator,
        outcome=result.outcome,
        ended_by=result.ended_by,
        round=int(result.round),
        agreement=None if result.agreement is None else dict(result.agreement),
        agreements=tuple(agreements),
        walked=tuple(result.walked),
        frozen={k: int(v) for k, v in result.frozen.items()},
        utilities={k: float(v) for k, v in result.utilities.items()},
        final_tracks={k: float(v) for k, v in s["final_tracks"].items()},
        n_offers=int(result.n_offers),
        trace=tuple(TraceRecord(**rec) for rec in result.records()),
    )


def finite_or_none(x: float) -> float | None:
    """``x`` or None where it is not finite (for fields that are optional numbers)."""
    return float(x) if np.isfinite(x) else None
