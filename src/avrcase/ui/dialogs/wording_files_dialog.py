"""Office profile ▸ Wording files…: export, import and review the wording files documents print.

A list of every wording file (declaration; itinerary, receipt and plan) with where it comes from and
whether its translation is reviewed. **Export…** writes a file to edit, **Import…** keeps an edited file
in the store as the office's own (a foreign or damaged file changes nothing and says why), **Mark
reviewed…** records who reviewed it and when, **Use the shipped file** drops the office's own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.domain.wording import STATUS_LABELS
from avrcase.i18n import N_, _
from avrcase.i18n.format import format_date, language_name
from avrcase.services.documents import office_wording
from avrcase.services.documents.office_wording import WordingRow
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.models.row_table import TextTableModel
from avrcase.ui.widgets.date_edit import make_date_edit
from avrcase.ui.widgets.dialog_buttons import speak_our_language
from avrcase.ui.widgets.error_label import ErrorLabel
from avrcase.ui.widgets import file_dialogs
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding

KIND_LABELS = {"declaration": N_("Declaration"), "documents": N_("Itinerary, receipt, plan")}
SOURCE_LABELS = {"shipped": N_("shipped with avrcase"), "office": N_("the office's own")}


def status_text(row: WordingRow) -> str:
    """"reviewed (name, date)" or "draft, not yet reviewed"."""
    text = _(STATUS_LABELS[row.status])
    if row.reviewed_on:
        text += f" ({row.reviewed_by}, {format_date(row.reviewed_on)})"
    return text


class ReviewDialog(AsksBeforeDiscarding, QDialog):
    """Who reviewed a translation and when."""

    def __init__(self, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Mark translation reviewed"))
        self.reviewer = QLineEdit(self)
        self.reviewer.setMaxLength(office_wording.REVIEWER_MAX_CHARS)
        self.reviewed_on = make_date_edit(self, value=today)
        self.reviewed_on.setMaximumDate(self.reviewed_on.date())
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.addRow(_("Reviewed by:"), self.reviewer)
        form.addRow(_("Reviewed on:"), self.reviewed_on)
        buttons = speak_our_language(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, dt.date]:
        """(reviewer, date) as typed."""
        return self.reviewer.text().strip(), self.reviewed_on.date().toPython()


class WordingFilesDialog(QDialog):
    """The wording files and their review status; export, import, review, back to the shipped file."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(_("Wording files"))
        self.rows: list[WordingRow] = []
        self.model = TextTableModel([_("Document"), _("Language"), _("Source"), _("Status")], self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.export_button = QPushButton(_("Export…"), self)
        self.import_button = QPushButton(_("Import…"), self)
        self.review_button = QPushButton(_("Mark reviewed…"), self)
        self.shipped_button = QPushButton(_("Use the shipped file"), self)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.shipped_button.clicked.connect(self._on_shipped_button_clicked)
        row = QHBoxLayout()
        for button in (self.export_button, self.import_button, self.review_button, self.shipped_button):
            row.addWidget(button)
        row.addStretch(1)
        close = speak_our_language(QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()
        self.resize(720, 520)

    def refresh(self) -> None:
        """Load the list again."""
        self.rows = self._ops.read(office_wording.list_wordings)
        self.model.set_rows([
            (_(KIND_LABELS[r.kind]), f"{language_name(r.language) or r.language} ({r.language})",
             _(SOURCE_LABELS[r.source]) + (" — " + _("outdated, not used") if r.outdated else ""), status_text(r))
            for r in self.rows], self.rows)
        self._update_buttons()

    def select(self, kind: str, lang: str) -> bool:
        """Select the row of ``kind`` and ``lang``."""
        for index, r in enumerate(self.rows):
            if (r.kind, r.language) == (kind, lang):
                self.table.selectRow(index)
                return True
        return False

    def selected(self) -> WordingRow | None:
        """The selected file, or ``None``."""
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _update_buttons(self, *_args) -> None:
        row = self.selected()
        for button in (self.export_button, self.review_button):
            button.setEnabled(row is not None)
        self.shipped_button.setEnabled(row is not None and row.source == "office")

    # ------------------------------------------------------------ actions (callable from tests)

    def export_to(self, path: Path) -> bool:
        """Write the selected file to ``path``."""
        row = self.selected()
        try:
            data = self._ops.read(office_wording.export_wording, row.kind, row.language)
            path.write_bytes(data)
        except (AvrcaseError, OSError) as exc:
            show_error(self, exc)
            return False
        return True

    def import_from(self, path: Path) -> bool:
        """Import the file at ``path``; on a problem say what is wrong and change nothing."""
        try:
            raw = path.read_bytes()
            row = self._ops.write(office_wording.import_wording, raw)
        except ValidationError as exc:
            QMessageBox.warning(self, _("Import wording file"), exc.message)
            return False
        except (AvrcaseError, OSError) as exc:
            show_error(self, exc)
            return False
        self.refresh()
        self.select(row.kind, row.language)
        return True

    def mark_reviewed(self, reviewer: str, on: dt.date) -> bool:
        """Record the review of the selected file."""
        row = self.selected()
        try:
            self._ops.write(office_wording.mark_reviewed, row.kind, row.language, reviewer, on)
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        self.select(row.kind, row.language)
        return True

    def use_shipped(self) -> bool:
        """Drop the office's own file for the selected row."""
        row = self.selected()
        try:
            self._ops.write(office_wording.remove_wording, row.kind, row.language)
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        self.select(row.kind, row.language)
        return True

    # ------------------------------------------------------------ slots

    def _on_export_button_clicked(self) -> None:
        row = self.selected()
        suggested = f"{row.kind}-{row.language}.json"
        path, _filter = file_dialogs.save_file_name(self, _("Export wording file"), suggested, _("Wording files (*.json)"))
        if path:
            self.export_to(Path(path))

    def _on_import_button_clicked(self) -> None:
        path, _filter = file_dialogs.open_file_name(self, _("Import wording file"), "", _("Wording files (*.json)"))
        if path:
            self.import_from(Path(path))

    def _on_review_button_clicked(self) -> None:
        dialog = ReviewDialog(self._ops.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.mark_reviewed(*dialog.values())

    def _on_shipped_button_clicked(self) -> None:
        self.use_shipped()

