"""Possible duplicates of a case being registered: the counsellor decides whether it is a new person."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.dto import DuplicateCandidate
from avrcase.ui.widgets.dialog_buttons import make_default

COL_CASE, COL_NAME, COL_BIRTH, COL_DOCUMENT, COL_STAGE, COL_REASON = range(6)


class DuplicatesDialog(QDialog):
    """Lists cases that may hold the same people; ``accepted`` means “this is a new person, save”."""

    open_case_requested = Signal(int)

    def __init__(self, candidates: Sequence[DuplicateCandidate], parent: QWidget | None = None):
        super().__init__(parent)
        self.candidates = tuple(candidates)
        self.setWindowTitle(_("Possible duplicates"))
        n = len(self.candidates)
        intro = QLabel(ngettext(
            "An existing case may already hold this person. Check it before you register a new case.",
            "%(n)d existing cases may already hold these people. Check them before you register a new case.", n,
        ) % {"n": n})
        intro.setWordWrap(True)

        self.table = QTableWidget(n, 6)
        self.table.setHorizontalHeaderLabels([
            _("Case"), _("Name"), _("Date of birth"), _("Document"), _("Stage"), _("Why it matched")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, c in enumerate(self.candidates):
            cells = (c.case_number, c.person_name, format_date(c.date_of_birth), c.document_number or "—",
                     c.stage.label, c.reason)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

        buttons = QDialogButtonBox()
        self.save_button = QPushButton(_("This is a new person — &save"))
        self.open_button = QPushButton(_("&Open the existing case"))
        self.cancel_button = QPushButton(_("Cancel"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # Enter must not register a duplicate by accident: the safe choice is the default.
        make_default(self.cancel_button)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.table.doubleClicked.connect(self._on_open_button_clicked)
        self.resize(900, 320)

    def selected_case_id(self) -> int | None:
        """The case of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.candidates[rows[0].row()].case_id if rows else None

    def _on_table_item_selection_changed(self) -> None:
        self.open_button.setEnabled(self.selected_case_id() is not None)

    def _on_open_button_clicked(self) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self.reject()
            self.open_case_requested.emit(case_id)
