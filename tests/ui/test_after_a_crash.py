"""The first window after avrcase was killed (kill -9, a power cut) says the store was checked and what that means
for the work in hand then; an ordinary start says nothing."""

from __future__ import annotations

import shutil
import sqlite3

from PySide6.QtCore import QSettings

from avrcase import app as app_module
from avrcase.domain.codes import StaffRole
from avrcase.services.accounts import users
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store


def _window(qtbot, tmp_path, url, actor):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = app_module.build_main_window(url, settings, actor=actor)
    qtbot.addWidget(window)
    window.idle_lock.stop()
    return window


def test_the_window_after_a_crash_says_the_store_was_checked(qtbot, tmp_path):
    store = tmp_path / "office.sqlite"
    engine = open_store(f"sqlite:///{store}")
    with unit_of_work(engine) as session:
        ona = users.actor_by_id(session, users.add_user(session, SYSTEM, "ona", "Ona Counsellor", StaffRole.COUNSELLOR).id)
    engine.dispose()
    window = _window(qtbot, tmp_path, f"sqlite:///{store}", ona)  # closed properly: nothing to say
    assert window.crash_note is None and window.encryption_note is None
    window.ops.engine.dispose()

    # The store as a process killed while it had the store open leaves it: the file and its write-ahead log.
    connection = sqlite3.connect(store)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("UPDATE users SET display_name = 'Ona Kazlauskiene'")
    connection.commit()
    crashed = tmp_path / "crashed.sqlite"
    shutil.copy(store, crashed)
    shutil.copy(f"{store}-wal", f"{crashed}-wal")
    connection.close()
    window = _window(qtbot, tmp_path, f"sqlite:///{crashed}", ona)
    qtbot.waitUntil(lambda: window.crash_note.isVisible())
    assert "checked and is whole" in window.crash_note.text() and not window.crash_note.isModal()
    window.ops.engine.dispose()


def test_the_window_after_an_encryption_that_did_not_finish_says_the_store_is_plain(qtbot, tmp_path, db_path, actor):
    """The first run's "Encrypt the store" killed half-way left a plain store and a partial copy: the administrator
    signed in to the plain store without a word and took it for encrypted."""
    db_path.with_name(f"{db_path.stem}.encrypting{db_path.suffix}.partial").write_bytes(b"\0" * 4096)
    window = _window(qtbot, tmp_path, f"sqlite:///{db_path}", actor)
    qtbot.waitUntil(lambda: window.encryption_note.isVisible())
    assert "not encrypted" in window.encryption_note.windowTitle() + window.encryption_note.text()
    assert "Encrypt the store" in window.encryption_note.text()
    window.ops.engine.dispose()
