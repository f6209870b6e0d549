"""Encryption at rest: encrypting a plain store, key slots, the recovery key, wrong passwords."""

import sqlite3

import pytest
from sqlalchemy import func, select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, StoreError
from avrcase.services.accounts import accounts, encryption
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from avrcase.store import key_slots
from avrcase.store.encryption import KeySlots, StoreKey, keys_path, user_slot
from avrcase.store.models import Case
from avrcase.store.schema import open_store
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "a fresh office passphrase"


@pytest.fixture
def encrypted(engine, db_path, actor, actor_as, make_case):
    """A store with one case and one issued PDF, then encrypted by its administrator."""
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    case = make_case()
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "case-summary", case.id, "en")
        pdf = documents.document_bytes(session, actor, row.id)
    with unit_of_work(engine) as session:
        result = encryption.encrypt_store(session, admin, TEST_PASSWORD)
    engine.dispose()
    return {"path": db_path, "result": result, "pdf": pdf, "admin": admin, "counsellor": actor}


def _open(path, username, password):
    return open_store(f"sqlite:///{path}", key=encryption.unlock(path, username, password))


def test_encrypted_file_is_noise_and_keeps_every_row_with_a_plain_backup(encrypted):
    path, result, pdf = encrypted["path"], encrypted["result"], encrypted["pdf"]
    data, backup = path.read_bytes(), result.backup.read_bytes()
    # The plain backup holds the name and the stored PDF; the encrypted store holds neither.
    assert b"Beridze" in backup and pdf[100:180] in backup
    assert b"Beridze" not in data and pdf[100:180] not in data and not data.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    assert result.rows["cases"] == 1 and result.rows["issued_documents"] == 1
    engine = _open(path, "aiste", TEST_PASSWORD)
    try:
        with unit_of_work(engine, write=False) as session:
            assert session.scalar(select(func.count(Case.id))) == 1
            stored = documents.document_bytes(session, encrypted["counsellor"], 1)
        assert stored == pdf
    finally:
        engine.dispose()


def test_wrong_password_or_no_key_is_a_clear_message(encrypted):
    path = encrypted["path"]
    with pytest.raises(encryption.WrongPasswordError, match="^The user name or password is wrong.$"):
        encryption.unlock(path, "aiste", "not the passphrase")
    with pytest.raises(StoreError, match="is encrypted; sign in"):
        open_store(f"sqlite:///{path}")
    with pytest.raises(StoreError, match="key does not open"):
        open_store(f"sqlite:///{path}", key=StoreKey.generate())


def test_key_slots_follow_password_changes_and_resets(encrypted):
    path = encrypted["path"]
    engine = _open(path, "aiste", TEST_PASSWORD)
    try:
        with unit_of_work(engine) as session:
            accounts.change_own_password(session, encrypted["admin"], TEST_PASSWORD, NEW_PASSWORD)
        # The counsellor had no slot (the store was encrypted by the administrator) until the reset.
        with pytest.raises(encryption.WrongPasswordError):
            encryption.unlock(path, "ruta", TEST_PASSWORD)
        with unit_of_work(engine) as session:
            accounts.reset_password(session, encrypted["admin"], encrypted["counsellor"].id, "given by the office today")
    finally:
        engine.dispose()
    with pytest.raises(encryption.WrongPasswordError):
        encryption.unlock(path, "aiste", TEST_PASSWORD)
    for username, password in (("aiste", NEW_PASSWORD), ("ruta", "given by the office today")):
        engine = _open(path, username, password)
        try:
            with unit_of_work(engine) as session:
                assert accounts.authenticate(session, username, password).ok
                assert session.scalar(select(func.count(Case.id))) == 1
        finally:
            engine.dispose()


def test_recovery_key_opens_the_store_typed_loosely(encrypted):
    path, recovery = encrypted["path"], encrypted["result"].recovery_key
    assert len(recovery.split("-")) == 8
    key = encryption.unlock_with_recovery(path, recovery.replace("-", " ").lower())
    engine = open_store(f"sqlite:///{path}", key=key)
    engine.dispose()
    with pytest.raises(encryption.WrongPasswordError, match="recovery key"):
        encryption.unlock_with_recovery(path, "AAAA-" + recovery[5:])


