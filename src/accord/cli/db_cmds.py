"""``accord db init|upgrade|export|import``: the store's database and its portable archive.

Each subcommand opens the store (``--db URL``, else ``$ACCORD_DB``, else the default SQLite file in the
user's data directory), calls one :mod:`accord.store` function and prints what it did, as text or as
one JSON document (``--json``: an :class:`~accord.analysis.StoreReport`). The store is imported inside
the commands, so ``accord --help`` does not pay for SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ._common import emit, json_option

__all__ = ["COMMANDS", "db"]

F = TypeVar("F", bound=Callable[..., Any])


def db_option(fn: F) -> F:
    """``--db URL``: the database (default ``$ACCORD_DB``, else the user's data directory)."""
    return click.option(
        "--db",
        "url",
        metavar="URL",
        default=None,
        help="Database: sqlite:///FILE, postgresql://USER:PASSWORD@HOST/DB or a file path "
        "(default: $ACCORD_DB, else accord.db in the user's data directory).",
    )(fn)


def _open(url: str | None) -> Any:
    from ..store import Store

    return Store(url)


def _print(action: str, store: Any, data: dict[str, Any], as_json: bool, text: str) -> None:
    from ..analysis import StoreReport

    report = StoreReport(action=action, database=store.display_url, **data)  # type: ignore[arg-type]
    emit(report, as_json, None, lambda: text + "\n")


@click.group("db")
def db() -> None:
    """The store's database: create or upgrade it, export it to an archive, import one.

    \b
    Examples:
      accord db init
      accord db upgrade --db postgresql://accord:secret@localhost/accord
      accord db export backup.zip --json
      accord db import backup.zip --db other.db
    """


def _migrate(action: str, url: str | None, as_json: bool) -> None:
    with _open(url) as store:
        before, after = store.init()
    verb = "already at" if before == after else f"{'created' if before is None else 'upgraded'} to"
    _print(
        action,
        store,
        {"revision_before": before, "revision": after, "changed": before != after},
        as_json,
        f"{store.display_url}: {verb} schema revision {after}",
    )


@db.command("init")
@db_option
@json_option
def init_cmd(url: str | None, as_json: bool) -> None:
    """Create the database's tables (an existing database is brought up to date, never emptied).

    \b
    Example:
      accord db init --db ~/accord.db --json
    """
    _migrate("init", url, as_json)


@db.command("upgrade")
@db_option
@json_option
def upgrade_cmd(url: str | None, as_json: bool) -> None:
    """Apply every schema migration the database lacks, in one transaction.

    \b
    Example:
      accord db upgrade --db postgresql://accord:secret@localhost/accord
    """
    _migrate("upgrade", url, as_json)


@db.command("export")
@click.argument("archive", type=click.Path(dir_okay=False))
@db_option
@json_option
def export_cmd(archive: str, url: str | None, as_json: bool) -> None:
    """Write the whole store (every scenario version, history, run, statement, sweep, game) to a zip.

    The archive holds the scenario texts as saved (YAML or JSON) and the rest as JSON; `accord db
    import` reads it into any store. It is written atomically.

    \b
    Example:
      accord db export backup.zip
    """
    from ..store import export_archive

    with _open(url) as store:
        summary = export_archive(store, archive)
    _print("export", store, summary, as_json, f"wrote {archive}: {_counts(summary)}")


@db.command("import")
@click.argument("archive", type=click.Path(dir_okay=False))
@db_option
@json_option
def import_cmd(archive: str, url: str | None, as_json: bool) -> None:
    """Add everything in an archive from `accord db export` to the store, all or nothing.

    Scenarios get new ids (printed as old -> new); their versions, authors, times and history are kept.
    Every scenario text is validated and checked against its recorded sha256 first.

    \b
    Example:
      accord db import backup.zip --db ~/other.db --json
    """
    from ..store import import_archive

    with _open(url) as store:
        summary = import_archive(store, archive)
    ids = ", ".join(f"{old} -> {new}" for old, new in summary["ids"].items())
    _print(
        "import",
        store,
        summary,
        as_json,
        f"imported {archive}: {_counts(summary)}" + (f" (ids {ids})" if ids else ""),
    )


def _counts(summary: dict[str, Any]) -> str:
    keys = ("scenarios", "versions", "runs", "evidence", "sweeps", "games")
    return ", ".join(f"{summary[k]} {k}" for k in keys)


COMMANDS = [db]
