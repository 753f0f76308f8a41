"""Evidence keeps every key of an extracted statement: its CAMEO root code and the words that dated it.

``accord extract --json`` writes ``cameo`` (and now ``date_phrase``) with each statement; the first schema
had no column for either, so such statements could not be stored. Both are nullable: statements stored
before this revision have neither.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the two columns (SQLite rebuilds the table in a batch; its rows are kept)."""
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("cameo", sa.Text, nullable=True))
        batch.add_column(sa.Column("date_phrase", sa.Text, nullable=True))


def downgrade() -> None:
    """Drop the two columns (their values with them)."""
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("date_phrase")
        batch.drop_column("cameo")
