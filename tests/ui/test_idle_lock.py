"""The idle lock: covers the windows after the idle time, asks for the password, keeps unsaved work."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from avrcase.ui.idle_lock import DEFAULT_MINUTES, SETTINGS_KEY, IdleLock, idle_minutes
from tests.conftest import TEST_PASSWORD


def test_idle_time_defaults_to_five_minutes_and_is_configurable(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert idle_minutes(settings) == DEFAULT_MINUTES == 5
    settings.setValue(SETTINGS_KEY, 15)
    assert idle_minutes(settings) == 15
    settings.setValue(SETTINGS_KEY, "nonsense")
    assert idle_minutes(settings) == 5


def test_typing_restarts_the_idle_timer(qtbot, ops):
    lock = IdleLock(ops, minutes=5)
    field = QLineEdit()
    qtbot.addWidget(field)
    lock.timer.stop()
    qtbot.keyClicks(field, "a")
    assert lock.timer.isActive() and lock.timer.interval() == 5 * 60_000
    lock.stop()


def test_lock_keeps_unsaved_work_and_only_the_right_password_unlocks(qtbot, ops):
    editor = QDialog()
    editor.setLayout(QVBoxLayout())
    field = QLineEdit()
    editor.layout().addWidget(field)
    qtbot.addWidget(editor)
    editor.show()
    field.setText("half-written consultation note")
    lock = IdleLock(ops, minutes=5)
    with qtbot.waitSignal(lock.locked):
        lock.timer.timeout.emit()  # the idle time is up
    assert lock.is_locked and lock.dialog.isVisible()
    assert lock.dialog.windowModality() == Qt.WindowModality.ApplicationModal
    assert any(c.isVisible() for c in lock._curtains)  # the case data is covered
    editor.resize(editor.width() + 120, editor.height() + 80)
    curtain = next(c for c in lock._curtains if c.parentWidget() is editor)
    assert curtain.geometry() == editor.rect()

    lock.dialog.password.setText("wrong password, sorry")
    lock.dialog.unlock_button.click()
    assert lock.is_locked and "wrong" in lock.dialog.message.message
    lock.dialog.reject()  # Esc does not unlock
    assert lock.is_locked

    lock.dialog.password.setText(TEST_PASSWORD)
    with qtbot.waitSignal(lock.unlocked):
        lock.dialog.unlock_button.click()
    assert not lock.is_locked and lock.timer.isActive()
    assert editor.isVisible() and field.text() == "half-written consultation note"
    lock.stop()


def test_locking_on_purpose_is_not_called_a_time_without_use(qtbot, ops):
    """Account ▸ Lock now showed "avrcase locked itself after a time without use" to the person who had just
    locked it; the idle time being up still says so."""
    from PySide6.QtWidgets import QLabel, QMainWindow

    from avrcase.ui.account_menu import AccountMenu

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(ops, minutes=5)
    menu = AccountMenu(window, ops, lock)
    texts = []
    for start in (menu.lock_action.trigger, lock.timer.timeout.emit):
        with qtbot.waitSignal(lock.locked):
            start()
        texts.append(" ".join(label.text() for label in lock.dialog.findChildren(QLabel)))
        lock.dialog.password.setText(TEST_PASSWORD)
        with qtbot.waitSignal(lock.unlocked):
            lock.dialog.unlock_button.click()
    on_purpose, idle = texts
    assert "avrcase is locked" in on_purpose and "without use" not in on_purpose
    assert "locked itself after a time without use" in idle
    lock.stop()
