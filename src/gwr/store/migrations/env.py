"""Alembic's entry point: gwr always hands it an open connection (see ``gwr.store.db``)."""
from alembic import context

from gwr.store.db import managed
from gwr.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand: sqlalchemy.url from the ini file
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    connection = engine.connect()

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  compare_type=True, include_object=managed)
with context.begin_transaction():
    context.run_migrations()
