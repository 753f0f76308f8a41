"""The JSON API (``/api``): the same functions as the command line, described at ``/openapi.json``.

Scenarios are stored texts with a history; analyses are the analysis layer's JSON documents, exactly as
``accord analyze --json`` prints them. Errors are ``{"detail": ..., "problems": [...]}`` with the same
located problems as the CLI: 422 for bad input, 404 for an id that does not exist, 413 for a body over
the limit, 401 without the token where one is required.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..errors import InputError
from .app import ctx_of
from .service import ANALYZE_SEED, add_upload, analysis_json, any_to_dict, author_of, upload_formats

__all__ = ["router", "openapi_with_documents"]

router = APIRouter(prefix="/api", tags=["api"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such scenario, version, run or job"},
    422: {"description": "Invalid input: every located problem, as `accord validate` gives them"},
}


class Problem(BaseModel):
    """One located problem, as the CLI prints it (``file:line:column path: message``)."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: str = "error"


class ErrorBody(BaseModel):
    """An error answer."""

    detail: str
    problems: list[Problem] = Field(default_factory=list)


class Created(BaseModel):
    """What a POST that stores scenarios answers (several ids for a format with many scenarios)."""

    id: int
    ids: list[int]
    version: int = 1
    url: str


class JobOut(BaseModel):
    """A background job: its state, progress, and the stored run once done."""

    id: int
    kind: str
    scenario_id: int
    version: int
    spec: dict[str, Any]
    seed: int
    status: str
    done: int
    total: int
    message: str
    run_id: int | None
    error: str | None
    elapsed_s: float


class JobIn(BaseModel):
    """A job to start: ``kind`` is analysis, forecast, deals or simulation."""

    kind: str
    version: int | None = None
    seed: int = 0
    spec: dict[str, Any] = Field(default_factory=dict)


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {**_ERRORS.get(c, {"description": "error"}), "model": ErrorBody} for c in codes}


@router.get("/scenarios", summary="The scenario library")
def list_scenarios(request: Request) -> list[dict[str, Any]]:
    """Every stored scenario: id, name, title, current version, number of versions, who and when."""
    return any_to_dict(ctx_of(request).store.list_scenarios())


@router.post(
    "/scenarios",
    status_code=201,
    response_model=Created,
    summary="Store a scenario",
    responses={**_errors(422), 413: {"description": "Body over the upload limit", "model": ErrorBody}},
    openapi_extra={
        "requestBody": {
            "content": {
                "application/yaml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "format": {"type": "string", "description": "scenario or an importer's name"},
                            "name": {"type": "string"},
                        },
                        "required": ["file"],
                    }
                },
            },
            "required": True,
        }
    },
)
async def create_scenario(
    request: Request,
    name: str | None = Query(None, description="Name in the library (default: the scenario's title)"),
    author: str | None = Query(None, description="Who stores it (default: api)"),
    fmt: str = Query("scenario", alias="format", description="scenario, or a registered importer"),
) -> JSONResponse:
    """A scenario as a YAML or JSON body, or a multipart ``file`` (any registered importer's format too).

    Answers 201 with the new id; 422 with the located problems when the file does not load.
    """
    ctx = ctx_of(request)
    ctype = request.headers.get("content-type", "")
    filename = None
    if ctype.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InputError.single("file", "a multipart upload needs a 'file' part")
        data = await upload.read()
        filename = upload.filename
        fmt = str(form.get("format") or fmt)
        name = str(form.get("name") or "") or name
        ctype = upload.content_type or ""
    else:
        data = await request.body()
    if fmt not in upload_formats():
        raise InputError.single("format", f"unknown format {fmt!r}; one of {', '.join(upload_formats())}")
    if not data.strip():
        raise InputError.single("body", "empty: send a scenario file's text")
    ids = add_upload(
        ctx, data, filename=filename, content_type=ctype, fmt=fmt, author=author_of(author, "api"), name=name
    )
    body = Created(id=ids[0], ids=ids, url=f"/api/scenarios/{ids[0]}")
    return JSONResponse(body.model_dump(), status_code=201, headers={"location": body.url})


@router.get("/scenarios/{scenario_id}", summary="One scenario version", responses=_errors(404))
def get_scenario(request: Request, scenario_id: int, version: int | None = None) -> dict[str, Any]:
    """The scenario (current version by default): its text as saved, format, title, author, message."""
    return ctx_of(request).store.get_scenario(scenario_id, version).to_dict()


@router.put("/scenarios/{scenario_id}", summary="Save a new version", responses=_errors(404, 422))
async def update_scenario(
    request: Request, scenario_id: int, message: str = "", author: str | None = None
) -> dict[str, Any]:
    """A new version from a YAML or JSON body; if it does not load: 422, the problems, nothing saved."""
    from .service import scenario_format

    ctx = ctx_of(request)
    ctx.store.get_scenario(scenario_id)  # 404 before reading the body
    text = (await request.body()).decode("utf-8-sig", errors="replace")
    fmt = scenario_format(None, request.headers.get("content-type"), text)
    version = ctx.store.update_scenario(scenario_id, text, fmt, author_of(author, "api"), message)
    return {"id": scenario_id, "version": version}


