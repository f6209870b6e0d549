"""Reading one cell the way offices write it: country names in any language, dates in the sheet's formats,
yes/no in en/lt/ru, coded values by code or by their English or Lithuanian label."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from avrcase.domain.codes import Vocabulary
from avrcase.i18n import _

#: Languages whose country names are recognised (Babel's CLDR names), besides ISO alpha-2/alpha-3 codes.
COUNTRY_NAME_LOCALES = ("en", "lt", "ru", "uk", "be", "pl", "de", "fr", "es", "it", "pt", "tr", "ar", "fa", "ka",
                        "hy", "az", "uz", "kk", "ky", "tg", "tk", "ro", "vi", "zh", "hi", "ur", "bn", "ps", "so", "am")
#: Names sheets still use that CLDR has replaced.
_COUNTRY_ALIASES = {"Turkey": "TR", "Turkija": "TR", "Czech Republic": "CZ", "Macedonia": "MK", "Ivory Coast": "CI",
                    "Swaziland": "SZ", "Burma": "MM", "Cape Verde": "CV", "East Timor": "TL", "Kirgizija": "KG",
                    "Киргизия": "KG", "Молдавия": "MD", "Белоруссия": "BY", "Baltarusija": "BY"}
_YES = {"yes", "y", "true", "1", "x", "✓", "taip", "t", "да", "д", "+"}
_NO = {"no", "n", "false", "0", "ne", "нет", "н", "-", ""}
#: Day-first formats come first: the offices using avrcase write 24.12.2026 or 24/12/2026.
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y.%m.%d", "%Y/%m/%d", "%d.%m.%y", "%d/%m/%y",
                "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y %m %d")
MONTH_FIRST_FORMATS = ("%m/%d/%Y", "%m/%d/%y")


class CellError(ValueError):
    """A cell that cannot be read; the message is for the report."""


def fold(text: str) -> str:
    """Case-folded, accents dropped, inner spaces collapsed."""
    value = unicodedata.normalize("NFKD", text).casefold()
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", value).strip()


@functools.cache
def _countries() -> dict[str, str]:
    from babel import Locale

    table: dict[str, str] = {}
    english = Locale.parse("en").territories
    codes = {str(code) for code in english
             if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO", "ZZ")}
    for name in COUNTRY_NAME_LOCALES:
        territories = Locale.parse(name).territories
        for code in codes:
            if code in territories:
                table.setdefault(fold(territories[code]), code)
    for code in codes:
        table.setdefault(fold(code), code)
    try:
        import pycountry  # optional: alpha-3 codes

        for country in pycountry.countries:
            table.setdefault(fold(country.alpha_3), country.alpha_2)
    except ImportError:
        pass
    for alias, code in _COUNTRY_ALIASES.items():
        table.setdefault(fold(alias), code)
    table.setdefault("stateless", "XX")
    return table


def country(text: str) -> str:
    """An ISO 3166 alpha-2 code from a code or a country name in any of ``COUNTRY_NAME_LOCALES``."""
    found = _countries().get(fold(text))
    if found is None:
        raise CellError(_("“%(value)s” is not a country avrcase knows; write the country's name or its two-letter "
                          "code.") % {"value": text})
    return found


def yes_no(text: str) -> bool:
    """True/False from yes/no in English, Lithuanian or Russian (and 1/0, x)."""
    value = fold(text)
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": text})


#: Rows that must show a column's day/month order (a part above 12), none showing the other, before a slash
#: date that reads both ways (03/04/1980) is read in that order. One row settled it before, so one typo flipped
#: every other birth date of the column; each such row makes the other order about 30 times less likely
#: (60% of real dates show their order, a slip shows the wrong one perhaps 2% of the time): three rows leave
#: about one chance in 27,000.
SETTLING_ROWS = 3
_SLASH_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\s*")
#: A slash date with a time of day after it (a consultation's "03/04/2025 10:30").
_SLASH_DATE_TIME = re.compile(r"\s*(\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))[ T]+(\d{1,2}:\d{2}(?::\d{2})?)\s*")


@dataclass(frozen=True)
class DateOrder:
    """How one column writes slash dates: ``month_first`` True or False when settled, None when not; the
    column's header and a cell showing each order (for the message)."""

    column: str
    month_first: bool | None = False
    day_first_example: str = ""
    month_first_example: str = ""


