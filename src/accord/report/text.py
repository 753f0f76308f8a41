"""Terminal text for every typed result: one renderer per result kind, chosen by :func:`render`.

Tables go through ``rich`` (fixed width, no colour when the output is not a terminal), so columns line up
whatever the names; everything else is plain lines that read well in a log or an email.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from typing import Any

from ..analysis.results import (
    Analysis,
    BacktestReport,
    DealsReport,
    Document,
    ForecastReport,
    ImportReport,
    OutlookReport,
    ScenarioSummary,
    SimulationReport,
    TournamentReport,
    ValidationReport,
)
from .deals_text import render_deals

__all__ = ["render", "table"]


def _fmt(x: float | None) -> str:
    if x is None or not math.isfinite(x):
        return "-"
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def table(headers: list[str], rows: list[list[str]], title: str | None = None, right: int = 1) -> str:
    """A plain-text table (rich, no colour); columns from ``right`` on are right-aligned."""
    from rich.box import SIMPLE_HEAD
    from rich.console import Console
    from rich.table import Table

    # The title is a plain line: rich wraps a title to the table's width.
    t = Table(box=SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for j, h in enumerate(headers):
        t.add_column(h, justify="right" if j >= right else "left", no_wrap=True)
    for row in rows:
        t.add_row(*row)
    buf = io.StringIO()
    Console(file=buf, width=400, color_system=None, force_terminal=False, legacy_windows=False).print(t)
    body = "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
    return (title + "\n" if title else "") + body


def render_validation(r: ValidationReport) -> str:
    """``accord validate``: the verdict line (problems go to stderr from the CLI)."""
    n_warn = sum(p.severity == "warning" for p in r.problems)
    if not r.valid and n_warn == len(r.problems):
        return f"{n_warn} warning(s) with --strict: {r.file} is not valid\n"
    if not r.valid:
        return f"{r.file}: not valid ({len(r.problems)} problem(s))\n"
    return (
        f"{r.file}: valid ({r.n_actors} actors, {r.n_issues} issues, {r.n_stances} stances, "
        f"{r.n_sources} sources, {n_warn} warning(s))\n"
    )


def render_import(r: ImportReport) -> str:
    """``accord import``: what was written."""
    if r.n_scenarios > 1:
        return f"wrote {r.n_scenarios} scenarios to {r.written[0].rsplit('/', 1)[0]}/\n"
    return f"wrote {r.written[0]} ({r.n_actors} actors, {r.n_issues} issues)\n"


def render_sources(s: ScenarioSummary) -> str:
    """Every stance with its confidence and the sources it rests on, then the source list."""
    rows = [
        [
            issue.id,
            st.actor,
            _fmt(st.position),
            _fmt(st.salience),
            st.confidence or "-",
            ", ".join(st.sources),
        ]
        for issue in s.issues
        for st in issue.stances
    ]
    out = [
        table(
            ["issue", "actor", "position", "salience", "confidence", "sources"],
            rows,
            "Stances and their sources",
        )
    ]
    out.append("Sources")
    for src in s.sources:
        when = f" ({src.date})" if src.date else ""
        out.append(f"  {src.id:<5} {src.publication}{when}" + (f" {src.url}" if src.url else ""))
        if src.quote:
            out.append(f'        "{src.quote}"')
    return "\n".join(out) + "\n"


def render_scenario(s: ScenarioSummary, sources: bool = False) -> str:
    """Who is at the table, who stands where, and the red lines that clash (``sources``: and why)."""
    head = (s.title or "Scenario") + (f" (as of {s.as_of})" if s.as_of else "")
    out = [head, "=" * len(head)]
    out.append(f"{s.n_actors} actors, {s.n_issues} issues, {s.n_stances} stances, {s.n_sources} sources\n")
    rows = [
        [a.id, a.name[:40], f"{100 * a.share:.1f}%", a.strategy or ""]
        for a in sorted(s.actors, key=lambda a: -a.capability)
    ]
    out.append(table(["actor", "name", "capability", "strategy"], rows, "Actors", right=2))
    ids = [a.id for a in s.actors]
    grid = []
    for issue in s.issues:
        cells = {
            st.actor: f"{_fmt(st.position)}/{_fmt(st.salience)}{'*' if st.red_line else ''}"
            for st in issue.stances
        }
        grid.append([issue.id, *(cells.get(a, ".") for a in ids)])
    out.append(
        table(
            ["issue", *ids],
            grid,
            "Who stands where (position / salience; * = red line; 0-100 scale unless stated)",
        )
    )
    if s.clashes:
        out.append("Red lines that clash (no outcome respects them all)")
        names = {i.id: i.name for i in s.issues}
        for c in s.clashes:
            parts = [f"{a} [{_fmt(lo)}-{_fmt(hi)}]" for a, (lo, hi) in c.red_lines.items()]
            out.append(f"  {c.issue:<6} {names[c.issue][:38]:<38} {', '.join(parts)}")
    else:
        out.append("Red lines: no two actors' red lines exclude each other on any issue.")
    if sources:
        out += ["", render_sources(s).rstrip("\n")]
    return "\n".join(out) + "\n"


def render_forecast(r: ForecastReport, status_quo: dict[str, float | None] | None = None) -> str:
    """Each model's forecast per issue, the nearest labelled option of the first, and the first moves."""
    if not r.models:
        return "".join(f"{m}: not run: {e}\n" for m, e in r.errors.items())
    first = r.models[0]
    headers = [
        "issue",
        *(["status quo"] if status_quo else []),
        *(m.model for m in r.models),
        "nearest option",
    ]
    rows = []
    for k, f in enumerate(first.issues):
        sq = [] if not status_quo else [_fmt(status_quo.get(f.id))]
        vals = [_crossed(m.issues[k].forecast, m.issues[k].crosses) for m in r.models]
        rows.append([f.id, *sq, *vals, (f.nearest_option_label or "")[:60]])
    rows.append(
        [
            "rounds",
            *([""] if status_quo else []),
            *(f"{m.n_rounds}{'' if m.converged else '*'}" for m in r.models),
            "",
        ]
    )
    out = [table(headers, rows, f"Forecasts (nearest option for {first.model})").rstrip("\n")]
    if any(not m.converged for m in r.models):
        out.append("* stopped at the round cap without meeting the convergence rule")
    out.extend(_crossing_lines(r))
    if len(r.models) == 1 and first.moves:
        out.append(f"{len(first.moves)} moves; the first ones:")
        for mv in first.moves[:10]:
            out.append(
                f"  round {mv.round}: {mv.actor} on {mv.issue} {mv.before:.2f} -> {mv.after:.2f} "
                f"({mv.reason}): {mv.detail}"
            )
    for name, msg in r.errors.items():
        out.append(f"{name}: not run: {msg}")
    return "\n".join(out) + "\n"


