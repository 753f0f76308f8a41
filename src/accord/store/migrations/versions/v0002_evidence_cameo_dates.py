"""Evidence keeps every key of an extracted statement, and whether the analyst dismissed it.

``accord extract --json`` writes ``cameo`` (and now ``date_phrase``) with each statement; the first schema
had no column for either, so such statements could not be stored. Both are nullable: statements stored
before this revision have neither. ``dismissed`` marks a statement the analyst set aside (a misread
sentence, say): it is kept, and proposes no change.

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
    """Add the three columns (SQLite rebuilds the table in a batch; its rows are kept, not dismissed)."""
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("cameo", sa.Text, nullable=True))
        batch.add_column(sa.Column("date_phrase", sa.Text, nullable=True))
        batch.add_column(sa.Column("dismissed", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Drop the three columns (their values with them)."""
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("dismissed")
        batch.drop_column("date_phrase")
        batch.drop_column("cameo")
