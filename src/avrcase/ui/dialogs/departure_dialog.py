"""Confirm that the returnees left: the actual day; the case moves to "departed" in its history.

A day in the future or before registration is refused beside the field; a day other than the booked
one is a note in amber, and the officer confirms it with "Confirm anyway".
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from avrcase.domain.errors import ValidationError
from avrcase.domain.travel import validate_departure_confirmation
from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import TravelDetail
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain
from avrcase.ui.widgets.date_edit import make_date_edit
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import fit_to_screen


def booked_day(detail: TravelDetail) -> dt.date | None:
    """The local day of the first departure, as the timetable prints it."""
    return detail.segments[0].departure.date() if detail.segments else None


class DepartureDialog(QDialog):
    """Confirms the departure of ``detail``'s case; emits ``departure_confirmed(case_id)`` after the commit."""

    departure_confirmed = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, detail: TravelDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.detail = detail
        self.errors = FieldErrors()
        self._accepted_day: dt.date | None = None
        self.setWindowTitle(_("Confirm departure — case %(number)s") % {"number": detail.case_number})
        today = ops.today()
        scheduled = booked_day(detail)
        route = " → ".join([detail.segments[0].origin, *(s.destination for s in detail.segments)]) \
            if detail.segments else ""
        self.intro = QLabel(_("Booked to leave on %(date)s (%(route)s), %(n)s. Once confirmed, the case moves to "
                              "the stage “Departed” and the journey can no longer be changed.") % {
            "date": format_date(scheduled), "route": route, "n": _travellers_text(len(detail.travelling))})
        self.intro.setWordWrap(True)
        self.departed_on = make_date_edit(value=min(scheduled, today) if scheduled else today)
        grid = FieldGrid(self.errors, columns=1)
        grid.add(_("Left on:"), self.departed_on, "departed_on")
        self.warning = ErrorLabel(caution=True)  # a question, not a refusal
        self.summary = ErrorLabel()
        self.buttons, self.save_button = save_cancel_buttons(self, self.save, _("&Confirm departure"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(grid)
        layout.addWidget(self.warning)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        make_default(self.save_button)
        self.departed_on.dateChanged.connect(self._on_departed_on_date_changed)
        fit_to_screen(self, 560, 240)

    def save(self) -> None:
        """Check the day, ask once about a day other than the booked one, then confirm the departure."""
        day = self.departed_on.date().toPython()
        self.errors.clear()
        try:
            warnings = validate_departure_confirmation(day, today=self._ops.today(),
                                                       registered_on=self.detail.registered_on,
                                                       scheduled=booked_day(self.detail))
        except ValidationError as exc:
            self._show(exc.errors)
            return
        if warnings and self._accepted_day != day:
            self._accepted_day = day
            self.warning.show_message("\n".join(warnings.values()))
            self.save_button.setText(_("Confirm &anyway"))
            return
        if save_or_explain(
                self, lambda: self._ops.write(travel.confirm_departure, self.detail.case_id, self.detail.version, day,
                                              changed=self.detail.case_id),
                show_errors=self._show, show_conflict=self.summary.show_message) is UNSAVED:
            return
        self.departure_confirmed.emit(self.detail.case_id)
        self.accept()

    def _show(self, errors: dict[str, str]) -> None:
        left = self.errors.show(errors)
        self.summary.show_message("\n".join(left.values()))

    def _on_departed_on_date_changed(self, *_args) -> None:
        self._accepted_day = None
        self.warning.clear_message()
        self.save_button.setText(_("&Confirm departure"))


def _travellers_text(n: int) -> str:
    return ngettext("%(n)d traveller", "%(n)d travellers", n) % {"n": n}