def _crossed(x: float, crosses: tuple[str, ...]) -> str:
    if not math.isfinite(x):
        return "-"
    return f"{x:.2f}" + (f" !{len(crosses)}" if crosses else "")


def _crossing_lines(r: ForecastReport) -> list[str]:
    """Who each forecast crosses (first model), and the forecasts projected onto the red lines."""
    first = r.models[0]
    out = []
    crossed = [f for f in first.issues if f.crosses]
    if crossed:
        out.append(
            f"!n: the forecast crosses n actors' red lines ({first.model}: "
            + "; ".join(f"{f.id} {', '.join(f.crosses)}" for f in crossed)
            + ")"
        )
    if not r.respect_red_lines:
        return out
    whose = "the signatories'" if r.signatories else "every actor's"
    rows = []
    for k, f in enumerate(first.issues):
        vals = []
        for m in r.models:
            g = m.issues[k]
            x = math.nan if g.respected is None else g.respected
            vals.append("clash" if g.clash is not None else _crossed(x, g.respected_crosses))
        label = "" if f.clash is not None else (f.respected_option_label or "")[:60]
        rows.append([f.id, *vals, label])
    out += [
        "",
        table(
            ["issue", *(m.model for m in r.models), "nearest allowed option"],
            rows,
            f"Respecting {whose} red lines (projected onto the outcomes they allow)",
        ).rstrip("\n"),
    ]
    clashes = [f for f in first.issues if f.clash is not None]
    if clashes:
        out.append("no outcome respects every red line:")
        for f in clashes:
            assert f.clash is not None
            parts = [f"{a} [{_fmt(lo)}-{_fmt(hi)}]" for a, (lo, hi) in f.clash.red_lines.items()]
            out.append(f"  {f.id:<6} {', '.join(parts) or ', '.join(f.clash.actors)}")
    for f in first.issues:
        for c in f.linked:
            out.append(f"  {f.id}: narrowed by the linked issues ({c})")
    for c in sorted({c for f in first.issues for c in f.violates}):
        out.append(f"  the respected outcome still breaks: {c}")
    out.append(
        "red-line crossings (actor-issue cells), forecast -> respected: "
        + ", ".join(f"{m.model} {m.n_crossings} -> {m.n_crossings_respected}" for m in r.models)
        + f"; {first.n_clashes} issue(s) with no outcome that respects every red line"
    )
    return out


