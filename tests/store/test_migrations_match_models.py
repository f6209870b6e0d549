"""The migrations build exactly the schema the models describe, so a model change without its migration fails."""

from sqlalchemy import inspect

from tests.support.schema_drift import schema_drift


def test_migrated_store_has_no_drift_from_the_models(engine):
    with engine.connect() as connection:
        assert schema_drift(connection) == []


def test_migrated_server_store_has_no_drift_from_the_models(pg_engine):
    """The same on PostgreSQL, where the models also build the dashboard figures' index of cases (0025)."""
    assert "ix_cases_figures" in {index["name"] for index in inspect(pg_engine).get_indexes("cases")}
    with pg_engine.connect() as connection:
        assert schema_drift(connection) == []
