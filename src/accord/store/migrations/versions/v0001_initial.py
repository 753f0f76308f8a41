"""The first schema: scenarios with versions and field-level changes, runs, sweeps, evidence and games.

Written out in full rather than imported from ``accord.store._tables``, so that this revision keeps
creating exactly this schema after the tables change in a later one.

Revision ID: 0001
Revises:
Create Date: 2025-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _version_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["scenario_id", "version"],
        ["scenario_versions.scenario_id", "scenario_versions.version"],
        name=f"fk_{table}_scenario_id_scenario_versions",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("duplicated_from", sa.Integer, nullable=True),
        sa.Column("duplicated_version", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_scenarios"),
        sa.ForeignKeyConstraint(
            ["duplicated_from"],
            ["scenarios.id"],
            name="fk_scenarios_duplicated_from_scenarios",
            ondelete="SET NULL",
        ),
    )
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scenario_versions"),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name="fk_scenario_versions_scenario_id_scenarios",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("scenario_id", "version", name="uq_scenario_versions_scenario_id_version"),
    )
    op.create_table(
        "scenario_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("old_value", sa.JSON, nullable=True),
        sa.Column("new_value", sa.JSON, nullable=True),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scenario_changes"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["scenario_versions.id"],
            name="fk_scenario_changes_version_id_scenario_versions",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_scenario_changes_version_id", "scenario_changes", ["version_id"])
    op.create_table(
        "runs",
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
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
        _version_fk("runs"),
    )
    op.create_index("ix_runs_scenario_id", "runs", ["scenario_id"])
    op.create_table(
        "sweeps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("n_bytes", sa.BigInteger, nullable=False),
        sa.Column("spec", sa.JSON, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sweeps"),
        _version_fk("sweeps"),
    )
    op.create_index("ix_sweeps_scenario_id", "sweeps", ["scenario_id"])
    op.create_index("ix_sweeps_sha256", "sweeps", ["sha256"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.Integer, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.ForeignKeyConstraint(
            ["scenario_id"], ["scenarios.id"], name="fk_evidence_scenario_id_scenarios", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_evidence_scenario_id", "evidence", ["scenario_id"])
    op.create_table(
        "games",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("seats", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("trace", sa.JSON, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_games"),
        _version_fk("games"),
    )
    op.create_index("ix_games_scenario_id", "games", ["scenario_id"])


def downgrade() -> None:
    """Drop every table (the data with them)."""
    for table in (
        "games",
        "evidence",
        "sweeps",
        "runs",
        "scenario_changes",
        "scenario_versions",
        "scenarios",
    ):
        op.drop_table(table)