def render_backtest(r: BacktestReport) -> str:
    """Per model: issues scored, MAE and the paired difference to the compromise model with its 95% CI."""
    rows = []
    for section in (r.models, r.references):
        for name, e in section.items():
            ci = e.diff_vs_compromise
            diff = (
                ""
                if ci is None or e.diff_mean is None
                else f"{e.diff_mean:+.2f} [{ci[0]:+.2f}, {ci[1]:+.2f}]"
            )
            rows.append([name, str(e.n), "-" if e.mae is None else f"{e.mae:.2f}", diff])
        if section is r.models:
            rows.append(["references:", "", "", ""])
    out = [f"{r.n_issues} issues, capability {r.capability}"]
    out.append(table(["model", "n", "MAE", "diff vs compromise [95% CI]"], rows).rstrip("\n"))
    for name, errs in r.errors.items():
        out.append(f"{name}: failed on {len(errs)} issue(s), e.g. {errs[0]}")
    if r.outlook is not None:
        out += ["", *_outlook_score_lines(r.outlook)]
    return "\n".join(out) + "\n"


def _score_row(name: str, e: Any) -> list[str]:
    ci = e.diff_vs_compromise
    diff = "" if ci is None or e.diff_mean is None else f"{e.diff_mean:+.2f} [{ci[0]:+.2f}, {ci[1]:+.2f}]"
    return [name, str(e.n), "-" if e.mae is None else f"{e.mae:.2f}", diff]


def _outlook_score_lines(o: Any) -> list[str]:
    """The outlook's backtest: its error beside the baselines on the same issues, and its calibration."""
    head = f"Outlook backtest: {o.n_cases} of {o.n_available} issues, {o.n_runs} runs each, {o.rounds} rounds"
    rows = [_score_row("outlook (expected state)", o.expected)]
    rows += [_score_row(name, e) for name, e in o.baselines.items()]
    rows.append(_score_row("outlook (if agreed)", o.if_agreed))
    rows += [_score_row(f"{name} (every issue run)", e) for name, e in o.baselines_all.items()]
    out = [head, table(["", "n", "MAE", "diff vs compromise [95% CI]"], rows).rstrip("\n")]
    out.append(f"p_agreement: mean {o.mean_p_agreement:.3f}, Brier score {o.brier:.3f} against 'agreed'")
    out.append(
        "  by bin: "
        + ", ".join(
            f"[{b.lo:.1f}, {b.hi:.1f}{']' if b.hi >= 1 else ')'} n={b.n}"
            + ("" if b.mean_p is None else f" p={b.mean_p:.2f} agreed={b.observed:.2f}")
            for b in o.calibration
        )
    )
    out.append(f"  note: {o.note}")
    return out


