"""Account ▸ Encrypt the store…: an administrator encrypts a plain store from the running app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox
from sqlalchemy import func, select

from avrcase import app as app_module
from avrcase.domain.codes import StaffRole
from avrcase.store.models import Case
from avrcase.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from tests.conftest import TEST_PASSWORD


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
        window.ops.engine.dispose()


def test_administrator_encrypts_the_open_store_and_keeps_working(open_window, db_path, actor_as, make_case, monkeypatch):
    make_case()
    window = open_window(actor_as(StaffRole.ADMINISTRATOR, "aiste"))
    assert window.encrypt_action.isVisible()
    assert "&Account" in [m.title() for m in window.encrypt_action.associatedObjects() if hasattr(m, "title")]
    keys = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (TEST_PASSWORD, True))
    monkeypatch.setattr(RecoveryKeyDialog, "exec", lambda d: keys.append(d.key_label.text()) or QDialog.DialogCode.Accepted)
    window.encrypt_action.trigger()
    assert len(keys) == 1 and b"Beridze" not in db_path.read_bytes()
    backups = list(db_path.parent.glob("*before-encryption*"))
    assert len(backups) == 1 and b"Beridze" in backups[0].read_bytes()
    assert window.ops.read(lambda session, _actor: session.scalar(select(func.count(Case.id)))) == 1
    assert not window.encrypt_action.isVisible()


def test_encrypt_is_not_offered_to_a_counsellor(open_window, actor_as):
    window = open_window(actor_as(StaffRole.COUNSELLOR, "ruta2"))
    assert window.encrypt_action.isVisible() is False
