"""One clock: now in UTC, today in the office's zone, injected through the unit of work; no wall clock elsewhere."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.services import office
from avrcase.services.clock import FixedClock, SystemClock, clock_of
from avrcase.services.uow import office_clock, unit_of_work
from avrcase.store.models import Case
from tests.support.clock import FIXED_NOW, FIXED_TODAY

SRC = Path(__file__).resolve().parents[2] / "src" / "avrcase"
CLOCK_MODULE = SRC / "services" / "clock.py"
#: Reads of the wall clock: Python's, Qt's, and SQL's. Durations (monotonic, perf_counter) are fine.
WALL_CLOCK = re.compile(
    r"\b(?:date|datetime)\.(?:today|now|utcnow)\(|\btime\.(?:time|localtime|gmtime|ctime|strftime)\("
    r"|\bQDate(?:Time)?\.current|\bQTime\.current|func\.(?:now|current_date|current_timestamp)\b"
    r"|CURRENT_(?:DATE|TIMESTAMP)|\b(?:date|datetime)\('now'")


def test_nothing_in_src_reads_the_wall_clock_but_the_clock_module():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == CLOCK_MODULE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if WALL_CLOCK.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_pattern_catches_what_it_is_meant_to_catch():
    for line in ("x = dt.date.today()", "datetime.now(tz)", "dt.datetime.utcnow()", "time.time()",
                 "QDate.currentDate()", "QDateTime.currentDateTime()", "func.now()", "SELECT CURRENT_DATE"):
        assert WALL_CLOCK.search(line), line
    for line in ("time.monotonic()", "time.perf_counter()", "clock.now()", "clock_of(session).today()"):
        assert not WALL_CLOCK.search(line), line


def test_the_system_clock_gives_an_aware_utc_instant():
    now = SystemClock().now()
    assert now.tzinfo is not None and now.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(("instant", "zone", "day"), [
    # New year in Vilnius while it is still the old year in UTC.
    (dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.timezone.utc), "Europe/Vilnius", dt.date(2027, 1, 1)),
    (dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.timezone.utc), "America/New_York", dt.date(2026, 12, 31)),
    # 03:30 on 28 March 2027 does not exist in Vilnius (clocks jump from 03:00 to 04:00).
    (dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.timezone.utc), "Europe/Vilnius", dt.date(2027, 3, 28)),
    (dt.datetime(2028, 2, 29, 23, 59, tzinfo=dt.timezone.utc), "Europe/London", dt.date(2028, 2, 29)),
])
def test_today_is_the_day_in_the_clocks_zone(instant, zone, day):
    assert FixedClock(instant, zone).today() == day


def test_a_fixed_clock_stands_still_until_moved():
    clock = FixedClock(dt.datetime(2027, 10, 31, 3, 30), "Europe/Vilnius")  # naive: wall time in the zone
    assert clock.now() == clock.now()
    assert clock.now().tzinfo == dt.timezone.utc
    clock.advance(dt.timedelta(hours=2))
    assert clock.local_now().hour in (4, 5)  # the hour that happens twice
    clock.set(dt.datetime(2030, 6, 15, tzinfo=dt.timezone.utc))
    assert clock.today() == dt.date(2030, 6, 15)


def test_a_unit_of_work_takes_time_from_the_engines_clock(engine, clock):
    with unit_of_work(engine, write=False) as session:
        assert clock_of(session).now() == FIXED_NOW
        assert clock_of(session).today() == FIXED_TODAY
    other = FixedClock(dt.datetime(2031, 1, 2, 12, tzinfo=dt.timezone.utc))
    with unit_of_work(engine, write=False, clock=other) as session:
        assert clock_of(session).today() == dt.date(2031, 1, 2)


def test_stored_timestamps_come_from_the_clock_not_the_wall(engine, clock, make_case):
    clock.set(dt.datetime(2029, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc))
    case = make_case()
    with unit_of_work(engine, write=False) as session:
        row = session.get(Case, case.id)
        assert row.created_at == dt.datetime(2029, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
    assert case.case_number.startswith("VNO-2029-")


def test_today_follows_the_office_time_zone(engine, clock, actor_as):
    from avrcase.domain.codes import StaffRole

    admin = actor_as(StaffRole.ADMINISTRATOR)
    clock.set(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.timezone.utc))
    assert office_clock(engine).today() == dt.date(2027, 1, 1)  # Vilnius, the default
    with unit_of_work(engine) as session:
        profile = office.get_office_profile(session, admin)
        assert profile.time_zone == "Europe/Vilnius"
        office.save_office_profile(session, admin, dataclasses.replace(profile, time_zone="Europe/Lisbon"))
        assert clock_of(session).today() == dt.date(2026, 12, 31)
    assert office_clock(engine).today() == dt.date(2026, 12, 31)


def test_an_unknown_time_zone_is_refused_beside_its_field(engine, actor_as):
    from avrcase.domain.codes import StaffRole

    admin = actor_as(StaffRole.ADMINISTRATOR)
    with unit_of_work(engine) as session:
        profile = office.get_office_profile(session, admin)
        with pytest.raises(ValidationError) as refused:
            office.save_office_profile(session, admin, dataclasses.replace(profile, time_zone="Vilnius/Moon"))
    assert "Vilnius/Moon" in refused.value.errors["time_zone"]
    assert office_clock(engine).zone.key == "Europe/Vilnius"


def test_the_office_profile_read_gives_the_clock_its_zone_without_asking_again(engine, clock, actor_as):
    """A document reads the office profile, then the time: the zone comes with the profile, not from another
    trip to the store (#14), and it is the profile's zone as stored."""
    from sqlalchemy import event

    from avrcase.domain.codes import StaffRole

    admin = actor_as(StaffRole.ADMINISTRATOR)
    with unit_of_work(engine) as session:
        office.save_office_profile(session, admin, dataclasses.replace(
            office.get_office_profile(session, admin), time_zone="America/Lima"))
    clock.set(dt.datetime(2027, 1, 1, 3, 0, tzinfo=dt.timezone.utc))
    asked: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        asked.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        with unit_of_work(engine, write=False) as session:
            office.get_office_profile(session, admin)
            sent = len(asked)
            assert clock_of(session).today() == dt.date(2026, 12, 31)  # Lima is five hours behind
            assert len(asked) == sent
    finally:
        event.remove(engine, "before_cursor_execute", note)
