"""Analysis pages: start background jobs, follow and cancel them, and read stored runs.

A run is shown by its document kind: forecasts per issue and model with trajectories and every actor's
moves ("why did this actor move"), the deal space with its Pareto frontier, and a simulation replayed
round by round with its tracks. Figures come from :mod:`accord.report.figures`, the same as the report.
"""

from __future__ import annotations

import itertools
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import InputError
from ..report import figures
from .app import ctx_of, render
from .security import check_csrf
from .service import form_fields

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_fig_ids = itertools.count(1)


def _fid() -> str:
    return f"fig{next(_fig_ids)}"


def _choices() -> dict[str, list[str]]:
    from ..registry import MODELS, PROTOCOLS, STRATEGIES

    return {"models": MODELS.listed(), "strategies": STRATEGIES.names(), "protocols": PROTOCOLS.names()}


@router.get("/scenarios/{scenario_id}/analyses", response_class=HTMLResponse)
def analyses(request: Request, scenario_id: int) -> HTMLResponse:
    """The forms that start analyses, the jobs under way, and the stored runs."""
    ctx = ctx_of(request)
    rec = ctx.store.get_scenario(scenario_id, parse=True)
    runs = list(reversed(ctx.store.runs(scenario_id)))
    from ..simulate import default_strategies

    return render(
        request,
        "analyses.html",
        rec=rec,
        sc=rec.scenario,
        declared=default_strategies(rec.scenario),
        choices=_choices(),
        jobs=ctx.jobs.jobs(scenario_id)[:8],  # the newest: those under way, and how the last ones ended
        runs=runs,
    )


def _spec(kind: str, fields: dict[str, str], multi: dict[str, list[str]]) -> dict[str, Any]:
    """The job's spec from the form (names checked by the analysis layer when it runs)."""
    spec: dict[str, Any] = {}
    if kind in ("forecast", "analysis") and multi.get("models"):
        spec["models"] = multi["models"]
    if kind == "deals":
        spec["loss"] = fields.get("loss", "linear")
        if multi.get("signatories"):
            spec["signatories"] = multi["signatories"]
    if kind == "simulation":
        spec["strategies"] = {
            k[len("strategy.") :]: v for k, v in fields.items() if k.startswith("strategy.") and v
        }
        spec["protocol"] = fields.get("protocol", "alternating")
        rounds = fields.get("rounds", "26").strip() or "26"
        if not rounds.isdigit() or not 1 <= int(rounds) <= 1000:
            raise InputError.single(
                "rounds", f"expected a whole number of rounds from 1 to 1000, got {rounds!r}"
            )
        spec["rounds"] = int(rounds)
    return spec


@router.post("/scenarios/{scenario_id}/jobs", dependencies=[Depends(check_csrf)])
async def start(request: Request, scenario_id: int) -> Response:
    """Start a job from a form; htmx gets the job's live panel, a plain form post the analyses page."""
    ctx = ctx_of(request)
    form = await request.form()
    fields = form_fields(form)
    multi = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in ("models", "signatories")}
    kind = fields.get("kind", "")
    seed_text = fields.get("seed", "0").strip() or "0"
    if not seed_text.lstrip("-").isdigit():
        raise InputError.single("seed", f"expected a whole number, got {seed_text!r}")
    rec = ctx.store.get_scenario(scenario_id, parse=True)
    job = ctx.jobs.submit(kind, rec.id, rec.version, rec.scenario, _spec(kind, fields, multi), int(seed_text))
    if request.headers.get("hx-request") != "true":
        return RedirectResponse(f"/scenarios/{scenario_id}/analyses", status_code=303)
    return render(request, "_job.html", job=job)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_panel(request: Request, job_id: int) -> HTMLResponse:
    """A job's live panel (htmx polls it while the job runs)."""
    job = ctx_of(request).jobs.get(job_id)
    if job is None:
        from ..store import NotFound

        raise NotFound("job", job_id)
    return render(request, "_job.html", job=job)


