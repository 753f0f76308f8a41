"""From statements to a scenario diff, and applying a diff (whole or item by item) to a scenario file.

A statement changes nothing by itself: :func:`propose` turns the confident ones that name a scenario
actor and issue into :class:`~accord.text.results.DiffItem` proposals, each with its quote, and the
analyst applies them with :func:`apply_diff` (``accord apply``), which validates the changed scenario and
writes it atomically, or not at all.

Rules
-----
* every used statement becomes a new source (publication, date, quote);
* a position hint where the actor has no stance -> ``add_stance`` (salience 50, confidence low: the
  analyst should set them); a hint more than 5% of the scale from the current position ->
  ``set_position`` (the old position goes to the stance's dated ``history``); a hint at the current
  position -> ``add_history`` (a dated confirmation);
* a red-line rejection of a named option, by an actor whose position lies on one side of it ->
  ``add_red_line``: the actor accepts nothing from that option outwards.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.codec import from_data
from ..errors import InputError
from .results import ApplyReport, DiffItem, DiffOp, Extraction, ScenarioDiff, Statement

if TYPE_CHECKING:
    from ..scenario import Issue, Scenario

__all__ = ["propose", "read_diff", "apply_diff", "apply_items"]

_MOVE = 0.05  # a hint closer than this share of the scale confirms the position rather than moving it


def _next_ids(existing: set[str], prefix: str = "X") -> Any:
    k = 0
    while True:
        k += 1
        sid = f"{prefix}{k:02d}"
        if sid not in existing:
            existing.add(sid)
            yield sid


def propose(
    extraction: Extraction, scenario: Scenario, scenario_path: str, *, min_confidence: float = 0.5
) -> ScenarioDiff:
    """The scenario changes the statements support.

    Statements without actor or issue are left out, and so are those the scenario already cites (a
    source with the same quote and date: applied before), so proposing again after an apply proposes
    only what is new.
    """
    ids = _next_ids({s.id for s in scenario.sources})
    cited = {(s.quote, s.date) for s in scenario.sources}
    items: list[DiffItem] = []
    seen: set[tuple[str | None, str | None, float | None, str]] = set()
    for st in extraction.statements:
        if st.actor is None or st.issue is None or st.confidence < min_confidence:
            continue
        if (st.quote, st.date) in cited:
            continue
        changes = _changes(st, scenario)
        if not changes:
            continue
        # The same claim twice in one batch is one proposal (two acts naming one position, say).
        key = (st.actor, st.issue, st.position_hint, st.act if st.position_hint is None else "")
        if key in seen:
            continue
        seen.add(key)
        sid = next(ids)
        reason = f"{st.actor} {st.act} ({', '.join(st.flags) or 'plain'}), confidence {st.confidence:.2f}"
        base = dict(
            actor=st.actor,
            issue=st.issue,
            option=st.option,
            date=st.date,
            source_id=sid,
            publication=st.source,
            quote=st.quote,
            reason=reason,
        )
        items.append(DiffItem(id="", op="add_source", value=None, previous=None, **base))
        for op, value, previous in changes:
            items.append(DiffItem(id="", op=op, value=value, previous=previous, **base))
    numbered = tuple(DiffItem(**{**vars(it), "id": f"d{k + 1}"}) for k, it in enumerate(items))
    return ScenarioDiff(scenario=scenario_path, items=numbered)


def _changes(st: Statement, scenario: Scenario) -> list[tuple[DiffOp, float | None, float | None]]:
    assert st.actor is not None and st.issue is not None
    issue = scenario.issue(st.issue)
    stance = scenario.stance(st.actor, st.issue)
    out: list[tuple[DiffOp, float | None, float | None]] = []
    if st.position_hint is not None:
        if stance is None:
            out.append(("add_stance", st.position_hint, None))
        elif abs(stance.position - st.position_hint) > _MOVE * issue.span:
            out.append(("set_position", st.position_hint, stance.position))
        else:
            out.append(("add_history", stance.position, stance.position))
    if (
        "red_line" in st.flags
        and st.option is not None
        and st.act in ("REJECT", "THREATEN")
        and stance is not None
    ):
        v = issue.option(st.option).value
        if abs(v - stance.position) > 1e-9:
            out.append(("add_red_line", v, stance.position))
    return out


def read_diff(path: str | Path) -> ScenarioDiff:
    """A diff written by ``accord extract --propose --json``."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError.single(where, f"cannot read: {err.strerror or err}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError.single(where, f"not a JSON diff (write one with --propose --json): {err}") from None
    if not isinstance(data, dict) or data.get("kind") != ScenarioDiff.kind:
        raise InputError.single(
            where, "not a scenario diff: expected kind 'scenario-diff' (from extract --propose --json)"
        )
    try:
        return from_data(ScenarioDiff, {k: v for k, v in data.items() if k not in ("schema_version", "kind")})
    except (ValueError, TypeError) as err:
        raise InputError.single(where, f"malformed diff: {err}") from None


