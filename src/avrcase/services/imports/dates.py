"""Reading a date cell the way offices write it: ISO, day-month-year with slashes, dashes or dots (in the column's
day/month order), months named in English, Lithuanian or Russian, a birth year alone; never a silent guess."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from avrcase.i18n import _
from avrcase.services.imports.cells import CellError, fold

#: Year-first and ISO forms (no day/month doubt).
DATE_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
                "%Y %m %d")

#: Rows that must show a column's day/month order (a part above 12), none showing the other, before a date
#: that reads both ways (03/04/1980, 03-04-1980) is read in that order. One row settled it before, so one typo
#: flipped every other birth date of the column; each such row makes the other order about 30 times less likely
#: (60% of real dates show their order, a slip shows the wrong one perhaps 2% of the time): three rows leave
#: about one chance in 27,000.
SETTLING_ROWS = 3
#: Day and month as numbers, separated by a slash, a dash or a dot (the same one twice), then the year.
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})\s*")
#: The same with a time of day after it (a consultation's "03/04/2025 10:30").
_NUMERIC_DATE_TIME = re.compile(r"\s*(\d{1,2}([/.\-])\d{1,2}\2(?:\d{4}|\d{2}))[ T]+(\d{1,2}:\d{2}(?::\d{2})?)\s*")
#: A year-first date with a time of day, and perhaps a UTC offset ("2026-12-04 09:30:00+00:00").
_ISO_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
#: A birth year alone, or with the day and month a passport leaves unknown (XX.XX.1980, 00.00.1980).
_YEAR_ONLY = re.compile(r"\s*(?:(?:xx|00)[./\-](?:xx|00)[./\-])?(\d{4})\s*", re.IGNORECASE)
#: Words around a written-out date that say nothing: Lithuanian "1980 m. kovo 12 d.", Russian "12 марта 1980 г.",
#: English ordinals "12th".
_FILLER = frozenset({"m", "d", "г", "года", "год", "th", "st", "nd", "rd", "of"})


@dataclass(frozen=True)
class DateOrder:
    """How one column writes day-month-year dates: ``month_first`` True or False when settled, None when not; the
    column's header and a cell showing each order (for the message)."""

    column: str
    month_first: bool | None = False
    day_first_example: str = ""
    month_first_example: str = ""


def _numeric_parts(text: str) -> tuple[int, str, int, str] | None:
    with_time = _NUMERIC_DATE_TIME.fullmatch(text)
    match = _NUMERIC_DATE.fullmatch(with_time.group(1) if with_time else text)
    return (int(match.group(1)), match.group(2), int(match.group(3)), match.group(4)) if match else None


def _full_year(year: str) -> int:
    """A two-digit year as ``strptime``'s %y reads it (69–99 → 1900s, 00–68 → 2000s)."""
    value = int(year)
    if len(year) == 4:
        return value
    return 1900 + value if value >= 69 else 2000 + value


def date_order(column: str, cells: list[object]) -> DateOrder:
    """The day/month order of a column's numeric dates: settled only when ``SETTLING_ROWS`` cells show it (a
    part above 12) and none shows the other; otherwise a date that reads both ways is not read at all (a dotted
    one is, day first, while no cell of the column shows month first: dots are how day-first countries write)."""
    day_first: list[str] = []
    month_first: list[str] = []
    for cell in cells:
        if not isinstance(cell, str):
            continue
        parts = _numeric_parts(cell)
        if parts is None:
            continue
        first, _sep, second, _year = parts
        if 12 < first <= 31 and 1 <= second <= 12:
            day_first.append(cell.strip())
        elif 12 < second <= 31 and 1 <= first <= 12:
            month_first.append(cell.strip())
    settled: bool | None = None
    if len(day_first) >= SETTLING_ROWS and not month_first:
        settled = False
    elif len(month_first) >= SETTLING_ROWS and not day_first:
        settled = True
    return DateOrder(column, settled, day_first[0] if day_first else "", month_first[0] if month_first else "")


