"""The GUI side of encryption: the first run encrypts by default and shows the recovery key; signing in unlocks."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog

from avrcase import app as app_module
from avrcase.services.accounts import accounts
from avrcase.store.encryption import keys_path
from avrcase.store.schema import open_store
from avrcase.ui.dialogs.first_run_dialog import FirstRunDialog
from avrcase.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from avrcase.ui.dialogs.sign_in_dialog import SignInDialog
from avrcase.ui.ops import Ops
from tests.ui.dialogs.test_sign_in import _answer_dialogs

PASSWORD = "office safe passphrase"


@pytest.fixture
def encrypted_first_run(qtbot, qapp, tmp_path, monkeypatch):
    """A new store whose administrator was made in the first-run dialog with the box left ticked."""
    path, sheet = tmp_path / "office.sqlite", tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(sheet), ""))
    shown = []

    def exec_(dialog: RecoveryKeyDialog):
        shown.append(dialog.key_label.text())
        assert dialog.save_sheet()
        dialog.done_button.click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryKeyDialog, "exec", exec_)
    ops = Ops(open_store(f"sqlite:///{path}"))
    dialog = FirstRunDialog(ops)
    qtbot.addWidget(dialog)
    assert dialog.encrypt.isChecked() and not dialog.encrypt.isHidden()
    dialog.username.setText("aiste")
    dialog.display_name.setText("Aistė Admin")
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    dialog.create_button.click()
    yield {"path": path, "sheet": sheet, "shown": shown, "dialog": dialog, "ops": ops}
    ops.engine.dispose()


def test_first_run_encrypts_the_new_store_and_shows_the_recovery_key_once(encrypted_first_run):
    path, dialog, ops = encrypted_first_run["path"], encrypted_first_run["dialog"], encrypted_first_run["ops"]
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor.username == "aiste"
    assert not path.read_bytes().startswith(b"SQLite format 3") and keys_path(path).exists()
    assert b"aiste" not in path.read_bytes()
    assert list(path.parent.glob("*before-encryption*")) == []  # nothing but the new account to keep
    key = dialog.recovery_key
    assert encrypted_first_run["shown"] == [key.replace("-", " ")]
    text = "".join(PdfReader(encrypted_first_run["sheet"]).pages[0].extract_text().split())
    assert key.replace("-", "") in text
    # The dialog's Ops now work on the encrypted store.
    assert not ops.read(lambda session, _actor: accounts.needs_first_administrator(session))


def test_signing_in_unlocks_the_encrypted_store_and_a_wrong_password_is_one_message(encrypted_first_run, qtbot, tmp_path):
    encrypted_first_run["ops"].engine.dispose()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    messages = []

    def wrong_then_right(dialog: SignInDialog):
        dialog.username.setText("aiste")
        dialog.password.setText("not the passphrase")
        dialog.sign_in_button.click()
        messages.append(dialog.message.message)
        dialog.password.setText(PASSWORD)
        dialog.sign_in_button.click()

    pending = _answer_dialogs([(SignInDialog, wrong_then_right)])
    window = app_module.build_main_window(f"sqlite:///{encrypted_first_run['path']}", settings)
    qtbot.addWidget(window)
    assert pending == [] and messages == ["The user name or password is wrong."]
    assert window.ops.actor.username == "aiste"
    window.idle_lock.stop()
    window.ops.engine.dispose()
