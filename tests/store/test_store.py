"""Opening stores: pragmas, refusal of foreign, corrupt and newer stores, backups before migration."""

import sqlite3
import threading

import pytest
from sqlalchemy import text

from avrcase.domain.errors import StoreError
from avrcase.services.cases import register as cases
from avrcase.services.uow import unit_of_work
from avrcase.store.engine import resolve_url
from avrcase.store.schema import current_revision, head_revision, open_store


def test_pragmas_on_every_connection(engine):
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        # A search keystroke's pages stay cached from one keystroke to the next (#14): 2 MB held too few.
        assert connection.execute(text("PRAGMA cache_size")).scalar() == -16 * 1024


def test_new_store_is_at_head(engine):
    assert current_revision(engine) == head_revision()


def test_foreign_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"Dear diary")
    with pytest.raises(StoreError, match="not an avrcase store"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == b"Dear diary"


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError, match="did not make"):
        open_store(f"sqlite:///{path}")


def test_newer_store_is_refused_not_downgraded(db_path, engine):
    engine.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError, match="newer version of avrcase"):
        open_store(f"sqlite:///{db_path}")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_future"


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'nowhere' / 'x.sqlite'}")


def test_resolve_url_paths_urls_and_environment(tmp_path, monkeypatch):
    assert resolve_url(str(tmp_path / "a.sqlite")) == f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert resolve_url("postgresql://u@host/db") == "postgresql://u@host/db"
    monkeypatch.setenv("AVRCASE_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(None).endswith("env.sqlite")
    monkeypatch.delenv("AVRCASE_DB")
    assert resolve_url(None).startswith("sqlite:///") and "avrcase" in resolve_url(None)


def test_concurrent_writers_do_not_fail_with_database_locked(engine, actor):
    """Two writers that read then write: BEGIN IMMEDIATE makes the second wait instead of failing."""
    from tests.conftest import make_case_form

    errors, numbers = [], []

    def register():
        try:
            for _ in range(5):
                with unit_of_work(engine) as session:
                    numbers.append(cases.register_case(session, actor, make_case_form()).case_number)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=register) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == len(set(numbers)) == 15
