"""Writing scenarios: plain data in the file format, YAML or JSON text, atomic saves and folders.

Every write goes through a temporary sibling that is renamed into place, so an interrupted write leaves
the old file (or folder) or the new one, never a mix; errors name the user's path, not the temporary one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ..errors import InputError
from ..io import atomic_write
from .calendar import DEFAULT_ROUND
from .constraints import Constraint, OutcomeSet
from .model import Distribution, Issue, Option, RedLine, Scenario, Track

__all__ = ["FORMAT", "dumps_scenario", "save_scenario", "scenario_to_dict", "write_folder"]

FORMAT = "accord-scenario/1"


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", (), [], {})}


def _issue_dict(issue: Issue) -> dict[str, Any]:
    key = "options" if issue.discrete else "anchors"
    d: dict[str, Any] = {"id": issue.id, "name": issue.name, "description": issue.description}
    if (issue.lo, issue.hi) != (0.0, 100.0) or not issue.discrete:
        d["scale"] = {"min": _num(issue.lo), "max": _num(issue.hi)}
    d[key] = [_option_dict(o, issue.discrete) for o in issue.options]
    if issue.status_quo is not None:
        d["status_quo"] = _num(issue.status_quo)
    if issue.separable:
        d["separable"] = True
    d["parties"] = list(issue.parties)
    d["keywords"] = list(issue.keywords)
    return _drop_none(d)


def _common_prefix(seqs: list[tuple[str, ...]]) -> tuple[str, ...]:
    out: list[str] = []
    for words in zip(*seqs, strict=False):
        if len(set(words)) != 1:
            break
        out.append(words[0])
    return tuple(out) if seqs else ()


def _option_dict(o: Option, discrete: bool) -> dict[str, Any]:
    # An anchor's id defaults to its value (`-5`, `1e+06`), which is not a valid id when written out:
    # leave the default unwritten so that the loader makes the same id again.
    d: dict[str, Any] = {} if not discrete and o.id == f"{o.value:g}" else {"id": o.id}
    d |= {"label": o.label, "value": _num(o.value)}
    if o.keywords:
        d["keywords"] = list(o.keywords)
    return d


def _red_line_dict(rl: RedLine, issue: Issue) -> dict[str, Any]:
    # Always with its side stated (at_least / at_most / acceptable), never as worst.
    d: dict[str, Any] = {}
    if rl.options is not None:
        d["acceptable"] = [o.id for o in issue.options if o.id in rl.options]
    if rl.lo > issue.lo:
        d["at_least"] = _num(rl.lo)
    if rl.hi < issue.hi:
        d["at_most"] = _num(rl.hi)
    if not d:  # the whole scale (the loader warns): keep the red line, on the side it was stated
        if rl.side in ("at_least", "between", None):
            d["at_least"] = _num(rl.lo)
        if rl.side in ("at_most", "between"):
            d["at_most"] = _num(rl.hi)
    d["note"] = rl.note
    return _drop_none(d)


def _outcome_set_dict(s: OutcomeSet, issue: Issue) -> dict[str, Any]:
    if s.interval is None:
        ids = [o.id for o in issue.options if o.id in s.options]
        return {s.issue: ids[0] if len(ids) == 1 else ids}
    lo, hi = s.interval
    bounds = {"at_least": _num(lo) if lo > issue.lo else None, "at_most": _num(hi) if hi < issue.hi else None}
    return {s.issue: _drop_none(bounds) or {"at_least": _num(issue.lo)}}


def _constraint_dict(c: Constraint, scenario: Scenario) -> dict[str, Any]:
    return _drop_none(
        {
            "if": _outcome_set_dict(c.when, scenario.issue(c.when.issue)),
            "excludes": _outcome_set_dict(c.excludes, scenario.issue(c.excludes.issue)),
            "note": c.note,
            "sources": list(c.sources),
        }
    )


def _track_dict(t: Track) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": t.id,
        "name": t.name,
        "description": t.description,
        "initial": _num(t.initial),
        "drift": _num(t.drift),
        "noise": _num(t.noise),
    }
    if np.isfinite(t.lo):
        d["min"] = _num(t.lo)
    if np.isfinite(t.hi):
        d["max"] = _num(t.hi)
    d["effects"] = [
        _drop_none({"target": e.target, "actor": e.actor, "issue": e.issue, "per_unit": _num(e.per_unit)})
        for e in t.effects
    ]
    d["events"] = [_drop_none({"round": e.round, "change": _num(e.change), "note": e.note}) for e in t.events]
    if t.freeze_issue is not None:
        fz: dict[str, Any] = {"issue": t.freeze_issue}
        if np.isfinite(t.freeze_min):
            fz["min"] = _num(t.freeze_min)
        if np.isfinite(t.freeze_max):
            fz["max"] = _num(t.freeze_max)
        d["freeze"] = fz
    d["sources"] = list(t.sources)
    return _drop_none(d)


def _distribution_dict(d: Distribution) -> dict[str, Any]:
    if d.kind == "choices":
        # A mapping of value to weight; JSON writes a number key as text, which the loader reads back.
        return {"choices": {(v if isinstance(v, str) else _num(v)): _num(w) for v, w in d.choices}}
    return {d.kind: [_num(x) for x in d.params]}


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data in the file format (what :func:`save_scenario` writes)."""
    issues: list[dict[str, Any]] = []
    group_entries: dict[str, dict[str, Any]] = {}
    groups = {g.id: g for g in scenario.groups}
    for issue in scenario.issues:
        if issue.parent is None:
            issues.append(_issue_dict(issue))
            continue
        entry = group_entries.get(issue.parent)
        if entry is None:
            g = groups[issue.parent]
            entry = _issue_dict(issue)
            entry.pop("status_quo", None)
            # The group states parties only when every part shares them (a part cannot say "everyone").
            shared = {i.parties for i in scenario.issues if i.parent == g.id}
            entry["parties"] = list(issue.parties) if len(shared) == 1 else None
            entry.update(id=g.id, name=g.name, description=g.description, parts=[])
            entry = _drop_none(entry) | {"parts": []}
            group_entries[issue.parent] = entry
            issues.append(entry)
        part: dict[str, Any] = {"id": issue.id, "name": issue.name}
        if issue.description != entry.get("description", ""):
            part["description"] = issue.description
        if issue.status_quo is not None:
            part["status_quo"] = _num(issue.status_quo)
        if issue.separable != entry.get("separable", False):
            part["separable"] = issue.separable
        if issue.parties and "parties" not in entry:
            part["parties"] = list(issue.parties)
        # The group lists the keywords every part shares; a part lists the words it adds.
        shared_kw = _common_prefix([i.keywords for i in scenario.issues if i.parent == issue.parent])
        entry["keywords"] = list(shared_kw)
        if not shared_kw:
            del entry["keywords"]
        if issue.keywords[len(shared_kw) :]:
            part["keywords"] = list(issue.keywords[len(shared_kw) :])
        entry["parts"].append(part)
    stances: dict[str, dict[str, Any]] = {}
    for s in scenario.stances:
        issue = scenario.issue(s.issue)
        d: dict[str, Any] = {"position": _num(s.position), "salience": _num(s.salience)}
        if s.red_line is not None:
            d["red_line"] = _red_line_dict(s.red_line, issue)
        if s.utilities:
            d["utilities"] = {o: _num(u) for o, u in s.utilities}
        d.update(confidence=s.confidence, sources=list(s.sources), stated=s.stated, note=s.note)
        if s.history:
            d["history"] = [
                _drop_none({"date": h.date, "position": _num(h.position), "source": h.source})
                for h in s.history
            ]
        stances.setdefault(s.actor, {})[s.issue] = _drop_none(d)
    out: dict[str, Any] = {
        "format": FORMAT,
        "title": scenario.title,
        "as_of": scenario.as_of,
        "round": None if scenario.round == DEFAULT_ROUND else str(scenario.round),
        "description": scenario.description,
        "metadata": scenario.metadata,
        "sources": [_drop_none(vars(s).copy()) for s in scenario.sources],
        "actors": [
            _drop_none(
                {
                    "id": a.id,
                    "name": a.name,
                    "capability": _num(a.capability),
                    "group": a.group,
                    "aliases": list(a.aliases),
                    "notes": a.notes,
                    "patience": a.patience,
                    "deadline": a.deadline,
                    "batna": a.batna,
                    "strategy": a.strategy,
                }
            )
            for a in scenario.actors
        ],
        "issues": issues,
        "stances": stances,
        "tracks": [_track_dict(t) for t in scenario.tracks],
        "constraints": [_constraint_dict(c, scenario) for c in scenario.constraints],
        "uncertainty": {
            u.path: _drop_none(
                {**_distribution_dict(u.distribution), "note": u.note, "sources": list(u.sources)}
            )
            for u in scenario.uncertainty
        },
    }
    return _drop_none(out) | {"actors": out["actors"], "issues": issues}


