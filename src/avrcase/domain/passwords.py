"""Password rules: a minimum length, no common password, and how repeated failures slow down and lock.

The common-password list ships in ``resources/passwords/common.txt`` (see its header for where it comes
from). Nothing here hashes: that is the accounts service's job.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from importlib import resources

from avrcase.domain.errors import ValidationError
from avrcase.i18n import _

MIN_LENGTH = 12
MAX_LENGTH = 256
LOCK_AFTER_FAILURES = 6
LOCK_DURATION = dt.timedelta(minutes=30)
# Seconds to wait before the next attempt after n consecutive failures (n = index); then the lock.
_DELAYS = (0, 0, 0, 2, 5, 15)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case."""
    text = (resources.files("avrcase.resources") / "passwords" / "common.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, username: str = "", display_name: str = "", own: bool = True) -> str | None:
    """Why ``password`` may not be used, translated, or ``None`` if it is acceptable. ``own``: the person typing
    it is the one who signs in with it (an administrator giving someone a first password is not)."""
    if len(password) < MIN_LENGTH:
        return _("A password needs at least %(n)s characters.") % {"n": MIN_LENGTH}
    if len(password) > MAX_LENGTH:
        return _("A password can have at most %(n)s characters.") % {"n": MAX_LENGTH}
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in password):
        return _("A password cannot hold control characters or bytes that are not UTF-8 text.")
    folded = password.strip().lower()
    if folded in common_passwords() or len(set(folded)) < 4:
        return _("This password is too common or too easy to guess; please choose another.")
    for part in [username, *display_name.split()]:
        if len(part) >= 3 and part.lower() in folded:
            if own:
                return _("A password must not contain your user name or your name.")
            # An administrator adding Jonas Jonaitis was told "your user name or your name": it was his.
            return _("A password must not contain the user name or the name of the person who signs in with it.")
    return None


def check_password(password: str, *, username: str = "", display_name: str = "", field: str = "password",
                   own: bool = True) -> None:
    """Raise ``ValidationError`` on ``field`` unless ``password`` follows the rules (``own`` as for
    :func:`password_problem`)."""
    problem = password_problem(password, username=username, display_name=display_name, own=own)
    if problem:
        raise ValidationError({field: problem})


def retry_delay(failures: int) -> dt.timedelta:
    """How long to wait before the next attempt after ``failures`` consecutive failures."""
    return dt.timedelta(seconds=_DELAYS[min(failures, len(_DELAYS) - 1)])


def lock_until(failures: int, now: dt.datetime) -> dt.datetime | None:
    """When an account with ``failures`` consecutive failures opens again, or ``None`` if it is not locked."""
    return now + LOCK_DURATION if failures >= LOCK_AFTER_FAILURES else None
