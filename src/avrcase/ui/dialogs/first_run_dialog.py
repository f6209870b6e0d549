"""The first start on a store nobody can sign in to: create the administrator, or load demo data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.services.accounts import accounts, encryption
from avrcase.services.dto import Actor
from avrcase.services.permissions import SYSTEM
from avrcase.ui.dialogs.server_dialog import ServerDialog
from avrcase.ui.dialogs.sign_in_dialog import password_field
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain, show_error
from avrcase.ui.widgets.dialog_buttons import make_default
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors

#: How many synthetic cases the first run's demo holds (as File ▸ Load demo data…).
DEMO_CASES = 500


class FirstRunDialog(QDialog):
    """``actor`` is the new administrator (signed in), or ``None`` with ``demo_loaded`` after a demo load."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, demo_cases: int = DEMO_CASES):
        super().__init__(parent)
        self._ops = ops
        self._demo_cases = demo_cases
        self.actor: Actor | None = None
        self.demo_loaded = False
        #: Where to go instead when the person chose the office server (the URL, password included).
        self.server_url: str | None = None
        self.setWindowTitle(_("Welcome to avrcase"))
        # The office profile named too: until it is filled in, no document can be issued (#14).
        intro = QLabel(_("Nobody can sign in to this store yet. Create the administrator's account (the"
                         " administrator then fills in the office profile under File ▸ Office profile…, which"
                         " every document prints, and adds the staff), or fill the store with invented demo"
                         " cases to try avrcase out."))
        intro.setWordWrap(True)
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.password, self.again = password_field(), password_field()
        self.errors = FieldErrors()
        form = QFormLayout()
        for label, field, path in ((_("User name:"), self.username, "username"),
                                   (_("Full name:"), self.display_name, "display_name"),
                                   (_("Password (12 characters or more):"), self.password, "password"),
                                   (_("Password again:"), self.again, "again")):
            form.addRow(label, field)
            form.addRow("", self.errors.add(path, ErrorLabel(), field))
        self.encrypt = QCheckBox(_("Encrypt the store (recommended: a lost laptop or a copied file then gives "
                                   "nothing away)"))
        self.encrypt.setChecked(True)
        self.encrypt.setVisible(encryption.can_encrypt(ops.engine))
        form.addRow("", self.encrypt)
        self.recovery_key = ""
        self.create_button = QPushButton(_("Create the administrator"))
        self.demo_button = QPushButton(_("Load demo data instead"))
        self.server_button = QPushButton(_("Connect to the office server instead…"))
        self.server_button.setToolTip(_("Several computers share one store on the office's PostgreSQL server"))
        self.server_button.clicked.connect(lambda: self.connect_to_server())
        self.create_button.clicked.connect(self.create_administrator)
        self.demo_button.clicked.connect(self.load_demo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.create_button)
        layout.addWidget(self.demo_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.server_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.busy_label = QLabel()
        self.busy_label.hide()
        layout.addWidget(self.busy_label)
        make_default(self.create_button)

    def create_administrator(self) -> bool:
        """Make the administrator; mistakes are shown beside the field and nothing is saved."""
        self.errors.clear()
        if self.password.text() != self.again.text():
            self.errors.show({"again": _("The two passwords differ.")})
            return False
        name, full, password = self.username.text(), self.display_name.text(), self.password.text()
        actor = save_or_explain(self, lambda: self._ops.write(
            lambda session, _actor: accounts.create_first_administrator(session, name, full, password)),
            show_errors=self.errors.show)
        if actor is UNSAVED:
            return False
        self.actor = actor
        if self.encrypt.isChecked() and encryption.can_encrypt(self._ops.engine):
            try:
                self._encrypt(name, password)
            except AvrcaseError as exc:
                show_error(self, exc)  # the administrator exists; the store stays plain
        self.accept()
        return True

    def _encrypt(self, username: str, password: str) -> None:
        """Encrypt the new store, reopen it with the administrator's slot and show the recovery key once."""
        actor, engine = self.actor, self._ops.engine
        url = engine.url.render_as_string(hide_password=False)
        result = self._ops.write(lambda session, _actor: encryption.encrypt_store(session, actor, password))
        result.backup.unlink(missing_ok=True)  # the plain copy holds only the new account: nothing to keep
        self._ops.engine = encryption.open_unlocked(url, username, password, clock=self._ops.base_clock)
        self.recovery_key = result.recovery_key
        from avrcase.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog

        RecoveryKeyDialog(result.recovery_key, Path(engine.url.database or "").name, self._ops.base_clock.now(),
                          self, ops=self._ops, actor=actor).exec()

    def connect_to_server(self, dialog: ServerDialog | None = None) -> bool:
        """Use the office server instead of a new store on this computer (the app then opens it)."""
        dialog = dialog or ServerDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.profile is None:
            return False
        self.server_url = dialog.profile.url(dialog.password)
        self.accept()
        return True

    def _show_busy(self, text: str | None) -> None:
        """While ``text`` is shown (None: done) the buttons are off and the pointer is busy."""
        for button in (self.create_button, self.demo_button, self.server_button):
            button.setEnabled(text is None)
        self.busy_label.setText(text or "")
        self.busy_label.setVisible(text is not None)
        if text is not None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)  # shown before the work

    def load_demo(self) -> bool:
        """Fill the store with demo cases and accounts (a few seconds); then the sign-in screen lists them."""
        # A few seconds with nothing to see read as a click that did nothing: say what is happening, and take no
        # second click meanwhile.
        self._show_busy(_("Filling the store with invented demo cases; this takes a few seconds…"))
        try:
            # Nobody is signed in yet: avrcase itself makes this new store a demo store.
            from avrcase.services.demo import generate as demo

            self._ops.write(lambda session, _actor: demo.generate_demo(session, cases=self._demo_cases, actor=SYSTEM))
        except AvrcaseError as exc:
            self._show_busy(None)
            show_error(self, exc)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.demo_loaded = True
        self.accept()
        return True
