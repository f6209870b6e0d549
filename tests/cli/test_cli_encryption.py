"""``avrcase db encrypt`` and how every command unlocks an encrypted store with the signed-in user's password."""

import sqlite3

import pytest
from pypdf import PdfReader

from tests.cli.test_cli_accounts import ADMIN_PASSWORD, own_password, run


@pytest.fixture
def store(db_path, capsys, monkeypatch):
    """A plain store with its administrator ``aiste`` and a counsellor ``ruta``, made on the command line."""
    for name, value in (("AVRCASE_NEW_PASSWORD", ADMIN_PASSWORD), ("AVRCASE_PASSWORD", ADMIN_PASSWORD)):
        monkeypatch.setenv(name, value)
    assert run(capsys, "user", "add", "aiste", "--name", "Aistė Admin", "--role", "administrator", "--db", str(db_path))[0] == 0
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "first given passphrase")
    assert run(capsys, "--user", "aiste", "user", "add", "ruta", "--name", "Rūta Counsellor", "--role", "counsellor",
               "--db", str(db_path))[0] == 0
    own_password(db_path, "ruta")
    return db_path


def test_db_encrypt_prints_the_recovery_key_writes_the_sheet_and_commands_unlock(store, capsys, tmp_path, monkeypatch):
    sheet = tmp_path / "recovery.pdf"
    code, out, err = run(capsys, "db", "encrypt", "--db", str(store), "--user", "aiste", "--recovery-sheet", str(sheet))
    assert code == 0, err
    recovery = out.splitlines()[3]
    assert len(recovery) == 39 and recovery.count("-") == 7
    assert "before-encryption" in out and "every row checked" in out
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert recovery.replace("-", "") in "".join(text.split()) and "store.sqlite" in text
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(store).execute("SELECT count(*) FROM sqlite_master").fetchone()
    # The administrator's password unlocks and signs in, in one go.
    code, out, err = run(capsys, "user", "list", "--db", str(store), "--user", "aiste")
    assert code == 0 and "ruta" in out, err
    # A wrong password is one line and exit 1.
    monkeypatch.setenv("AVRCASE_PASSWORD", "not the passphrase")
    code, out, err = run(capsys, "user", "list", "--db", str(store), "--user", "aiste")
    assert code == 1 and err == "avrcase: The user name or password is wrong.\n"
    # Encrypting twice is refused with a clear line.
    monkeypatch.setenv("AVRCASE_PASSWORD", ADMIN_PASSWORD)
    code, out, err = run(capsys, "db", "encrypt", "--db", str(store), "--user", "aiste")
    assert code == 1 and err == "avrcase: This store is already encrypted.\n"
    # The recovery key opens the store too (sign-in still follows).
    monkeypatch.setenv("AVRCASE_RECOVERY_KEY", recovery.lower())
    code, out, err = run(capsys, "user", "list", "--db", str(store), "--user", "aiste")
    assert code == 0 and "aiste" in out, err


def test_a_counsellor_may_not_encrypt(store, capsys, monkeypatch):
    monkeypatch.setenv("AVRCASE_PASSWORD", "first given passphrase")
    code, out, err = run(capsys, "db", "encrypt", "--db", str(store), "--user", "ruta")
    assert code == 1 and err.endswith("avrcase: Your role (Counsellor) does not allow you to maintain the store.\n")
    assert store.read_bytes().startswith(b"SQLite format 3")


