"""The instant the whole test suite lives at: every test's clock stands still here, whatever the real date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

#: A Friday late morning in Vilnius (09:30 UTC is 11:30 there).
FIXED_NOW = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.timezone.utc)
#: The office's day at ``FIXED_NOW`` (the test office is in Vilnius).
FIXED_TODAY = FIXED_NOW.astimezone(ZoneInfo("Europe/Vilnius")).date()
