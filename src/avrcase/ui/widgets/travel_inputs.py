"""Inputs for travel: a place that completes airport codes, a time-zone picker, a local timetable time, a fare."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import available_timezones

from PySide6.QtCore import QDate, QDateTime, QSize, QStringListModel, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QCompleter, QDateTimeEdit, QHBoxLayout, QLineEdit, QWidget

from avrcase.domain.airports import Airport, AirportDirectory, shipped_airports
from avrcase.domain.money import Money
from avrcase.domain.travel import MAX_COST
from avrcase.i18n import _
from avrcase.i18n.format import country_name
from avrcase.ui.widgets.combos import CodeCombo
from avrcase.ui.widgets.date_edit import localise
from avrcase.ui.widgets.money_edit import MoneyEdit
from avrcase.ui.widgets.search_picker import RankedFilterModel, resolve


def ranked_completer(edit: QLineEdit, labels: list[str]) -> QCompleter:
    """Suggestions ranked as every picker ranks them (names starting with the text first, then a word
    starting with it, then the rest containing it; case and accents ignored), not in Qt's list order."""
    suggestions = RankedFilterModel(edit)
    suggestions.setSourceModel(QStringListModel(labels, edit))
    completer = QCompleter(edit)
    completer.setModel(suggestions)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    edit.textEdited.connect(suggestions.set_query)
    return completer


def airport_label(airport: Airport) -> str:
    """``VNO — Vilnius, Vilnius International Airport (Lithuania)`` as the completer lists it."""
    return _("%(code)s — %(city)s, %(name)s (%(country)s)") % {
        "code": airport.iata, "city": airport.city, "name": airport.name, "country": country_name(airport.country)}


class PlaceEdit(QLineEdit):
    """A place: for a flight an IATA code, completed from any part of the airport's code, city or name.

    Choosing a completion leaves only the code in the field; ``airport()`` is the airport it names.
    """

    def __init__(self, parent: QWidget | None = None, airports: AirportDirectory | None = None):
        super().__init__(parent)
        self._airports = airports or shipped_airports()
        self._labels = [airport_label(a) for code in self._airports.codes()
                        if (a := self._airports.get(code)) is not None and not a.closed]
        self._completer = ranked_completer(self, self._labels)
        self._completer.activated.connect(self._on_completer_activated, Qt.ConnectionType.QueuedConnection)
        self.textChanged.connect(self._show_airport)
        self.editingFinished.connect(self._settle)
        self.set_flight(True)

    def set_flight(self, flight: bool) -> None:
        """Complete airport codes for a flight; a free place name for a bus, train or car."""
        self.setCompleter(self._completer if flight else None)
        self.setPlaceholderText(_("Airport, e.g. VNO or Vilnius") if flight else _("Place, e.g. Kutaisi bus station"))
        self._flight = flight
        self._show_airport()

    def place(self) -> str:
        """The place as entered; an airport code in capitals for a flight (also when the field still holds
        a whole suggestion, ``VNO — Vilnius, …``)."""
        text = self.text().strip()
        if self._flight:
            code, dash, _rest = text.partition(" — ")
            if dash and self._airports.get(code.strip().upper()) is not None:
                return code.strip().upper()
        return text.upper() if self._flight and len(text) == 3 else text

    def airport(self) -> Airport | None:
        """The airport the field names, when it is a flight to a known code."""
        return self._airports.get(self.place()) if self._flight else None

    def _on_completer_activated(self, text: str) -> None:
        # Queued: Qt's line edit puts the whole label in after this signal; keep the code once it has.
        code = text.split(" ", 1)[0]
        if self.text() != code:
            self.setText(code)

    def _settle(self) -> None:
        """Enter (or leaving the field) on a partial name picks the airport it means: a known code as typed,
        else the best name starting with it, else the only one containing it. A text naming none or several
        stays as typed, for the itinerary's check to name (a small airfield may be missing from the list)."""
        if not self._flight or not self.text().strip():
            return
        if self.airport() is not None:
            if self.text() != self.place():
                self.setText(self.place())  # "vno" or a whole suggestion: the code, in capitals
            return
        row = resolve(self.text(), self._labels)
        if row is not None:
            self.setText(self._labels[row].split(" ", 1)[0])

    def _show_airport(self, *_args) -> None:
        airport = self.airport()
        self.setToolTip(airport_label(airport) if airport else "")


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))))


#: The zone a time-zone field keeps room for at least (one of the longer ones on the office's routes).
ZONE_ROOM = "Europe/Istanbul"


