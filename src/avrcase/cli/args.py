"""Checks at the command line's boundary: every argument is valid text of a sane size, every number
and date lies in a range the app can work with, before any store is opened.

A bad argument is one line (``avrcase: …``) and exit 2 (wrong usage) or 1 (a value the app refuses);
never an internal error, a run without end or a change to the store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import unicodedata
from collections.abc import Callable, Sequence

from avrcase.domain.errors import ValidationError
from avrcase.i18n import _

#: Dates and years outside this range are typing mistakes in a case register (and overflow date sums).
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
#: The longest single argument: a file path or URL fits, a pasted document does not.
MAX_ARGUMENT = 4096
#: Environment variables read as text; like arguments, they must be valid UTF-8 without control characters.
TEXT_ENVIRONMENT = ("AVRCASE_USER", "AVRCASE_PASSWORD", "AVRCASE_NEW_PASSWORD", "AVRCASE_DB", "AVRCASE_RECOVERY_KEY")


class ArgumentProblem(Exception):
    """An argument that is not valid text (exit 2, one line)."""


def control_characters(text: str) -> bool:
    """True when ``text`` holds a control character (ESC, BEL, CR, LF, tab, DEL, C1, …) or a lone surrogate."""
    return any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


def not_utf8(text: str) -> bool:
    """True when ``text`` came from bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    return any("\udc80" <= c <= "\udcff" for c in text)


def check_argv(argv: Sequence[str]) -> None:
    """Refuse, before parsing, an argument that is not UTF-8, holds a control character or is too long."""
    for position, arg in enumerate(argv, start=1):
        if not_utf8(arg):
            raise ArgumentProblem(_("argument %(n)d is not valid UTF-8 text") % {"n": position})
        if control_characters(arg):
            raise ArgumentProblem(_("argument %(n)d holds a control character") % {"n": position})
        if len(arg) > MAX_ARGUMENT:
            raise ArgumentProblem(_("argument %(n)d is longer than %(max)d characters") % {"n": position, "max": MAX_ARGUMENT})
    for name in TEXT_ENVIRONMENT:
        value = os.environ.get(name)
        if value is None:
            continue
        if not_utf8(value) or control_characters(value) or len(value) > MAX_ARGUMENT:
            raise ArgumentProblem(_("$%(name)s is not valid text (UTF-8, no control characters, at most %(max)d "
                                    "characters)") % {"name": name, "max": MAX_ARGUMENT})


def in_range_date(value: dt.date, option: str) -> dt.date:
    """``value`` if it lies between 1900-01-01 and 2100-12-31, else a ``ValidationError`` naming ``option``."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError({option: _("%(option)s must lie between %(first)s and %(last)s, not %(value)s.") % {
            "option": option, "first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat(),
            "value": value.isoformat()}})
    return value


def parse_date(text: str | None, option: str) -> dt.date:
    """An ISO date between 1900 and 2100 from an option's text; a ``ValidationError`` otherwise."""
    try:
        value = dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError({option: _("%(option)s needs a date like 2026-01-31, not “%(text)s”.")
                               % {"option": option, "text": text or ""}}) from None
    return in_range_date(value, option)


def date_type(text: str) -> dt.date:
    """An argparse ``type=`` for an ISO date between 1900 and 2100."""
    try:
        value = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_("“%(v)s” is not a date like 2026-01-31") % {"v": text[:40]}) from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise argparse.ArgumentTypeError(_("%(value)s is not between %(first)s and %(last)s") % {
            "value": value.isoformat(), "first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()})
    return value


def language_code(text: str) -> str:
    """An argparse ``type=`` for a language code: not empty (``--lang ''`` silently meant "no language" and set
    the office's main texts)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(_("give a language code such as lt or ru"))
    return text.strip()


def int_range(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type=`` for a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10)
        except ValueError:
            raise argparse.ArgumentTypeError(_("“%(v)s” is not a whole number") % {"v": text[:40]}) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(_("must be from %(low)d to %(high)d") % {"low": low, "high": high})
        return value

    parse.__name__ = "whole number"
    return parse


year_type = int_range(FIRST_DATE.year, LAST_DATE.year)