def _ambiguous(text: str, first: int, second: int, year: int, order: DateOrder) -> CellError:
    """The problem of a date that reads both ways in a column whose order is not settled."""
    from avrcase.i18n.format import format_date

    day_first, month_first = dt.date(year, second, first), dt.date(year, first, second)
    names = {"value": text, "column": order.column, "day_first": format_date(day_first, "long"),
             "month_first": format_date(month_first, "long"), "day_first_iso": day_first.isoformat(),
             "month_first_iso": month_first.isoformat(), "day_first_example": order.day_first_example,
             "month_first_example": order.month_first_example}
    if order.day_first_example and order.month_first_example:
        return CellError(_("“%(value)s” in the column “%(column)s” can mean %(day_first)s or %(month_first)s, and "
                           "the column has dates written day first (%(day_first_example)s) and month first "
                           "(%(month_first_example)s), so it is not read. Write it as %(day_first_iso)s or "
                           "%(month_first_iso)s (year-month-day).") % names)
    return CellError(_("“%(value)s” in the column “%(column)s” can mean %(day_first)s or %(month_first)s, and "
                       "too few of the column's dates show whether the day or the month comes first, so it is not "
                       "read. Write it as %(day_first_iso)s or %(month_first_iso)s (year-month-day).") % names)


#: A date as a spreadsheet's day number (Excel and LibreOffice count from 1899-12-30): what a date column
#: formatted as "General" holds and shows. Five digits only, 1927-05-18 to 2100-12-31, so a year alone (1980)
#: stays a year.
_SERIAL = re.compile(r"(\d{5})(?:\.0+)?")
_SERIAL_EPOCH = dt.date(1899, 12, 30)


def _serial(text: str) -> dt.date | None:
    match = _SERIAL.fullmatch(text)
    if match is None or int(match.group(1)) > (dt.date(2100, 12, 31) - _SERIAL_EPOCH).days:
        return None
    return _SERIAL_EPOCH + dt.timedelta(days=int(match.group(1)))


def _not_a_date(text: str) -> CellError:
    return CellError(_("“%(value)s” is not a date; write it as 2026-12-24 or 24.12.2026.") % {"value": text})


def _numeric(text: str, order: DateOrder | None) -> dt.date | None:
    """A day-month-year date of numbers, in the column's order when it reads both ways."""
    parts = _numeric_parts(text)
    if parts is None:
        return None
    first, separator, second, year_text = parts
    year = _full_year(year_text)
    if first > 12 or second > 12 or first == second or not first or not second:
        month_first = second > 12 and first <= 12  # only one reading (or both the same)
    elif order is None or order.month_first is not None:
        month_first = bool(order and order.month_first)
    elif separator == "." and not order.month_first_example:
        month_first = False
    else:
        raise _ambiguous(text.strip(), first, second, year, order)
    day, month = (second, first) if month_first else (first, second)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _not_a_date(text.strip()) from None


@functools.cache
def _month_names() -> dict[str, int]:
    """Every month's name and abbreviation (both grammatical forms) in English, Lithuanian and Russian, folded."""
    from babel import Locale

    table: dict[str, int] = {"sept": 9}
    for language in ("en", "lt", "ru"):
        months = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    table.setdefault(fold(name).rstrip("."), int(number))
    return table


def _named_month(text: str) -> dt.date | None:
    """12 Mar 1980, 12 March 1980, 12-Mar-1980, Mar 12, 1980, 12 марта 1980 г., 1980 m. kovo 12 d., 12-Mar-80:
    a month written as a word is never in doubt; the four-digit number is the year and the other the day."""
    tokens = [t for t in re.findall(r"\d+|[^\W\d_]+", fold(text)) if t not in _FILLER]
    months = [(i, _month_names()[t]) for i, t in enumerate(tokens) if not t.isdigit() and t in _month_names()]
    numbers = [(i, t) for i, t in enumerate(tokens) if t.isdigit()]
    if len(months) != 1 or len(numbers) != 2 or len(tokens) != 3:
        return None
    (month_at, month), ((a_at, a), (_b_at, b)) = months[0], numbers
    if len(a) == 4 and len(b) <= 2:
        day, year = int(b), int(a)
    elif len(b) == 4 and len(a) <= 2:
        day, year = int(a), int(b)
    elif len(a) <= 2 and len(b) == 2 and a_at < month_at:  # 12-Mar-80, as spreadsheets show dd-mmm-yy
        day, year = int(a), _full_year(b)
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _not_a_date(text.strip()) from None


