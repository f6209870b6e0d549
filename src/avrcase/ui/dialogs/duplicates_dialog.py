"""Possible duplicates of a case being registered: the counsellor decides whether these are new people.

The dialog counts cases, not people (three members of one household matching one case is "1 existing
case"), shows for every match which name forms, which date-of-birth rule and which document made it,
and its buttons say what they do for the whole household.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.dto import DuplicateCandidate
from avrcase.ui.models.row_table import Column, RowTableModel
from avrcase.ui.widgets.dialog_buttons import make_default
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.screen_fit import fit_to_screen

COL_CASE, COL_NAME, COL_BIRTH, COL_DOCUMENT, COL_STAGE, COL_REASON, COL_NEW_PERSON = range(7)


def _why(c: DuplicateCandidate) -> str:
    return "\n".join(r[:1].upper() + r[1:] for r in c.reasons) if c.reasons else c.reason


#: An existing case that may hold the person (or a member of the household) being registered.
CANDIDATE_COLUMNS: tuple[Column[DuplicateCandidate], ...] = (
    Column(N_("Case"), lambda c: c.case_number),
    Column(N_("Name in that case"), lambda c: c.person_name),
    Column(N_("Date of birth"), lambda c: format_date(c.date_of_birth)),
    Column(N_("Document"), lambda c: c.document_number or "—"),
    Column(N_("Stage"), lambda c: c.stage.label),
    Column(N_("Why it matched"), _why),
    Column(N_("Matches"), lambda c: c.new_person),
)


class DuplicatesDialog(QDialog):
    """Lists cases that may hold the same people; ``accepted`` means “this is a new person, save”."""

    open_case_requested = Signal(int)

    def __init__(self, candidates: Sequence[DuplicateCandidate], parent: QWidget | None = None,
                 *, people: int = 1):
        super().__init__(parent)
        self.candidates = tuple(candidates)
        self.setWindowTitle(_("Possible duplicates"))
        cases = len({c.case_id for c in self.candidates})
        if people > 1:
            text = ngettext(
                "%(n)d existing case may already hold people of this household. Check it before you register "
                "a new case.",
                "%(n)d existing cases may already hold people of this household. Check them before you register "
                "a new case.", cases)
        else:
            text = ngettext(
                "%(n)d existing case may already hold this person. Check it before you register a new case.",
                "%(n)d existing cases may already hold this person. Check them before you register a new case.",
                cases)
        self.intro = QLabel(text % {"n": cases})
        self.intro.setWordWrap(True)

        self.model: RowTableModel = RowTableModel(CANDIDATE_COLUMNS, self)
        self.model.set_rows(self.candidates)
        self.table = ListTable(self.model, sortable=False)
        self.table.setWordWrap(True)  # each reason on a line of its own
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(COL_NEW_PERSON, people <= 1)

        buttons = QDialogButtonBox()
        if people > 1:
            self.save_button = QPushButton(_("None of them is in these cases — &register the household"))
        else:
            self.save_button = QPushButton(_("Not the same person — &register the new case"))
        self.open_button = QPushButton(_("&Open the selected case instead (nothing is saved)"))
        self.cancel_button = QPushButton(_("&Back to the form"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # Enter must not register a duplicate by accident: the safe choice is the default.
        make_default(self.cancel_button)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_table_item_selection_changed)
        self.table.doubleClicked.connect(self._on_open_button_clicked)
        # The first row is the selected one, as it looks: the keyboard's current row was not selected, so "Open the
        # selected case" stayed grey and an arrow key on a single row changed nothing (the walk of session 30).
        if self.candidates:
            self.table.selectRow(0)
        fit_to_screen(self, 1000, 360)

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the rows to their reasons once the columns have their real widths."""
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def selected_case_id(self) -> int | None:
        """The case of the selected row, if any."""
        candidate = self.table.selected()
        return candidate.case_id if candidate is not None else None

    def _on_table_item_selection_changed(self) -> None:
        self.open_button.setEnabled(self.selected_case_id() is not None)

    def _on_open_button_clicked(self) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self.reject()
            self.open_case_requested.emit(case_id)
