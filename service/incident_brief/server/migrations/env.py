"""Alembic environment: run by incident_brief.server.migrate on the store's own connection (never from a URL here)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