@router.get("/scenarios/{scenario_id}/versions", summary="History", responses=_errors(404))
def versions(request: Request, scenario_id: int) -> list[dict[str, Any]]:
    """Every version: who saved it, when, why, and each field it changed (old and new value, sources)."""
    return any_to_dict(ctx_of(request).store.history(scenario_id))


@router.get("/scenarios/{scenario_id}/diff", summary="Diff two versions", responses=_errors(404))
def diff(
    request: Request, scenario_id: int, old: int = Query(..., alias="from"), new: int = Query(..., alias="to")
) -> dict[str, Any]:
    """Field by field and as a unified text diff, from one version to another."""
    return ctx_of(request).store.diff(scenario_id, old, new).to_dict()


@router.post(
    "/scenarios/{scenario_id}/duplicate", status_code=201, response_model=Created, responses=_errors(404)
)
def duplicate(request: Request, scenario_id: int, author: str | None = None) -> Created:
    """Copy the current version into a new scenario."""
    new = ctx_of(request).store.duplicate(scenario_id, author_of(author, "api"))
    return Created(id=new, ids=[new], url=f"/api/scenarios/{new}")


@router.get(
    "/scenarios/{scenario_id}/analysis",
    summary="Every analysis (accord analyze --json)",
    responses={
        **_errors(404, 422),
        200: {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/accord_Analysis"}}}},
    },
)
def analysis(
    request: Request, scenario_id: int, version: int | None = None, seed: int = ANALYZE_SEED
) -> Response:
    """Every analysis of a version: byte for byte what ``accord analyze FILE --json --seed SEED`` prints.

    The scenario, every forecast model, the deal space and the simulated talks, for this version's text.
    """
    text = analysis_json(ctx_of(request), scenario_id, version, seed)
    return Response(text, media_type="application/json")


@router.get("/scenarios/{scenario_id}/runs", summary="Stored runs", responses=_errors(404))
def runs(request: Request, scenario_id: int) -> list[dict[str, Any]]:
    """Every stored run of a scenario, without their results (see ``/api/runs/{id}``)."""
    out = []
    for r in ctx_of(request).store.runs(scenario_id):
        d = r.to_dict()
        d.pop("result", None)
        out.append(d)
    return out


@router.get("/runs/{run_id}", summary="One stored run", responses=_errors(404))
def get_run(request: Request, run_id: int) -> dict[str, Any]:
    """A stored run with its result (the analysis layer's JSON document)."""
    return ctx_of(request).store.get_run(run_id).to_dict()


@router.post(
    "/scenarios/{scenario_id}/jobs", status_code=202, response_model=JobOut, responses=_errors(404, 422)
)
def start_job(request: Request, scenario_id: int, job: JobIn) -> dict[str, Any]:
    """Start a background analysis; poll ``/api/jobs/{id}``; its result becomes a stored run."""
    ctx = ctx_of(request)
    rec = ctx.store.get_scenario(scenario_id, job.version, parse=True)
    started = ctx.jobs.submit(job.kind, rec.id, rec.version, rec.scenario, job.spec, job.seed)
    return started.to_dict()


def _job(request: Request, job_id: int) -> Any:
    job = ctx_of(request).jobs.get(job_id)
    if job is None:
        from ..store import NotFound

        raise NotFound("job", job_id)
    return job


@router.get("/jobs/{job_id}", response_model=JobOut, responses=_errors(404))
def get_job(request: Request, job_id: int) -> dict[str, Any]:
    """A job's state and progress."""
    return _job(request, job_id).to_dict()


@router.delete("/jobs/{job_id}", response_model=JobOut, responses=_errors(404))
def cancel_job(request: Request, job_id: int) -> dict[str, Any]:
    """Cancel a queued or running job (nothing is stored for it)."""
    job = _job(request, job_id)
    ctx_of(request).jobs.cancel(job.id)
    return job.to_dict()


def openapi_with_documents(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the analysis layer's JSON Schemas as components (``accord_<Name>``)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    from ..analysis import DOCUMENTS

    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for cls in DOCUMENTS.values():
        doc = cls.json_schema()
        for name, body in doc.get("$defs", {}).items():
            components[f"accord_{name}"] = _rebase(copy.deepcopy(body))
    app.openapi_schema = schema
    return schema


def _rebase(node: Any) -> Any:
    """JSON Schema refs into ``#/$defs/X`` rewritten to the OpenAPI component ``accord_X``."""
    if isinstance(node, dict):
        return {
            k: (
                f"#/components/schemas/accord_{v.rsplit('/', 1)[-1]}"
                if k == "$ref" and isinstance(v, str)
                else _rebase(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node