def _slash_parts(text: str) -> tuple[int, int, str] | None:
    match = _SLASH_DATE.fullmatch(text)
    return (int(match.group(1)), int(match.group(2)), match.group(3)) if match else None


def date_order(column: str, cells: list[object]) -> DateOrder:
    """The day/month order of a column's slash dates: settled only when ``SETTLING_ROWS`` cells show it (a
    part above 12) and none shows the other; otherwise a date that reads both ways is not read at all."""
    day_first: list[str] = []
    month_first: list[str] = []
    for cell in cells:
        if not isinstance(cell, str):
            continue
        with_time = _SLASH_DATE_TIME.fullmatch(cell)
        parts = _slash_parts(with_time.group(1) if with_time else cell)
        if parts is None:
            continue
        first, second, _year = parts
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


def _ambiguous(text: str, order: DateOrder) -> CellError:
    """The problem of a slash date that reads both ways in a column whose order is not settled."""
    from avrcase.i18n.format import format_date

    with_time = _SLASH_DATE_TIME.fullmatch(text)
    if with_time:
        text = with_time.group(1)
    year_format = "%y" if len(text.strip().rsplit("/", 1)[-1]) == 2 else "%Y"
    day_first = dt.datetime.strptime(text.strip(), f"%d/%m/{year_format}").date()
    month_first = dt.datetime.strptime(text.strip(), f"%m/%d/{year_format}").date()
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


def parse_date(value: object, *, order: DateOrder | None = None) -> dt.date:
    """A date from a spreadsheet date cell or text in one of the usual formats. A slash date whose two parts are
    both 12 or less and differ is read in the column's settled ``order`` (day first without one); when that
    order is not settled (``month_first`` None) it is a ``CellError`` naming both readings, never a guess."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    parts = _slash_parts(text)
    month_first = False
    if parts is not None:
        first, second, _year = parts
        if first > 12 or second > 12 or first == second:
            month_first = second > 12  # only one reading (or both the same)
        elif order is not None and order.month_first is None and first and second:
            raise _ambiguous(text, order)
        else:
            month_first = bool(order and order.month_first)
    formats = (MONTH_FIRST_FORMATS + DATE_FORMATS) if month_first else DATE_FORMATS
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date; write it as 2026-12-24 or 24.12.2026.") % {"value": text})


def parse_datetime(value: object, *, order: DateOrder | None = None) -> dt.datetime:
    """An instant (UTC) from a date or date-and-time cell; a bare date is taken at noon. A slash date, with or
    without its time, is read as ``parse_date`` reads it in the column's ``order``."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    text = str(value).strip()
    with_time = _SLASH_DATE_TIME.fullmatch(text)
    if with_time:
        day = parse_date(with_time.group(1), order=order)
        for fmt in ("%H:%M", "%H:%M:%S"):
            try:
                hour = dt.datetime.strptime(with_time.group(2), fmt).time()
            except ValueError:
                continue
            return dt.datetime.combine(day, hour, dt.timezone.utc)
        raise CellError(_("“%(value)s” is not a date and time; write it as 2026-12-24 10:30.") % {"value": text})
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            continue
    day = parse_date(value, order=order)
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc)


@functools.cache
def _labels(vocabulary: type[Vocabulary]) -> dict[str, str]:
    from avrcase.i18n import available_locales, load_translations

    catalogs = [load_translations(name) for name in available_locales() if name != "en"]
    table: dict[str, str] = {}
    for member in vocabulary:
        english = vocabulary._labels()[member.value]
        for name in (member.value, member.value.replace("_", " "), english, *(c.gettext(english) for c in catalogs)):
            table.setdefault(fold(name), member.value)
    for name, value in _OTHER_NAMES.get(vocabulary.__name__, {}).items():
        table.setdefault(fold(name), value)
    return table


