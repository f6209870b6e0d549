"""Upgrading avrcase across an office's computers: an older client refuses a newer schema on the server."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from avrcase.domain.errors import StoreError
from avrcase.store.schema import SCHEMA_HEAD, current_revision, open_store


def test_an_older_client_refuses_a_schema_written_by_a_newer_avrcase_and_changes_nothing(pg_engine):
    url = pg_engine.url.render_as_string(hide_password=False)
    newer = f"{int(SCHEMA_HEAD) + 1:04d}"
    with pg_engine.begin() as connection:  # as if IT had run a newer avrcase's "db upgrade"
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": newer})
    for upgrade in (False, True):  # the desktop app (never migrates a server) and "avrcase db upgrade"
        with pytest.raises(StoreError, match=f"written by a newer version of avrcase \\(schema {newer}\\)"):
            open_store(url, upgrade=upgrade)
    assert current_revision(pg_engine) == newer


def test_a_client_newer_than_the_server_schema_asks_for_the_upgrade_instead_of_running_it(pg_engine):
    url = pg_engine.url.render_as_string(hide_password=False)
    with pg_engine.begin() as connection:
        older = f"{int(SCHEMA_HEAD) - 1:04d}"
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
    with pytest.raises(StoreError, match="needs an upgrade; run “avrcase db upgrade”"):
        open_store(url, upgrade=False)
    assert current_revision(pg_engine) == older
