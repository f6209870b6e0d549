"""A trigger or view that avrcase did not make runs inside its writes (one on the audit trail can delete each
entry as it is written): such a store is refused, untouched, and ``db check``, restore and the first look of
the sign-in screen all say so."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import StoreError
from avrcase.services.accounts import encryption
from avrcase.services.backup import backups, restore
from avrcase.services.uow import unit_of_work
from avrcase.store import probe, search_index
from avrcase.store.schema import open_store, verify
from tests.conftest import TEST_PASSWORD

HIDING = "CREATE TRIGGER tidy AFTER INSERT ON audit_entries BEGIN DELETE FROM audit_entries WHERE seq = NEW.seq; END"
COPYING = ("CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN "
           "INSERT INTO office_profile(id) SELECT NULL WHERE 0; END")  # a search trigger's name, another body
VIEW = "CREATE VIEW everyone AS SELECT family_name, given_names FROM persons"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add(path, *statements):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")  # as another tool leaves it: nothing beside the file
    for statement in statements:
        if statement.startswith("CREATE TRIGGER cases_fts_ai"):
            connection.execute("DROP TRIGGER cases_fts_ai")
        connection.execute(statement)
    connection.commit()
    connection.close()


@pytest.mark.parametrize("statement, named", [(HIDING, "the trigger “tidy” on audit_entries"),
                                              (COPYING, "the trigger “cases_fts_ai” on cases"),
                                              (VIEW, "the view “everyone”")], ids=["hiding", "replaced", "view"])
def test_a_store_changed_with_other_tools_is_refused_untouched(engine, db_path, statement, named):
    engine.dispose()
    _add(db_path, statement)
    before = _digest(db_path)
    with pytest.raises(StoreError, match="which avrcase did not make") as refused:
        open_store(f"sqlite:///{db_path}")
    assert named in refused.value.message and "nothing was changed" in refused.value.message
    assert _digest(db_path) == before
    assert probe.everyday_store(f"sqlite:///{db_path}") is None  # no quick sign-in screen before the refusal


def test_the_store_s_own_triggers_pass_and_the_first_look_knows_them(engine, db_path, actor):
    assert set(search_index.TRIGGERS) == probe._SEARCH_INDEX_TRIGGERS
    verify(engine)  # ``db check`` on a store as avrcase made it
    engine.dispose()
    open_store(f"sqlite:///{db_path}").dispose()
    assert probe.everyday_store(f"sqlite:///{db_path}") is not None


def test_db_check_names_it_in_one_line(engine, db_path, actor, capsys, monkeypatch):
    from avrcase.cli.main import main

    engine.dispose()
    _add(db_path, HIDING)
    monkeypatch.setenv("AVRCASE_PASSWORD", TEST_PASSWORD)
    assert main(["--db", str(db_path), "--user", actor.username, "db", "check"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "“tidy” on audit_entries" in err and "Traceback" not in err


def test_an_encrypted_store_changed_with_other_tools_is_refused(engine, db_path, actor_as):
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    with unit_of_work(engine) as session:
        encryption.encrypt_store(session, admin, TEST_PASSWORD)
    engine.dispose()
    url = f"sqlite:///{db_path}"
    key = encryption.unlock(db_path, "aiste", TEST_PASSWORD)
    connection = encryption.connect_sqlcipher(db_path, key)
    connection.execute(HIDING)
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="“tidy” on audit_entries"):
        encryption.open_unlocked(url, "aiste", TEST_PASSWORD)


def test_a_backup_changed_with_other_tools_is_not_restored(engine, db_path, actor_as, tmp_path):
    import datetime as dt

    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    now = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.timezone.utc)
    backup = tmp_path / "monday.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, backup, now=now)
    engine.dispose()
    (backup.with_name(backup.name + ".manifest.json")).unlink(missing_ok=True)  # changed, manifest dropped
    _add(backup, HIDING)
    before = _digest(db_path)
    with pytest.raises(StoreError, match="“tidy” on audit_entries, which avrcase did not make"):
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None,
                               now=now + dt.timedelta(hours=1))
    assert _digest(db_path) == before


@pytest.mark.parametrize("statements, named", [
    (["CREATE FUNCTION tidy_entry() RETURNS trigger LANGUAGE plpgsql AS "
      "$$ BEGIN DELETE FROM audit_entries WHERE seq = NEW.seq; RETURN NULL; END $$",
      "CREATE TRIGGER tidy AFTER INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION tidy_entry()"],
     "the trigger “tidy” on audit_entries"),
    (["CREATE RULE quiet AS ON INSERT TO audit_entries DO INSTEAD NOTHING"], "the rule “quiet” on audit_entries"),
], ids=["trigger", "rule"])
def test_a_server_store_changed_with_other_tools_is_refused_untouched(pg_engine, statements, named):
    """On the office server nothing was looked at: a rule made every audit entry vanish as it was written."""
    from sqlalchemy import text

    url = pg_engine.url.render_as_string(hide_password=False)
    with pg_engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        entries = connection.execute(text("SELECT count(*) FROM audit_entries")).scalar()
    pg_engine.dispose()
    with pytest.raises(StoreError, match="which avrcase did not make") as refused:
        open_store(url)
    assert named in refused.value.message and "nothing was changed" in refused.value.message
    assert "database server" in refused.value.message
    with pytest.raises(StoreError, match=named):
        verify(pg_engine)  # ``db check`` says so too
    with pg_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_entries")).scalar() == entries
    pg_engine.dispose()


def test_a_server_store_as_avrcase_made_it_opens_and_checks(pg_engine):
    verify(pg_engine)
    url = pg_engine.url.render_as_string(hide_password=False)
    pg_engine.dispose()
    open_store(url).dispose()
