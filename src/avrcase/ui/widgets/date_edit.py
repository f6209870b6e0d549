"""Date inputs in the locale's format, including an optional date that can be left empty."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QLineEdit, QToolButton, QToolTip, QWidget,
)

from avrcase.i18n import _, current_locale
from avrcase.i18n.format import office_country
from avrcase.ui import palette

#: QDateEdit's own lower bound stands for "no date" (shown as the special value text).
_EMPTY = QDate(1752, 9, 14)
_LAST = QDate(2199, 12, 31)


#: Used where a locale's short format has no separators (Qt's C locale writes "d MM yyyy").
_FALLBACK_FORMAT = "yyyy-MM-dd"


#: Where Qt has no locale of the interface language for the office's country, English is written as Europe writes
#: it (day first, 24-hour clock): every other English that writes the month first has a locale of its own in Qt.
_ENGLISH_ELSEWHERE = "en_150"


def ui_locale() -> QLocale:
    """The QLocale of the language the app speaks (not Qt's default, which is C on a C/POSIX system), for the
    office's country once a store is open.

    An office in Vilnius whose laptops say "English (United States)" typed 06/12/2026 for 6 December and kept
    June 12: in the English interface dates are now typed as the office's country writes them in English
    (en_LT: 06/12/2026 is 6 December). A language without a locale for that country keeps its own (Russian in
    Lithuania: Russia's dd.MM.yyyy).
    """
    language = current_locale().split("_", 1)[0]
    country = office_country()
    if country:
        wanted = f"{language}_{country}"
        if QLocale(wanted).name() == wanted:
            return QLocale(wanted)
        if language == "en" and country != "US":
            return QLocale(_ENGLISH_ELSEWHERE)
    return QLocale(current_locale())


def locale_date_format() -> str:
    """The app locale's short date format with a four-digit year (two digits are ambiguous for births).

    Always with separators between day, month and year: "23 11 2026" reads as one number.
    """
    fmt = ui_locale().dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    if not any(sep in fmt for sep in "./-"):
        fmt = _FALLBACK_FORMAT
    return fmt


class _TypedSeparators(QObject):
    """Typing a date with its separators ("02/15/2027") fills day, month and year as typed.

    Qt moves to the next part of the date by itself once a part is complete ("02" is a whole month) and
    then took the typed "/" as a second move, so the next digits landed in the wrong part and a wrong
    date was kept silently. A separator typed right after Qt moved on is the same move, so it is dropped.

    Typing over the whole date (selected with Ctrl+A or by a triple click) lost the first part: "5/1/2035"
    over 1/1/2024 kept January. A digit typed over a selection wider than one part now starts at the first
    part, as it would in an empty field.
    """

    _SEPARATORS = frozenset("/.-: ")
    #: A key pressed with these is a shortcut (Ctrl+A selects the date), not typing.
    _SHORTCUT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
    #: Keys that change the date part by part: what was typed is no longer the whole date.
    _STEPPING = frozenset((Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Up, Qt.Key.Key_Down,
                           Qt.Key.Key_PageUp, Qt.Key.Key_PageDown))

    def __init__(self, edit: QDateTimeEdit):
        super().__init__(edit)
        self._digit_section = -1
        #: What was typed since the field got the focus (``None`` once it was edited part by part).
        self._typed: str | None = ""
        self._at_focus = edit.date()
        #: Ticked when a date is typed with its day or month unknown (``take_estimated_dates``); None: not offered.
        self.estimated: QCheckBox | None = None
        #: The key that refused a date typed wrong and what to say when it comes up.
        self._explain: tuple[int, str] | None = None
        #: Why the date typed before a click elsewhere was refused, until the field is entered again.
        self.refused: str | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QDateTimeEdit):
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self._typed, self._at_focus, self.refused = "", watched.date(), None
        elif kind == QEvent.Type.FocusOut:
            self.refused = self._take_whole_date(watched)  # a click elsewhere (on Save) left a date typed wrong
        elif kind == QEvent.Type.KeyRelease and self._explain and event.key() == self._explain[0]:
            # WORKAROUND: a tooltip shown while a key is down is hidden by Qt when the key comes up.
            self._show(watched, self._explain[1])
            self._explain = None
        elif kind == QEvent.Type.KeyPress:
            text = event.text()
            if (event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & self._SHORTCUT
                    and not watched.displayedSections() & QDateTimeEdit.Section.TimeSections_Mask):
                # Tab leaves a date field, as it leaves every other field. Qt took it as a move to the month, then
                # the year, and the next field's text typed after one Tab went into the year ("2000" of a note).
                forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                if not self._refused(watched, event.key()):
                    QWidget.focusNextPrevChild(watched, forward)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._refused(watched, event.key()):
                    return True  # Enter saved the dialog with the date the field went back to
            elif event.key() in self._STEPPING:
                self._typed = None
            elif text and text.isprintable() and not event.modifiers() & self._SHORTCUT and self._typed is not None:
                self._typed += text  # not Ctrl+A's "\x01" (or "a"): "\x011985-03-12" was no date to read
            if text.isdigit():
                line = watched.findChild(QLineEdit)
                if line is not None and len(line.selectedText()) > len(watched.sectionText(watched.currentSection())):
                    watched.setSelectedSection(watched.sectionAt(0))  # the whole date is typed over
                    self._typed = text
                self._digit_section = watched.currentSectionIndex()
            elif text and text in self._SEPARATORS:
                moved_on = self._digit_section not in (-1, watched.currentSectionIndex())
                self._digit_section = -1
                if moved_on:
                    return True  # Qt already moved to the next part
            else:
                self._digit_section = -1
        return super().eventFilter(watched, event)

    def _refused(self, edit: QDateTimeEdit, key: int) -> bool:
        """Whether the date typed was refused as no date: then the keyboard stays in the field, the date selected to
        be typed again, and the reason shows when ``key`` (Tab or Enter) comes up. Tab went on to the next field
        and Enter saved the dialog, both with the date the field went back to and the reason never seen."""
        message = self._take_whole_date(edit)
        if message is None:
            return False
        line = edit.findChild(QLineEdit)
        if line is not None:
            line.selectAll()
        self._typed, self._explain = "", (key, message)
        return True

    @staticmethod
    def _show(edit: QDateTimeEdit, message: str) -> None:
        QToolTip.showText(edit.mapToGlobal(edit.rect().bottomLeft()), message, edit)

    def _take_whole_date(self, edit: QDateTimeEdit) -> str | None:
        """A whole date typed (three parts) is read as a person wrote it, whatever Qt made of it part by part:
        "1988-03-12" typed into an English field became 10/31/2026, "3/12/88" became 3/12/2026 and "31/12/1988"
        became 3/1/1988, all without a word. One that is no date in the field's order is not kept: the field
        goes back to what it showed and says how to type it (returned; ``None`` when the date was taken)."""
        typed, self._typed = self._typed, ""
        if not typed or any(letter in edit.displayFormat() for letter in "hHms"):
            return None
        read = read_typed_date(typed, edit.displayFormat())
        if read is None:
            return None
        if read is False and self.estimated is not None and (partial := read_partial_date(typed, edit.displayFormat())):
            edit.setDate(QDate(partial.year, partial.month, partial.day))
            self.estimated.setChecked(True)
            self._show(edit, _("The day or month is not known: kept as %(date)s, marked estimated.") % {
                "date": ui_locale().toString(edit.date(), edit.displayFormat())})
            return None
        if read is False:
            message = _(
                "“%(typed)s” is not a date in this field. Type it as %(example)s, or as year-month-day "
                "(2026-12-31).") % {"typed": typed.strip(), "example": ui_locale().toString(
                    QDate(2026, 12, 31), edit.displayFormat())}
        elif not edit.minimumDate() <= (wanted := QDate(read.year, read.month, read.day)) <= edit.maximumDate():
            # setDate would quietly take the nearest
            message = _("%(date)s cannot be chosen in this field.") % {
                "date": ui_locale().toString(wanted, edit.displayFormat())}
        else:
            edit.setDate(wanted)
            return None
        edit.setDate(self._at_focus)
        self._show(edit, message)
        return message


_PARTS = re.compile(r"\d+")


def _typed_parts(typed: str, display_format: str) -> tuple[str, str, str] | None:
    """Year, month and day of a whole date typed (three groups of digits with separators), in the order of
    ``display_format`` or year first when the first has four digits; ``None`` when it is not typed whole."""
    text = typed.strip()
    parts = _PARTS.findall(text)
    if len(parts) != 3 or not re.fullmatch(r"\d+[/.\- ]+\d+[/.\- ]+\d+[/.\- ]*", text):
        return None
    if len(parts[0]) == 4:
        return parts[0], parts[1], parts[2]
    order = sorted("yMd", key=lambda letter: display_format.find(letter))
    named = dict(zip(order, parts, strict=True))
    return named["y"], named["M"], named["d"]


def read_typed_date(typed: str, display_format: str) -> dt.date | None | bool:
    """The date ``typed`` as a whole (three parts), in the order of ``display_format`` ("M/d/yyyy" month first)
    or as year-month-day (four digits first); a two-digit year is 2000–2029 or 1930–1999 (as spreadsheets read
    it). ``None`` when ``typed`` is not a whole date (a part typed alone, digits without separators: Qt's own
    typing stands); ``False`` when it is a whole date that is none ("31/12/1988" month first)."""
    parts = _typed_parts(typed, display_format)
    if parts is None:
        return None
    year, month, day = parts
    if len(year) == 2:
        year = str((2000 if int(year) < 30 else 1900) + int(year))
    if len(year) != 4 or len(month) > 2 or len(day) > 2:
        return False
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return False


def read_partial_date(typed: str, display_format: str) -> dt.date | None:
    """A date typed with its day, or its day and month, unknown as refugee documents write them ("00.00.1990",
    "00.06.1990", or year-month-day "1990-00-00"): the first day of what is known; else ``None``."""
    parts = _typed_parts(typed, display_format)
    if parts is None:
        return None
    year, month, day = parts
    if len(year) != 4 or int(day) != 0 or int(month) > 12:
        return None
    try:
        return dt.date(int(year), int(month) or 1, 1)
    except ValueError:
        return None


def refused_date(root: QWidget) -> tuple[QDateTimeEdit, str] | None:
    """A date field under ``root`` left by a click with a date typed that is none, and why; ``None`` if there is none.

    Clicking Save right after typing "01/31/2028" into a day-first field put the field back to its old date and
    saved that, the reason flashing in a tooltip the click hid. A dialog's save asks this first (``save_or_explain``).
    """
    for edit in root.findChildren(QDateTimeEdit):
        for child in edit.children():
            if isinstance(child, _TypedSeparators) and child.refused:
                return edit, child.refused
    return None


def take_estimated_dates(edit: QDateTimeEdit, estimated: QCheckBox) -> None:
    """Let ``edit`` take a date typed with its day or month unknown (``read_partial_date``) as the first day of what
    is known, ticking ``estimated``: "00.00.1990" was refused as no date, and the counsellor was not told that
    1 January, estimated, is how a year alone is kept (the spreadsheet import already read it so)."""
    for child in edit.children():
        if isinstance(child, _TypedSeparators):
            child.estimated = estimated


def localise(edit: QDateTimeEdit, time_format: str = "") -> None:
    """Show ``edit`` (and its calendar popup) in the app's language and date format, then ``time_format``."""
    edit.setLocale(ui_locale())
    edit.setDisplayFormat(locale_date_format() + (" " + time_format if time_format else ""))
    if not any(isinstance(child, _TypedSeparators) for child in edit.children()):
        edit.installEventFilter(_TypedSeparators(edit))


def to_qdate(value: dt.date | None) -> QDate:
    """A Python date as a QDate (invalid for ``None``)."""
    return QDate(value.year, value.month, value.day) if value else QDate()


def make_date_edit(parent: QWidget | None = None, *, value: dt.date) -> QDateEdit:
    """A required date with a calendar popup, in the locale's format, showing ``value`` (often the office's today)."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    localise(edit)
    edit.setDate(to_qdate(value))
    return edit


#: Property of a widget given ``set_today``: fields added under it later (a new assistance row) find the day there.
_TODAY_PROPERTY = "avrcase_today"


def set_today(root: QWidget, today: dt.date) -> None:
    """Tell every optional date field under ``root``, and those added under it later, which day it is (where
    its empty calendar opens and typing starts)."""
    root.setProperty(_TODAY_PROPERTY, to_qdate(today))
    for edit in root.findChildren(OptionalDateEdit):
        edit.today = today


def _today_above(widget: QWidget) -> dt.date | None:
    parent = widget.parentWidget()
    while parent is not None:
        value = parent.property(_TODAY_PROPERTY)
        if isinstance(value, QDate) and value.isValid():
            return value.toPython()
        parent = parent.parentWidget()
    return None


class OptionalDateEdit(QWidget):
    """A date that may be empty: typed in the locale format or picked, cleared with the × button."""

    date_changed = Signal()

    def __init__(self, parent: QWidget | None = None, value: dt.date | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        #: The office's today (from the app's clock): where an empty field's calendar opens and typing starts.
        self.today = today
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        localise(self.edit)
        self.edit.setDateRange(_EMPTY, _LAST)
        self.edit.setSpecialValueText(_("no date"))
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip(_("Clear the date"))
        self.clear_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(palette.TIGHT_SPACING)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.clear_button.clicked.connect(lambda: self.set_date(None))
        self.edit.dateChanged.connect(self._on_edit_date_changed)
        # An empty field would open its calendar in 1752; show this month instead.
        self.edit.calendarWidget().installEventFilter(self)
        # Typing a date into the empty field must start from a real date, not from the "no date" text.
        self.edit.installEventFilter(self)
        self.setFocusProxy(self.edit)
        self.set_date(value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if (event.type() == QEvent.Type.KeyPress and self.date() is None
                    and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                    and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                # WORKAROUND: an empty field shows "no date", which has no date parts, and QDateEdit took every
                # Tab as a move to its next part: the keyboard was trapped there. Leave the field instead.
                forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                QWidget.focusNextPrevChild(self.edit, forward)
                return True
            if event.type() == QEvent.Type.KeyPress and self.date() is None and event.text().isdigit():
                # A row added after ``set_today`` ran (an assistance request) had no day: typed digits went
                # nowhere and the field stayed empty without a word.
                self.today = self.today or _today_above(self)
            if (event.type() == QEvent.Type.KeyPress and self.date() is None and event.text().isdigit()
                    and self.today is not None):
                self.edit.setDate(to_qdate(self.today))
                self.edit.setSelectedSection(self.edit.sectionAt(0))
        elif event.type() == QEvent.Type.Show and self.date() is None and (self.today or _today_above(self)):
            self.today = self.today or _today_above(self)
            self.edit.calendarWidget().setSelectedDate(to_qdate(self.today))
        return super().eventFilter(watched, event)

    def date(self) -> dt.date | None:
        """The date entered, or ``None`` when the field is empty."""
        value = self.edit.date()
        if value == _EMPTY or not value.isValid():
            return None
        return dt.date(value.year(), value.month(), value.day())

    def set_date(self, value: dt.date | None) -> None:
        """Show ``value``; ``None`` empties the field."""
        self.edit.setDate(to_qdate(value) if value else _EMPTY)

    def _on_edit_date_changed(self, _value: QDate) -> None:
        self.clear_button.setEnabled(self.date() is not None)
        self.date_changed.emit()
