"""Locale-aware formatting of dates, numbers, money, countries and languages through Babel.

Every date, number, amount and country name a person sees goes through here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel.core import get_global
from babel import numbers as babel_numbers

from avrcase.i18n import _, current_locale

#: Pseudo-code for stateless persons or unknown citizenship (mirrors avrcase.domain.codes.STATELESS).
STATELESS = "XX"


@lru_cache(maxsize=32)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _loc(locale: str | None) -> Locale:
    return _locale(locale or current_locale())


#: Where instants are shown when no zone is given: the office's (``set_display_zone``), else the computer's.
_display_zone: dt.tzinfo | None = None


def set_display_zone(zone: dt.tzinfo | None) -> None:
    """Show instants in ``zone`` (the office's, as its documents print them) where no zone is given; ``None``:
    the computer's own. A laptop set to another zone showed a document issued at 6:22 whose page says 8:22."""
    global _display_zone
    _display_zone = zone


#: The office's country (ISO code, from the office profile), once a store is open: dates are typed as that
#: country writes them (``office_country``).
_office_country = ""


def set_office_country(country: str) -> None:
    """Dates typed in the app follow how ``country`` (the office's) writes them in the interface language; ``""``:
    as the computer's locale does."""
    global _office_country
    _office_country = (country or "").strip().upper()


def office_country() -> str:
    """The office's country as set by :func:`set_office_country` (``""`` before a store is open)."""
    return _office_country


def _shown_in(value: dt.datetime, tz: object) -> dt.datetime:
    """``value`` (naive: UTC) as wall time in ``tz``, else the display zone, else the computer's."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    zone = tz if tz is not None else _display_zone
    return value.astimezone(zone) if zone is not None else value.astimezone()  # type: ignore[arg-type]


def format_date(value: dt.date | None, fmt: str = "medium", locale: str | None = None) -> str:
    """A date as the locale writes it; empty for ``None``."""
    if value is None:
        return ""
    return babel_dates.format_date(value, format=fmt, locale=_loc(locale))


def format_datetime(
    value: dt.datetime | None, fmt: str = "medium", locale: str | None = None, tz: object = None
) -> str:
    """An instant as wall time (stored values are UTC) in ``tz``, else the display zone, as the locale writes
    it; "short" and "medium" both give the date as ``format_date`` does and the time in hours and minutes."""
    if value is None:
        return ""
    local = _shown_in(value, tz)
    if fmt in ("short", "medium"):
        # One way of writing a date on every screen (#19): the date as ``format_date`` writes it ("Dec 4, 2026",
        # "2026-12-04"), then the time without seconds, joined as the locale joins them.
        loc = _loc(locale)
        pattern = str(babel_dates.get_datetime_format("medium", locale=loc))
        return pattern.replace("{1}", babel_dates.format_date(local.date(), "medium", locale=loc)).replace(
            "{0}", babel_dates.format_time(local, "short", tzinfo=local.tzinfo, locale=loc))
    return babel_dates.format_datetime(local, format=fmt, tzinfo=local.tzinfo, locale=_loc(locale))


#: A letter of any script: a date written without one is all digits ("2026-12-04", "04.12.2026").
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=32)
def _document_date_width(name: str) -> str:
    # Lithuanian and Arabic write their medium date in digits only; their long one names the month.
    sample = babel_dates.format_date(dt.date(2026, 12, 4), format="medium", locale=_locale(name))
    return "medium" if _LETTER.search(sample) else "long"


def document_date(value: dt.date | None, locale: str | None = None) -> str:
    """A date as printed documents write it: the month named, never digits only ("Dec 4, 2026")."""
    if value is None:
        return ""
    loc = _loc(locale)
    return babel_dates.format_date(value, format=_document_date_width(str(loc)), locale=loc)


def document_datetime(value: dt.datetime | None, locale: str | None = None, tz: dt.tzinfo | None = None) -> str:
    """An instant as printed documents write it: :func:`document_date` and the short time in ``tz``."""
    if value is None:
        return ""
    local = _shown_in(value, tz)
    loc = _loc(locale)
    time = babel_dates.format_time(local, format="short", tzinfo=local.tzinfo, locale=loc)
    return loc.datetime_formats["medium"].format(time, document_date(local.date(), str(loc)))


def _canonical_zone(zone: str) -> str:
    return get_global("zone_aliases").get(zone, zone)


def exemplar_city(zone: str, locale: str | None = None) -> str | None:
    """The city CLDR names the time zone ``zone`` after, in the locale's language ("Varšuva" for
    Europe/Warsaw in Lithuanian); ``None`` when CLDR has no name for it in that language."""
    return _loc(locale).time_zones.get(_canonical_zone(zone), {}).get("city")


def zone_city_source(zone: str) -> str:
    """The English name of the city a time zone is named after ("Ho Chi Minh City" for Asia/Ho_Chi_Minh);
    empty for zones that are not named after a city (UTC, Etc/GMT+3)."""
    zone = _canonical_zone(zone)
    if "/" not in zone or zone.startswith("Etc/"):
        return ""
    return exemplar_city(zone, "en") or zone.rsplit("/", 1)[1].replace("_", " ")


def utc_offset(instant: dt.datetime) -> str:
    """An aware instant's offset from UTC as timetables write it: "UTC+3", "UTC+5:30", "UTC-4", "UTC"."""
    offset = instant.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    if not minutes:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    hours, rest = divmod(minutes, 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_number(value: int | Decimal | float, locale: str | None = None) -> str:
    """A number with the locale's grouping and decimal sign."""
    return babel_numbers.format_decimal(value, locale=_loc(locale))


def format_money(amount: Decimal, currency: str, locale: str | None = None) -> str:
    """An amount with its ISO 4217 currency, for example ``1 250,00 €`` in Lithuanian."""
    return babel_numbers.format_currency(amount, currency, locale=_loc(locale))


@lru_cache(maxsize=8)
def _territories(locale_name: str) -> dict[str, str]:
    loc = _locale(locale_name)
    # Two-letter codes are countries; numeric codes are regions (world, Europe, ...).
    return {code: name for code, name in loc.territories.items() if len(code) == 2 and code.isalpha()}


def country_name(code: str | None, locale: str | None = None) -> str:
    """The country's name for an ISO 3166 alpha-2 code; the code itself when unknown."""
    if not code:
        return ""
    if code.upper() == STATELESS:
        return _("Stateless or unknown")
    return _territories(locale or current_locale()).get(code.upper(), code.upper())


def countries(locale: str | None = None) -> list[tuple[str, str]]:
    """All countries as (code, name), sorted by name in the locale."""
    names = _territories(locale or current_locale())
    # ZZ "Unknown region", EU/UN/EZ groupings are not countries a person holds.
    skip = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}
    pairs = [(code, name) for code, name in names.items() if code not in skip]
    pairs.append(("XK", names.get("XK", "Kosovo")))
    return sorted(pairs, key=lambda pair: pair[1].casefold())


