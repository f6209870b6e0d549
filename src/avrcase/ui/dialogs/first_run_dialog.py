"""The first start on a store nobody can sign in to: create the administrator, or load demo data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.i18n import _
from avrcase.services import accounts, demo
from avrcase.services.dto import Actor
from avrcase.ui.dialogs.sign_in_dialog import password_field
from avrcase.ui.ops import Ops, show_error
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
        self.setWindowTitle(_("Welcome to avrcase"))
        intro = QLabel(_("Nobody can sign in to this store yet. Create the administrator's account (the"
                         " administrator then adds the staff), or fill the store with invented demo cases to"
                         " try avrcase out."))
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
        self.create_button = QPushButton(_("Create the administrator"))
        self.demo_button = QPushButton(_("Load demo data instead"))
        self.create_button.clicked.connect(self.create_administrator)
        self.demo_button.clicked.connect(self.load_demo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.create_button)
        layout.addWidget(self.demo_button, alignment=Qt.AlignmentFlag.AlignLeft)
        make_default(self.create_button)

    def create_administrator(self) -> bool:
        """Make the administrator; mistakes are shown beside the field and nothing is saved."""
        self.errors.clear()
        if self.password.text() != self.again.text():
            self.errors.show({"again": _("The two passwords differ.")})
            return False
        name, full, password = self.username.text(), self.display_name.text(), self.password.text()
        try:
            self.actor = self._ops.write(
                lambda session, _actor: accounts.create_first_administrator(session, name, full, password))
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True

    def load_demo(self) -> bool:
        """Fill the store with demo cases and accounts (a few seconds); then the sign-in screen lists them."""
        try:
            self._ops.write(lambda session, _actor: demo.generate_demo(session, cases=self._demo_cases))
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        self.demo_loaded = True
        self.accept()
        return True
