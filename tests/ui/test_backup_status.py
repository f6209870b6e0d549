"""Backups in the main window: the status-bar note and its warnings, daily and on-close backups, restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from avrcase import app as app_module
from avrcase.domain.codes import StaffRole
from avrcase.services.backup import backups
from avrcase.services.uow import unit_of_work
from avrcase.ui.widgets import file_dialogs


@pytest.fixture
def open_window(qtbot, tmp_path, db_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    windows = []

    def _open(actor):
        window = app_module.build_main_window(f"sqlite:///{db_path}", settings, actor=actor)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield _open
    for window in windows:
        window.idle_lock.stop()
        window.backup_status.timer.stop()
        window.ops.wait_for_background()
        window.ops.engine.dispose()


@pytest.fixture
def folder(engine, actor_as, tmp_path):
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    usb = tmp_path / "usb"
    usb.mkdir()
    with unit_of_work(engine) as session:
        backups.save_backup_settings(session, admin, backups.BackupSettings(str(usb)))
    return usb


def test_without_a_folder_the_window_warns(open_window, actor_as):
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    assert window.backup_status.label.text() == "⚠ No backup folder is set: this store is not backed up."
    assert not window.backup_status.restore_action.isVisible()


def test_a_due_backup_runs_in_the_background_and_the_note_says_when(open_window, actor_as, folder, qtbot, tmp_path):
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    assert window.backup_status.label.text() == "⚠ No backup has been made yet."
    task = window.backup_status.back_up_if_due()
    assert task is not None
    qtbot.waitUntil(lambda: window.backup_status.task is None, timeout=10_000)
    assert window.backup_status.label.text().startswith("Last backup: ")
    assert len(backups.list_backups(folder)) == 1
    assert window.backup_status.back_up_if_due() is None  # at most once a day
    window.grab().save(str(tmp_path / "backup-status.png"))


def test_closing_the_window_backs_up_and_a_failure_warns_next_time(open_window, actor_as, folder, db_path, clock):
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    window.close()
    assert [r.kind for r in backups.list_backups(folder)] == ["scheduled"]
    clock.advance(dt.timedelta(hours=1))  # the next day's work: the failure comes after the good backup
    window.ops.engine.dispose()
    for item in folder.iterdir():
        item.unlink()
    folder.rmdir()  # the USB disk was taken away
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    window.close()
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    assert window.backup_status.label.text().startswith("⚠ The last backup failed: The backup folder")


def test_restore_from_the_file_menu(open_window, actor_as, make_case, engine, db_path, tmp_path, monkeypatch):
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    make_case()
    backup = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, backup, now=dt.datetime(2026, 12, 4, 12, tzinfo=dt.timezone.utc))
    make_case()
    window = open_window(admin)
    action = window.backup_status.restore_action
    assert action.isVisible() and "&File" in [m.title() for m in action.associatedObjects() if hasattr(m, "title")]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    signed_out = []
    window.account_menu.signed_out.connect(lambda: signed_out.append(True))
    from avrcase.services.backup import restore

    checked_whole = []
    check_copy = restore.check_copy
    monkeypatch.setattr(restore, "check_copy", lambda *a, **k: checked_whole.append(k.get("full")) or check_copy(*a, **k))
    assert window.backup_status.restore_from_backup(str(backup))
    assert checked_whole == [True]  # once, for the question: the restore itself did it twice more (seconds each)
    assert asked[0].startswith("b.sqlite holds 1 case.") and "by aiste" in asked[0]
    assert signed_out == [True]
    assert len(list(tmp_path.glob("store.before-restore-*.sqlite"))) == 1
    import sqlite3

    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM cases").fetchone()[0] == 1


def test_backup_settings_dialog_saves_and_refuses_a_missing_folder(open_window, actor_as, tmp_path, qtbot):
    window = open_window(actor_as(StaffRole.ADMINISTRATOR, "aiste"))
    assert window.backup_status.settings_action.isVisible()
    dialog = window.backup_status.edit_settings()
    dialog.folder_edit.setText(str(tmp_path / "not-there"))
    dialog.save_button.click()
    assert dialog.isVisible() and "does not exist" in dialog.errors.message("folder")
    (tmp_path / "usb").mkdir()
    dialog.folder_edit.setText(str(tmp_path / "usb"))
    dialog.spins["keep_daily"].setValue(3)
    dialog.grab().save(str(tmp_path / "backup-settings.png"))
    dialog.save_button.click()
    assert not dialog.isVisible() and dialog.saved.keep_daily == 3 and dialog.saved.folder == str(tmp_path / "usb")
    assert window.backup_status.label.text() == "⚠ No backup has been made yet."


def test_the_restore_menu_item_asks_for_a_backup_file(open_window, actor_as, monkeypatch):
    """Triggered from the menu (``triggered(False)``), it asks for a file instead of crashing on a bool (#19)."""
    import sys

    asked, errors = [], []
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: asked.append(a) or ("", ""))
    monkeypatch.setattr(sys, "excepthook", lambda *exc: errors.append(exc))
    window = open_window(actor_as(StaffRole.ADMINISTRATOR, "aiste"))
    window.backup_status.restore_action.trigger()
    assert errors == [] and len(asked) == 1
    assert asked[0][2] == ""  # no backup folder set: the dialog opens in the home folder (file_dialogs), not here


