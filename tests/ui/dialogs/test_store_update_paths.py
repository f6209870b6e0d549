"""The store-update window on the two other paths that migrate a store (after ``test_store_preparation``'s plain
store): an encrypted store unlocked at the sign-in after an update, and a backup of an older avrcase restored from
the window. Both migrated in silence, the window frozen for as long as it took."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from avrcase import app as app_module
from avrcase.domain.codes import StaffRole
from avrcase.services.clock import system_clock
from avrcase.store.encryption import KeySlots, StoreKey, keys_path, user_slot
from avrcase.store.schema import export_sqlcipher, head_revision
from avrcase.ui.dialogs.store_preparation_dialog import StorePreparationDialog
from tests.ui.test_backup_status import open_window  # noqa: F401  (fixture)

OLD_STORE = Path(__file__).parents[2] / "data" / "stores" / "store-0016.sqlite"


def _watch_steps() -> list[str]:
    """The steps the store-update window shows, read every few milliseconds until the test ends."""
    steps: list[str] = []

    def poll():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, StorePreparationDialog) and w.isVisible()), None)
        if dialog is not None and (not steps or steps[-1] != dialog.panel.step.text()):
            steps.append(dialog.panel.step.text())
        QTimer.singleShot(2, poll)

    QTimer.singleShot(0, poll)
    return steps


def test_an_encrypted_store_of_an_older_avrcase_shows_its_update_at_the_unlock(qtbot, tmp_path):
    store = tmp_path / "old.sqlite"
    key = StoreKey.generate()
    export_sqlcipher(OLD_STORE, store, source_key=None, target_key=key)
    slots = KeySlots(keys_path(store), {})
    slots.set(user_slot("aiste"), key, "a long enough password")
    slots.save()
    unlock = app_module.encrypted_store_opener(f"sqlite:///{store}", system_clock())
    steps = _watch_steps()
    engine = unlock("aiste", "a long enough password")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    finally:
        engine.dispose()
    assert steps and steps[0] == "Step 1 of 4: making a backup copy of the store"
    assert "Step 2 of 4: updating the layout of the store" in steps
    assert not any(isinstance(w, StorePreparationDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_restoring_a_backup_of_an_older_avrcase_shows_its_update(open_window, actor_as, db_path, tmp_path,  # noqa: F811
                                                                  monkeypatch):
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    backup = tmp_path / "old-backup.sqlite"
    shutil.copyfile(OLD_STORE, backup)
    window = open_window(admin)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    steps = _watch_steps()
    assert window.backup_status.restore_from_backup(str(backup))
    assert any("updating the layout of the store" in step for step in steps), steps
    revision = sqlite3.connect(db_path).execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert revision == head_revision()


def test_the_sign_in_takes_no_second_sign_in_while_an_encrypted_store_is_unlocked(qtbot):
    """The unlock now runs on a thread with the window's events flowing: a second Enter would have unlocked again."""
    from avrcase.domain.errors import StoreError
    from avrcase.ui.dialogs.sign_in_dialog import SignInDialog
    from avrcase.ui.ops import Ops

    seen: list[bool] = []

    def unlock(_name, _password):
        seen.append(dialog.isEnabled())
        raise StoreError("The user name or password is wrong.")

    dialog = SignInDialog(Ops(None), unlock_store=unlock)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("aiste")
    dialog.password.setText("wrong")
    assert dialog.sign_in() is False
    assert seen == [False] and dialog.isEnabled() and dialog.password.text() == ""
