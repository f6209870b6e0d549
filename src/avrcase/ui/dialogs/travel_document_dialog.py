"""Record a traveller's passport, national ID or travel certificate, or move it a step further.

A new document is saved with the status chosen (a returnee's own passport can be entered as received).
For a recorded one, a different status is a step (forward, or back to "needed" when it is lost): the
step is checked by the domain rule and dated today, together with the corrected fields, in one save.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from avrcase.domain.errors import ValidationError
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
    check_status_move,
    travel_document_errors,
)
from avrcase.i18n import _
from avrcase.i18n.format import format_date
from avrcase.services.travel import documents as travel_documents
from avrcase.services.travel.dto import TravelDocumentRow, TravellerDetail
from avrcase.ui import palette
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.date_edit import OptionalDateEdit, set_today
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding


class TravelDocumentDialog(AsksBeforeDiscarding, QDialog):
    """One travel document of ``traveller`` (new when ``document`` is None); emits ``document_saved(id)``."""

    document_saved = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, case_id: int, traveller: TravellerDetail,
                 document: TravelDocumentRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.case_id = case_id
        self.traveller = traveller
        self.document = document
        self.errors = FieldErrors()
        title = _("Travel document of %(name)s") % {"name": traveller.name}
        self.setWindowTitle(title)
        self.heading = QLabel(f"<b>{escape(title)}</b>")
        self.kind = VocabularyCombo(TravelDocumentKind)
        self.status = VocabularyCombo(TravelDocumentStatus)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("As printed in the document"))
        self.issuing_authority = QLineEdit()
        self.issuing_authority.setPlaceholderText(_("e.g. Embassy of Georgia in Vilnius"))
        self.issued_on = OptionalDateEdit()
        self.expires_on = OptionalDateEdit()
        self.steps = QLabel()
        self.steps.setStyleSheet(palette.SECONDARY_TEXT_STYLE)
        self.steps.setWordWrap(True)
        grid = FieldGrid(self.errors, columns=1)
        grid.add(_("Document:"), self.kind, "kind")
        grid.add(_("Status:"), self.status, "status")
        grid.add(_("Number:"), self.number, "number")
        grid.add(_("Issued by:"), self.issuing_authority, "issuing_authority")
        grid.add(_("Issued on:"), self.issued_on, "issued_on")
        grid.add(_("Valid until:"), self.expires_on, "expires_on")
        self.summary = ErrorLabel()
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addWidget(self.steps)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        make_default(self.save_button)
        if document is not None:
            self.kind.set_code(document.kind.value)
            self.status.set_code(document.status.value)
            self.number.setText(document.number)
            self.issuing_authority.setText(document.issuing_authority)
            self.issued_on.set_date(document.issued_on)
            self.expires_on.set_date(document.expires_on)
            self.steps.setText(_steps_text(document))
        self.steps.setVisible(bool(self.steps.text()))
        fit_to_screen(self, 520, 360)
        set_today(self, ops.today())

    def value(self) -> TravelDocument:
        """The document as entered."""
        return TravelDocument(self.kind.value(), self.status.value(), self.number.text().strip(),
                              self.issuing_authority.text().strip(), self.issued_on.date(), self.expires_on.date())

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field and focus the first."""
        left = self.errors.show(errors)
        self.summary.show_message("\n".join(left.values()))
        first = self.errors.first_invalid()
        if first is not None:
            first.setFocus()

    def save(self) -> None:
        """Check and save the document (and its step, when the status changed)."""
        value = self.value()
        old = self.document

        def checked_save():
            errors = travel_document_errors(value, self._ops.today())
            if old is not None and value.status is not old.status:
                check_status_move(old.status, value.status)
            if errors:
                raise ValidationError(errors)
            return self._ops.write(travel_documents.correct_travel_document, self.traveller.person_id, value,
                                   document_id=old.id if old else None, version=old.version if old else None,
                                   changed=self.case_id)

        saved = save_or_explain(self, checked_save, show_errors=self.show_errors,
                                show_conflict=self.summary.show_message)
        if saved is UNSAVED:
            return
        self.document_saved.emit(saved.id)
        self.accept()


def _steps_text(document: TravelDocumentRow) -> str:
    """``Requested on 3 Nov 2026 · Issued on …`` for the steps the document went through."""
    days = ((TravelDocumentStatus.REQUESTED, document.requested_on), (TravelDocumentStatus.ISSUED, document.issued_on),
            (TravelDocumentStatus.RECEIVED, document.received_on),
            (TravelDocumentStatus.HANDED_OVER, document.handed_over_on))
    return " · ".join(_("%(step)s: %(date)s") % {"step": status.label, "date": format_date(day)}
                      for status, day in days if day is not None)
