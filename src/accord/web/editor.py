"""The editor: actors, issues and stances as editable tables over the scenario's own data.

Every input is named by the field path the validator uses (``actors[0].capability``,
``stances[russia][I1].salience``), so each located problem the store's loader reports is shown next to
the field it concerns. A save writes the edited data as a new version through the store; an invalid one
saves nothing and shows the form again with the user's values and the problems in place. Edited values
are rewritten in place in the stored text, so its comments and layout stay; adding or removing a stance
writes the file back in accord's layout (YAML or JSON as it was stored), without its comments.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..errors import InputError
from .app import ctx_of, problems_of, render
from .security import check_csrf
from .service import author_of, form_fields

__all__ = ["router", "parse_path", "apply_edits", "Column"]

router = APIRouter(include_in_schema=False)

_TOKEN = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


@dataclass(frozen=True)
class Column:
    """One editable column: its key in the row's mapping, its heading, and how its text is read."""

    key: str
    title: str
    kind: str = "text"  # text, number, or value (a number, or an option id of the issue's scale)
    required: bool = False


ACTOR_COLUMNS = (
    Column("name", "name", required=True),
    Column("capability", "capability", "number", required=True),
    Column("group", "group"),
    Column("strategy", "declared strategy"),
)
ISSUE_COLUMNS = (Column("name", "name", required=True), Column("status_quo", "status quo", "value"))
STANCE_COLUMNS = (
    Column("position", "position", "value", required=True),
    Column("salience", "salience", "number", required=True),
    Column("confidence", "confidence"),
)


def parse_path(path: str) -> list[str]:
    """A validator field path split into keys: ``stances[russia][I1].salience`` -> 4 keys."""
    keys = [m.group(1) if m.group(1) is not None else m.group(2) for m in _TOKEN.finditer(path)]
    if not keys or "".join(f"[{k}]" if k else "" for k in keys) == "":
        raise InputError.single(path, "not a field path")
    return keys


def _container(data: Any, keys: list[str], create: bool) -> tuple[Any, Any]:
    node = data
    for k in keys[:-1]:
        if isinstance(node, list):
            if not k.isdigit() or int(k) >= len(node):
                raise InputError.single(".".join(keys), "no such row")
            node = node[int(k)]
        elif isinstance(node, dict):
            if k not in node:
                if not create:
                    raise InputError.single(".".join(keys), "no such field")
                node[k] = {}
            node = node[k]
        else:
            raise InputError.single(".".join(keys), "no such field")
    last: Any = keys[-1]
    if isinstance(node, list):
        if not last.isdigit() or int(last) >= len(node):
            raise InputError.single(".".join(keys), "no such row")
        last = int(last)
    return node, last


def _coerce(text: str, kind: str) -> Any:
    """A form value as data: numbers where they parse (anything else is kept, for the validator to name)."""
    t = text.strip()
    if kind in ("number", "value"):
        try:
            x = float(t)
        except ValueError:
            return t  # an option id for a value; for a number the validator says what is wrong
        return int(x) if x.is_integer() and abs(x) < 1e15 else x
    return t


_KINDS = {c.key: c for c in (*ACTOR_COLUMNS, *ISSUE_COLUMNS, *STANCE_COLUMNS)}


def apply_edits(data: dict[str, Any], fields: dict[str, str]) -> dict[str, Any]:
    """The scenario data with the form's edits applied (paths as the validator names fields).

    ``f:<path>`` sets a field (an empty optional field is removed), ``remove:<path>`` deletes a stance,
    and ``new.actor``/``new.issue``/``new.position``/``new.salience`` add one.
    """
    for name, value in fields.items():
        if not name.startswith("f:"):
            continue
        keys = parse_path(name[2:])
        col = _KINDS.get(keys[-1])
        if col is None:
            raise InputError.single(name[2:], "this field cannot be edited here")
        node, last = _container(data, keys, create=False)
        if value.strip() == "" and not col.required:
            if isinstance(node, dict):
                node.pop(last, None)
            continue
        node[last] = _coerce(value, col.kind) if value.strip() else None
    for name in fields:
        if name.startswith("remove:"):
            keys = parse_path(name[len("remove:") :])
            if len(keys) == 3 and keys[0] == "stances":
                row = data.get("stances", {}).get(keys[1], {})
                row.pop(keys[2], None)
                if not row:
                    data.get("stances", {}).pop(keys[1], None)
    actor, issue = fields.get("new.actor", "").strip(), fields.get("new.issue", "").strip()
    if actor or issue:
        stance: dict[str, Any] = {}
        for key in ("position", "salience"):
            if fields.get(f"new.{key}", "").strip():
                stance[key] = _coerce(fields[f"new.{key}"], "value")
        data.setdefault("stances", {}).setdefault(actor, {})[issue] = stance
    return data


def load_data(text: str, fmt: str) -> dict[str, Any]:
    """A stored text as plain data (it passed the loader's limits when it was stored)."""
    data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise InputError.single("scenario", "the stored text is not a mapping")
    return data


