"""Record a transit visa a traveller needs: for which country, where it stands, its number and dates.

The itinerary check then makes sure an issued visa covers the days the journey passes through.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from avrcase.domain.travel_documents import TravelDocumentStatus, Visa
from avrcase.i18n import _
from avrcase.services.travel import documents as travel_documents
from avrcase.services.travel.dto import TravellerDetail, VisaRow
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain
from avrcase.ui.widgets.combos import CountryCombo, VocabularyCombo
from avrcase.ui.widgets.date_edit import OptionalDateEdit, set_today
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding


class VisaDialog(AsksBeforeDiscarding, QDialog):
    """One visa of ``traveller`` (new when ``visa`` is None); emits ``visa_saved(id)`` after the commit."""

    visa_saved = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, case_id: int, traveller: TravellerDetail,
                 visa: VisaRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.case_id = case_id
        self.traveller = traveller
        self.visa = visa
        self.errors = FieldErrors()
        title = _("Transit visa of %(name)s") % {"name": traveller.name}
        self.setWindowTitle(title)
        heading = QLabel(f"<b>{escape(title)}</b>")
        self.country = CountryCombo()
        self.status = VocabularyCombo(TravelDocumentStatus)
        self.number = QLineEdit()
        self.valid_from = OptionalDateEdit()
        self.valid_until = OptionalDateEdit()
        grid = FieldGrid(self.errors, columns=1)
        grid.add(_("Country:"), self.country, "country")
        grid.add(_("Status:"), self.status, "status")
        grid.add(_("Number:"), self.number, "number")
        grid.add(_("Valid from:"), self.valid_from, "valid_from")
        grid.add(_("Valid until:"), self.valid_until, "valid_until")
        self.summary = ErrorLabel()
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        make_default(self.save_button)
        if visa is not None:
            self.country.set_code(visa.country)
            self.status.set_code(visa.status.value)
            self.number.setText(visa.number)
            self.valid_from.set_date(visa.valid_from)
            self.valid_until.set_date(visa.valid_until)
        fit_to_screen(self, 480, 300)
        set_today(self, ops.today())

    def value(self) -> Visa:
        """The visa as entered."""
        return Visa(self.country.code(), self.status.value(), self.number.text().strip(), self.valid_from.date(),
                    self.valid_until.date())

    def save(self) -> None:
        """Save the visa; messages stand beside their fields and nothing is saved while any is shown."""
        visa = self.visa
        saved = save_or_explain(
            self, lambda: self._ops.write(travel_documents.save_visa, self.traveller.person_id, self.value(),
                                          visa_id=visa.id if visa else None, version=visa.version if visa else None,
                                          changed=self.case_id),
            show_errors=lambda errors: self.summary.show_message("\n".join(self.errors.show(errors).values())),
            show_conflict=self.summary.show_message)
        if saved is UNSAVED:
            return
        self.visa_saved.emit(saved.id)
        self.accept()
