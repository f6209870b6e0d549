"""The recovery key of a newly encrypted store, shown once, with its PDF sheet for the office safe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from avrcase.documents import recovery_sheet
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.services import outgoing
from avrcase.services.accounts import encryption
from avrcase.services.dto import Actor
from avrcase.ui.ops import Ops
from avrcase.ui.widgets.save_location import suggested_path
from avrcase.ui.widgets import file_dialogs


class RecoveryKeyDialog(QDialog):
    """The key in large letters, a button that saves the sheet as PDF, and a button to close."""

    def __init__(self, recovery_key: str, store_name: str, made_at: dt.datetime, parent: QWidget | None = None, *,
                 ops: Ops | None = None, actor: Actor | None = None):
        super().__init__(parent)
        self._ops, self._actor = ops, actor  # the sheet is recorded on the audit trail through these
        self._key, self._store, self._made_at = recovery_key, store_name, made_at
        self.saved_to: Path | None = None
        self.setWindowTitle(_("Recovery key"))
        intro = QLabel(_("The store is encrypted. Each person's password opens it; if every password is lost, only this "
                         "recovery key does. It is shown only now: print the sheet and keep it in the office safe."))
        intro.setWordWrap(True)
        self.key_label = QLabel(recovery_key.replace("-", " "))
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.save_button = QPushButton(_("Save the recovery sheet (PDF)…"))
        self.save_button.clicked.connect(self.save_sheet)
        self.status = QLabel()
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton(_("I have kept it safe"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (intro, self.key_label, self.save_button, self.status, buttons):
            layout.addWidget(widget)

    def save_sheet(self) -> bool:
        """Ask where, then write the one-page PDF; print it and delete the file afterwards."""
        name, _filter = file_dialogs.save_file_name(self, _("Save the recovery sheet"), suggested_path("avrcase-recovery-sheet.pdf"),
                                                    _("PDF files (*.pdf)"))
        if not name:
            return False
        sheet = recovery_sheet.RecoverySheet(self._key, self._store, self._made_at)
        pdf, path, actor = recovery_sheet.render(sheet).pdf, Path(name), self._actor
        try:  # recorded first; written 0600 through a temporary file only once the entry is committed
            if self._ops is not None:
                self._ops.write(lambda session, _actor: encryption.save_recovery_sheet(session, actor, pdf, path))
            else:
                outgoing.write_private(path, pdf)
        except AvrcaseError as exc:
            self.status.setText(_("The sheet could not be saved: %(reason)s") % {"reason": exc.message})
            return False
        self.saved_to = Path(name)
        self.status.setText(_("Saved. Print it, then delete the file."))
        return True
