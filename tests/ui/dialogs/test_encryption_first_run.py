"""The GUI side of encryption: the first run encrypts by default and shows the recovery key; signing in unlocks."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from avrcase import app as app_module
from avrcase.services.accounts import accounts
from avrcase.store.encryption import keys_path
from avrcase.store.schema import open_store
from avrcase.ui.dialogs.first_run_dialog import FirstRunDialog
from avrcase.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from avrcase.ui.dialogs.sign_in_dialog import SignInDialog
from avrcase.ui.ops import Ops
from avrcase.ui.widgets import file_dialogs
from tests.ui.dialogs.test_sign_in import _answer_dialogs

PASSWORD = "office safe passphrase"


@pytest.fixture
def encrypted_first_run(qtbot, qapp, tmp_path, monkeypatch):
    """A new store whose administrator was made in the first-run dialog with the box left ticked."""
    path, sheet = tmp_path / "office.sqlite", tmp_path / "sheet.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(sheet), ""))
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


def test_the_recovery_sheet_is_on_the_audit_trail_and_readable_by_its_owner_only(encrypted_first_run):
    import stat

    from sqlalchemy import select

    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import AuditEntry
    sheet, ops = encrypted_first_run["sheet"], encrypted_first_run["ops"]
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    assert [p.name for p in sheet.parent.glob("*.partial")] == []
    with unit_of_work(ops.engine, write=False) as session:
        entries = [(e.username, e.details) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.entity == "recovery_sheet"))]
    key = encrypted_first_run["dialog"].recovery_key
    assert [user for user, _details in entries] == ["aiste"]
    assert key not in entries[0][1] and key.replace("-", "") not in entries[0][1] and "sheet.pdf" not in entries[0][1]


def test_no_recovery_sheet_is_written_when_it_cannot_be_recorded(qtbot, engine, actor_as, tmp_path, monkeypatch):
    import datetime as dt

    from avrcase.domain.codes import StaffRole
    from avrcase.domain.errors import AvrcaseError
    from avrcase.services import audit
    admin = actor_as(StaffRole.ADMINISTRATOR)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(out / "sheet.pdf"), ""))
    dialog = RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP", "office.sqlite", dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC),
                               ops=Ops(engine, admin), actor=admin)
    qtbot.addWidget(dialog)

    def refuse(*_args, **_kwargs):
        raise AvrcaseError("The store is busy.")
    monkeypatch.setattr(audit, "write_pending", refuse)
    dialog.save_button.click()
    assert list(out.iterdir()) == [] and dialog.saved_to is None and "The store is busy." in dialog.status.text()


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


def test_loading_the_demo_says_so_while_it_fills_the_store(qtbot, tmp_path, monkeypatch):
    """"Load demo data instead" froze the welcome screen for seconds with nothing to see: a newcomer clicked again."""
    from PySide6.QtWidgets import QApplication

    from avrcase.services.demo import generate

    ops = Ops(open_store(f"sqlite:///{tmp_path / 'office.sqlite'}"))
    dialog = FirstRunDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    seen = []

    def generate_demo(session, **kwargs):
        seen.append((dialog.busy_label.isVisible(), dialog.busy_label.text(), dialog.demo_button.isEnabled(),
                     dialog.create_button.isEnabled(), QApplication.overrideCursor() is not None))

    monkeypatch.setattr(generate, "generate_demo", generate_demo)
    assert dialog.load_demo() and dialog.demo_loaded
    assert seen == [(True, "Filling the store with invented demo cases; this takes a few seconds…", False, False, True)]
    assert QApplication.overrideCursor() is None
    ops.engine.dispose()
