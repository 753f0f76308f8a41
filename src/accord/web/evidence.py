"""Evidence from news text: paste or upload an article, see who said what, store it, apply what it supports.

A thin shell over :mod:`accord.text` and the store. The statements are those ``accord extract`` finds in
the text, linked to the scenario's current version and stored as the scenario's evidence; the proposed
changes are those ``accord extract --propose`` makes from every stored statement the scenario does not
cite yet; applying the chosen ones saves a new version, as ``accord apply`` writes a file (validated
first; nothing is saved on a problem). The page and the JSON API (``/api/scenarios/{id}/evidence``) call
the same functions below.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ..errors import InputError
from ..text.stored import StaleProposal, apply_stored, stored_diff
from .app import AppContext, ctx_of, problems_of, render
from .security import check_csrf
from .service import author_of

__all__ = ["router", "api", "MAX_TEXT_CHARS"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"])

#: Text read in one request (about 1,500 sentences, a few seconds); longer text goes to ``accord extract``.
MAX_TEXT_CHARS = 200_000
_KINDS = ("text", "markdown", "html")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
#: One text at a time: the parser is shared, and its pipeline is switched per call (not thread-safe).
_READING = threading.Lock()


# -- the functions the page and the API share ------------------------------------------------------------


def read_text(
    ctx: AppContext, sid: int, text: str, *, kind: str, date: str | None, source: str
) -> tuple[Any, list[int]]:
    """Extract the statements of ``text`` against the scenario's current version and store them.

    Returns the :class:`~accord.text.Extraction` and the stored statements' ids.

    Raises
    ------
    InputError
        Empty, binary, non-English or over-long text, an unknown kind, a malformed date, or the text
        extra not installed (with the command that installs it).
    """
    from ..text import extract_text
    from ..text.stored import store_statements

    if len(text) > MAX_TEXT_CHARS:
        raise InputError.single(
            "text",
            f"{len(text):,} characters: the web app reads at most {MAX_TEXT_CHARS:,} at once; "
            "split the text, or use `accord extract FILE... --into ID` for long files",
        )
    rec = ctx.store.get_scenario(sid, parse=True)
    with _READING:
        got = extract_text(text, rec.scenario, kind=kind, date=date or None, source=source or "pasted text")
    return got, store_statements(ctx.store, sid, got)


# -- pages -----------------------------------------------------------------------------------------------


def _page(
    request: Request, sid: int, status: int = 200, issue: str | None = None, **extra: Any
) -> HTMLResponse:
    from ..report.figures import stance_timeline
    from ..text import timeline
    from ..text.render import describe_item

    ctx = ctx_of(request)
    rec, records, diff, basis = stored_diff(ctx.store, sid)
    # How positions moved: the issue asked for, else the one with the most dated points.
    entries = timeline(rec.scenario).entries
    counts = {i: sum(e.issue == i and e.date is not None for e in entries) for i in rec.scenario.issue_ids}
    if issue not in counts:
        issue = max(counts, key=lambda i: counts[i], default=None)
    shown = [e for e in entries if e.issue == issue]
    figure = stance_timeline(shown, rec.scenario.issue(issue)) if issue is not None else None
    context: dict[str, Any] = dict(
        rec=rec,
        records=records,
        diff=diff,
        describe=describe_item,
        basis=basis,
        kinds=_KINDS,
        problems=[],
        added=(),
        form={},
        max_chars=MAX_TEXT_CHARS,
        issue=issue,
        issues=rec.scenario.issues,
        points=shown,
        figure=figure,
    )
    return render(request, "evidence.html", status=status, **(context | extra))


@router.get("/scenarios/{scenario_id}/evidence", response_class=HTMLResponse)
def evidence(request: Request, scenario_id: int, issue: str | None = None) -> HTMLResponse:
    """The stored evidence, the changes it proposes, how positions moved, and the form that reads text."""
    return _page(request, scenario_id, issue=issue)


@router.post("/scenarios/{scenario_id}/evidence", dependencies=[Depends(check_csrf)])
async def add(request: Request, scenario_id: int) -> Response:
    """Read pasted or uploaded text, store its statements, and show them with what they propose."""
    ctx = ctx_of(request)
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    text, kind = fields.get("text", ""), fields.get("kind", "text")
    source = fields.get("source", "").strip()
    upload = form.get("file")
    try:
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read()
            if b"\x00" in data[:8192]:
                raise InputError.single(
                    upload.filename, "the file is binary (it contains NUL bytes), not text"
                )
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as err:
                raise InputError.single(
                    upload.filename, f"not UTF-8 text: {err.reason} at byte {err.start}"
                ) from None
            kind = _SUFFIXES.get(Path(upload.filename).suffix.lower(), "text")
            source = source or Path(upload.filename).name
        got, ids = await run_in_threadpool(
            read_text, ctx, scenario_id, text, kind=kind, date=fields.get("date"), source=source
        )
    except InputError as err:
        return _page(request, scenario_id, status=422, problems=problems_of(err), form=fields)
    return _page(request, scenario_id, added=ids, found=got)


@router.post("/scenarios/{scenario_id}/evidence/apply", dependencies=[Depends(check_csrf)])
async def apply(request: Request, scenario_id: int) -> Response:
    """Apply the ticked proposals as a new version, and open the scenario."""
    ctx = ctx_of(request)
    form = await request.form()
    only = [str(v) for v in form.getlist("item")]
    try:
        _, version = apply_stored(
            ctx.store,
            scenario_id,
            only,
            basis=str(form.get("basis") or ""),
            author=author_of(str(form.get("author") or request.cookies.get("accord_author") or ""), "web"),
            message=str(form.get("message") or "").strip(),
        )
    except StaleProposal as err:
        return _page(request, scenario_id, status=409, problems=problems_of(err))
    except InputError as err:
        return _page(request, scenario_id, status=422, problems=problems_of(err))
    return RedirectResponse(f"/scenarios/{scenario_id}?version={version}", status_code=303)


@router.post("/scenarios/{scenario_id}/evidence/dismiss", dependencies=[Depends(check_csrf)])
async def dismiss(request: Request, scenario_id: int) -> Response:
    """Set the ticked statements aside (or, with ``restore``, take them back), and show the page again."""
    form = await request.form()
    try:
        ids = [int(str(v)) for v in form.getlist("statement")]
    except ValueError:
        ids = []
    if not ids:
        problem = InputError.single("statement", "tick at least one statement")
        return _page(request, scenario_id, status=422, problems=problems_of(problem))
    ctx_of(request).store.dismiss_evidence(scenario_id, ids, dismissed=form.get("restore") is None)
    return RedirectResponse(f"/scenarios/{scenario_id}/evidence#statements", status_code=303)


# -- JSON API --------------------------------------------------------------------------------------------


class TextIn(BaseModel):
    """News text to read against the scenario's current version."""

    text: str = Field(description="The article: plain text, Markdown or HTML")
    kind: str = Field("text", description="text, markdown or html")
    date: str | None = Field(None, description="YYYY-MM-DD of the text (default: its byline's date)")
    source: str = Field("pasted text", description="The publication, written in each statement")