def render_simulation(r: SimulationReport, title: str = "") -> str:
    """How the talks ended, the agreements in order with dates, utilities, tracks, and the offers."""

    def on(date: str | None) -> str:
        return f", {date}" if date else ""

    horizon = f"horizon {r.n_rounds} rounds" + (
        f" ({r.start_date} to {r.horizon_date})" if r.horizon_date else ""
    )
    lines = [f"{title or 'scenario'}: {r.protocol} protocol, seed {r.seed}, {horizon}"]
    lines.append(
        "table: "
        + ", ".join(f"{a}={n}" for a, n in r.table.items())
        + (f"; mediator {r.mediator}" if r.mediator else "")
        + ("" if set(r.signatories) == set(r.table) else f"; signatories {', '.join(r.signatories)}")
    )
    if r.clocks:
        lines.append(
            "concession clocks (deadline, else patience; rounds): "
            + ", ".join(f"{a} {r.clocks[a]}" for a in r.table if a in r.clocks)
        )
    end = r.ended_by + (f" ({', '.join(r.walked)})" if r.walked else "")
    lines.append(f"outcome: {r.outcome} - ended by {end} in round {r.round}{on(r.end_date)}")
    for g in r.agreements:
        if r.agreement is not None and g.issues == r.agreement:
            continue
        among = "" if set(g.parties) == set(r.signatories) else f"; between {', '.join(g.parties)}"
        for issue, opt in g.issues.items():
            lines.append(f"  partial: {issue} = {opt} (round {g.round}{on(g.date)}{among})")
    if r.agreement:
        when = next((g for g in r.agreements if g.issues == r.agreement), None)
        lines.append(
            "  terms: "
            + ", ".join(f"{k}={v}" for k, v in r.agreement.items())
            + (f" (round {when.round}{on(when.date)})" if when else "")
        )
    lines.append("utilities (final; BATNA where no full deal):")
    for a in r.signatories:
        lines.append(f"  {a:<14} {r.utilities[a]:.4f}")
    for tid, v in r.final_tracks.items():
        frozen = f", frozen in round {r.frozen[tid]}" if tid in r.frozen else ""
        lines.append(f"track {tid}: {v:.3f}{frozen}")
    lines.append(f"{r.n_offers} offers" + (":" if r.n_offers else ""))
    lines += _offer_lines(r.trace)
    return "\n".join(lines) + "\n"


#: Offers listed in full by the text of a simulation; longer runs show the first and last half of this.
SHOWN_OFFERS = 40


def _offer_lines(trace: Sequence[Any]) -> list[str]:
    """Each offer as option ids per issue, a change from the same proposer's previous offer."""
    offers = [t for t in trace if t.event == "offer"]
    refused: dict[tuple[int, str, str], list[str]] = {}
    for t in trace:
        if t.event == "response" and t.accepted is False:
            refused.setdefault((t.round, t.subject, t.offer), []).append(
                t.actor + (f" [{t.detail}]" if t.detail else "")
            )
    last: dict[tuple[str, str], dict[str, str]] = {}
    out = []
    for n, t in enumerate(offers):
        terms = dict(x.split("=", 1) for x in t.terms.split(", ") if "=" in x) if t.terms else {}
        key = (t.actor, t.subject)  # full offers, and partial offers per issue
        before = last.get(key)
        last[key] = terms
        if before is None or t.subject:
            what = ("partial " if t.subject else "") + (t.terms or t.offer)
        else:
            moved = [f"{k} {before.get(k, '?')}->{v}" for k, v in terms.items() if before.get(k) != v]
            what = ", ".join(moved) if moved else "(as before)"
        no = refused.get((t.round, t.subject, t.offer), [])
        answer = "accepted" if t.accepted else ("rejected by " + ", ".join(no) if no else "not accepted")
        if len(offers) <= SHOWN_OFFERS or n < SHOWN_OFFERS // 2 or n >= len(offers) - SHOWN_OFFERS // 2:
            out.append(f"  r{t.round:<4} {t.actor:<12} {what}: {answer}")
        elif n == SHOWN_OFFERS // 2:
            out.append(f"  ... {len(offers) - SHOWN_OFFERS} more offers (--json or --csv for every one)")
    return out