def apply_diff(
    diff: ScenarioDiff, scenario_path: str | Path, *, only: Sequence[str] | None = None, dry_run: bool = False
) -> ApplyReport:
    """Apply ``diff`` (or the items ``only`` names, with the sources they cite) to a scenario file.

    The changed scenario is validated before anything is written; the write is atomic.
    """
    from ..scenario import load_scenario
    from ..scenario.writer import save_scenario

    changed, applied, skipped = apply_items(diff, load_scenario(scenario_path), str(scenario_path), only=only)
    if not dry_run and applied:
        save_scenario(changed, scenario_path)
    return ApplyReport(
        scenario=str(scenario_path), applied=applied, skipped=skipped, written=not dry_run and bool(applied)
    )


def apply_items(
    diff: ScenarioDiff, scenario: Scenario, where: str, *, only: Sequence[str] | None = None
) -> tuple[Scenario, tuple[str, ...], tuple[str, ...]]:
    """The scenario with ``diff``'s items (or those ``only`` names, with the sources they cite) applied.

    Returns the changed scenario, validated (problems are located in ``where``), and the ids of the items
    applied and of those skipped because they no longer fit (applied before, say). Nothing is written:
    :func:`apply_diff` saves a file, the web app a new stored version.
    """
    from ..scenario.loader import parse_scenario
    from ..scenario.writer import scenario_to_dict

    known = {it.id for it in diff.items}
    wanted = set(only) if only else set(known)
    if unknown := sorted(wanted - known):
        raise InputError.single("--only", f"no such diff item(s): {', '.join(unknown)}")
    chosen = [it for it in diff.items if it.id in wanted]
    cited = {it.source_id for it in chosen if it.op != "add_source"}
    chosen += [
        it for it in diff.items if it.op == "add_source" and it.source_id in cited and it.id not in wanted
    ]
    data = scenario_to_dict(scenario)
    applied: list[str] = []
    skipped: list[str] = []
    for it in sorted(chosen, key=lambda it: int(it.id[1:]) if it.id[1:].isdigit() else 0):
        if _apply_item(data, it, scenario):
            applied.append(it.id)
        else:
            skipped.append(it.id)
    try:
        changed = parse_scenario(data, where)
    except InputError as err:
        raise InputError([*err.problems]) from None
    return changed, tuple(applied), tuple(skipped)


def _apply_item(data: dict[str, Any], it: DiffItem, scenario: Scenario) -> bool:
    """Change the scenario data in place; False when the item no longer fits (say, applied before)."""
    sources = data.setdefault("sources", [])
    if it.op == "add_source":
        if any(s.get("id") == it.source_id for s in sources):
            return False
        sources.append(
            {
                k: v
                for k, v in (
                    ("id", it.source_id),
                    ("publication", it.publication or "news text"),
                    ("date", it.date),
                    ("quote", it.quote),
                )
                if v
            }
        )
        return True
    if it.actor not in scenario.actor_ids or it.issue not in scenario.issue_ids or it.value is None:
        return False
    stances = data.setdefault("stances", {}).setdefault(it.actor, {})
    entry = stances.get(it.issue)
    issue = scenario.issue(it.issue)
    point = {
        k: v
        for k, v in (("date", it.date), ("position", it.value), ("source", it.source_id))
        if v is not None
    }
    if it.op == "add_stance":
        if entry is not None:
            return False
        stances[it.issue] = {
            "position": it.value,
            "salience": 50,
            "confidence": "low",
            "sources": [it.source_id],
            "stated": it.quote,
            "history": [point],
        }
        return True
    if entry is None:
        return False
    if it.op == "set_position":
        old = {"position": entry["position"]} | (
            {"source": entry["sources"][0]} if entry.get("sources") else {}
        )
        history = entry.setdefault("history", [])
        if not history:
            history.append(old)
        history.append(point)
        entry["position"] = it.value
    elif it.op == "add_history":
        entry.setdefault("history", []).append(point)
    elif it.op == "add_red_line":
        entry["red_line"] = _red_line(issue, it.value, float(entry["position"]))
    entry["sources"] = list(dict.fromkeys([*entry.get("sources", []), it.source_id]))
    return True


def _red_line(issue: Issue, rejected: float, position: float) -> dict[str, Any]:
    """Everything from the rejected value outwards is out: the bound is the nearest option inside."""
    inside = [
        o.value for o in issue.options if (o.value < rejected if rejected > position else o.value > rejected)
    ]
    if rejected > position:
        bound = max(inside) if inside else (position + rejected) / 2
        return {"at_most": bound, "note": "from extracted text"}
    bound = min(inside) if inside else (position + rejected) / 2
    return {"at_least": bound, "note": "from extracted text"}
