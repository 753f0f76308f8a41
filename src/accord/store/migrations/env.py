"""Alembic environment for the store: run programmatically on a connection the store opened.

:func:`accord.store._engine.migrate` passes its connection (already inside a transaction) in
``config.attributes["connection"]``; nothing here reads an ini file or configures logging.
"""

from __future__ import annotations

from alembic import context

from accord.store._tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "accord's migrations run through accord.store (accord db upgrade), not the alembic CLI"
    )

# render_as_batch: SQLite cannot ALTER most things in place; batch mode rebuilds the table instead, so a
# later migration written once works on both engines.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