@pytest.mark.parametrize("content", [b"hello, this is not a backup", bytes(range(256)) * 80])
def test_a_file_that_is_no_backup_is_refused_before_any_password_is_asked(open_window, actor_as, tmp_path, monkeypatch,
                                                                            content):
    """A note and 20 KB of noise were both "encrypted backups" asking for a password, then "key file missing"."""
    from avrcase.ui import backup_status

    shown = []
    monkeypatch.setattr(backup_status, "show_error", lambda _parent, exc: shown.append(exc.message))
    window = open_window(actor_as(StaffRole.ADMINISTRATOR, "aiste"))
    not_a_backup = tmp_path / "notes.db"
    not_a_backup.write_bytes(content)
    assert not window.backup_status.restore_from_backup(str(not_a_backup))  # no password asked: the guard would fail
    assert len(shown) == 1 and shown[0] in ("notes.db is not an avrcase backup; it was not restored.", "notes.db is not a plain avrcase backup; if "
                                     "it is an encrypted one, put its key file notes.db.keys.json from the backup folder "
                                     "next to it."), shown


def test_the_restore_dialog_opens_on_the_office_s_backup_folder(open_window, actor_as, folder, monkeypatch):
    """It opened in the program's folder (the current one when started from an icon)."""
    asked = []
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: asked.append(a) or ("", ""))
    window = open_window(actor_as(StaffRole.ADMINISTRATOR, "aiste"))
    window.backup_status.restore_action.trigger()
    assert asked[0][2] == str(folder)


def test_a_folder_set_in_the_settings_gets_its_first_backup_at_once(open_window, actor_as, qtbot, tmp_path):
    """Seen on the walk: after Backup settings ▸ Save the window kept saying "No backup has been made yet."
    until the next check, two minutes later (or the window was closed)."""
    window = open_window(actor_as(StaffRole.ADMINISTRATOR, "aiste"))
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = window.backup_status.edit_settings()
    dialog.folder_edit.setText(str(usb))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: window.backup_status.task is None and len(backups.list_backups(usb)) == 1,
                    timeout=10_000)
    assert window.backup_status.label.text().startswith("Last backup: ")


def test_back_up_now_from_the_file_menu_makes_a_backup_and_says_where(open_window, actor_as, folder, qtbot,
                                                                      monkeypatch):
    """There was no way to back up from the window (before a laptop goes on a journey): only the daily backup."""
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    action = window.backup_status.backup_now_action
    assert action.isVisible() and "&File" in [m.title() for m in action.associatedObjects() if hasattr(m, "title")]
    before = len(backups.list_backups(folder))
    action.trigger()
    assert window.backup_status.label.text() == "Backing up…"
    qtbot.waitUntil(lambda: window.backup_status.task is None, timeout=10_000)
    made = backups.list_backups(folder)
    assert len(made) == before + 1
    assert window.statusBar().currentMessage().endswith(made[-1].path.name)  # the folder elided in a narrow window
    assert window.statusBar().toolTip() == f"Backup made: {made[-1].path}"
    assert window.backup_status.label.text().startswith("Last backup: ")


def test_back_up_now_without_a_folder_says_who_sets_one(open_window, actor_as, qtbot, monkeypatch):
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: said.append(text))
    window.backup_status.back_up_now()
    qtbot.waitUntil(lambda: window.backup_status.task is None, timeout=10_000)
    assert said == ["No backup folder is set; an administrator sets one under File ▸ Backup settings."]


