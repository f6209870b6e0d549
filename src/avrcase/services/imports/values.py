"""Reading one cell the way offices write it: country names in any language, dates in the sheet's formats,
yes/no in en/lt/ru, coded values by code or by their English or Lithuanian label."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

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


def parse_date(value: object, *, month_first: bool = False) -> dt.date:
    """A date from a spreadsheet date cell or text in one of the usual formats."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    formats = (MONTH_FIRST_FORMATS + DATE_FORMATS) if month_first else DATE_FORMATS
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date; write it as 2026-12-24 or 24.12.2026.") % {"value": text})


def parse_datetime(value: object) -> dt.datetime:
    """An instant (UTC) from a date or date-and-time cell; a bare date is taken at noon."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    text = str(value).strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            continue
    day = parse_date(value)
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc)


def looks_month_first(values: list[object]) -> bool:
    """True when a column's slash dates can only be month-first (a middle number above 12, none first)."""
    firsts, seconds = [], []
    for value in values:
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/\d{2,4}\s*", value)
            if match:
                firsts.append(int(match.group(1)))
                seconds.append(int(match.group(2)))
    return bool(seconds) and max(seconds) > 12 and max(firsts, default=0) <= 12


@functools.cache
def _labels(vocabulary: type[Vocabulary]) -> dict[str, str]:
    from avrcase.i18n import available_locales, load_translations

    catalogs = [load_translations(name) for name in available_locales() if name != "en"]
    table: dict[str, str] = {}
    for member in vocabulary:
        english = vocabulary._labels()[member.value]
        for name in (member.value, member.value.replace("_", " "), english, *(c.gettext(english) for c in catalogs)):
            table.setdefault(fold(name), member.value)
    return table


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
        choices = ", ".join(m.value for m in vocabulary)
        raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": choices})
    return found