def birth_year(value: object) -> int | None:
    """The year of a date of birth written as its year alone (1980, XX.XX.1980, 00.00.1980), else None."""
    if isinstance(value, bool) or isinstance(value, dt.date):
        return None
    match = _YEAR_ONLY.fullmatch(str(value))
    return int(match.group(1)) if match else None


#: A birth month and year with the day a passport leaves unknown: 00.06.1980, XX/06/1980, 06/00/1980 (one part 00
#: or XX, the other the month: either order reads the same).
_MONTH_ONLY = re.compile(r"\s*(xx|00|\d{1,2})([./\-])(xx|00|\d{1,2})\2(\d{4})\s*", re.IGNORECASE)


def birth_month(value: object) -> tuple[int, int] | None:
    """``(year, month)`` of a date of birth written with its day unknown (00.06.1980, XX.06.1980, 06/00/1980),
    else None."""
    if isinstance(value, bool) or isinstance(value, dt.date):
        return None
    match = _MONTH_ONLY.fullmatch(str(value))
    if match is None:
        return None
    first, second = match.group(1).lower(), match.group(3).lower()
    unknown = {"xx", "00"}
    if (first in unknown) == (second in unknown):
        return None
    month = int(second if first in unknown else first)
    return (int(match.group(4)), month) if 1 <= month <= 12 else None


def parse_date(value: object, *, order: DateOrder | None = None) -> dt.date:
    """A date from a spreadsheet date cell or text in one of the usual forms. A numeric day-month-year date whose
    two parts are both 12 or less and differ is read in the column's settled ``order`` (day first without one);
    when that order is not settled (``month_first`` None) it is a ``CellError`` naming both readings, never a
    guess (a dotted one is read day first unless the column has month-first dates)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    found = _numeric(text, order) or _serial(text)
    if found is not None:
        return found
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    found = _named_month(text)
    if found is not None:
        return found
    raise _not_a_date(text)


def parse_datetime(value: object, *, order: DateOrder | None = None, zone: dt.tzinfo = dt.timezone.utc) -> dt.datetime:
    """An instant (UTC) from a date or date-and-time cell; a bare date is taken at noon. A time without an offset
    is the wall time of ``zone`` (the office's: a counsellor's "14:00" is 14:00 in Vilnius, not in Greenwich); a
    numeric date, with or without its time, is read as ``parse_date`` reads it in the column's ``order``."""
    return _local_datetime(value, order, zone).astimezone(dt.timezone.utc)


def _local_datetime(value: object, order: DateOrder | None, zone: dt.tzinfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    text = str(value).strip()
    with_time = _NUMERIC_DATE_TIME.fullmatch(text)
    if with_time:
        day = parse_date(with_time.group(1), order=order)
        for fmt in ("%H:%M", "%H:%M:%S"):
            try:
                hour = dt.datetime.strptime(with_time.group(3), fmt).time()
            except ValueError:
                continue
            return dt.datetime.combine(day, hour, zone)
        raise CellError(_("“%(value)s” is not a date and time; write it as 2026-12-24 10:30.") % {"value": text})
    if _ISO_DATE_TIME.fullmatch(text):
        # With its offset when written (avrcase's export writes +00:00); strptime takes an hour of one digit.
        for read in (dt.datetime.fromisoformat, lambda t: dt.datetime.strptime(t, "%Y-%m-%d %H:%M"),
                     lambda t: dt.datetime.strptime(t, "%Y-%m-%d %H:%M:%S")):
            try:
                instant = read(text.replace("T", " "))
            except ValueError:
                continue
            return instant if instant.tzinfo else instant.replace(tzinfo=zone)
    day = parse_date(value, order=order)
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=zone)
