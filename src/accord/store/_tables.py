"""The tables, as SQLAlchemy Core metadata (the migrations create them; a test checks they agree).

* ``scenarios``: one row per scenario, pointing at its current version;
* ``scenario_versions``: every version's text, verbatim, and its canonical data (what the changes are
  computed from), with who saved it, when and why;
* ``scenario_changes``: what each version changed, field by field (path, old and new value, the sources
  cited there);
* ``runs``: analysis results (the analysis layer's JSON) with the input hash, spec, seed and accord
  version that produced them;
* ``sweeps``: Parquet files of sweep results, referenced by path and sha256 (the data stays in the file);
* ``evidence``: statements extracted from text, linked to a scenario;
* ``games``: wargame traces.

Deleting a scenario deletes everything that hangs off it (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "evidence",
    "games",
    "metadata",
    "runs",
    "scenario_changes",
    "scenario_versions",
    "scenarios",
    "sweeps",
]

# Constraint names are fixed so that later migrations can refer to them on every engine.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_TS = sa.DateTime(timezone=True)

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("current_version", sa.Integer, nullable=False),
    sa.Column(
        "duplicated_from", sa.Integer, sa.ForeignKey("scenarios.id", ondelete="SET NULL"), nullable=True
    ),
    sa.Column("duplicated_version", sa.Integer, nullable=True),
)

scenario_versions = sa.Table(
    "scenario_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("format", sa.String(8), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.UniqueConstraint("scenario_id", "version"),
)

scenario_changes = sa.Table(
    "scenario_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "version_id", sa.Integer, sa.ForeignKey("scenario_versions.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("op", sa.String(10), nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("old_value", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("new_value", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Index(None, "version_id"),
)


def _version_fk() -> sa.ForeignKeyConstraint:
    # A run, a sweep or a game refers to one stored version of a scenario.
    return sa.ForeignKeyConstraint(
        ["scenario_id", "version"],
        ["scenario_versions.scenario_id", "scenario_versions.version"],
        name=None,
        ondelete="CASCADE",
    )


runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scenario_id", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("spec", sa.JSON, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("input_sha256", sa.String(64), nullable=False),
    sa.Column("accord_version", sa.String(40), nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    _version_fk(),
    sa.Index(None, "scenario_id"),
)

sweeps = sa.Table(
    "sweeps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scenario_id", sa.Integer, nullable=True),
    sa.Column("version", sa.Integer, nullable=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("n_bytes", sa.BigInteger, nullable=False),
    sa.Column("spec", sa.JSON, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    _version_fk(),
    sa.Index(None, "scenario_id"),
    sa.Index(None, "sha256"),
)

evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("actor", sa.Text, nullable=True),
    sa.Column("act", sa.Text, nullable=False),
    sa.Column("target", sa.Text, nullable=True),
    sa.Column("issue", sa.Text, nullable=True),
    sa.Column("option", sa.Text, nullable=True),
    sa.Column("position_hint", sa.Float, nullable=True),
    sa.Column("flags", sa.JSON, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=True),
    sa.Column("end", sa.Integer, nullable=True),
    sa.Column("date", sa.String(32), nullable=True),
    sa.Column("source", sa.Text, nullable=True),
    sa.Column("confidence", sa.Float, nullable=True),
    sa.Column("added_at", _TS, nullable=False),
    sa.Column("cameo", sa.Text, nullable=True),
    sa.Column("date_phrase", sa.Text, nullable=True),
    sa.Column("dismissed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index(None, "scenario_id"),
)

games = sa.Table(
    "games",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scenario_id", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("seats", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("trace", sa.JSON, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
    _version_fk(),
    sa.Index(None, "scenario_id"),
)
