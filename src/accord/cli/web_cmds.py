"""Commands for people who read in a browser: ``report`` (one self-contained HTML file) and ``serve``."""

from __future__ import annotations

import ipaddress
import secrets
import socket

import click

from ..errors import InputError
from ..registry import MODELS
from ._common import echo_json, json_option, load, seed_option

__all__ = ["COMMANDS"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The HTML file to write (atomically).",
)
@click.option(
    "--models",
    default="all",
    show_default=True,
    metavar="NAME,...|all",
    help=f"Forecast models: {MODELS.help()}.",
)
@click.option("--no-simulate", is_flag=True, help="Leave out the simulated talks.")
@seed_option
@json_option
def report(file: str, output: str, models: str, no_simulate: bool, seed: int, as_json: bool) -> None:
    """Write one self-contained HTML report of a scenario FILE: every analysis, plots, sources.

    The file needs nothing else to open: its styles and Plotly's JavaScript are inside it, so it works
    offline and can be sent by mail. It shows the numbers ``accord analyze --json`` prints with the same
    seed, and prints cleanly to PDF from a browser. With --json, one document saying what was written.

    \b
    Example:
      accord report examples/ukraine-2025/scenario.yaml -o report.html
    """
    from ..analysis import AnalysisSpec
    from ..analysis import analyze as run_analyze
    from ..registry import parse_names
    from ..report.html import ReportFile, write_html

    scenario = load(file)
    spec = AnalysisSpec(models=tuple(parse_names(models, MODELS, "--models")), simulate=not no_simulate)
    result = run_analyze(scenario, spec, seed=seed)
    n_bytes = write_html(result, output)
    errors = {name: f.message for name, f in result.errors.items()}
    if as_json:
        doc = ReportFile(output, n_bytes, result.scenario.title, result.accord_version, seed, errors)
        click.echo(echo_json(doc.to_dict()), nl=False)
    else:
        click.echo(f"wrote {output} ({n_bytes / 1e6:.1f} MB)", err=True)
    if result.errors:  # the report says what is missing; a script must see it too
        for name, failure in result.errors.items():
            click.echo(f"error: {name} not run: {failure.message}", err=True)
        raise SystemExit(max(3 if f.kind == "limit" else 2 for f in result.errors.values()))


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1 or the name localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option(
    "--db",
    "db_url",
    default=None,
    envvar="ACCORD_DB",
    metavar="URL",
    help="The store (a SQLAlchemy URL; default: SQLite in the user's data folder; env ACCORD_DB).",
)
@click.option(
    "--token",
    default=None,
    envvar="ACCORD_TOKEN",
    help="Access token required on a non-local address (default there: a new random one, printed).",
)
@click.option(
    "--max-upload",
    type=click.IntRange(min=1),
    default=5_000_000,
    show_default=True,
    metavar="BYTES",
    help="Largest request body accepted (larger: 413).",
)
@json_option
def serve(
    host: str, port: int, db_url: str | None, token: str | None, max_upload: int, as_json: bool
) -> None:
    """Serve the web app: scenario library, editor, analyses, reports and the JSON API.

    It listens on 127.0.0.1 unless told otherwise. On any other address every request needs the
    access token (``Authorization: Bearer TOKEN``, or open the printed link once in a browser); one is
    generated and printed when none is given. The API is described at /openapi.json. With ``--json``
    one document (``accord schema serve``) is printed on stdout once the port is bound, so a script can
    start it on any free port (``--port 0``) and read where it listens.

    \b
    Example:
      accord serve --port 8000
      accord serve --host 0.0.0.0 --token "$(cat token.txt)"
      accord serve --port 0 --json
    """
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError.single("serve", "the web app needs its extra: pip install 'accord[web]'") from None
    from ..analysis import ServeInfo
    from ..web import create_app

    local = is_loopback(host)
    if not local and not token:
        token = secrets.token_urlsafe(32)
    app = create_app(db_url, token=token, max_upload=max_upload, local_only=local)
    sock = _bind(host, port)
    port = sock.getsockname()[1]
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    info = ServeInfo(
        url=f"{where}?token={token}" if token else where,
        host=host,
        port=port,
        local_only=local,
        token_required=bool(token),
        database=app.state.ctx.store.display_url,
        api=f"{where}openapi.json",
    )
    if as_json:
        click.echo(echo_json(info.to_dict()), nl=False)
    if token:
        click.echo(f"accord: serving on {info.url}", err=True)
        click.echo("accord: API clients send 'Authorization: Bearer <token>'", err=True)
    else:
        click.echo(f"accord: serving on {where} (this machine only)", err=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (``port`` 0: any free one); a clear error when taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as err:
        raise InputError.single("--port", f"cannot listen on {host}:{port}: {err.strerror or err}") from None


COMMANDS = [report, serve]
