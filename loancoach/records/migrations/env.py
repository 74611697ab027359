"""Alembic environment: runs the migrations on the connection loancoach.records.migrate hands over,
or on ``sqlalchemy.url`` when Alembic is run on its own."""

from alembic import context
from sqlalchemy import create_engine

import loancoach.records  # noqa: F401
from loancoach.records.models import all_models_metadata

config = context.config
target_metadata = all_models_metadata()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"), future=True)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
