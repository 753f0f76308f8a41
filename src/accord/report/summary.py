"""``accord analyze``: one readable summary of a scenario and of every analysis accord has.

:func:`analyze` computes; :func:`render_analysis` formats the result for a terminal and
:func:`analysis_to_dict` as plain JSON-able data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..deals import DealAnalysis, deal_space_from_scenario
from ..deals import analyze as analyze_deals
from ..deals.render import render_text as render_deals
from ..forecast.registry import MODELS, run_model
from ..scenario import Scenario

__all__ = ["analyze", "render_analysis", "analysis_to_dict"]


def _fmt(x: float) -> str:
    return "-" if not np.isfinite(x) else f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def analyze(scenario: Scenario, models: Sequence[str] | None = None) -> dict[str, Any]:
    """Run every analysis on a scenario and gather the results as plain data.

    Parameters
    ----------
    scenario : Scenario
    models : sequence of str, optional
        Forecast models to run (default: all registered).

    Returns
    -------
    dict
        ``scenario`` (title, as_of, counts), ``actors``, ``issues`` (with every stance), ``clashes``
        (issues where red lines exclude each other), ``forecasts`` (model -> issue -> value) and
        ``deals`` (a :class:`~accord.deals.DealAnalysis` with every actor a signatory, or None) and
        ``errors`` (analysis -> message) for analyses that could not run on this scenario.
    """
    names = list(models) if models is not None else list(MODELS)
    forecasts: dict[str, dict[str, float]] = {}
    errors: dict[str, str] = {}
    for name in names:
        try:
            res = run_model(name, scenario)
        except (ValueError, ArithmeticError) as e:
            errors[name] = str(e)
            continue
        forecasts[name] = dict(zip(scenario.issue_ids, map(float, res.forecast), strict=True))
    deals: DealAnalysis | None = None
    try:
        deals = analyze_deals(deal_space_from_scenario(scenario))
    except ValueError as e:  # e.g. an issue without options to discretise at
        errors["deals"] = str(e)
    issues = []
    for issue in scenario.issues:
        stances = []
        for s in scenario.stances:
            if s.issue != issue.id:
                continue
            rl = s.red_line
            stances.append(
                {
                    "actor": s.actor,
                    "position": s.position,
                    "salience": s.salience,
                    "red_line": None if rl is None else [rl.lo, rl.hi],
                    "confidence": s.confidence,
                    "sources": list(s.sources),
                }
            )
        issues.append(
            {
                "id": issue.id,
                "name": issue.name,
                "parent": issue.parent,
                "status_quo": issue.status_quo,
                "stances": stances,
                "nearest_option": {m: _near(issue, f[issue.id]) for m, f in forecasts.items()},
            }
        )
    return {
        "scenario": {
            "title": scenario.title,
            "as_of": scenario.as_of,
            "n_actors": scenario.n_actors,
            "n_issues": scenario.n_issues,
            "n_stances": len(scenario.stances),
            "n_sources": len(scenario.sources),
        },
        "actors": [
            {"id": a.id, "name": a.name, "capability": a.capability, "group": a.group}
            for a in scenario.actors
        ],
        "issues": issues,
        "clashes": [{"issue": i, "actors": list(a)} for i, a in scenario.red_line_clashes()],
        "forecasts": forecasts,
        "errors": errors,
        "deals": deals,
    }


def _near(issue: Any, value: float) -> str | None:
    opt = issue.nearest_option(value)
    return None if opt is None else opt.label


def render_analysis(scenario: Scenario, result: dict[str, Any]) -> str:
    """Format :func:`analyze`'s result as text for a terminal."""
    out: list[str] = []
    meta = result["scenario"]
    head = f"{meta['title'] or 'Scenario'}" + (f" (as of {meta['as_of']})" if meta["as_of"] else "")
    out += [
        head,
        "=" * len(head),
        f"{meta['n_actors']} actors, {meta['n_issues']} issues, {meta['n_stances']} stances, "
        f"{meta['n_sources']} sources",
        "",
    ]
    total = sum(a["capability"] for a in result["actors"]) or 1.0
    out.append("Actors (capability share)")
    for a in sorted(result["actors"], key=lambda a: -a["capability"]):
        out.append(f"  {a['id']:<16} {a['name'][:40]:<40} {100 * a['capability'] / total:5.1f}%")
    out.append("")
    ids = list(scenario.actor_ids)
    width = max(6, max(len(i) for i in ids) + 1)
    out.append("Who stands where (position / salience; * = red line; 0-100 scale unless stated)")
    header = f"  {'issue':<8}" + "".join(f"{a[: width - 1]:>{width}}" for a in ids)
    out.append(header)
    for issue in result["issues"]:
        cells = {
            s["actor"]: f"{_fmt(s['position'])}/{_fmt(s['salience'])}{'*' if s['red_line'] else ''}"
            for s in issue["stances"]
        }
        out.append(f"  {issue['id']:<8}" + "".join(f"{cells.get(a, '.'):>{width}}" for a in ids))
    out.append("")
    if result["clashes"]:
        out.append("Red lines that clash (no outcome respects them all)")
        for c in result["clashes"]:
            issue = scenario.issue(c["issue"])
            parts = []
            for a in c["actors"]:
                st = scenario.stance(a, issue.id)
                assert st is not None and st.red_line is not None
                parts.append(f"{a} [{_fmt(st.red_line.lo)}-{_fmt(st.red_line.hi)}]")
            out.append(f"  {issue.id:<6} {issue.name[:38]:<38} {', '.join(parts)}")
    else:
        out.append("Red lines: no two actors' red lines exclude each other on any issue.")
    out.append("")
    models = list(result["forecasts"])
    if models:
        out.append("Forecasts per issue (nearest labelled option for the first model)")
        out.append(f"  {'issue':<8}{'status quo':>11}" + "".join(f"{m[:11]:>12}" for m in models))
        for issue in result["issues"]:
            sq = issue["status_quo"] if issue["status_quo"] is not None else np.nan
            row = f"  {issue['id']:<8}{_fmt(sq):>11}"
            row += "".join(f"{_fmt(result['forecasts'][m][issue['id']]):>12}" for m in models)
            near = issue["nearest_option"].get(models[0])
            out.append(row + (f"  {near[:60]}" if near else ""))
    for m, e in result["errors"].items():
        out.append(f"  {m}: not run ({e})")
    if result["deals"] is not None:
        out += ["", render_deals(result["deals"]).rstrip()]
    return "\n".join(out) + "\n"


def analysis_to_dict(result: dict[str, Any]) -> dict[str, Any]:
    """:func:`analyze`'s result as plain data (the deal analysis as in ``accord deals --json``)."""
    deals = result["deals"]
    return result | {"deals": None if deals is None else deals.to_dict()}