def is_country_code(code: str) -> bool:
    """True for an ISO 3166 alpha-2 code Babel knows (plus XK, Kosovo)."""
    return code.upper() in _territories("en")


#: ISO 639-3 codes CLDR names under another code: Kurmanji (``kmr``, a wording-file language) is CLDR's ``ku``.
_NAMED_AS = {"kmr": "ku"}


def language_name(code: str | None, locale: str | None = None) -> str:
    """A language's name for an ISO 639 code, in the locale's language (the code itself when none is known)."""
    if not code:
        return ""
    names = _loc(locale).languages
    return names.get(code) or names.get(_NAMED_AS.get(code, ""), code)


def languages(locale: str | None = None) -> list[tuple[str, str]]:
    """Common languages as (code, name) for pickers, sorted by name."""
    names = _loc(locale).languages
    codes = [c for c in names if len(c) in (2, 3) and c.isalpha() and c.islower()]
    return sorted(((c, names[c]) for c in codes), key=lambda pair: pair[1].casefold())


#: Languages whose typography puts a no-break space before a colon, semicolon, question or exclamation mark.
_SPACED_PUNCTUATION = frozenset({"fr"})


def punctuation(mark: str, locale: str | None = None) -> str:
    """``mark`` (":", ";", "?" or "!") as it follows a word in ``locale``'s typography: with a no-break space before
    it in French ("Lieu et date : Vilnius", never broken before the colon), as it is elsewhere. The full no-break
    space: ReportLab breaks lines at the narrow one (U+202F) and prints it as wide as any other space."""
    language = (locale or current_locale()).replace("-", "_").split("_")[0]
    return f"\u00a0{mark}" if language in _SPACED_PUNCTUATION else mark
