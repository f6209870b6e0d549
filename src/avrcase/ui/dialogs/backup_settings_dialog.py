"""File ▸ Backup settings…: the office's backup folder, how many copies to keep, when to warn."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from avrcase.i18n import _
from avrcase.services.backup import backups
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets import file_dialogs


#: Width of the backup folder field, in widths of "M".
FOLDER_EMS = 32


class BackupSettingsDialog(QDialog):
    """Edit the backup settings (administrators); ``saved`` holds them after a save."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.saved: backups.BackupSettings | None = None
        self.setWindowTitle(_("Backup settings"))
        current = ops.read(backups.get_backup_settings)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.folder_edit = QLineEdit(current.folder)
        self.folder_edit.setPlaceholderText(_("for example a USB disk or a synced folder"))
        # Room for a real path ("/media/office/BACKUP-USB/avrcase"), not the line edit's default few characters.
        metrics = self.folder_edit.fontMetrics()
        self.folder_edit.setMinimumWidth(max(metrics.horizontalAdvance("M") * FOLDER_EMS,
                                             metrics.horizontalAdvance(self.folder_edit.placeholderText()) + 24))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        form.addRow(_("Backup folder:"), row)
        form.addRow("", self.errors.add("folder", ErrorLabel(), self.folder_edit))
        self.spins: dict[str, QSpinBox] = {}
        for name, label, value, high in (("keep_daily", _("Daily copies kept:"), current.keep_daily, 366),
                                         ("keep_weekly", _("Weekly copies kept:"), current.keep_weekly, 520),
                                         ("keep_monthly", _("Monthly copies kept:"), current.keep_monthly, 240),
                                         ("max_age_days", _("Warn after (days without a good backup):"),
                                          current.max_age_days, 365)):
            spin = QSpinBox()
            spin.setRange(0, high)
            spin.setValue(value)
            self.spins[name] = spin
            form.addRow(label, spin)
            form.addRow("", self.errors.add(name, ErrorLabel(), spin))
        box, self.save_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        make_default(self.save_button)

    def _on_browse_clicked(self) -> None:
        folder = file_dialogs.existing_directory(self, _("Backup folder"),
                                                  self.folder_edit.text() or str(Path.home()))
        if folder:
            self.folder_edit.setText(folder)

    def settings(self) -> backups.BackupSettings:
        """The settings as entered."""
        return backups.BackupSettings(self.folder_edit.text().strip(), *(self.spins[n].value() for n in
                                      ("keep_daily", "keep_weekly", "keep_monthly", "max_age_days")))

    def save(self) -> None:
        """Save and close; messages beside the fields when a value is refused."""
        entered = self.settings()
        result = save_or_explain(self, lambda: self._ops.write(backups.save_backup_settings, entered),
                                 show_errors=self.errors.show, show_conflict=lambda _m: None)
        if result is not UNSAVED:
            self.saved = result
            self.accept()
