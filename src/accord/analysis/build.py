"""Engine outputs -> typed results: the one place where arrays and indices become ids and labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
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
    TimelineEntry,
    TraceRecord,
)

if TYPE_CHECKING:
    from ..deals import DealAnalysis
    from ..forecast.result import ForecastResult
    from ..scenario import Scenario
    from ..simulate import SimulationResult

__all__ = ["scenario_summary", "scenario_clashes", "model_forecast", "deals_report", "simulation_report"]


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
    clashes = scenario_clashes(scenario)
    moved: tuple[TimelineEntry, ...] = ()
    if any(s.history for s in scenario.stances):
        from ..text.timeline import timeline  # only a scenario with a history pays for the import

        with_history = {(s.actor, s.issue) for s in scenario.stances if s.history}
        moved = tuple(e for e in timeline(scenario).entries if (e.actor, e.issue) in with_history)
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
        timeline=moved,
    )


def scenario_clashes(scenario: Scenario, signatories: Sequence[str] | None = None) -> list[Clash]:
    """The issues where no outcome respects every red line (of ``signatories``, default every actor)."""
    who = None if signatories is None else set(signatories)
    clashes = []
    for issue_id, actors in scenario.red_line_clashes():
        lines = {}
        for a in actors:
            st = scenario.stance(a, issue_id)
            if st is not None and st.red_line is not None:
                lines[a] = (st.red_line.lo, st.red_line.hi)
        if who is None or any(a in who for a in actors):
            clashes.append(Clash(issue_id, tuple(actors), lines))
    return clashes


def model_forecast(
    scenario: Scenario,
    res: ForecastResult,
    *,
    respect: bool = False,
    signatories: Sequence[str] | None = None,
) -> ModelForecast:
    """A model's :class:`~accord.forecast.ForecastResult` with ids, option labels and red-line crossings.

    ``respect``: also project each issue's forecast onto the outcomes the red lines of ``signatories``
    (default every actor) allow (:func:`accord.forecast.respect.respect`).
    """
    from ..forecast.respect import crossings
    from ..forecast.respect import respect as project

    actors, issues = scenario.actor_ids, scenario.issue_ids
    values = {i: float(res.forecast[k]) for k, i in enumerate(issues)}
    projected = project(scenario, values, signatories) if respect else {}
    out = []
    for k, issue in enumerate(scenario.issues):
        opt = issue.nearest_option(values[issue.id])
        f = IssueForecast(
            issue.id,
            _num(res.forecast[k]),
            None if opt is None else opt.id,
            None if opt is None else opt.label,
            crosses=crossings(scenario, issue.id, values[issue.id]),
        )
        p = projected.get(issue.id)
        if p is not None:
            popt = None if p.value is None else issue.nearest_option(p.value)
            clash = None
            if p.clash:
                lines = {}
                for a in p.clash:
                    st = scenario.stance(a, issue.id)
                    if st is not None and st.red_line is not None:
                        lines[a] = (st.red_line.lo, st.red_line.hi)
                clash = Clash(issue.id, p.clash, lines)
            f = replace(
                f,
                respected=p.value,
                respected_option=None if popt is None else popt.id,
                respected_option_label=None if popt is None else popt.label,
                respected_crosses=() if p.value is None else crossings(scenario, issue.id, p.value),
                clash=clash,
                linked=p.linked,
                violates=p.violates,
            )
        out.append(f)
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
        res.model,
        tuple(out),
        bool(res.converged),
        int(res.n_rounds),
        trajectory,
        moves,
        res.params,
        n_crossings=sum(len(f.crosses) for f in out),
        n_crossings_respected=(
            sum(len(f.respected_crosses) for f in out if f.respected is not None) if respect else None
        ),
        n_clashes=sum(f.clash is not None for f in out),
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


def simulation_report(result: SimulationResult, scenario: Scenario | None = None) -> SimulationReport:
    """A :class:`~accord.simulate.SimulationResult` with its tidy trace as a :class:`SimulationReport`.

    With the ``scenario`` (and its ``as_of``), rounds are given their dates too.
    """
    s: dict[str, Any] = result.summary()
    parties = tuple(result.signatories)
    date = _round_dater(scenario)
    agreements = [
        Agreement(
            int(r), {issue: result.partial[issue]}, tuple(result.partial_parties.get(issue, parties)), date(r)
        )
        for issue, r in result.partial_rounds.items()
    ]
    if result.agreement is not None:
        agreements.append(Agreement(int(result.round), dict(result.agreement), parties, date(result.round)))
    agreements.sort(key=lambda g: g.round)  # stable: settled in the same round, in issue order
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
        start_date=date(0),
        horizon_date=date(result.n_rounds),
        end_date=date(result.round),
        clocks=dict(result.clocks),
    )


def _round_dater(scenario: Scenario | None) -> Callable[[int], str | None]:
    """Round -> the ISO date it ends on, or always None without a scenario with a usable ``as_of``."""
    if scenario is None:
        return lambda r: None
    try:
        _ = scenario.start_date
    except InputError:
        return lambda r: None

    def date(r: int) -> str | None:
        try:
            return scenario.round_date(int(r)).isoformat()
        except (OverflowError, ValueError):  # past year 9999
            return None

    return date


def finite_or_none(x: float) -> float | None:
    """``x`` or None where it is not finite (for fields that are optional numbers)."""
    return float(x) if np.isfinite(x) else None