class TimeZoneEdit(QLineEdit):
    """An IANA time zone, completed from any part of its name (``Tbilisi``); empty when the airport decides.

    WORKAROUND: a line edit with a completer rather than a combo of 400 zones with item data. With
    PySide6 6.12.0 on CPython 3.11 every Qt call that returns nothing drops one reference to ``None``
    (1,000 ``setEnabled`` calls lower ``sys.getrefcount(None)`` by 1,000); filling several such combos
    used up the references and the interpreter aborted with "none_dealloc".
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCompleter(ranked_completer(self, list(_zones())))
        self.setPlaceholderText(_("e.g. Asia/Tbilisi"))
        self.editingFinished.connect(self._settle)
        self.textChanged.connect(self.updateGeometry)  # a longer zone asks for more room

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Room for the zone shown (at least "Europe/Istanbul", at most 24 letters' width): in a crowded itinerary
        card the grid gave its space to the neighbours that ask for it, and a flight's zone read "Euro…"."""
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        text = max(metrics.horizontalAdvance(self.text()), metrics.horizontalAdvance(ZONE_ROOM))
        text = min(text, 24 * metrics.averageCharWidth())
        margins = self.textMargins()
        frame = self.sizeHint().width() - metrics.horizontalAdvance("x" * 17)  # Qt's frame and padding of a line edit
        # and a few pixels more: the last letter of "Europe/Istanbul" touched the frame and lost its edge.
        return QSize(max(hint.width(), text + margins.left() + margins.right() + max(frame, 8) + 6), hint.height())

    def _settle(self) -> None:
        """Enter (or leaving the field) on a partial name (``tbil``) picks the zone it means, as ``resolve``
        does for every picker; an unknown text stays for the itinerary's check to name."""
        zones = list(_zones())
        if not self.text().strip() or self.zone() in zones:
            return
        row = resolve(self.text().replace("_", " "), [z.replace("_", " ") for z in zones])
        if row is not None:
            self.setText(zones[row])

    def zone(self) -> str:
        """The zone as entered (spaces typed for underscores are put back)."""
        return self.text().strip().replace(" ", "_")

    def set_zone(self, zone: str) -> None:
        """Show ``zone`` (empty for none) from its start: a narrow field showed a flight's "urope/Istanbul"."""
        self.setText(zone)
        self.setCursorPosition(0)


class LocalDateTimeEdit(QDateTimeEdit):
    """A timetable date and time as printed on the ticket: naive local time at the place, no conversion.

    WORKAROUND: the edit runs in UTC so that Qt never shifts a time that does not exist in the computer's
    own zone; the place's zone is applied by the itinerary rules, not here.
    """

    def __init__(self, parent: QWidget | None = None, *, value: dt.datetime):
        super().__init__(parent)
        self.setTimeZone(QTimeZone.utc())
        self.setCalendarPopup(True)
        localise(self, "HH:mm")
        self.set_local(value)

    def local(self) -> dt.datetime:
        """The date and time entered, naive, to the minute."""
        day, time = self.date(), self.time()
        return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())

    def set_local(self, value: dt.datetime) -> None:
        """Show ``value`` (naive local time)."""
        self.setDateTime(QDateTime(QDate(value.year, value.month, value.day),
                                   QTime(value.hour, value.minute), QTimeZone.utc()))


#: Currencies an office buys tickets and transport in, first the usual ones; any ISO 4217 code is accepted.
FARE_CURRENCIES = ("EUR", "USD", "GBP", "PLN", "TRY", "GEL", "AMD", "AZN", "UAH", "MDL", "KZT", "KGS", "TJS",
                   "UZS", "IQD", "VND", "INR", "LKR", "CHF", "SEK")


class FareEdit(QWidget):
    """An amount (``MoneyEdit``) with a currency picker, for fares and travel costs."""

    def __init__(self, parent: QWidget | None = None, currency: str = "EUR"):
        super().__init__(parent)
        self.currency_combo = CodeCombo(
            ((code, code) for code in FARE_CURRENCIES), parent=self)
        self.currency_combo.setMinimumContentsLength(4)
        self.currency_combo.setToolTip(_("Currency"))
        self.amount = MoneyEdit(currency, self, maximum=MAX_COST)  # what the store keeps; more is a slip
        self.amount.currency_label.hide()  # the picker says it
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.currency_combo, 0, Qt.AlignmentFlag.AlignTop)  # beside the amount, above its message
        layout.addWidget(self.amount, 1)
        self.setFocusProxy(self.amount.line_edit)
        self.set_currency(currency)
        self.currency_combo.currentIndexChanged.connect(
            lambda _index: self.amount.set_currency(self.currency_combo.code()))

    def currency(self) -> str:
        """The chosen currency."""
        return self.currency_combo.code()

    def set_currency(self, currency: str) -> None:
        """Choose ``currency``, adding it to the picker when it is not a usual one."""
        if self.currency_combo.findData(currency) < 0:
            self.currency_combo.addItem(currency, currency)
        self.currency_combo.set_code(currency)
        self.amount.set_currency(currency)

    def money(self) -> Money | None:
        """The amount, ``None`` when empty; raises ``ValueError`` saying why a typed text is not an amount."""
        if problem := self.amount.problem():
            raise ValueError(problem)
        return self.amount.money()

    def set_money(self, value: Money | None) -> None:
        """Show ``value`` (its currency becomes the chosen one); ``None`` empties the amount."""
        if value is not None:
            self.set_currency(value.currency)
        self.amount.set_money(value)
