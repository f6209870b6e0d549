"""Arrange what goes around the flights: assistance and escorts, medical needs, excess baggage and
in-land transport to the final destination. Messages stand beside their fields; nothing is saved
while anything is wrong.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import ValidationError
from avrcase.domain.readiness import expected_assistance
from avrcase.domain.travel import (
    MAX_EXCESS_BAGGAGE_KG,
    ExcessBaggage,
    InlandTransport,
    TravelArrangements,
    TravelMode,
    validate_arrangements,
)
from avrcase.i18n import _, pgettext
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import TravelDetail
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain
from avrcase.ui.widgets.arrangements_edit import AssistanceEdit, NeedsEdit
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.date_edit import set_today
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import form_scroller, widen_for_form
from avrcase.ui.widgets.travel_inputs import FareEdit
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding


class ArrangementsDialog(AsksBeforeDiscarding, QDialog):
    """The arrangements of ``detail``'s itinerary; emits ``arrangements_saved(case_id)`` after the commit."""

    arrangements_saved = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, detail: TravelDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.detail = detail
        self.errors = FieldErrors()
        self.setWindowTitle(_("Assistance and arrangements — case %(number)s") % {"number": detail.case_number})
        arrangements = detail.arrangements
        segments = [s.as_segment() for s in detail.segments]
        self._expected = expected_assistance(segments)

        self.assistance = AssistanceEdit()
        for item in arrangements.assistance:
            self.assistance.add_row(item)
        self.assistance.add_expected_button.setEnabled(bool(self._expected))
        self.assistance.add_expected_button.clicked.connect(self._on_add_expected_button_clicked)
        self.needs = NeedsEdit([(t.person_id, t.name) for t in detail.travelling])
        self.needs.set_values(arrangements.needs, {t.person_id: t.fit_to_travel_on for t in detail.travelling
                                                   if t.fit_to_travel_on})
        self.medical_hidden = any(t.medical_hidden for t in detail.travellers)
        self.needs.setEnabled(not self.medical_hidden)
        if self.medical_hidden:
            self.needs.setToolTip(_("Your role does not show medical details, so you cannot change them."))

        baggage = arrangements.excess_baggage
        self.baggage_kg = QSpinBox()
        self.baggage_kg.setRange(0, int(MAX_EXCESS_BAGGAGE_KG))
        self.baggage_kg.setSuffix(_(" kg"))
        self.baggage_kg.setSpecialValueText(_("none"))
        self.baggage_kg.setValue(int(baggage.kg) if baggage else 0)
        self.baggage_cost = FareEdit()
        self.baggage_cost.set_money(baggage.cost if baggage else None)

        transport = arrangements.inland_transport
        self.inland_mode = VocabularyCombo(TravelMode, empty_text=_("None arranged"),
                                           members=[m for m in TravelMode if m is not TravelMode.AIR])
        self.inland_mode.set_code(transport.mode.value if transport else "")
        self.inland_provider = QLineEdit(transport.provider if transport else "")
        self.inland_provider.setPlaceholderText(_("e.g. Georgian Bus, or a relative who collects them"))
        self.inland_destination = QLineEdit(transport.destination if transport else detail.final_destination)
        self.inland_cost = FareEdit()
        self.inland_cost.set_money(transport.cost if transport else None)

        form = QWidget()
        layout = QVBoxLayout(form)
        layout.addWidget(_group(_("Assistance on the way and escorts"), self.assistance))
        layout.addWidget(_group(_("Wheelchair and medical needs"), self.needs))
        baggage_box = QWidget()
        grid = FieldGrid(self.errors, baggage_box)
        grid.add(_("Excess baggage:"), self.baggage_kg, "excess_baggage.kg")
        grid.add(_("Cost:"), self.baggage_cost, "excess_baggage.cost")
        grid.add(_("In-land transport:"), self.inland_mode, "inland_transport.mode")
        grid.add(_("Provider:"), self.inland_provider, "inland_transport.provider")
        grid.add(pgettext("route", "To:"), self.inland_destination, "inland_transport.destination")
        grid.add(_("Cost:"), self.inland_cost, "inland_transport.cost")
        for path, edit in (("excess_baggage.cost", self.baggage_cost), ("inland_transport.cost", self.inland_cost)):
            edit.amount.claim_errors(self.errors, path)  # said once, under the amount, and gone once corrected
        layout.addWidget(_group(_("Baggage and onward travel"), baggage_box))
        layout.addStretch(1)
        self.area = form_scroller()
        self.area.setWidget(form)

        self.summary = ErrorLabel()
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        outer = QVBoxLayout(self)
        if not detail.segments:
            note = QLabel(_("No segments are booked yet; the usual assistance requests follow from the flights."))
            note.setWordWrap(True)
            outer.addWidget(note)
        outer.addWidget(self.summary)
        outer.addWidget(self.area, 1)
        outer.addWidget(self.buttons)
        make_default(self.save_button)
        self.inland_mode.currentIndexChanged.connect(self._on_inland_mode_current_index_changed)
        self._on_inland_mode_current_index_changed()
        widen_for_form(self, self.area, 980, 720)
        set_today(self, ops.today())

    def arrangements(self) -> TravelArrangements:
        """The arrangements as entered; raises ``ValidationError`` for an amount that is not one."""
        errors: dict[str, str] = {}
        costs = {}
        for path, edit in (("excess_baggage.cost", self.baggage_cost), ("inland_transport.cost", self.inland_cost)):
            try:
                costs[path] = edit.money()
            except ValueError as exc:
                errors[path] = str(exc)
        if errors:
            raise ValidationError(errors)
        kg = self.baggage_kg.value()
        baggage = ExcessBaggage(Decimal(kg), costs["excess_baggage.cost"]) if kg else None
        if baggage is None and costs["excess_baggage.cost"] is not None and costs["excess_baggage.cost"].amount:
            raise ValidationError({"excess_baggage.kg": _("Please enter the weight the cost is for.")})
        mode = self.inland_mode.value()
        transport = InlandTransport(mode, self.inland_provider.text().strip(),
                                    self.inland_destination.text().strip(),
                                    costs["inland_transport.cost"]) if mode else None
        return TravelArrangements(self.assistance.values(), self.needs.values(), baggage, transport)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field and focus the first."""
        left = self.errors.show(self.needs.show_errors(self.assistance.show_errors(errors)))
        lines = [_("Nothing was saved. Please correct the fields marked in red."), *left.values()]
        self.summary.show_message("\n".join(lines) if errors else "")
        for row in [*self.assistance.rows, *self.needs.rows, self]:
            first = row.errors.first_invalid()
            if first is not None:
                self.area.ensureWidgetVisible(first)
                first.setFocus()
                break

    def save(self) -> None:
        """Check the arrangements and save them; nothing is saved while anything is wrong."""

        def checked_save():
            arrangements = self.arrangements()
            validate_arrangements(arrangements, frozenset(t.person_id for t in self.detail.travelling))
            return self._ops.write(travel.save_arrangements, self.detail.case_id, self.detail.version, arrangements,
                                   fit_to_travel_on=self.needs.certificates(), changed=self.detail.case_id)

        if save_or_explain(self, checked_save, show_errors=self.show_errors,
                           show_conflict=self.summary.show_message) is UNSAVED:
            return
        self.arrangements_saved.emit(self.detail.case_id)
        self.accept()

    def _on_add_expected_button_clicked(self) -> None:
        self.assistance.add_expected(self._expected)

    def _on_inland_mode_current_index_changed(self, *_args) -> None:
        arranged = self.inland_mode.value() is not None
        for widget in (self.inland_provider, self.inland_destination, self.inland_cost):
            widget.setEnabled(arranged)


def _group(title: str, content: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(content)
    return box