def test_key_file_holds_no_key_and_a_slot_opens_only_under_its_own_name(encrypted):
    path = encrypted["path"]
    key = encryption.unlock(path, "aiste", TEST_PASSWORD)
    text = keys_path(path).read_text()
    assert key.raw.hex() not in text and TEST_PASSWORD not in text and key.raw.hex() not in repr(key)
    slots = KeySlots.load(keys_path(path))
    slots.slots[user_slot("mallory")] = slots.slots[user_slot("aiste")]
    assert slots.open(user_slot("mallory"), TEST_PASSWORD) is None


def test_only_store_maintainers_may_encrypt_with_their_own_password(engine, db_path, actor, actor_as):
    with pytest.raises(PermissionDeniedError), unit_of_work(engine) as session:
        encryption.encrypt_store(session, actor, TEST_PASSWORD)
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    with pytest.raises(encryption.WrongPasswordError), unit_of_work(engine) as session:
        encryption.encrypt_store(session, admin, "not the passphrase")
    assert not encryption.store_is_encrypted(db_path) and not keys_path(db_path).exists()
    assert db_path.read_bytes().startswith(b"SQLite format 3")


def test_a_password_change_that_is_rolled_back_leaves_the_old_slot(encrypted):
    path = encrypted["path"]
    engine = _open(path, "aiste", TEST_PASSWORD)
    try:
        with pytest.raises(RuntimeError), unit_of_work(engine) as session:
            accounts.change_own_password(session, encrypted["admin"], TEST_PASSWORD, NEW_PASSWORD)
            raise RuntimeError("something failed before the commit")
    finally:
        engine.dispose()
    assert encryption.unlock(path, "aiste", TEST_PASSWORD) is not None
    with pytest.raises(encryption.WrongPasswordError):
        encryption.unlock(path, "aiste", NEW_PASSWORD)


def test_a_backup_of_an_encrypted_store_is_encrypted_with_the_same_key(encrypted, tmp_path):
    from avrcase.store.schema import backup_sqlite

    path = encrypted["path"]
    key = encryption.unlock(path, "aiste", TEST_PASSWORD)
    copy = backup_sqlite(path, tmp_path / "copy.sqlite", key)
    assert b"Beridze" not in copy.read_bytes()
    engine = open_store(f"sqlite:///{copy}", key=key)
    try:
        with unit_of_work(engine, write=False) as session:
            assert session.scalar(select(func.count(Case.id))) == 1
    finally:
        engine.dispose()


def test_an_encrypted_store_without_its_key_file_says_so(encrypted):
    keys_path(encrypted["path"]).unlink()
    with pytest.raises(StoreError, match="key file store.sqlite.keys.json is missing"):
        open_store(f"sqlite:///{encrypted['path']}")
    with pytest.raises(StoreError, match="key file .* is missing"):
        encryption.unlock(encrypted["path"], "aiste", TEST_PASSWORD)


def test_a_deactivated_account_loses_its_slot(encrypted):
    path = encrypted["path"]
    engine = _open(path, "aiste", TEST_PASSWORD)
    try:
        with unit_of_work(engine) as session:
            accounts.reset_password(session, encrypted["admin"], encrypted["counsellor"].id, "given by the office today")
        assert encryption.unlock(path, "ruta", "given by the office today") is not None
        with unit_of_work(engine) as session:
            accounts.deactivate(session, encrypted["admin"], encrypted["counsellor"].id)
    finally:
        engine.dispose()
    with pytest.raises(encryption.WrongPasswordError):
        encryption.unlock(path, "ruta", "given by the office today")
    assert user_slot("ruta") not in KeySlots.load(keys_path(path)).slots


def test_the_plain_backup_and_the_encrypted_store_are_private_files(encrypted):
    """Issue #21: the plain ``before-encryption`` backup was created 0644 while the key file was 0600."""
    import stat

    path, backup = encrypted["path"], encrypted["result"].backup
    for file in (backup, path, keys_path(path)):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert not list(path.parent.glob("*.partial"))


