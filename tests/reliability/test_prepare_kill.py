"""A first open after an update killed (``kill -9``) during the name-key rebuild or during the migration: the next open
finds a consistent store and finishes the work, and nothing half done is left looking done (a person marked with the
new rules' version without all of its keys, the index by key missing on a store with nothing pending)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from avrcase.store.schema import current_revision, head_revision, open_store
from tests.conftest import make_person

FIXTURES = Path(__file__).parents[1] / "data" / "stores"
ROOT = Path(__file__).parents[2]

#: Opens the store in a fresh interpreter with small batches (and the bulk path from one person), killing itself
#: at the point named by argv[2].
KILLED_OPEN = r"""
import os, signal, sys
from avrcase.store import name_key_backfill, schema, search_index
from avrcase.store.preparation import Step
store, point, at = sys.argv[1], sys.argv[2], int(sys.argv[3])
name_key_backfill.finish_pending.__defaults__ = (3,)
name_key_backfill.BULK_FROM = 1

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

progress = None
if point == "after_batch":  # batch number ``at`` committed, the next not begun
    progress = lambda report: report.step is Step.NAME_KEYS and report.done >= 3 * at and die()
elif point == "inside_batch":  # the keys of a batch inserted, the people not yet marked, nothing committed
    from avrcase.domain import name_matching  # the rebuild takes its rules from there when it runs
    calls = [0]
    folded = name_matching.document_key
    def document_key(value):
        calls[0] += 1
        if calls[0] == at:
            die()
        return folded(value)
    name_matching.document_key = document_key
elif point == "backup":  # the copy made before the migration, not yet renamed into place
    schema._publish = die
elif point == "migration":  # every revision run, the transaction not committed
    search_index.repair = die
elif point == "after_migration":  # committed, not yet checked, no name keys done
    schema.verify = die
schema.open_store("sqlite:///" + store, progress=progress).dispose()
print("not killed", flush=True)
"""


def _open_and_kill(store: Path, point: str, at: int = 0) -> None:
    done = subprocess.run([sys.executable, "-c", KILLED_OPEN, str(store), point, str(at)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == -signal.SIGKILL, (done.stdout, done.stderr)


def _state(path: Path) -> dict:
    """Everything the rebuild and the migration touch, read without changing the store."""
    engine = open_store(f"sqlite:///{path}", upgrade=False, backup_first=False)
    try:
        with engine.connect() as connection:
            def rows(sql):
                return [tuple(r) for r in connection.execute(text(sql)).all()]
            return {
                "keys": rows("SELECT person_id, key FROM person_name_keys ORDER BY 1, 2"),
                "persons": rows("SELECT id, document_number_norm, name_keys_version FROM persons ORDER BY id"),
                "cases": rows("SELECT id, case_number, search_text FROM cases ORDER BY id"),
                "indexes": rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person_name_keys' "
                                "ORDER BY name"),
                "integrity": rows("PRAGMA integrity_check") + rows("PRAGMA foreign_key_check"),
            }
    finally:
        engine.dispose()


@pytest.fixture
def stale_store(engine, db_path, make_case):
    """A store at this schema with 14 people whose keys were made by older rules, and its fresh keys."""
    for n in range(5):
        make_case(principal=make_person(family_name=["Захаров", "Nguyễn", "Hassan", "O'Brien", "Berdiyev"][n],
                                        document_number=f"EK{n}O1l"), members=n % 3 + 1)
    engine.dispose()
    fresh = _state(db_path)
    assert len(fresh["persons"]) == 14
    engine = open_store(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE persons SET name_keys_version = 0, document_number_norm = ''"))
        connection.execute(text("UPDATE person_name_keys SET key = 'old-' || key"))
    engine.dispose()
    return db_path, fresh


@pytest.mark.parametrize(("point", "at"), [("after_batch", 1), ("after_batch", 3), ("inside_batch", 1),
                                           ("inside_batch", 5), ("inside_batch", 13)])
def test_a_kill_during_the_name_key_rebuild_leaves_no_person_looking_done_and_the_next_open_finishes(
        stale_store, point, at):
    store, fresh = stale_store
    _open_and_kill(store, point, at)
    halfway = _state(store)
    assert halfway["integrity"] == [("ok",)]
    marked = {person for person, _norm, version in halfway["persons"] if version > 0}
    assert len(marked) < 14  # killed before the end
    if point == "after_batch":  # the index by key is away while people are pending, and made again at the end
        assert ("ix_person_name_keys_key_person",) not in halfway["indexes"]
    # A person marked with the new rules has exactly its fresh keys; every other person is still marked stale.
    assert [k for k in halfway["keys"] if k[0] in marked] == [k for k in fresh["keys"] if k[0] in marked]
    assert [p for p in halfway["persons"] if p[0] in marked] == [p for p in fresh["persons"] if p[0] in marked]
    reopened = open_store(f"sqlite:///{store}")
    reopened.dispose()
    assert _state(store) == fresh  # the index by key made again too


@pytest.mark.parametrize("point", ["backup", "migration", "after_migration"])
def test_a_kill_during_the_migration_leaves_the_old_store_or_the_new_one_and_the_next_open_finishes(tmp_path, point):
    reference = tmp_path / "reference.sqlite"
    shutil.copyfile(FIXTURES / "store-0016.sqlite", reference)
    open_store(f"sqlite:///{reference}", backup_first=False).dispose()
    store = tmp_path / "store.sqlite"
    shutil.copyfile(FIXTURES / "store-0016.sqlite", store)
    _open_and_kill(store, point)
    engine = open_store(f"sqlite:///{store}", upgrade=False, backup_first=False) if point == "after_migration" \
        else None
    if engine is not None:  # committed in one piece: the new schema
        assert current_revision(engine) == head_revision()
        engine.dispose()
    else:  # nothing committed: the old schema, unchanged
        from sqlite3 import connect

        connection = connect(store)
        try:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0016",)]
        finally:
            connection.close()
    reopened = open_store(f"sqlite:///{store}")
    reopened.dispose()
    assert _state(store) == _state(reference)
    assert not list(tmp_path.glob("*.partial"))  # (the next backup replaced the half-written copy's file)