class ApplyIn(BaseModel):
    """Which proposed changes to apply, and the proposal they were chosen from."""

    only: list[str] = Field(description="Diff item ids (d1, d2, ...); the sources they cite come along")
    basis: str = Field(description="The proposal's basis, as GET .../evidence/diff gave it")
    author: str = "api"
    message: str = ""


_ERR: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such scenario"},
    409: {"description": "The proposal changed since it was read"},
    422: {"description": "Invalid text or choice: every located problem"},
}


@api.get("/scenarios/{scenario_id}/evidence", summary="Stored evidence", responses={404: _ERR[404]})
def list_evidence(request: Request, scenario_id: int) -> list[dict[str, Any]]:
    """The scenario's stored statements, oldest first, each with its id and when it was stored."""
    return [r.to_dict() for r in ctx_of(request).store.evidence(scenario_id)]


@api.post("/scenarios/{scenario_id}/evidence", summary="Read news text", status_code=201, responses=_ERR)
def post_text(request: Request, scenario_id: int, body: TextIn) -> dict[str, Any]:
    """Extract the text's statements (an ``extraction`` document), store them, and give their ids."""
    got, ids = read_text(
        ctx_of(request), scenario_id, body.text, kind=body.kind, date=body.date, source=body.source
    )
    return got.to_dict() | {"ids": ids}


@api.get("/scenarios/{scenario_id}/evidence/diff", summary="Proposed changes", responses={404: _ERR[404]})
def get_diff(request: Request, scenario_id: int) -> dict[str, Any]:
    """The ``scenario-diff`` document the stored evidence proposes, with its ``basis`` (pass it to apply)."""
    rec, _, diff, basis = stored_diff(ctx_of(request).store, scenario_id)
    return diff.to_dict() | {"basis": basis, "version": rec.current_version}


@api.post("/scenarios/{scenario_id}/evidence/apply", summary="Apply proposed changes", responses=_ERR)
def post_apply(request: Request, scenario_id: int, body: ApplyIn) -> Response:
    """Apply the chosen items as a new version (an ``apply`` document, with the version saved)."""
    try:
        report, version = apply_stored(
            ctx_of(request).store,
            scenario_id,
            body.only,
            basis=body.basis,
            author=author_of(body.author, "api"),
            message=body.message.strip(),
        )
    except StaleProposal as err:
        return JSONResponse({"detail": str(err), "problems": problems_of(err)}, status_code=409)
    return JSONResponse(report.to_dict() | {"version": version})


class DismissIn(BaseModel):
    """Stored statements to set aside, or to take back."""

    ids: list[int] = Field(description="Stored statement ids (GET .../evidence gives them)")
    dismissed: bool = Field(True, description="false takes them back")


@api.post("/scenarios/{scenario_id}/evidence/dismiss", summary="Dismiss statements", responses=_ERR)
def post_dismiss(request: Request, scenario_id: int, body: DismissIn) -> dict[str, Any]:
    """Set stored statements aside: they are kept, and propose no change.

    All or none: an id that is not one of the scenario's statements is a 404 and changes nothing.
    """
    ctx_of(request).store.dismiss_evidence(scenario_id, body.ids, dismissed=body.dismissed)
    return {"ids": body.ids, "dismissed": body.dismissed}
