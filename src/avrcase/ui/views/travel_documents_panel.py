"""The travellers' documents on the Travel tab: passports, certificates and transit visas, one row each,
with buttons to add a document or a visa, edit the chosen one, or remove one recorded by mistake.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.services.travel import documents as travel_documents
from avrcase.services.travel.dto import TravelDetail, TravellerDetail
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.dialogs.travel_document_dialog import TravelDocumentDialog
from avrcase.ui.dialogs.visa_dialog import VisaDialog
from avrcase.ui.models.row_table import TextTableModel
from avrcase.ui.models.travel_text import DocumentPayload, document_rows
from avrcase.ui.ops import Ops, show_error
from avrcase.services.travel import arrangements as travel
from avrcase.ui.widgets.changed_banner import watch_record
from avrcase.ui.widgets.compact_table import compact_table, fit_height


class TravelDocumentsPanel(QWidget):
    """Documents and visas of every household member; ``refusal`` (why editing is not allowed) disables it."""

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.detail: TravelDetail | None = None
        self.refusal = ""
        self.model = TextTableModel([_("Traveller"), _("Travels"), _("Document"), _("Number"), _("Status"),
                                     _("Valid until")], self)
        self.table = compact_table(self.model)
        self.add_document_button = QPushButton(_("&Add travel document…"))
        self.add_visa_button = QPushButton(_("Add &visa…"))
        self.edit_button = QPushButton(_("Ed&it…"))
        self.remove_button = QPushButton(_("&Remove"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.add_document_button, self.add_visa_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_document_button.clicked.connect(self.add_document)
        self.add_visa_button.clicked.connect(self.add_visa)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)

    def set_detail(self, detail: TravelDetail | None, refusal: str) -> None:
        """Show the documents of ``detail``; ``refusal`` says why the acting user may not change them."""
        self.detail = detail
        self.refusal = refusal
        chosen = self.selected()
        rows, payloads = document_rows(detail) if detail is not None else ([], [])
        self.model.set_rows(rows, payloads)
        fit_height(self.table)
        # The row worked on stays chosen (after a save the list began again at the first traveller's row).
        if chosen is not None:
            rows_of = [i for i, p in enumerate(payloads) if p == chosen] or [
                i for i, p in enumerate(payloads) if p[0] == chosen[0]]  # its traveller's row, now with a document
            if rows_of:
                self.table.selectRow(rows_of[0])
        self.update_buttons()

    def selected(self) -> DocumentPayload | None:
        """The (person id, kind, record id) of the chosen row."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.model.payload(index.row())

    def update_buttons(self, *_args) -> None:
        """Enable what the acting user may do with what is chosen; a tooltip says why not."""
        chosen = self.selected()
        recorded = chosen is not None and chosen[1] != ""
        for button, ok, why in ((self.add_document_button, self.detail is not None, ""),
                                (self.add_visa_button, self.detail is not None, ""),
                                (self.edit_button, chosen is not None, _("Choose a row in the list first.")),
                                (self.remove_button, recorded, _("Choose a recorded document or visa first."))):
            button.setEnabled(ok and not self.refusal)
            button.setToolTip(self.refusal or ("" if ok else why))

    # ------------------------------------------------------------ actions

    def _traveller(self, person_id: int | None = None) -> TravellerDetail | None:
        if self.detail is None or not self.detail.travellers:
            return None
        chosen = self.selected()
        wanted = person_id if person_id is not None else (chosen[0] if chosen else self.detail.travellers[0].person_id)
        return next(t for t in self.detail.travellers if t.person_id == wanted)

    def add_document(self) -> TravelDocumentDialog | None:
        """Record a travel document for the chosen traveller (or the principal applicant)."""
        traveller = self._traveller()
        return self._open(TravelDocumentDialog(self._ops, self._bus, self.detail.case_id, traveller, None, self)) \
            if traveller else None

    def add_visa(self) -> VisaDialog | None:
        """Record a transit visa for the chosen traveller (or the principal applicant)."""
        traveller = self._traveller()
        return self._open(VisaDialog(self._ops, self._bus, self.detail.case_id, traveller, None, self)) \
            if traveller else None

    def edit_selected(self) -> QDialog | None:
        """Open the chosen document or visa (a new document for a traveller who has none)."""
        chosen = self.selected()
        if chosen is None:
            return None
        person_id, kind, record_id = chosen
        traveller = self._traveller(person_id)
        if kind == "visa":
            visa = next(v for v in traveller.visas if v.id == record_id)
            return self._open(VisaDialog(self._ops, self._bus, self.detail.case_id, traveller, visa, self))
        document = next((d for d in traveller.documents if d.id == record_id), None)
        return self._open(TravelDocumentDialog(self._ops, self._bus, self.detail.case_id, traveller, document, self))

    def remove_selected(self) -> bool:
        """Ask, then remove the chosen document or visa (recorded by mistake, or no longer needed)."""
        chosen = self.selected()
        if chosen is None or not chosen[1]:
            return False
        person_id, kind, record_id = chosen
        traveller = self._traveller(person_id)
        records = traveller.visas if kind == "visa" else traveller.documents
        record = next(r for r in records if r.id == record_id)
        answer = QMessageBox.question(self, _("Remove"), _("Remove this record of %(name)s? Use it for a record made "
                                                           "by mistake; a lost document goes back to “Needed” instead.")
                                      % {"name": traveller.name})
        if answer != QMessageBox.StandardButton.Yes:
            return False
        remove = travel_documents.remove_visa if kind == "visa" else travel_documents.remove_travel_document
        try:
            self._ops.write(remove, record.id, record.version, changed=self.detail.case_id)
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        return True

    def _open(self, dialog: QDialog) -> QDialog:
        # Someone else changing this traveller's documents meanwhile is said in the dialog at once.
        case_id, person_id = self.detail.case_id, dialog.traveller.person_id

        def traveller_now(session, actor):
            return next((t for t in travel.get_travel(session, actor, case_id).travellers
                         if t.person_id == person_id), None)

        watch_record(dialog, self._ops, self._bus, case_id, dialog.traveller, traveller_now, self.edit_selected)
        dialog.open()
        return dialog

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and not self.refusal:
            self.edit_selected()