#: Russian names (there is no Russian catalog) and the short forms office sheets use, per vocabulary.
_OTHER_NAMES: dict[str, dict[str, str]] = {
    "Vulnerability": {
        "несопровождаемый ребенок": "unaccompanied_child", "несопровождаемый ребёнок": "unaccompanied_child",
        "несопровождаемый несовершеннолетний": "unaccompanied_child", "unaccompanied minor": "unaccompanied_child",
        "unaccompanied child": "unaccompanied_child", "separated child": "unaccompanied_child", "uam": "unaccompanied_child",
        "nelydimas vaikas": "unaccompanied_child", "nelydimas nepilnametis": "unaccompanied_child",
        "жертва торговли людьми": "victim_of_trafficking", "торговля людьми": "victim_of_trafficking",
        "trafficking": "victim_of_trafficking", "vot": "victim_of_trafficking",
        "prekyba žmonėmis": "victim_of_trafficking",
        "серьезное заболевание": "medical_condition", "серьёзное заболевание": "medical_condition",
        "заболевание": "medical_condition", "медицинские проблемы": "medical_condition",
        "medical": "medical_condition", "medical condition": "medical_condition", "illness": "medical_condition",
        "liga": "medical_condition", "sveikatos būklė": "medical_condition",
        "инвалидность": "disability", "инвалид": "disability", "disabled": "disability", "neįgalumas": "disability",
        "neįgalus": "disability", "neįgali": "disability",
        "пожилой человек": "elderly", "пожилой": "elderly", "пожилая": "elderly", "elderly": "elderly",
        "senyvas": "elderly", "senyvo amžiaus": "elderly",
        "беременная женщина": "pregnant", "беременная": "pregnant", "беременность": "pregnant", "pregnant": "pregnant",
        "nėščia": "pregnant", "nėštumas": "pregnant",
        "одинокий родитель или многодетная семья": "single_parent_large_family", "одинокий родитель":
            "single_parent_large_family", "многодетная семья": "single_parent_large_family",
        "single parent": "single_parent_large_family", "large family": "single_parent_large_family",
        "daugiavaikė šeima": "single_parent_large_family", "vienas iš tėvų": "single_parent_large_family",
        "пережившие пытки или насилие": "torture_violence_survivor", "пытки": "torture_violence_survivor",
        "насилие": "torture_violence_survivor", "жертва насилия": "torture_violence_survivor",
        "torture": "torture_violence_survivor", "violence": "torture_violence_survivor",
        "smurto auka": "torture_violence_survivor", "kankinimai": "torture_violence_survivor",
    },
    "ApprovalStatus": {
        "не запрашивалось": "not_requested", "не запрошено": "not_requested", "not requested": "not_requested",
        "neprašyta": "not_requested",
        "запрошено": "requested", "ожидается ответ": "requested", "requested": "requested", "pending": "requested",
        "prašyta": "requested", "laukiama": "requested",
        "одобрено": "approved", "утверждено": "approved", "согласовано": "approved", "approved": "approved",
        "pritarta": "approved", "patvirtinta": "approved",
        "отказано": "refused", "отклонено": "refused", "refused": "refused", "rejected": "refused",
        "atsisakyta": "refused", "atmesta": "refused",
    },
}


#: Common ways sheets write sex, beyond the labels.
_SEX = {"m": "M", "male": "M", "man": "M", "vyras": "M", "v": "M", "vyr": "M", "муж": "M", "мужской": "M", "м": "M",
        "f": "F", "female": "F", "woman": "F", "moteris": "F", "mot": "F", "жен": "F", "женский": "F", "ж": "F"}


def code(vocabulary: type[Vocabulary], text: str) -> str:
    """The code of ``vocabulary`` written as its code or its English or Lithuanian label."""
    value = fold(text)
    if vocabulary.__name__ == "Sex" and value in _SEX:
        return _SEX[value]
    found = _labels(vocabulary).get(value)
    if found is None:
        choices = "; ".join(f"{m.label} ({m.value})" for m in vocabulary)
        raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": choices})
    return found