def dumps_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """The scenario as YAML or JSON text."""
    data = scenario_to_dict(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write a scenario atomically (JSON if the name ends in ``.json``, else YAML)."""
    p = Path(path)
    text = dumps_scenario(scenario, "json" if p.suffix.lower() == ".json" else "yaml")
    atomic_write(p, text)


def folder_names(scenarios: Sequence[Scenario]) -> list[str]:
    """The file names :func:`write_folder` gives, in order.

    Each is the first issue's id (DEU gives one issue per scenario), made unique with ``-2``, ``-3``...;
    ``scenario-N`` for a scenario without issues.
    """
    names: list[str] = []
    seen: set[str] = set()
    for k, s in enumerate(scenarios, start=1):
        base = s.issues[0].id if s.issues else f"scenario-{k}"
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{base}-{n}"
        seen.add(name)
        names.append(f"{name}.yaml")
    return names


def write_folder(scenarios: Sequence[Scenario], folder: str | os.PathLike[str]) -> list[Path]:
    """Write scenarios as YAML files into a folder, all or nothing.

    The folder is built as a hidden temporary sibling and renamed into place, so an interrupted import
    leaves no partial folder. An existing folder is replaced only when it holds nothing but scenario
    files (``.yaml``, ``.yml``, ``.json``), as a previous run leaves it; anything else there is refused
    rather than deleted.

    Parameters
    ----------
    scenarios : sequence of Scenario
    folder : path-like

    Returns
    -------
    list of Path
        The files written, in the order of ``scenarios`` (named by :func:`folder_names`).

    Raises
    ------
    InputError
        When the folder cannot be written or replaced, naming ``folder``.
    """
    target = Path(folder)
    name = str(folder)
    if target.exists() and not target.is_dir():
        raise InputError.single(name, "exists and is not a folder")
    if target.is_dir():
        others = [
            p.name for p in target.iterdir() if not (p.is_file() and p.suffix in (".yaml", ".yml", ".json"))
        ]
        if others:
            raise InputError.single(
                name,
                f"exists and holds other things than scenario files ({', '.join(sorted(others)[:3])}); "
                "choose a new or empty folder",
            )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    except OSError as e:
        raise InputError.single(name, f"cannot be written: {e.strerror}") from None
    old: Path | None = None
    try:
        names = folder_names(scenarios)
        for s, file in zip(scenarios, names, strict=True):
            with (tmp / file).open("w", encoding="utf-8") as fh:
                fh.write(dumps_scenario(s))
                fh.flush()
                os.fsync(fh.fileno())
        if target.is_dir():
            # A folder cannot be renamed over a non-empty one: move the old one aside first, so that an
            # interruption between the two renames leaves the old folder under its hidden name.
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
            os.replace(target, old / "d")
        os.replace(tmp, target)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and (old / "d").exists() and not target.exists():
            os.replace(old / "d", target)  # put the old folder back
        raise InputError.single(name, f"cannot be written: {e.strerror}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and (old / "d").exists() and not target.exists():
            os.replace(old / "d", target)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return [target / f for f in names]