def test_an_administrator_reissues_the_recovery_key_and_the_old_one_stops_working(store, capsys, tmp_path, monkeypatch):
    """Issue #21 item 6: a recovery key lost, seen, or never shown (db encrypt killed at the swap) can be replaced."""
    import stat

    code, out, err = run(capsys, "db", "encrypt", "--db", str(store), "--user", "aiste")
    assert code == 0, err
    old = out.splitlines()[3]
    sheet = tmp_path / "new-recovery.pdf"
    code, out, err = run(capsys, "db", "new-recovery-key", "--db", str(store), "--user", "aiste",
                         "--recovery-sheet", str(sheet))
    assert code == 0, err
    new = out.splitlines()[2]
    assert len(new) == 39 and new != old and "no longer opens" in out
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    monkeypatch.setenv("AVRCASE_RECOVERY_KEY", old)
    code, _out, err = run(capsys, "user", "list", "--db", str(store), "--user", "aiste")
    assert code == 1 and err == "avrcase: This recovery key does not open the store.\n"
    monkeypatch.setenv("AVRCASE_RECOVERY_KEY", new)
    code, out, err = run(capsys, "user", "list", "--db", str(store), "--user", "aiste")
    assert code == 0 and "aiste" in out, err
    monkeypatch.delenv("AVRCASE_RECOVERY_KEY")
    # Only store maintainers, and never on a plain store.
    monkeypatch.setenv("AVRCASE_PASSWORD", "first given passphrase")
    code, _out, err = run(capsys, "db", "new-recovery-key", "--db", str(store), "--user", "ruta")
    assert code == 1 and err.count("\n") == 1


def test_a_plain_store_has_no_recovery_key_to_reissue(store, capsys):
    code, _out, err = run(capsys, "db", "new-recovery-key", "--db", str(store), "--user", "aiste")
    assert code == 1 and err == "avrcase: This store is not encrypted, so it has no recovery key.\n"


@pytest.mark.parametrize("sheet", ["/nonexistent/dir/sheet.pdf", "/proc/sheet.pdf"])
def test_a_recovery_sheet_that_cannot_be_written_is_refused_before_the_store_changes(store, capsys, sheet):
    """The store was encrypted (or the key replaced), the key printed, and only then "internal error": a script
    trusting the exit code threw the only copy of the key away."""
    if sheet.startswith("/proc") and not __import__("pathlib").Path("/proc/self").is_dir():
        pytest.skip("needs a folder that takes no new file")
    before = store.read_bytes()
    code, out, err = run(capsys, "db", "encrypt", "--db", str(store), "--user", "aiste", "--recovery-sheet", sheet)
    assert code == 1 and out == "" and err.count("\n") == 1 and "internal error" not in err, err
    assert store.read_bytes().startswith(b"SQLite format 3") and store.read_bytes() == before
    code, out, err = run(capsys, "db", "encrypt", "--db", str(store), "--user", "aiste")
    assert code == 0, err
    code, out, err = run(capsys, "db", "new-recovery-key", "--db", str(store), "--user", "aiste",
                         "--recovery-sheet", sheet)
    assert code == 1 and out == "" and err.count("\n") == 1, err  # no new key was issued


def test_a_store_open_in_another_window_is_not_encrypted_under_it(store, capsys):
    """``db encrypt`` replaced the file while a window (another process) had it open: the window went on writing
    into the deleted plain file (and its log was removed under it), so its work was lost without a word."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM cases').fetchone()\n"
         "print('open', flush=True); time.sleep(60)", str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        code, out, err = run(capsys, "db", "encrypt", "--db", str(store), "--user", "aiste")
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert (code, out) == (1, "")
    assert err == ("avrcase: store.sqlite is open in another avrcase window or command on this computer; close it "
                   "first. Nothing was encrypted.\n")
    assert store.read_bytes().startswith(b"SQLite format 3")
    assert sorted(p.name for p in store.parent.glob("store*") if not p.name.endswith(("-wal", "-shm"))) == [
        "store.sqlite"]
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT count(*) FROM users").fetchone()[0] == 2
    assert run(capsys, "db", "encrypt", "--db", str(store), "--user", "aiste")[0] == 0  # once the window is closed


def test_a_command_on_a_store_whose_encryption_did_not_finish_warns_in_one_line(store, capsys):
    """db encrypt killed half-way left the store plain and every later command said nothing about it."""
    store.with_name(f"{store.stem}.encrypting{store.suffix}.partial").write_bytes(b"\0" * 4096)
    code, out, err = run(capsys, "user", "list", "--db", str(store), "--user", "aiste")
    assert code == 0 and "ruta" in out
    assert err == ("avrcase: Warning: encrypting this store did not finish (avrcase was ended while it encrypted): it "
                   "is not encrypted. Run “avrcase db encrypt” again.\n")