def dump_data(data: dict[str, Any], fmt: str) -> str:
    """Data as the text to store, in the stored format."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def _scalar_changes(
    old: Any, new: Any, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Any]] | None:
    """The scalars that differ between two data trees of the same shape; None when the shape differs."""
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            return None
        out: list[tuple[tuple[str, ...], Any]] = []
        for k in old:
            sub = _scalar_changes(old[k], new[k], (*path, str(k)))
            if sub is None:
                return None
            out += sub
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return None
        out = []
        for k, (a, b) in enumerate(zip(old, new, strict=True)):
            sub = _scalar_changes(a, b, (*path, str(k)))
            if sub is None:
                return None
            out += sub
        return out
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        return None
    return [] if old == new and type(old) is type(new) else [(path, new)]


def patch_text(text: str, fmt: str, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """The stored text with only the edited values rewritten in place, comments and layout kept.

    Each changed scalar is found in the text through PyYAML's node marks (JSON is read the same way) and
    replaced by its JSON spelling, which is valid YAML too. None when the edit is not a change of values
    (a stance added or removed), or when the patched text would not read back as ``new`` (an edited value
    under a YAML alias, say): the caller then writes the whole file.
    """
    changes = _scalar_changes(old, new)
    if not changes:
        return None if changes is None else text
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return None
    edits = []
    for keys, value in changes:
        node = root
        for k in keys:
            if isinstance(node, yaml.MappingNode):
                node = next((v for key, v in node.value if getattr(key, "value", None) == k), None)
            elif isinstance(node, yaml.SequenceNode) and k.isdigit() and int(k) < len(node.value):
                node = node.value[int(k)]
            else:
                node = None
            if node is None:
                return None
        if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
            return None
        edits.append((node.start_mark.index, node.end_mark.index, json.dumps(value, ensure_ascii=False)))
    out = text
    for start, end, token in sorted(edits, reverse=True):
        out = out[:start] + token + out[end:]
    try:
        again = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    except (ValueError, yaml.YAMLError):
        return None
    return out if again == new else None


def _tables(data: dict[str, Any]) -> dict[str, Any]:
    """Rows for the three tables, each field with its path."""
    actors = [(f"actors[{k}]", a) for k, a in enumerate(data.get("actors") or []) if isinstance(a, dict)]
    issues: list[tuple[str, dict[str, Any], bool]] = []
    for k, i in enumerate(data.get("issues") or []):
        if not isinstance(i, dict):
            continue
        issues.append((f"issues[{k}]", i, False))
        for j, part in enumerate(i.get("parts") or []):
            if isinstance(part, dict):
                issues.append((f"issues[{k}].parts[{j}]", part, True))
    stances = []
    for aid, row in (data.get("stances") or {}).items():
        if isinstance(row, dict):
            for iid, st in row.items():
                if isinstance(st, dict):
                    stances.append((f"stances[{aid}][{iid}]", aid, iid, st))
    ids = [i.get("id") for _, i, _ in issues]
    return {"actors": actors, "issues": issues, "stances": stances, "issue_ids": ids}


def _by_path(
    problems: list[dict[str, Any]], paths: set[str]
) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """Problems keyed by the field (or row) they concern; the rest for the list above the tables."""
    placed: dict[str, list[str]] = {}
    rest = []
    for p in problems:
        path = p.get("path", "")
        target = path if path in paths else next((q for q in paths if path.startswith(q + ".")), None)
        if target is None and path.rsplit(".", 1)[0] in paths:
            target = path.rsplit(".", 1)[0]
        if target is None:
            rest.append(p)
        else:
            placed.setdefault(target, []).append(p["message"])
    return placed, rest


def _page(
    request: Request,
    rec: Any,
    data: dict[str, Any],
    problems: list[dict[str, Any]],
    status: int = 200,
    saved: int | None = None,
) -> HTMLResponse:
    tables = _tables(data)
    paths = {f"{p}.{c.key}" for p, _ in tables["actors"] for c in ACTOR_COLUMNS}
    paths |= {f"{p}.{c.key}" for p, _, _ in tables["issues"] for c in ISSUE_COLUMNS}
    paths |= {f"{p}.{c.key}" for p, *_ in tables["stances"] for c in STANCE_COLUMNS}
    paths |= {p for p, *_ in tables["stances"]} | {p for p, _ in tables["actors"]}
    placed, rest = _by_path(problems, paths)
    return render(
        request,
        "editor.html",
        status=status,
        rec=rec,
        data=data,
        t=tables,
        actor_columns=ACTOR_COLUMNS,
        issue_columns=ISSUE_COLUMNS,
        stance_columns=STANCE_COLUMNS,
        placed=placed,
        rest=rest,
        n_problems=len(problems),
        saved=saved,
    )


@router.get("/scenarios/{scenario_id}/edit", response_class=HTMLResponse)
def edit(request: Request, scenario_id: int) -> HTMLResponse:
    """The editor on the current version."""
    rec = ctx_of(request).store.get_scenario(scenario_id)
    return _page(request, rec, load_data(rec.text, rec.format), [])


@router.post("/scenarios/{scenario_id}/edit", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
async def save(request: Request, scenario_id: int) -> HTMLResponse:
    """Apply the form and save a new version; on problems, the form again with them in place."""
    ctx = ctx_of(request)
    fields = form_fields(await request.form())
    rec = ctx.store.get_scenario(scenario_id)
    base = fields.get("base_version", "")
    original = load_data(rec.text, rec.format)
    data = apply_edits(load_data(rec.text, rec.format), fields)
    if base != str(rec.current_version):
        problems = [
            {
                "file": "",
                "line": 0,
                "column": 0,
                "path": "",
                "message": f"version {rec.current_version} was saved "
                f"while you edited version {base}: reload the editor to edit the newest version",
            }
        ]
        return _page(request, rec, data, problems, status=409)
    author = author_of(fields.get("author") or request.cookies.get("accord_author"), "web")
    try:
        # Edited values are rewritten in place (comments and layout kept); other edits rewrite the file.
        text = patch_text(rec.text, rec.format, original, data) or dump_data(data, rec.format)
        version = ctx.store.update_scenario(
            scenario_id,
            text,
            rec.format,
            author,
            fields.get("message", "").strip() or "edited in the web app",
        )
    except InputError as err:
        return _page(request, rec, data, problems_of(err), status=422)
    rec = ctx.store.get_scenario(scenario_id, version)
    return _page(request, rec, load_data(rec.text, rec.format), [], saved=version)
