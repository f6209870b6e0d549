"""The segments of an itinerary: one card per leg, with places, local times, tickets and fare.

Error and warning paths are the domain's (``segments.N.field``); each card shows its own beside the
field, so "arrives before it departs" stands under the arrival time of that very segment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.itinerary import Segment, Ticket
from avrcase.domain.travel import TravelMode
from avrcase.i18n import _, pgettext
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors, errors_by_index
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.travel_inputs import (
    FareEdit,
    LocalDateTimeEdit,
    PlaceEdit,
    TimeZoneEdit,
)

#: A new leg leaves this long after the previous one lands, as a first guess the officer corrects.
NEXT_LEG_GAP = dt.timedelta(hours=2)
#: And takes this long, until the timetable says otherwise.
DEFAULT_DURATION = dt.timedelta(hours=2)


class SegmentEdit(QFrame):
    """One leg: mode, carrier and number, from/to with time zones, local times, booking, tickets, fare."""

    removed = Signal(object)

    def __init__(self, travellers: Sequence[tuple[int, str]], today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.errors = FieldErrors()
        self.travellers = tuple(travellers)
        self.title = QLabel()
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setToolTip(_("Remove this segment"))
        self.remove_button.setAutoRaise(True)
        self.mode = VocabularyCombo(TravelMode)
        self.carrier = QLineEdit()
        self.carrier.setPlaceholderText(_("e.g. Turkish Airlines"))
        self.service_number = QLineEdit()
        self.service_number.setPlaceholderText(_("e.g. TK 1410"))
        self.origin = PlaceEdit()
        self.destination = PlaceEdit()
        self.origin_tz = TimeZoneEdit()
        self.destination_tz = TimeZoneEdit()
        # A new leg starts a week from the office's today at ten, as a first guess to correct.
        self.departure = LocalDateTimeEdit(value=dt.datetime.combine(today + dt.timedelta(days=7), dt.time(10, 0)))
        self.arrival = LocalDateTimeEdit(value=self.departure.local() + DEFAULT_DURATION)
        self.booking_reference = QLineEdit()
        self.booking_reference.setPlaceholderText(_("PNR, e.g. X7K2QP"))
        self.fare = FareEdit()
        self.tickets: dict[int, QLineEdit] = {}
        tickets = QWidget()
        ticket_grid = QGridLayout(tickets)
        ticket_grid.setContentsMargins(0, 0, 0, 0)
        ticket_grid.setColumnStretch(1, 1)
        ticket_grid.setColumnStretch(3, 1)
        for index, (key, name) in enumerate(self.travellers):
            edit = QLineEdit()
            edit.setPlaceholderText(_("ticket number"))
            self.tickets[key] = edit
            row, column = divmod(index, 2)
            ticket_grid.addWidget(QLabel(name), row, column * 2)
            ticket_grid.addWidget(edit, row, column * 2 + 1)
        self._ticket_labels = {key: ErrorLabel() for key in self.tickets}
        for index, label in enumerate(self._ticket_labels.values()):
            ticket_grid.addWidget(label, len(self.travellers) // 2 + 1 + index, 0, 1, 4)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.remove_button)
        grid = FieldGrid(self.errors, columns=3)
        grid.setHorizontalSpacing(8)  # six columns side by side: the zones keep their room at 1024 px in Russian
        grid.add(pgettext("travel", "Mode:"), self.mode, "mode")
        grid.add(_("Carrier:"), self.carrier, "carrier")
        grid.add(_("Flight or service no.:"), self.service_number, "service_number")
        grid.add(pgettext("route", "From:"), self.origin, "origin")
        grid.add(_("Time zone:"), self.origin_tz, "origin_tz")
        grid.add(_("Departs (local time):"), self.departure, "departure")
        grid.add(pgettext("route", "To:"), self.destination, "destination")
        grid.add(_("Time zone:"), self.destination_tz, "destination_tz")
        grid.add(_("Arrives (local time):"), self.arrival, "arrival")
        grid.add(_("Booking reference:"), self.booking_reference, "booking_reference")
        grid.add(_("Fare:"), self.fare, "fare", rest_of_row=True)  # room for the amount as it will print
        self.fare.amount.claim_errors(self.errors, "fare")  # said once, under the amount, as it is typed
        grid.add(_("Tickets:"), tickets, "tickets", span=True)
        self.warnings = FieldErrors()
        self._warning_labels: dict[str, ErrorLabel] = {}
        for path in ("origin", "departure", "arrival"):
            label = ErrorLabel(caution=True)  # amber, as the dialog's summary says (a red one read as refused)
            self._warning_labels[path] = self.warnings.add(path, label)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(grid)
        warnings = QVBoxLayout()
        for label in self._warning_labels.values():
            warnings.addWidget(label)
        layout.addLayout(warnings)

        self.mode.currentIndexChanged.connect(self._on_mode_current_index_changed)
        self.origin.textChanged.connect(self._update_zones)
        self.destination.textChanged.connect(self._update_zones)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self._on_mode_current_index_changed()

    # ------------------------------------------------------------ values

    def set_number(self, number: int) -> None:
        """Title the card ``Segment N``, with its route once both ends are known."""
        route = f"{self.origin.place()} → {self.destination.place()}" \
            if self.origin.place() and self.destination.place() else ""
        text = _("Segment %(number)d") % {"number": number}
        self.title.setText(f"<b>{text}</b>&nbsp;&nbsp;{route}")
        self._number = number

    def segment(self, fare_path: str, errors: dict[str, str]) -> Segment:
        """The leg as entered; a fare that is not an amount is left out, and why goes in ``errors[fare_path]``."""
        try:
            fare = self.fare.money()
        except ValueError as exc:
            errors[fare_path], fare = str(exc), None
        flight = self.mode.value() is TravelMode.AIR
        return Segment(
            mode=self.mode.value(), origin=self.origin.place(), destination=self.destination.place(),
            departure=self.departure.local(), arrival=self.arrival.local(),
            origin_tz="" if flight else self.origin_tz.zone(),
            destination_tz="" if flight else self.destination_tz.zone(),
            carrier=self.carrier.text().strip(), service_number=self.service_number.text().strip(),
            booking_reference=self.booking_reference.text().strip().upper(),
            tickets=tuple(Ticket(key, edit.text().strip()) for key, edit in self._ticketed()),
            fare=fare)

    def set_travelling(self, keys: frozenset[int]) -> None:
        """Offer ticket numbers only for the travellers in ``keys`` (someone left out has none)."""
        for key, edit in self.tickets.items():
            edit.setEnabled(key in keys)

    def _ticketed(self) -> list[tuple[int, QLineEdit]]:
        return [(key, edit) for key, edit in self.tickets.items() if edit.isEnabled() and edit.text().strip()]

    def set_segment(self, segment: Segment) -> None:
        """Show ``segment``."""
        self.mode.set_code(segment.mode.value)
        self.carrier.setText(segment.carrier)
        self.service_number.setText(segment.service_number)
        self.origin.setText(segment.origin)
        self.destination.setText(segment.destination)
        self.origin_tz.set_zone(segment.origin_tz)
        self.destination_tz.set_zone(segment.destination_tz)
        self.departure.set_local(segment.departure)
        self.arrival.set_local(segment.arrival)
        self.booking_reference.setText(segment.booking_reference)
        self.fare.set_money(segment.fare)
        for ticket in segment.tickets:
            if ticket.traveller in self.tickets:
                self.tickets[ticket.traveller].setText(ticket.number)
        self._update_zones()

    def show_errors(self, errors: Mapping[str, str],
                    warnings: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        """Show this card's messages (paths without ``segments.N.``); return the errors and the warnings
        it has no field for."""
        by_ticket, rest = errors_by_index(errors, "tickets")
        shown_tickets = [key for key, _edit in self._ticketed()]
        for label in self._ticket_labels.values():
            label.clear_message()
        for index, messages in by_ticket.items():
            if index < len(shown_tickets):
                self._ticket_labels[shown_tickets[index]].show_message(" ".join(messages.values()))
            else:
                rest[f"tickets.{index}"] = " ".join(messages.values())
        left = self.errors.show(rest)
        # Where a field has an error, its warning waits until the error is corrected.
        return left, self.warnings.show({k: v for k, v in warnings.items() if k not in rest})

    def first_invalid(self) -> QWidget | None:
        """The first field with an error."""
        return self.errors.first_invalid()

    # ------------------------------------------------------------ slots

    def _on_remove_button_clicked(self) -> None:
        self.removed.emit(self)

    def _on_mode_current_index_changed(self, *_args) -> None:
        flight = self.mode.value() is TravelMode.AIR
        self.origin.set_flight(flight)
        self.destination.set_flight(flight)
        self.carrier.setPlaceholderText(_("e.g. Turkish Airlines") if flight else _("e.g. Lux Express"))
        self._update_zones()

    def _update_zones(self, *_args) -> None:
        flight = self.mode.value() is TravelMode.AIR
        for place, zone_edit in ((self.origin, self.origin_tz), (self.destination, self.destination_tz)):
            zone_edit.setEnabled(not flight)
            zone_edit.setPlaceholderText(_("from the airport") if flight else _("e.g. Asia/Tbilisi"))
            if flight:
                airport = place.airport()
                zone_edit.set_zone(airport.tz if airport else "")
                # The whole zone on hover: the field is narrow beside the carrier and the fare ("Euro…").
                zone_edit.setToolTip("\n".join(filter(None, (airport.tz if airport else "",
                                                            _("A flight uses the time zone of its airport.")))))
            else:
                zone_edit.setToolTip(_("The time zone the timetable gives for this place."))
        self.set_number(getattr(self, "_number", 1))


class SegmentsEdit(QWidget):
    """Every leg in travel order; ``add_segment`` continues from where the last one arrives."""

    def __init__(self, travellers: Sequence[tuple[int, str]], today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = today
        self.travellers = tuple(travellers)
        self._travelling = frozenset(key for key, _name in self.travellers)
        self.cards: list[SegmentEdit] = []
        self.add_button = QPushButton(_("&Add segment"))
        self._cards_layout = QVBoxLayout()
        self._cards_layout.setContentsMargins(0, 0, 0, 0)
        self._cards_layout.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._cards_layout)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    def add_segment(self, segment: Segment | None = None) -> SegmentEdit:
        """Append a card, showing ``segment`` or continuing from the previous leg; return it."""
        card = SegmentEdit(self.travellers, self.today)
        if segment is not None:
            card.set_segment(segment)
        elif self.cards:
            previous = self.cards[-1]
            card.mode.set_code(previous.mode.code())
            card.origin.setText(previous.destination.place())
            card.origin_tz.set_zone(previous.destination_tz.zone())
            card.departure.set_local(previous.arrival.local() + NEXT_LEG_GAP)
            card.arrival.set_local(previous.arrival.local() + NEXT_LEG_GAP + DEFAULT_DURATION)
            card.booking_reference.setText(previous.booking_reference.text())
            card.fare.set_currency(previous.fare.currency())
        card.set_travelling(self._travelling)
        card.removed.connect(self.remove_segment)
        self.cards.append(card)
        self._cards_layout.addWidget(card)
        self._renumber()
        return card

    def remove_segment(self, card: SegmentEdit) -> None:
        """Drop a card."""
        self.cards.remove(card)
        self._cards_layout.removeWidget(card)
        card.deleteLater()
        self._renumber()
        self.add_button.setFocus()

    def set_segments(self, segments: Sequence[Segment]) -> None:
        """Replace every card with ``segments``."""
        for card in list(self.cards):
            self.remove_segment(card)
        for segment in segments:
            self.add_segment(segment)

    def set_travelling(self, keys: frozenset[int]) -> None:
        """Offer ticket numbers only for ``keys``, on every card now and later."""
        self._travelling = frozenset(keys)
        for card in self.cards:
            card.set_travelling(self._travelling)

    def read(self) -> tuple[tuple[Segment, ...], dict[str, str]]:
        """The legs as entered, a fare that is not an amount left out, and why each such fare is not one."""
        errors: dict[str, str] = {}
        return tuple(card.segment(f"segments.{index}.fare", errors)
                     for index, card in enumerate(self.cards)), errors

    def show_errors(self, errors: Mapping[str, str],
                    warnings: Mapping[str, str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
        """Show ``segments.N.field`` errors and warnings on their cards; return (errors, warnings) no card showed."""
        by_card, other_errors = errors_by_index(errors, "segments")
        warned, other_warnings = errors_by_index(warnings or {}, "segments")
        for index, card in enumerate(self.cards):
            left_errors, left_warnings = card.show_errors(by_card.pop(index, {}), warned.pop(index, {}))
            other_errors.update({f"segments.{index}.{key}": message for key, message in left_errors.items()})
            other_warnings.update({f"segments.{index}.{key}": message for key, message in left_warnings.items()})
        for left, rest in ((other_errors, by_card), (other_warnings, warned)):
            for index, messages in rest.items():
                left.update({f"segments.{index}.{key}": message for key, message in messages.items()})
        return other_errors, other_warnings

    def first_invalid(self) -> QWidget | None:
        """The first field with an error, in travel order."""
        for card in self.cards:
            field = card.first_invalid()
            if field is not None:
                return field
        return None

    def _renumber(self) -> None:
        for number, card in enumerate(self.cards, start=1):
            card.set_number(number)

    def _on_add_button_clicked(self) -> None:
        self.add_segment().carrier.setFocus()