def render_outlook(r: OutlookReport) -> str:
    """Per issue: the chance it is settled by the date, on what, and the expected state then."""
    when = f"round {r.by_round}" + (f" ({r.by_date})" if r.by_date else "")
    head = [
        f"Outlook by {when}: {r.n_runs} simulated runs (seed {r.seed}; strategies drawn around each actor's "
        f"declared one{'; uncertain inputs drawn per run' if r.noise else ''})",
        f"  any agreement: {r.p_any_agreement:.0%}   full agreement: {r.p_full_agreement:.0%}",
    ]
    rows = [
        [
            i.issue,
            f"{i.p_agreement:.0%}",
            i.most_likely or "-",
            f"{i.p_most_likely:.0%}" if i.most_likely else "",
            _fmt(i.expected),
            _fmt(i.status_quo),
            _fmt(i.median_round),
        ]
        for i in r.issues
    ]
    body = table(["issue", "P(agreed)", "most likely", "P", "expected", "status quo", "median round"], rows)
    return "\n".join(head) + "\n" + body


def render_tournament(r: TournamentReport) -> str:
    """The ranking by mean gain over the initial BATNA (tied strategies share a rank)."""
    rows = [
        [
            str(x.rank),
            x.strategy,
            str(x.runs),
            f"{x.mean_gain:.4f}",
            f"{x.mean_utility:.4f}",
            f"{x.any_deal_rate:.2f}",
            f"{x.agreement_rate:.2f}",
            f"{x.mean_round:.1f}",
        ]
        for x in r.ranking
    ]
    head = f"{r.n_runs} runs; ranked by mean gain over the initial BATNA (focal plays)"
    return (
        head
        + "\n"
        + table(["rank", "strategy", "runs", "gain", "utility", "deal", "full", "round"], rows, right=2)
    )


def render_analysis(a: Analysis, sources: bool = False) -> str:
    """Everything at once: the scenario, the forecasts, the deal space and a simulated run.

    ``sources``: also each stance's confidence and sources, and the source list.
    """
    out = [render_scenario(a.scenario, sources=sources)]
    if a.forecasts is not None:
        sq = {i.id: i.status_quo for i in a.scenario.issues}
        out.append(render_forecast(a.forecasts, status_quo=sq))
    if a.deals is not None:
        out.append(render_deals(a.deals))
    if a.simulation is not None:
        out.append("Simulated talks (each actor's declared strategy)")
        out.append(render_simulation(a.simulation, a.scenario.title))
    if a.outlook is not None:
        out.append(render_outlook(a.outlook))
    if a.uncertainty is not None:
        from ..uncertainty.text import render_uncertainty_summary

        out.append(render_uncertainty_summary(a.uncertainty))
    for name, failure in a.errors.items():
        out.append(f"{name}: not run: {failure.message}\n")
    return "\n".join(out)


_RENDERERS: dict[type[Any], Callable[..., str]] = {
    Analysis: render_analysis,
    BacktestReport: render_backtest,
    DealsReport: render_deals,
    ForecastReport: render_forecast,
    ImportReport: render_import,
    OutlookReport: render_outlook,
    ScenarioSummary: render_scenario,
    SimulationReport: render_simulation,
    TournamentReport: render_tournament,
    ValidationReport: render_validation,
}


def render(result: Document, **options: Any) -> str:
    """Terminal text for any typed result, the text and uncertainty packages' documents included."""
    renderer = _RENDERERS.get(type(result))
    if renderer is None:  # those packages sit above this one: their renderers join on first use
        from ..play.text import RENDERERS as PLAY
        from ..text.render import RENDERERS as TEXT
        from ..uncertainty.text import RENDERERS as UNCERTAINTY

        _RENDERERS.update(TEXT)
        _RENDERERS.update(UNCERTAINTY)
        _RENDERERS.update(PLAY)
        renderer = _RENDERERS[type(result)]
    return renderer(result, **options)
