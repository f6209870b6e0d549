"""A refused store is left byte for byte as it was (issue #21, item 5).

Opening used to switch the journal to WAL before checking the file, so a foreign SQLite database and a
store written by a newer avrcase both changed on disk although the message said "not changed".
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from avrcase.domain.errors import StoreError
from avrcase.store.schema import open_store


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path):
    return sorted(p.name for p in path.parent.iterdir())


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "accounts.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount TEXT)")
    con.execute("INSERT INTO invoices (amount) VALUES ('12.50')")
    con.commit()
    con.close()
    before, files = _digest(path), _siblings(path)
    with pytest.raises(StoreError, match="not an avrcase store"):
        open_store(f"sqlite:///{path}")
    assert _digest(path) == before and _siblings(path) == files


def test_a_store_of_a_newer_version_is_refused_untouched(engine, db_path):
    engine.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=DELETE")  # as a newer version might leave it, or a copy made by another tool
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before, files = _digest(db_path), _siblings(db_path)
    with pytest.raises(StoreError, match="newer version"):
        open_store(f"sqlite:///{db_path}")
    assert _digest(db_path) == before and _siblings(db_path) == files


def test_a_damaged_file_with_a_sqlite_header_is_refused_untouched(tmp_path):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = _digest(path)
    with pytest.raises(StoreError):
        open_store(f"sqlite:///{path}")
    assert _digest(path) == before


def test_the_full_check_finds_text_that_cannot_be_read_and_names_no_one(db_path, engine, make_case):
    """``avrcase db check`` said "no damage found" for a store whose names could not be listed any more."""
    make_case()
    engine.dispose()
    with sqlite3.connect(db_path) as c:
        c.execute("UPDATE persons SET family_name = CAST(X'4265726964FFFE' AS TEXT)")
    with pytest.raises(StoreError) as refused:
        open_store(f"sqlite:///{db_path}", check=True)
    assert refused.value.message == ("The store is damaged: some text in persons.family_name cannot be read; "
                                     "restore a backup.")


def test_a_new_store_and_its_side_files_are_readable_by_its_user_only(tmp_path):
    """``avrcase user add`` made a plain store with mode 0644: every account on the computer could read every case."""
    path = tmp_path / "new.sqlite"
    engine = open_store(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM cases").fetchone()
            modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir() if p.name.startswith("new.sqlite")}
    finally:
        engine.dispose()
    assert modes["new.sqlite"] == 0o600 and set(modes.values()) == {0o600}, modes


def _wal_database(path, *tables):
    """A SQLite file in WAL mode, as avrcase (and many other programs) leave one: closed, no side file beside it."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    for table in tables:
        con.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, amount TEXT)")
        con.execute(f"INSERT INTO {table} (amount) VALUES ('12.50')")
    con.commit()
    con.close()


def test_a_refused_file_in_wal_mode_gets_no_side_files(tmp_path, engine, db_path):
    """A foreign database, a damaged one or a store of a newer avrcase in WAL mode was refused with its bytes
    unchanged, but with the -wal and -shm files the look at it made left beside it."""
    foreign = tmp_path / "accounts.sqlite"
    _wal_database(foreign, "invoices")
    engine.dispose()
    with sqlite3.connect(db_path) as con:  # an avrcase store, left in WAL mode as avrcase leaves it
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    assert not (tmp_path / f"{db_path.name}-wal").exists()
    for path, refused in ((foreign, "not an avrcase store"), (db_path, "newer version")):
        before, files = _digest(path), _siblings(path)
        with pytest.raises(StoreError, match=refused):
            open_store(f"sqlite:///{path}")
        assert _digest(path) == before and _siblings(path) == files


def test_side_files_that_were_there_before_are_left_alone(tmp_path):
    """Side files beside a refused file are another program's (it has the file open, or they hold its data):
    never removed, and its data stays readable."""
    foreign = tmp_path / "accounts.sqlite"
    _wal_database(foreign, "invoices")
    other = sqlite3.connect(foreign)  # another program holds it open and has written to its log
    try:
        other.execute("PRAGMA wal_autocheckpoint=0")
        other.execute("INSERT INTO invoices (amount) VALUES ('99.00')")
        other.commit()
        files = _siblings(foreign)
        assert {"accounts.sqlite-wal", "accounts.sqlite-shm"} <= set(files)
        with pytest.raises(StoreError, match="not an avrcase store"):
            open_store(f"sqlite:///{foreign}")
        assert _siblings(foreign) == files
        assert other.execute("SELECT count(*) FROM invoices").fetchone()[0] == 2
    finally:
        other.close()
    with sqlite3.connect(foreign) as con:
        assert [r[0] for r in con.execute("SELECT amount FROM invoices ORDER BY id")] == ["12.50", "99.00"]
    con.close()


def test_the_command_line_refuses_a_foreign_file_in_wal_mode_and_leaves_nothing_beside_it(tmp_path, capsys):
    from avrcase.cli.main import main

    foreign = tmp_path / "accounts.sqlite"
    _wal_database(foreign, "invoices")
    before, files = _digest(foreign), _siblings(foreign)
    for argv in (("db", "check"), ("case", "list", "--user", "ruta")):
        assert main([*argv, "--db", str(foreign)]) == 1
        err = capsys.readouterr().err
        assert "not an avrcase store" in err and err.count("\n") == 1
        assert _digest(foreign) == before and _siblings(foreign) == files


def test_a_store_in_a_read_only_folder_is_refused_in_one_line_untouched(engine, db_path, capsys, monkeypatch):
    """SQLite's own words reached the person: "The store cannot be opened: unable to open database file" (a
    read-only disk or folder) or "The store could not be used: attempt to write a readonly database"."""
    import os
    import stat

    from avrcase.cli.main import main

    engine.dispose()
    folder = db_path.parent
    if os.geteuid() == 0:  # root writes anywhere: answer as the kernel answers any other account (a read-only disk)
        monkeypatch.setattr(os, "access", lambda path, mode, **_: not (mode & os.W_OK)
                            or bool(os.stat(path).st_mode & stat.S_IWUSR))
    before, files = _digest(db_path), _siblings(db_path)
    for path, mode in ((db_path, 0o444), (folder, 0o555)):
        path.chmod(mode)
    try:
        assert main(["case", "list", "--user", "ruta", "--db", str(db_path)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "cannot be written to: the file or its folder is read-only" in err
        db_path.chmod(0o600)  # the file alone may be written: the folder, which takes the write-ahead log, may not
        assert main(["db", "check", "--db", str(db_path)]) == 1
        assert "read-only for this account" in capsys.readouterr().err
    finally:
        folder.chmod(0o700)
        db_path.chmod(0o600)
    assert _digest(db_path) == before and _siblings(db_path) == files
