"""The first look at a store before the sign-in screen (#14): only the everyday store passes; anything unusual is
left to the full open, which explains it as before."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from avrcase.services import store_kind
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store import probe
from avrcase.store.schema import SCHEMA_HEAD, head_revision


def _url(path) -> str:
    return f"sqlite:///{path}"


def test_the_schema_head_is_alembics_head():
    assert probe.SCHEMA_HEAD == SCHEMA_HEAD == head_revision()


def test_an_everyday_store_passes_with_its_kind_as_the_services_read_it(engine, actor, db_path):
    with unit_of_work(engine) as session:
        assert not store_kind.is_demo_store(session)
    engine.dispose()
    found = probe.everyday_store(_url(db_path))
    assert found == probe.EverydayStore(db_path, demo=False)
    with unit_of_work(engine) as session:
        store_kind.record_store_kind(session, SYSTEM, demo=True)
    with unit_of_work(engine, write=False) as session:
        assert store_kind.is_demo_store(session)
    engine.dispose()
    assert probe.everyday_store(_url(db_path)) == probe.EverydayStore(db_path, demo=True)


def test_the_first_look_changes_nothing_and_leaves_no_log_behind(engine, actor, db_path):
    engine.dispose()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert probe.everyday_store(_url(db_path)) is not None
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert not probe.left_unclean(db_path)
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)) == [db_path.name]


def _set_revision(path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


@pytest.mark.parametrize("case", ["missing", "empty", "not sqlite", "foreign sqlite", "older schema", "newer schema",
                                  "nobody can sign in", "left unclean", "compaction pending", "url with options",
                                  "server"])
def test_anything_unusual_is_left_to_the_full_open(case, engine, db_path, actor_as, tmp_path):
    from avrcase.domain.codes import StaffRole

    if case != "nobody can sign in":
        actor_as(StaffRole.COUNSELLOR)
    engine.dispose()
    url = _url(db_path)
    if case == "missing":
        url = _url(tmp_path / "no such store.sqlite")
    elif case == "empty":
        db_path.write_bytes(b"")
    elif case == "not sqlite":
        db_path.write_text("name,surname\nNino,Beridze\n", encoding="utf-8")
    elif case == "foreign sqlite":
        db_path.unlink()
        with sqlite3.connect(db_path) as connection:
            connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.close()
    elif case == "older schema":
        _set_revision(db_path, f"{int(SCHEMA_HEAD) - 1:04d}")
    elif case == "newer schema":
        _set_revision(db_path, f"{int(SCHEMA_HEAD) + 1:04d}")
    elif case == "left unclean":
        db_path.with_name(db_path.name + "-wal").write_bytes(b"\0" * 64)
    elif case == "compaction pending":
        probe.compaction_marker(db_path).write_text("", encoding="utf-8")
    elif case == "url with options":
        url += "?mode=ro"
    elif case == "server":
        url = "postgresql+psycopg://avrcase@localhost/office"
    assert probe.everyday_store(url) is None
