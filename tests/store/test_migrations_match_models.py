"""The migrations build exactly the schema the models describe, so a model change without its migration fails."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from avrcase.store.base import Base


def test_migrated_store_has_no_drift_from_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