def test_copies_of_a_store_are_private_and_never_left_half_written(engine, db_path, tmp_path):
    """A migration backup is 0600; a kill between copying and renaming leaves no file with a backup's name."""
    import stat
    import subprocess
    import sys

    from avrcase.store.schema import backup_sqlite

    engine.dispose()
    copy = backup_sqlite(db_path, tmp_path / "store.before-0007.sqlite")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    target = tmp_path / "killed.before-0007.sqlite"
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from avrcase.store import schema\n"
        "schema._publish = lambda tmp, target: os.kill(os.getpid(), signal.SIGKILL)\n"
        "schema.backup_sqlite(Path(sys.argv[1]), Path(sys.argv[2]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(db_path), str(target)], capture_output=True)
    assert result.returncode == -9
    assert not target.exists()  # only the ".partial" file that nobody takes for a backup
    assert stat.S_IMODE(target.with_name(target.name + ".partial").stat().st_mode) == 0o600


def test_a_crash_between_a_reset_and_its_slot_rewrite_does_not_lock_the_person_out(encrypted, monkeypatch):
    """Issue #21 item 6: the reset committed, the process died before the key slot was rewritten."""
    path = encrypted["path"]
    engine = _open(path, "aiste", TEST_PASSWORD)
    monkeypatch.setattr(key_slots, "_write_pending_slots", lambda session: None)  # the crash after the commit
    try:
        with unit_of_work(engine) as session:
            accounts.reset_password(session, encrypted["admin"], encrypted["counsellor"].id, "given by the office today")
    finally:
        engine.dispose()
    monkeypatch.undo()
    slots = KeySlots.load(keys_path(path)).slots
    assert "pending:user:ruta" in slots and "user:ruta" not in slots
    engine = _open(path, "ruta", "given by the office today")  # replayed at this unlock
    engine.dispose()
    slots = KeySlots.load(keys_path(path)).slots
    assert "user:ruta" in slots and "pending:user:ruta" not in slots


def test_a_rolled_back_reset_leaves_no_pending_slot(encrypted):
    path = encrypted["path"]
    engine = _open(path, "aiste", TEST_PASSWORD)
    try:
        with pytest.raises(RuntimeError), unit_of_work(engine) as session:
            accounts.reset_password(session, encrypted["admin"], encrypted["counsellor"].id, "given by the office today")
            raise RuntimeError("the save failed")
    finally:
        engine.dispose()
    assert not [s for s in KeySlots.load(keys_path(path)).slots if s.startswith("pending:")]
    with pytest.raises(encryption.WrongPasswordError):
        encryption.unlock(path, "ruta", "given by the office today")


def test_the_plain_copy_kept_before_encryption_is_noted_as_a_backup_made_here(encrypted):
    """Restoring it warned "not made on this computer", and a trail cut off its end went unseen."""
    from avrcase.services.backup import backup_notes
    from avrcase.services.backup.copies import trail_of

    backup = encrypted["result"].backup
    first, anchor = trail_of(backup, None)
    assert backup_notes.is_noted(backup.name, first) and not backup_notes.not_checked_here(backup.name, first, anchor)


@pytest.mark.parametrize("planted", ["padded", "device"])
def test_a_key_file_beside_a_backup_that_is_not_one_is_refused_without_reading_it_whole(tmp_path, planted):
    """``<backup>.keys.json`` planted beside a backup (a link to /dev/zero made ``db restore`` read 9 GB in 20 s; a
    pipe would have waited for ever) is refused as unreadable, not read until memory runs out."""
    import json

    from avrcase.store.encryption import FORMAT, MAX_KEY_FILE_BYTES

    backup = tmp_path / "b.sqlite"
    if planted == "padded":  # well-formed, but far larger than any office's key slots
        keys_path(backup).write_text(json.dumps({"format": FORMAT, "version": 1, "slots": {},
                                                 "padding": "x" * (2 * MAX_KEY_FILE_BYTES)}), encoding="utf-8")
    else:
        keys_path(backup).symlink_to("/dev/zero")
    with pytest.raises(StoreError, match="cannot be read"):
        KeySlots.load(keys_path(backup))
