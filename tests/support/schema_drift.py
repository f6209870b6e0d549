"""What Alembic finds between a migrated store and the models (``compare_metadata``), as the schema tests compare them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from avrcase.store import search_index, server_indexes
from avrcase.store.models import complete_metadata


def _described_by_models(name, type_, parent_names) -> bool:
    # The search index (FTS5 table and its shadow tables, or the pg_trgm index) is derived data built by
    # migration 0008 and deliberately not a model; every other table and index is compared.
    return not search_index.is_index_object(name)


def schema_drift(connection: Connection) -> list:
    """The differences; an index the models build on one kind of store only (``ddl_if(dialect=…)``, which Alembic
    does not read) is compared on that kind alone."""
    dialect = connection.dialect.name
    server_indexes.declare()

    def built_here(obj, name, type_, reflected, compare_to) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        return condition is None or condition.dialect is None or condition.dialect == dialect

    context = MigrationContext.configure(connection, opts={
        "compare_type": True, "include_name": _described_by_models, "include_object": built_here})
    return compare_metadata(context, complete_metadata())
