"""The application factory: the store, the job manager, the templates, the guard and the routes.

The app is a thin shell over :mod:`accord.analysis` and :mod:`accord.store`: pages and API call the same
library functions as the command line and show the same numbers. Everything it serves comes from the
package itself (htmx and Plotly's JavaScript included), so it works with no network.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import AccordError, InputError, LimitError
from .jobs import JobManager
from .security import CSRF_COOKIE, Guard, csrf_token

__all__ = ["create_app", "AppContext", "render", "ctx_of", "problems_of"]

_HERE = Path(__file__).parent
#: Largest request body by default: the flagship scenario is 60 KB.
MAX_UPLOAD = 5_000_000


@dataclass
class AppContext:
    """What every route needs: the store, the jobs, the templates, and the limits."""

    store: Any
    jobs: JobManager
    templates: jinja2.Environment
    max_upload: int
    token: str | None
    #: Analysis documents by (scenario, version, seed, text hash), newest last (see service.analysis_json).
    analyses: OrderedDict[tuple[int, int, int, str], str] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    computing: dict[tuple[int, int, int, str], threading.Lock] = field(default_factory=dict)


def ctx_of(request: Request) -> AppContext:
    """The app's context from a request."""
    ctx: AppContext = request.app.state.ctx
    return ctx


def problems_of(err: InputError) -> list[dict[str, Any]]:
    """An InputError's located problems (errors, then warnings) as plain data."""
    return [p.to_dict() for p in err.problems + getattr(err, "warnings", [])]


def _templates() -> jinja2.Environment:
    from ..report.html import _num

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("accord.web", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    return env


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page or fragment from a template, with the CSRF token in it (and its cookie set when new)."""
    token = csrf_token(request)
    ctx = ctx_of(request)
    html = ctx.templates.get_template(name).render(
        request=request, csrf=token, htmx=request.headers.get("hx-request") == "true", **context
    )
    response = HTMLResponse(html, status_code=status)
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


@functools.cache
def _plotly_js() -> bytes:
    from ..report.html import plotly_js

    return plotly_js().encode("utf-8")


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def create_app(
    db_url: str | None = None,
    *,
    token: str | None = None,
    max_upload: int = MAX_UPLOAD,
    local_only: bool = True,
    store: Any = None,
    workers: int = 2,
) -> FastAPI:
    """The web app.

    Parameters
    ----------
    db_url : str, optional
        The store's URL (default: ``$ACCORD_DB``, else SQLite in the user's data folder).
    token : str, optional
        Access token every request must carry (``accord serve`` makes one on a non-local bind).
    max_upload : int
        Largest request body in bytes; larger ones get 413.
    local_only : bool
        Answer only to loopback Host names (the server listens on a loopback address).
    store : accord.store.Store, optional
        An open store to use instead of opening ``db_url``.
    workers : int
        Background jobs that may run at once.

    Returns
    -------
    FastAPI
    """
    from .. import __version__

    if store is None:
        from ..store import Store

        store = Store(db_url)
    jobs = JobManager(store, workers=workers)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()  # the server is stopping: no orphan worker processes

    app = FastAPI(
        title="accord",
        version=__version__,
        description=(
            "Multi-party negotiation models: a scenario library with history, forecasts, deal spaces and "
            "simulated talks. Every analysis document is the one `accord analyze --json` prints."
        ),
        docs_url=None,  # the Swagger page loads its JavaScript from a CDN; /openapi.json is the contract
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ctx = AppContext(store, jobs, _templates(), max_upload, token)
    app.add_middleware(Guard, token=token, max_upload=max_upload, local_only=local_only)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly() -> Response:
        # Served from the installed plotly package, never from a CDN (declared before the /static mount,
        # which would otherwise take the path).
        return Response(
            _plotly_js(), media_type="text/javascript", headers={"cache-control": "max-age=86400"}
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    @app.exception_handler(InputError)
    async def input_error(request: Request, err: InputError) -> Response:
        from ..store import NotFound

        status = 404 if isinstance(err, NotFound) else 422
        if _wants_html(request):
            return render(request, "error.html", status=status, status_code=status, problems=problems_of(err))
        return JSONResponse({"detail": str(err), "problems": problems_of(err)}, status_code=status)

    @app.exception_handler(LimitError)
    async def limit_error(request: Request, err: LimitError) -> Response:
        return JSONResponse({"detail": str(err), "problems": []}, status_code=422)

    @app.exception_handler(AccordError)
    async def accord_error(request: Request, err: AccordError) -> Response:
        return JSONResponse({"detail": str(err), "problems": []}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        if _wants_html(request):
            problems = [{"message": str(err.detail), "path": "", "line": 0, "column": 0, "file": ""}]
            return render(
                request, "error.html", status=err.status_code, status_code=err.status_code, problems=problems
            )
        return JSONResponse({"detail": err.detail}, status_code=err.status_code, headers=err.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, err: RequestValidationError) -> Response:
        problems = [
            {
                "file": "",
                "line": 0,
                "column": 0,
                "path": ".".join(str(x) for x in e.get("loc", ())),
                "message": e.get("msg", ""),
            }
            for e in err.errors()
        ]
        return JSONResponse({"detail": "invalid request", "problems": problems}, status_code=422)

    from . import analyses, api, editor, evidence, game_pages, games_api, pages

    app.include_router(api.router)
    app.include_router(evidence.api)
    app.include_router(pages.router)
    app.include_router(editor.router)
    app.include_router(analyses.router)
    app.include_router(evidence.router)
    app.include_router(games_api.router)
    app.include_router(game_pages.router)
    app.openapi = functools.partial(api.openapi_with_documents, app)  # type: ignore[method-assign]

    return app
