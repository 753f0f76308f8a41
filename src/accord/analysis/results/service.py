"""The documents of the service commands: ``accord db``, ``accord serve`` and ``accord report``.

They sit with the analysis documents so that ``accord schema db|serve|report`` describe them like every
other ``--json`` output, without importing SQLAlchemy, FastAPI or Jinja2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from .base import Document

__all__ = ["ReportFile", "ServeInfo", "StoreReport"]


@dataclass(frozen=True)
class StoreReport(Document):
    """``accord db init|upgrade|export|import``: what was done to which database.

    ``revision_before``, ``revision`` and ``changed`` are set by init and upgrade (``revision_before``
    is null for a new database); ``path`` and the counts by export and import; ``ids`` (each archived
    scenario id and its new id) by import. The others are null.
    """

    kind: ClassVar[str] = "db"
    action: Literal["init", "upgrade", "export", "import"]
    database: str
    revision_before: str | None = None
    revision: str | None = None
    changed: bool | None = None
    path: str | None = None
    scenarios: int | None = None
    versions: int | None = None
    runs: int | None = None
    evidence: int | None = None
    sweeps: int | None = None
    games: int | None = None
    ids: dict[str, int] | None = None


@dataclass(frozen=True)
class ServeInfo(Document):
    """``accord serve --json``: where the app listens, printed once it is bound (before serving).

    ``url`` carries the access token as a query parameter where one is required (open it once in a
    browser); API clients send ``Authorization: Bearer TOKEN`` instead. ``port`` is the bound port, so
    ``--port 0`` (any free port) can be scripted.
    """

    kind: ClassVar[str] = "serve"
    url: str
    host: str
    port: int
    local_only: bool
    token_required: bool
    database: str
    api: str


@dataclass(frozen=True)
class ReportFile(Document):
    """``accord report --json``: which file was written, how large, from what."""

    kind: ClassVar[str] = "report"
    file: str
    bytes: int
    title: str
    accord_version: str
    seed: int
    errors: dict[str, str]
