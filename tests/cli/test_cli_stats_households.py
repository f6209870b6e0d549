"""``avrcase stats`` protects households, not only persons: a count of returnees (or of consultations) has the
case as its contributor, so five people of one family are one contributor, not five."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import create_engine, select, update

from avrcase.domain.codes import CaseKind, ConsultationMode, Relationship, StaffRole
from avrcase.services.cases import counselling
from avrcase.services.cases import register as case_service
from avrcase.services.dto import ConsultationForm, MemberForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import StageChange, StatisticsRelease
from tests.cli.test_cli_stats import rows_of, run
from tests.conftest import letters, make_case_form, make_person
from tests.services.statistics.test_statistics import depart
from tests.support.clock import FIXED_NOW

#: The quarter of the test clock's day (2026-12-04), when the cases depart.
QUARTER = ["--from", "2026-10-01", "--to", "2026-12-31"]


@pytest.fixture(autouse=True)
def as_manager(actor_as, monkeypatch):
    actor_as(StaffRole.MANAGER, "manager")
    monkeypatch.setenv("AVRCASE_USER", "manager")


@pytest.fixture
def new_case(engine, actor):
    """Register a case of ``size`` people (a mother and her children), all of ``citizenship``."""
    serial = iter(range(100_000))

    def person(citizenship, **overrides):
        return make_person(citizenship=citizenship, document_number=f"HH{next(serial):07d}",
                           document_issuing_country=citizenship, **overrides)

    def _new(citizenship: str, size: int = 1):
        members = tuple(MemberForm(person(citizenship, given_names=f"Child {letters(i)}", given_names_original="",
                                          date_of_birth=dt.date(2012 + i, 3, 1)), Relationship.CHILD)
                        for i in range(size - 1))
        form = dataclasses.replace(make_case_form(principal=person(citizenship), country_of_return="GE"),
                                   members=members, kind=CaseKind.HOUSEHOLD if members else CaseKind.INDIVIDUAL)
        with unit_of_work(engine, actor=actor) as session:
            return case_service.register_case(session, actor, form)

    return _new


def stats(capsys, db_path, out_file, *argv):
    code, out, err = run(capsys, "stats", *argv, "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, ""), err
    return {row[0]: row[1:] for row in rows_of(out_file)[1:]}, out


def releases(db_path) -> list[StatisticsRelease]:
    with create_engine(f"sqlite:///{db_path}").connect() as connection:
        return list(connection.execute(select(StatisticsRelease).order_by(StatisticsRelease.id)))


def departed_on(engine, case_id: int, day: dt.date) -> None:
    """Move a case's departure (by hand: no itinerary) to ``day``."""
    with unit_of_work(engine) as session:
        session.execute(update(StageChange).where(StageChange.case_id == case_id, StageChange.to_stage == "departed")
                        .values(changed_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.timezone.utc)))


@pytest.fixture
def others(engine, actor, new_case):
    """Twelve one-person cases of Georgia and ten of Ukraine that leave in the quarter: the common rows."""
    for citizenship, n in (("GE", 12), ("UA", 10)):
        for _ in range(n):
            depart(engine, actor, new_case(citizenship))


def test_five_returnees_of_one_household_are_suppressed(capsys, engine, actor, new_case, others, db_path, tmp_path):
    depart(engine, actor, new_case("MD", size=5))  # one Moldovan family of five
    table, out = stats(capsys, db_path, tmp_path / "r.csv", *QUARTER, "--by", "citizenship", "--measure", "returnees")
    assert table["MD"] == ["c"]  # five people, but one family: anyone who knows it learns it returned
    assert table["TOTAL"] == ["27"] and "27 counted" in out
    assert "c" in table["GE"] + table["UA"]  # and MD cannot be worked out from the total
    (release,) = releases(db_path)
    assert ["MD"] in json.loads(release.hidden) and release.measure == "returnees"


def test_five_separate_returnees_are_shown(capsys, engine, actor, new_case, others, db_path, tmp_path):
    for _ in range(5):
        depart(engine, actor, new_case("MD"))
    table, _out = stats(capsys, db_path, tmp_path / "r.csv", *QUARTER, "--by", "citizenship", "--measure", "returnees")
    assert table == {"GE": ["12"], "MD": ["5"], "UA": ["10"], "TOTAL": ["27"]}
    (release,) = releases(db_path)
    assert json.loads(release.hidden) == []


def test_a_household_given_away_by_two_releases_is_suppressed(capsys, engine, actor, new_case, others,
                                                              db_path, tmp_path):
    """The year and its first eleven months, released one after the other, give December by difference:
    five Moldovans who are one family must not be worked out that way."""
    for _ in range(5):  # five Moldovans alone, in June
        departed_on(engine, depart(engine, actor, new_case("MD")).id, dt.date(2026, 6, 15))
    for _ in range(6):  # and some Georgians and Ukrainians
        departed_on(engine, depart(engine, actor, new_case("GE")).id, dt.date(2026, 6, 15))
        departed_on(engine, depart(engine, actor, new_case("UA")).id, dt.date(2026, 7, 15))
    depart(engine, actor, new_case("MD", size=5))  # the family leaves in December
    year, _out = stats(capsys, db_path, tmp_path / "y.csv", "--from", "2026-01-01", "--to", "2026-12-31",
                       "--by", "citizenship", "--measure", "returnees")
    assert year["MD"] == ["10"]  # six households
    eleven, _out = stats(capsys, db_path, tmp_path / "e.csv", "--from", "2026-01-01", "--to", "2026-11-30",
                         "--by", "citizenship", "--measure", "returnees")
    assert eleven["MD"] == ["c"]  # 10 − 5 would be December's family
    assert eleven["TOTAL"] == ["c"] or "c" in eleven["GE"] + eleven["UA"]
    first, second = releases(db_path)
    assert (first.date_to, second.date_to) == (dt.date(2026, 12, 31), dt.date(2026, 11, 30))
    assert ["MD"] in json.loads(second.hidden)


def test_six_consultations_of_one_case_are_suppressed(capsys, engine, actor, new_case, db_path, tmp_path):
    cases = {"MD": [new_case("MD")], "GE": [new_case("GE") for _ in range(6)], "UA": [new_case("UA") for _ in range(6)]}
    with unit_of_work(engine) as session:
        for citizenship, listed in cases.items():
            for i in range(6):  # six sessions: of one Moldovan, of six Georgians, of six Ukrainians
                case = listed[i % len(listed)]
                counselling.record_consultation(session, actor, case.id, ConsultationForm(
                    held_at=FIXED_NOW - dt.timedelta(hours=i), mode=ConsultationMode.IN_PERSON, notes="Options explained."))
    table, _out = stats(capsys, db_path, tmp_path / "c.csv", *QUARTER, "--by", "citizenship",
                        "--measure", "consultations")
    assert table["MD"] == ["c"] and table["TOTAL"] == ["18"]
    assert "c" in table["GE"] + table["UA"]


def test_the_anonymised_file_counts_households(capsys, engine, actor, new_case, others, db_path, tmp_path,
                                               monkeypatch):
    """The record-level export already groups by households (cases): a family of five is left out whole."""
    monkeypatch.setenv("AVRCASE_EXPORT_SECRET_FILE", str(tmp_path / "secret"))
    depart(engine, actor, new_case("MD", size=5))
    out_file = tmp_path / "records.csv"
    code, out, err = run(capsys, "export-anonymised", *QUARTER, "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, ""), err
    rows = rows_of(out_file)[1:]
    assert rows and not [row for row in rows if row[1] == "MD"]  # no class of five records of one family
    assert "at least 5 households" in out
