"""Persistence: scenarios with their full version history, analysis runs, sweeps, evidence and games.

SQLite by default (a file in the user's data directory), PostgreSQL by URL; the schema is created and
upgraded by Alembic migrations shipped inside the package (``accord db init``, ``accord db upgrade``).
Every write is one transaction. What is stored is what the analysis layer produced: a run's result is
the analysis layer's JSON document, a scenario version is the text the user saved.

>>> from accord.store import Store
>>> store = Store("sqlite://")  # in memory; Store() opens the default file, Store(url) another database
>>> store.list_scenarios()
[]
"""

from ._checks import FORMATS, STATEMENT_KEYS
from ._diff import FieldChange
from ._engine import ENV_VAR, default_url
from .archive import export_archive, import_archive
from .errors import NotFound, StoreError
from .records import (
    EvidenceRecord,
    GameRecord,
    RunRecord,
    ScenarioDiff,
    ScenarioInfo,
    ScenarioRecord,
    SweepRecord,
    VersionInfo,
)
from .store import GAME_STATUSES, Store

__all__ = [
    "ENV_VAR",
    "FORMATS",
    "GAME_STATUSES",
    "STATEMENT_KEYS",
    "EvidenceRecord",
    "FieldChange",
    "GameRecord",
    "NotFound",
    "RunRecord",
    "ScenarioDiff",
    "ScenarioInfo",
    "ScenarioRecord",
    "Store",
    "StoreError",
    "SweepRecord",
    "VersionInfo",
    "default_url",
    "export_archive",
    "import_archive",
]