@router.post("/jobs/{job_id}/cancel", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def cancel(request: Request, job_id: int) -> HTMLResponse:
    """Cancel a job; its panel says so."""
    job = ctx_of(request).jobs.cancel(job_id)
    if job is None:
        from ..store import NotFound

        raise NotFound("job", job_id)
    return render(request, "_job.html", job=job)


def _forecast_ctx(
    doc: Any, summary: Any, issue: str | None, model: str | None, actor: str | None
) -> dict[str, Any]:
    issues = [i.id for i in summary.issues]
    chosen_issue: str = issue if issue in issues and issue is not None else issues[0]
    issue = chosen_issue
    names = [m.model for m in doc.models]
    dynamic = [m.model for m in doc.models if len(m.trajectory) > 1] or names
    model = model if model in names else dynamic[0] if dynamic else None
    chosen = next((m for m in doc.models if m.model == model), None)
    moves = (
        []
        if chosen is None
        else [mv for mv in chosen.moves if mv.issue == issue and (not actor or mv.actor == actor)]
    )
    return {
        "doc": doc,
        "issue": issue,
        "model": model,
        "actor": actor or "",
        "issues": summary.issues,
        "actors": [a.id for a in summary.actors],
        "names": names,
        "traj": figures.issue_trajectories(doc.models, summary, chosen_issue) if doc.models else None,
        "paths": None if chosen is None else figures.actor_paths(chosen, summary, chosen_issue),
        "moves": moves,
        "row": {m.model: next((f for f in m.issues if f.id == issue), None) for m in doc.models},
    }


def _scenario_summary(ctx: Any, run: Any) -> Any:
    from ..analysis.build import scenario_summary

    return scenario_summary(ctx.store.get_scenario(run.scenario_id, run.version, parse=True).scenario)


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(
    request: Request,
    run_id: int,
    part: str | None = None,
    issue: str | None = None,
    model: str | None = None,
    actor: str | None = None,
    x: str | None = None,
    y: str | None = None,
    round: int | None = None,  # noqa: A002 - the query parameter's name
) -> HTMLResponse:
    """A stored run: forecasts, deal space, simulation replay, or (an analysis) any of the three."""
    ctx = ctx_of(request)
    run = ctx.store.get_run(run_id)
    doc = run.document()
    parts = {"forecast": doc} if run.kind == "forecast" else {"deals": doc} if run.kind == "deals" else {}
    if run.kind == "simulation":
        parts = {"simulation": doc}
    if run.kind == "analysis":
        parts = {
            k: v
            for k, v in (("forecast", doc.forecasts), ("deals", doc.deals), ("simulation", doc.simulation))
            if v is not None
        }
    if not parts:
        raise InputError.single("run", f"run {run_id} holds nothing to show")
    part = part if part in parts else next(iter(parts))
    body: dict[str, Any] = {"part": part, "parts": list(parts), "run": run, "fid": _fid}
    shown = parts[part]
    if part == "forecast":
        body.update(_forecast_ctx(shown, _scenario_summary(ctx, run), issue, model, actor))
    elif part == "deals":
        body.update(_deals_ctx(shown, x, y))
    else:
        body.update(_sim_ctx(shown, round))
    template = f"run_{part}.html"
    if request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "view":
        template = f"_{part}.html"
    return render(request, template, **body)


def _deals_ctx(doc: Any, x: str | None, y: str | None) -> dict[str, Any]:
    actors = list(doc.actors)
    first = [*doc.signatories, *actors]  # the signatories' trade-off is the one a frontier is about
    xa: str = x if x is not None and x in actors else first[0]
    ya: str = y if y is not None and y in actors and y != xa else next((a for a in first if a != xa), xa)
    x, y = xa, ya
    pareto = bool(doc.pareto)
    return {
        "doc": doc,
        "x": x,
        "y": y,
        "actors": actors,
        "pair": figures.frontier_pairs(doc, xa, ya) if pareto else None,
        "spread": figures.frontier_spread(doc) if pareto else None,
        "utilities": figures.solution_utilities(doc),
    }


def _sim_ctx(doc: Any, r: int | None) -> dict[str, Any]:
    last = max([e.round for e in doc.trace], default=0)
    r = last if r is None else max(0, min(int(r), last))
    events = [e for e in doc.trace if e.round == r]
    tracks = {}
    for e in doc.trace:
        if e.event == "track" and e.round <= r and e.value is not None:
            tracks[e.subject] = e.value
    return {
        "doc": doc,
        "round": r,
        "last": last,
        "events": events,
        "tracks_now": tracks,
        "agreed": [g for g in doc.agreements if g.round <= r],
        "curves": figures.concession_curves(doc, upto=r),
        "track_figs": figures.track_figures(doc, upto=r),
    }
