"""Book the door-to-door itinerary of a case: who travels, and every leg with its times and tickets.

The dialog checks the itinerary with the domain rules before it saves: an error (a segment arriving
before it departs) stands beside its field and nothing is written; warnings (a short connection) are
shown in amber and the Save button becomes "Save anyway", so the officer confirms them knowingly.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import ValidationError
from avrcase.domain.stages import Stage
from avrcase.domain.itinerary import Segment, journey_of, validate_itinerary
from avrcase.i18n import _
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import ItineraryForm, TravelDetail
from avrcase.ui import palette
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import form_scroller, widen_for_form
from avrcase.ui.widgets.segments_edit import SegmentsEdit
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding


class ItineraryDialog(AsksBeforeDiscarding, QDialog):
    """The itinerary of ``detail``'s case; emits ``itinerary_saved(case_id)`` after the commit."""

    itinerary_saved = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, detail: TravelDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.detail = detail
        self.errors = FieldErrors()
        #: Warnings the officer has seen for exactly this itinerary; saving it again accepts them.
        self._accepted: tuple | None = None
        self.setWindowTitle(_("Itinerary — case %(number)s") % {"number": detail.case_number})

        self.traveller_boxes: dict[int, QCheckBox] = {}
        people = QWidget()
        people_grid = QGridLayout(people)
        people_grid.setContentsMargins(0, 0, 0, 0)
        for index, person in enumerate(detail.travellers):
            box = QCheckBox(person.name)
            box.setChecked(person.travelling or not detail.segments)
            self.traveller_boxes[person.person_id] = box
            people_grid.addWidget(box, index // 3, index % 3)
        self.split_reason = QLineEdit(detail.split_reason)
        self.split_reason.setPlaceholderText(_("Why someone travels separately, e.g. stays for medical treatment"))
        self.segments = SegmentsEdit([(t.person_id, t.name) for t in detail.travellers], ops.today())
        if detail.segments:
            self.segments.set_segments([s.as_segment() for s in detail.segments])
        else:
            self.segments.add_segment()

        form = QWidget()
        grid = FieldGrid(self.errors, columns=1)
        grid.add(_("Travelling:"), people, "travellers")
        grid.add(_("Travels separately because:"), self.split_reason, "split_reason")
        segments_error = ErrorLabel()
        self.errors.add("segments", segments_error, self.segments.add_button)
        form_layout = QVBoxLayout(form)
        form_layout.addLayout(grid)
        form_layout.addWidget(QLabel("<b>" + escape(_("Segments, in travel order")) + "</b>"))
        form_layout.addWidget(segments_error)
        form_layout.addWidget(self.segments, 1)
        self.area = form_scroller()
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        # The cards fit the dialog's width (widened for them where the screen allows); only the list of segments
        # grows, downwards. On a screen too narrow for a card (800 px, in Russian) it scrolls rather than cutting it.
        self.area.setWidget(form)

        self.intro = QLabel(_("Enter times as the timetable prints them, in the local time of each place; "
                              "a flight takes the time zone of its airport."))
        self.intro.setWordWrap(True)
        self.summary = ErrorLabel()
        self.warning_summary = ErrorLabel()
        self.warning_summary.setStyleSheet(palette.CAUTION_TEXT_STYLE)
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning_summary)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.buttons)
        make_default(self.save_button)
        for box in self.traveller_boxes.values():
            box.toggled.connect(self._on_traveller_box_toggled)
        self._on_traveller_box_toggled()
        widen_for_form(self, self.area, 1060, 720)

    def _form(self, segments: tuple[Segment, ...]) -> ItineraryForm:
        """The itinerary of ``segments`` (the legs as read) with who travels as ticked."""
        left_out = frozenset(key for key, box in self.traveller_boxes.items() if not box.isChecked())
        return ItineraryForm(segments, left_out, self.split_reason.text().strip() if left_out else "")

    def check(self, form: ItineraryForm) -> dict[str, str]:
        """The domain's verdict on ``form``: raises ``ValidationError``, or returns the warnings."""
        travellers = [t.as_traveller() for t in self.detail.travellers if t.person_id not in form.left_out]
        warnings = validate_itinerary(form.segments, registered_on=self.detail.registered_on, travellers=travellers,
                                      today=self._ops.today())
        if form.left_out and not form.split_reason:
            raise ValidationError({"split_reason": _("Please say why not everyone travels together.")})
        if self._unconfirms(form):
            warnings = {**warnings, "confirmation": travel.unconfirmed_notice(self.detail)}
        return _by_traveller(warnings)

    def _unconfirms(self, form: ItineraryForm) -> bool:
        """Whether saving ``form`` changes the journey of an itinerary that was confirmed."""
        detail = self.detail
        if not detail.segments or (detail.confirmed_at is None and detail.stage is not Stage.DEPARTURE_SCHEDULED):
            return False
        travelling = [t.person_id for t in detail.travellers if t.person_id not in form.left_out]
        return journey_of(form.segments, travelling) != journey_of(
            (s.as_segment() for s in detail.segments), (t.person_id for t in detail.travelling))

    def show_messages(self, errors: dict[str, str], warnings: dict[str, str] | None = None) -> None:
        """Show errors in red and warnings in amber beside their fields; focus the first error."""
        left_errors, left_warnings = self.segments.show_errors(_by_traveller(errors), _by_traveller(warnings or {}))
        left_errors = self.errors.show(left_errors)
        lines = [_("Nothing was saved. Please correct the fields marked in red."), *left_errors.values()]
        self.summary.show_message("\n".join(lines) if errors else "")
        notes = list(left_warnings.values())
        if warnings and not errors:
            notes.insert(0, _("Please check the notes in amber; choose “Save anyway” to book as it is."))
        self.warning_summary.show_note("\n".join(notes))  # amber, as the line above says
        first = self.errors.first_invalid() or self.segments.first_invalid()
        if first is not None:
            self.area.ensureWidgetVisible(first)
            first.setFocus()

    def save(self) -> None:
        """Check the itinerary; save it when it is valid and its warnings (if any) were seen once."""
        segments, fare_errors = self.segments.read()
        form = self._form(segments)
        try:
            warnings, errors = self.check(form), fare_errors
        except ValidationError as exc:  # every problem at once: a fare that is not an amount and the rest
            warnings, errors = {}, {**exc.errors, **fare_errors}
        if errors:
            self._accepted = None
            self.save_button.setText(_("&Save"))
            self.show_messages(errors)
            return
        if warnings and self._accepted != (form, tuple(sorted(warnings.items()))):
            self._accepted = (form, tuple(sorted(warnings.items())))
            self.save_button.setText(_("Save any&way"))  # Alt+A is "Add segment"
            self.show_messages({}, warnings)
            return
        if save_or_explain(
                self, lambda: self._ops.write(travel.save_itinerary, self.detail.case_id, self.detail.version, form,
                                              changed=self.detail.case_id),
                show_errors=self.show_messages,
                show_conflict=lambda message: self.summary.show_message(message + " " + _(
                    "Close the dialog and open it again to see the itinerary as it is now."))) is UNSAVED:
            return
        self.itinerary_saved.emit(self.detail.case_id)
        self.accept()

    def _on_traveller_box_toggled(self, *_args) -> None:
        travelling = frozenset(key for key, box in self.traveller_boxes.items() if box.isChecked())
        self.segments.set_travelling(travelling)
        self.split_reason.setEnabled(len(travelling) < len(self.traveller_boxes))


def _by_traveller(messages: dict[str, str]) -> dict[str, str]:
    """``travellers.N.…`` and ``left_out`` messages gathered under the traveller check boxes (``travellers``)."""
    result: dict[str, str] = {}
    for key, message in messages.items():
        if key.startswith("travellers.") or key == "left_out":
            result["travellers"] = (result["travellers"] + "\n" + message) if "travellers" in result else message
        else:
            result[key] = message
    return result
