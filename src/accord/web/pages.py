"""Library pages: the scenario list and upload, a scenario's versions and history, diff, download, report."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import InputError
from .app import ctx_of, problems_of, render
from .security import check_csrf
from .service import add_upload, author_of, upload_formats

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def library(request: Request) -> HTMLResponse:
    """The scenario library with the upload form."""
    ctx = ctx_of(request)
    return render(
        request,
        "library.html",
        scenarios=ctx.store.list_scenarios(),
        formats=upload_formats(),
        problems=[],
        author=request.cookies.get("accord_author", ""),
        max_upload=ctx.max_upload,
    )


@router.post("/upload", dependencies=[Depends(check_csrf)])
async def upload(request: Request) -> Response:
    """Store an uploaded file (a scenario, or another tool's file through its importer)."""
    ctx = ctx_of(request)
    form = await request.form()
    file = form.get("file")
    fmt = str(form.get("format") or "scenario")
    author = author_of(str(form.get("author") or ""), "web")
    problems: list[dict[str, object]] = []
    if file is None or isinstance(file, str) or not file.filename:
        problems = [
            {"file": "", "line": 0, "column": 0, "path": "file", "message": "choose a file to upload"}
        ]
    elif fmt not in upload_formats():
        problems = [
            {"file": "", "line": 0, "column": 0, "path": "format", "message": f"unknown format {fmt!r}"}
        ]
    else:
        data = await file.read()
        try:
            ids = add_upload(
                ctx,
                data,
                filename=file.filename,
                content_type=file.content_type,
                fmt=fmt,
                author=author,
                name=str(form.get("name") or "") or None,
            )
        except InputError as err:
            problems = problems_of(err)
        else:
            response = RedirectResponse(f"/scenarios/{ids[0]}", status_code=303)
            if len(ids) > 1:
                response = RedirectResponse("/", status_code=303)
            response.set_cookie("accord_author", author, samesite="strict", httponly=True)
            return response
    return render(
        request,
        "library.html",
        status=422,
        scenarios=ctx.store.list_scenarios(),
        formats=upload_formats(),
        problems=problems,
        author=author,
        max_upload=ctx.max_upload,
    )


@router.get("/scenarios/{scenario_id}", response_class=HTMLResponse)
def scenario(request: Request, scenario_id: int, version: int | None = None) -> HTMLResponse:
    """One scenario: its current (or chosen) version, the history with every change, the actions."""
    ctx = ctx_of(request)
    rec = ctx.store.get_scenario(scenario_id, version, parse=True)
    from ..analysis.build import scenario_summary

    return render(
        request,
        "scenario.html",
        rec=rec,
        summary=scenario_summary(rec.scenario),
        history=list(reversed(ctx.store.history(scenario_id))),
    )


@router.get("/scenarios/{scenario_id}/diff", response_class=HTMLResponse)
def diff(request: Request, scenario_id: int, a: int, b: int) -> HTMLResponse:
    """What changed between two versions: field by field, and the text."""
    ctx = ctx_of(request)
    rec = ctx.store.get_scenario(scenario_id)
    return render(request, "diff.html", rec=rec, d=ctx.store.diff(scenario_id, a, b))


@router.get("/scenarios/{scenario_id}/download")
def download(request: Request, scenario_id: int, version: int | None = None) -> Response:
    """The version's text exactly as saved."""
    rec = ctx_of(request).store.get_scenario(scenario_id, version)
    media = "application/json" if rec.format == "json" else "application/yaml"
    filename = f"scenario-{rec.id}-v{rec.version}.{rec.format}"
    return Response(
        rec.text, media_type=media, headers={"content-disposition": f'attachment; filename="{filename}"'}
    )


@router.post("/scenarios/{scenario_id}/duplicate", dependencies=[Depends(check_csrf)])
def duplicate(request: Request, scenario_id: int) -> Response:
    """Copy the current version into a new scenario, and open it."""
    author = author_of(request.cookies.get("accord_author"), "web")
    new = ctx_of(request).store.duplicate(scenario_id, author)
    return RedirectResponse(f"/scenarios/{new}", status_code=303)


@router.get("/scenarios/{scenario_id}/report.html")
def report(request: Request, scenario_id: int, version: int | None = None, seed: int = 0) -> Response:
    """The self-contained HTML report of a version (what ``accord report`` writes), as a download."""
    from ..analysis import Analysis
    from ..report.html import render_html
    from .service import analysis_json

    ctx = ctx_of(request)
    rec = ctx.store.get_scenario(scenario_id, version)
    import json

    analysis = Analysis.from_dict(json.loads(analysis_json(ctx, rec.id, rec.version, seed)))
    html = render_html(analysis)
    headers = {
        "content-disposition": f'attachment; filename="accord-report-{rec.id}-v{rec.version}.html"',
        # The report is its own world: inline script and styles, and nothing fetched from anywhere.
        "content-security-policy": "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:",
    }
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)
