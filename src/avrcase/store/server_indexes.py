"""Indexes the migrations build on the office server (PostgreSQL) only, declared on the models' tables on request.

They are not in the model modules because a PostgreSQL option (``postgresql_include``) makes SQLAlchemy import
PostgreSQL's dialect when the model is defined, a cost every start on SQLite would pay (#14). Schema comparisons
and Alembic's environment call ``declare()`` first, so the models still describe exactly what the migrations build.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Index, Table

from avrcase.store.models.cases import Case

# The columns the dashboard's figures read of a case, by id, without the rest of the row (migration 0025; SQLite's
# table is ordered by id already).
FIGURES_INDEX = "ix_cases_figures"
FIGURES_CARRIED = ["registered_on", "country_of_return", "stage", "principal_id", "project"]


def declare() -> None:
    """Put the server-only indexes on their tables' metadata (once; calling again changes nothing)."""
    table = cast(Table, Case.__table__)
    if any(index.name == FIGURES_INDEX for index in table.indexes):
        return
    Index(FIGURES_INDEX, table.c.id, postgresql_include=FIGURES_CARRIED).ddl_if(dialect="postgresql")
