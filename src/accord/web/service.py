"""What the pages and the API share: reading uploads, the cached analysis document, scenario data.

No analysis happens here: uploads go through the store (which validates with the scenario loader) or
a registered importer, and analyses through :mod:`accord.analysis`.
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from .app import AppContext

__all__ = ["add_upload", "analysis_json", "upload_formats", "scenario_format", "ANALYZE_SEED"]

#: The seed ``accord analyze`` uses by default.
ANALYZE_SEED = 0
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
_CACHE_SIZE = 64


def upload_formats() -> dict[str, str]:
    """What an upload can be: a scenario file (YAML or JSON), or any registered importer's format."""
    from ..registry import IMPORTERS

    out = {"scenario": "accord scenario (YAML or JSON)"}
    for name in IMPORTERS.names():
        out[name] = IMPORTERS.get(name).description or name
    return out


def scenario_format(filename: str | None, content_type: str | None, text: str) -> str:
    """``json`` or ``yaml``: from the file's suffix, else the content type, else the text's first byte."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if content_type and "json" in content_type:
        return "json"
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"


def _display(filename: str | None, default: str) -> str:
    """A file name safe to show and log: the last path part, printable, short (never used as a path)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable())[:80].strip()
    return base or default


def add_upload(
    ctx: AppContext,
    data: bytes,
    *,
    filename: str | None,
    content_type: str | None,
    fmt: str,
    author: str,
    name: str | None = None,
) -> list[int]:
    """Store an uploaded file as one or more scenarios; their ids.

    ``fmt`` is ``scenario`` (YAML or JSON text, stored verbatim) or a registered importer's name (the
    file is read by the importer from a private temporary folder under a name the server chooses, and
    each scenario it gives is stored as YAML).

    Raises
    ------
    InputError
        With the located problems (the store's loader, or the importer's).
    """
    display = _display(filename, "upload")
    if fmt == "scenario":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError.single(display, f"not UTF-8 text ({e.reason} at byte {e.start})") from None
        kind = scenario_format(filename, content_type, text)
        return [ctx.store.add_scenario(text, kind, author, name=name or None, message=f"uploaded {display}")]
    from ..registry import IMPORTERS
    from ..scenario import ScenarioError, dumps_scenario

    cls = IMPORTERS.get(fmt, "format")
    suffix = Path(display).suffix
    suffix = suffix if _SUFFIX.match(suffix) else ".txt"
    with tempfile.TemporaryDirectory(prefix="accord-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"  # the server's name: nothing from the request is a path
        path.write_bytes(data)
        try:
            scenarios = cls().read(path)
        except ScenarioError as err:
            renamed = [replace(p, file=display) if p.file.startswith(str(path)) else p for p in err.problems]
            raise ScenarioError(renamed + err.warnings) from None
    if not scenarios:
        raise InputError.single(display, "holds no scenario to import")
    ids = []
    for k, sc in enumerate(scenarios):
        label = name or sc.title or display
        if len(scenarios) > 1:
            label = f"{label} ({k + 1}/{len(scenarios)})" if name else (sc.title or f"{display} #{k + 1}")
        ids.append(
            ctx.store.add_scenario(
                dumps_scenario(sc), "yaml", author, name=label, message=f"imported {display} ({fmt})"
            )
        )
    return ids


def analysis_json(
    ctx: AppContext, scenario_id: int, version: int | None = None, seed: int = ANALYZE_SEED
) -> str:
    """The analysis document, byte for byte what ``accord analyze FILE --json --seed SEED`` prints.

    Computed once per scenario version and seed: kept in memory, and stored as a run so it shows in the
    scenario's analyses.
    """
    rec = ctx.store.get_scenario(scenario_id, version)
    key = (rec.id, rec.version, seed, rec.sha256)
    with ctx.lock:
        if key in ctx.analyses:
            ctx.analyses.move_to_end(key)
            return ctx.analyses[key]
        computing = ctx.computing.setdefault(key, threading.Lock())
    with computing:  # many clients asking at once: one computes, the others wait for its answer
        with ctx.lock:
            if key in ctx.analyses:
                return ctx.analyses[key]
        text = _compute_analysis(ctx, rec, seed)
        with ctx.lock:
            ctx.analyses[key] = text
            ctx.computing.pop(key, None)
            while len(ctx.analyses) > _CACHE_SIZE:
                ctx.analyses.popitem(last=False)
    return text


def _compute_analysis(ctx: AppContext, rec: Any, seed: int) -> str:
    from ..analysis import AnalysisSpec, analyze
    from ..cli._common import echo_json
    from ..registry import MODELS, parse_names

    scenario = ctx.store.get_scenario(rec.id, rec.version, parse=True).scenario
    # The command's defaults: every listed model, every actor a signatory, the talks simulated.
    spec = AnalysisSpec(models=tuple(parse_names("all", MODELS, "--models")))
    result = analyze(scenario, spec, seed=seed)
    doc = result.to_dict()
    text = echo_json(doc)
    ctx.store.save_run(rec.id, rec.version, "analysis", doc["spec"], seed, doc)
    return text


def author_of(value: str | None, default: str) -> str:
    """Who is saving: a short printable name, or ``default``."""
    name = "".join(ch for ch in (value or "") if ch.isprintable()).strip()[:60]
    return name or default


def form_fields(form: Any) -> dict[str, str]:
    """A submitted form's text fields (uploads left out)."""
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}


def any_to_dict(x: Any) -> Any:
    """Records with ``to_dict`` as plain data (lists of them too)."""
    if isinstance(x, list):
        return [any_to_dict(v) for v in x]
    return x.to_dict() if hasattr(x, "to_dict") else x