def test_back_up_now_without_a_folder_opens_the_settings_for_the_administrator_and_backs_up_once_saved(
        open_window, actor_as, qtbot, monkeypatch, tmp_path):
    """Seen on the walk: the administrator was told that "an administrator sets one under File ▸ Backup
    settings" and had to find the menu again; the settings open instead, and the backup follows the save."""
    from avrcase.ui.dialogs.backup_settings_dialog import BackupSettingsDialog

    window = open_window(actor_as(StaffRole.ADMINISTRATOR, "aiste"))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: said.append(text))
    assert window.backup_status.back_up_now() is None
    dialog = next(w for w in window.findChildren(BackupSettingsDialog) if w.isVisible())
    assert said == [] and window.backup_status.task is None
    usb = tmp_path / "usb-now"
    usb.mkdir()
    dialog.folder_edit.setText(str(usb))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.backup_status.task is None and len(backups.list_backups(usb)) == 1,
                    timeout=10_000)
    assert said == []
    assert window.statusBar().currentMessage().endswith(backups.list_backups(usb)[0].path.name)
    assert window.statusBar().toolTip() == f"Backup made: {backups.list_backups(usb)[0].path}"


def test_a_backup_of_another_store_is_restored_only_after_a_warning_answered_yes(open_window, actor_as, make_case,
                                                                                 clock, _migrated_store, db_path,
                                                                                 tmp_path, monkeypatch):
    """Another office's backup replaced this office's cases after the usual question, which did not say so."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.services.backup.test_restore import backup_of_another_office

    make_case()
    foreign = backup_of_another_office(tmp_path, clock, _migrated_store)
    window = open_window(actor_as(StaffRole.ADMINISTRATOR, "aiste"))
    asked, warned = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)

    def answer(button):
        box = QApplication.activeModalWidget()
        warned.append((box.text(), box.defaultButton() is box.button(QMessageBox.StandardButton.No)))
        box.grab().save(str(tmp_path / "another-store.png"))
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    assert not window.backup_status.restore_from_backup(str(foreign))
    assert warned[0][0].startswith("kaunas-backup.sqlite is a backup of another store (Kaunas office") and warned[0][1]
    assert asked == [] and not list(tmp_path.glob("store.before-restore-*"))
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    assert window.backup_status.restore_from_backup(str(foreign))
    assert len(asked) == 1 and list(tmp_path.glob("store.before-restore-*"))


def test_a_folder_set_from_the_command_line_shows_when_the_window_regains_focus(open_window, actor_as, engine,
                                                                                tmp_path, qtbot):
    """Seen in a new office's first week: after an administrator set the folder with ``avrcase backup settings``,
    the window kept saying "No backup folder is set" until its next backup."""
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    window.show()
    assert "No backup folder is set" in window.backup_status.label.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    with unit_of_work(engine) as session:  # what the command line does, in another process
        backups.save_backup_settings(session, actor_as(StaffRole.ADMINISTRATOR, "aiste"), backups.BackupSettings(str(usb)))
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    window.activateWindow()
    qtbot.waitUntil(lambda: window.backup_status.label.text() == "⚠ No backup has been made yet.")


def test_the_periodic_check_reads_the_note_again_when_no_backup_is_due(open_window, actor_as, folder, engine, qtbot):
    """The folder taken away from the command line: the next check (no backup due) says so, as a focus change does."""
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    window.backup_status.back_up_if_due()
    qtbot.waitUntil(lambda: window.backup_status.task is None, timeout=10_000)  # none is due for a day now
    with unit_of_work(engine) as session:
        backups.save_backup_settings(session, actor_as(StaffRole.ADMINISTRATOR, "aiste"), backups.BackupSettings(""))
    assert window.backup_status.label.text().startswith("Last backup: ")
    assert window.backup_status.back_up_if_due() is None
    assert window.backup_status.label.text() == "⚠ No backup folder is set: this store is not backed up."


def test_the_first_activation_after_sign_in_does_not_read_the_note_again(open_window, actor_as, qtbot, monkeypatch):
    """#14: the note was read while the window was built, then again when it first took the focus (a second unit
    of work on a fresh connection in what a person waits for after Sign in)."""
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    reads = []
    monkeypatch.setattr(window.backup_status, "refresh", lambda: reads.append(1))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.wait(50)
    assert reads == []


def test_a_backup_whose_trail_end_was_cut_is_refused_from_the_window(open_window, actor_as, make_case, engine,
                                                                      db_path, tmp_path, monkeypatch):
    from tests.services.backup.test_restore_trail_anchor import _cut_and_recompute

    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    make_case()
    backup = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, backup, now=dt.datetime(2026, 12, 4, 12, tzinfo=dt.timezone.utc))
    _cut_and_recompute(backup, 1)
    window = open_window(admin)
    said, asked = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes)
    assert not window.backup_status.restore_from_backup(str(backup))
    assert asked == [] and len(said) == 1 and "entries were cut off the end" in said[0]
    assert not list(tmp_path.glob("store.before-restore-*.sqlite"))


def test_a_backup_made_elsewhere_is_named_so_in_the_question(open_window, actor_as, make_case, engine, tmp_path,
                                                             monkeypatch):
    from avrcase.services.backup import backup_notes
    from avrcase.services.backup.copies import copy_store

    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    make_case()
    backup = tmp_path / "b.sqlite"  # made on another computer: neither noted here nor recorded on this store's trail
    copy_store(Path(engine.url.database), None, backup, now=dt.datetime(2026, 12, 4, 12, tzinfo=dt.timezone.utc),
               made_by="aiste", kind="manual")
    backup_notes.notes_file().unlink()
    window = open_window(admin)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No)
    assert not window.backup_status.restore_from_backup(str(backup))
    assert "The audit trail of b.sqlite could not be checked against this computer" in asked[0]


def test_a_cut_backup_made_here_is_refused_in_the_window_with_its_side_note_deleted(open_window, actor_as, make_case,
                                                                                   engine, tmp_path, monkeypatch):
    """The store's own audit trail recorded the backup: deleting ``backup-anchors.json`` no longer turns the refusal
    into the "not made on this computer" question."""
    from avrcase.services.backup import backup_notes
    from avrcase.ui import backup_status
    from tests.services.backup.test_restore_trail_anchor import _cut_and_recompute

    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    make_case()
    make_case()
    backup = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, backup, now=dt.datetime(2026, 12, 4, 12, tzinfo=dt.timezone.utc))
    kept = _cut_and_recompute(backup, 2)
    backup_notes.notes_file().unlink()
    window = open_window(admin)
    shown, asked = [], []
    monkeypatch.setattr(backup_status, "show_error", lambda _parent, exc: shown.append(exc.message))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    assert not window.backup_status.restore_from_backup(str(backup))
    assert not asked and f"its audit trail ends at entry {kept}" in shown[0]


def test_backup_made_keeps_the_file_name_whole_and_elides_the_folder(open_window, actor_as, engine, qtbot, tmp_path):
    """The Lithuanian status bar cut "Atsarginė kopija sukurta: avrcase-backup-20261207-21345…": the file's name (what
    the person looks for) reads whole, the folder gives way in its middle, and the whole path is the bar's tooltip."""
    from avrcase.i18n import set_locale
    from avrcase.ui.widgets.message_room import MESSAGE_MARGINS

    usb = tmp_path / "USB DISKAS" / "biuro atsarginės kopijos" / "avrcase kasdienės kopijos iš Vilniaus biuro"
    usb.mkdir(parents=True)
    with unit_of_work(engine) as session:
        backups.save_backup_settings(session, actor_as(StaffRole.ADMINISTRATOR, "aiste"), backups.BackupSettings(str(usb)))
    set_locale("lt")
    try:
        window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
        window.show()
        window.resize(700, 500)
        window.backup_status.back_up_now()
        qtbot.waitUntil(lambda: window.backup_status.task is None, timeout=10_000)
    finally:
        set_locale("en")
    bar, [made] = window.statusBar(), backups.list_backups(usb)
    message = bar.currentMessage()
    assert message.startswith("Atsarginė kopija sukurta: ") and message.endswith("/" + made.path.name)
    assert "…" in message  # the folder gave way, in its middle
    assert bar.fontMetrics().horizontalAdvance(message) + MESSAGE_MARGINS <= bar.width()
    qtbot.waitUntil(lambda: all(w.x() >= bar.fontMetrics().horizontalAdvance(message) + 6 for w in (
        window.count_label, window.user_label, window.backup_status.label) if w.isVisible()))
    assert bar.toolTip() == f"Atsarginė kopija sukurta: {made.path}"
    bar.clearMessage()
    assert bar.toolTip() == ""


def test_the_store_path_keeps_its_label_and_file_name_whole_in_russian_at_1024(open_window, actor_as, qtbot):
    """At 1024 px in Russian the store's path shrank to "Хранили....sqlite": the label and the file's name stay
    whole, the folder is elided in its middle, and the tooltip holds all of it."""
    from avrcase.i18n import set_locale

    set_locale("ru")
    try:
        window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
        window.show()
        window.resize(1024, 700)
        qtbot.waitUntil(lambda: "…" in window.store_label.text())
    finally:
        set_locale("en")
    text, whole = window.store_label.text(), window.store_label.toolTip()
    assert text.startswith("Хранилище: ") and text.endswith("/store.sqlite")
    assert whole.startswith("Хранилище: /") and whole.endswith("/store.sqlite") and len(whole) > len(text)
