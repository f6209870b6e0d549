"""Alembic environment: runs on the connection ``store.schema`` hands over, in batch mode."""

from alembic import context

from avrcase.store import server_indexes
from avrcase.store.models import complete_metadata

target_metadata = complete_metadata()
server_indexes.declare()

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from avrcase.store.engine import create_store_engine

        engine = create_store_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("avrcase migrations run online only")
run_migrations_online()
