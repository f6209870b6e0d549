"""A database error's text never carries the values of its statement: no one's name reaches a message or a log."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from avrcase.domain.errors import StoreError
from avrcase.services.uow import unit_of_work
from avrcase.store.engine import create_store_engine

NAME = "KHUTSISHVILI Nino"


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_a_failed_statement_says_what_failed_without_the_values(store, tmp_path, request):
    """A failed statement's text ended "[parameters: ('KHUTSISHVILI Nino', ...)]", and the restore's and the copy's
    messages quote that text."""
    if store == "postgresql":
        url = request.getfixturevalue("pg_engine").url.render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 's.sqlite'}"
    engine = create_store_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE probe_people (name VARCHAR(80) NOT NULL UNIQUE)"))
            connection.execute(text("INSERT INTO probe_people VALUES (:name)"), {"name": NAME})
        with pytest.raises(IntegrityError) as failed, engine.begin() as connection:
            connection.execute(text("INSERT INTO probe_people VALUES (:name)"), {"name": NAME})
        assert "probe_people" in str(failed.value)  # what failed is still said
        assert "[SQL parameters hidden" in str(failed.value) and f"('{NAME}'" not in str(failed.value)
        if store == "sqlite":
            assert NAME not in str(failed.value)
        with pytest.raises(StoreError) as refused, unit_of_work(engine) as session:
            session.execute(text("INSERT INTO probe_people VALUES (:name)"), {"name": NAME})
        assert NAME not in refused.value.message  # (PostgreSQL's own detail names the value: never passed on)
    finally:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS probe_people"))
        engine.dispose()
