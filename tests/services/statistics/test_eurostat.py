"""Eurostat's transmission files: who counts, a test per field, an independent recount from the store."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from avrcase.domain.errors import ValidationError
from sqlalchemy import select

from avrcase.domain import eurostat as codes
from avrcase.domain.codes import LegalStatus, Sex
from avrcase.domain.disclosure import TOTAL, DisclosureRule
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import eurostat
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, Itinerary, ItineraryTraveller, Person
from tests.conftest import make_person
from tests.services.statistics.test_statistics import depart
from tests.support.actors import MANAGER
from tests.support.clock import FIXED_TODAY

YEAR = FIXED_TODAY.year
DECISION = dict(return_decision_number="RD-1", return_decision_date=dt.date(YEAR, 1, 5))


def left(engine, detail, day, *, travellers=None):
    """Record the itinerary of a case with a departure on ``day`` (all members travel unless told)."""
    with unit_of_work(engine) as session:
        case = session.get(Case, detail.id)
        people = [m.person_id for m in case.members] if travellers is None else travellers(case)
        session.add(Itinerary(case_id=case.id, departed_on=day,
                              travellers=[ItineraryTraveller(person_id=p, position=i) for i, p in enumerate(people)]))


@pytest.fixture
def returns(engine, actor, make_case):
    """Returns of the year: who counts and who does not, departures on days apart from the stage change."""
    mother = make_case(members=2, **DECISION)  # GE, 3 people, one child stays behind
    depart(engine, actor, mother)
    left(engine, mother, dt.date(YEAR, 2, 10), travellers=lambda c: [m.person_id for m in c.members][:2])
    man = make_case(principal=make_person(family_name="Hassan", given_names="Ali", sex=Sex.MALE, citizenship="IQ",
                                          date_of_birth=dt.date(2000, 1, 10), document_number="A1234567",
                                          family_name_original="", given_names_original=""),
                    country_of_return="IQ", legal_status=LegalStatus.IRREGULAR_MIGRANT, **DECISION)
    depart(engine, actor, man)
    left(engine, man, dt.date(YEAR, 8, 1))
    stateless = make_case(principal=make_person(citizenship="XX", document_number="XX0000001", sex=Sex.UNKNOWN),
                          country_of_return="GR", **DECISION)
    left(engine, stateless, dt.date(YEAR, 11, 30))
    # Not counted: an EU citizen, a Swiss citizen, protection status, no return decision, left last year.
    for i, (citizenship, extra) in enumerate([("FR", DECISION), ("CH", DECISION),
                                              ("AF", dict(DECISION, legal_status=LegalStatus.PROTECTION_STATUS)),
                                              ("AM", {}), ("UA", DECISION)]):
        other = make_case(principal=make_person(citizenship=citizenship, document_number=f"ZZ000000{i}"), **extra)
        left(engine, other, dt.date(YEAR - 1, 12, 31) if citizenship == "UA" else dt.date(YEAR, 3, 3))
    return engine


def file_of(engine, dataflow=codes.EIRTN):
    with unit_of_work(engine, write=False) as session:
        return eurostat.transmission(session, MANAGER, YEAR, dataflow)


def observations(file):
    return {tuple(r[1:9]): r[9] for r in file.rows}


def test_only_third_country_nationals_ordered_to_leave_by_the_day_they_left(returns):
    values = observations(file_of(returns))
    total = ("A", "PER", "TOTAL", "T", "TOTAL", "TOTAL", "LT", str(YEAR))
    assert values[total] == "4"  # 2 of the GE household, the IQ man, the stateless person
    assert values[("Q", "PER", "GE", "T", "TOTAL", "TOTAL", "LT", f"{YEAR}-Q1")] == "2"
    assert values[("Q", "PER", "IQ", "M", "Y18-34", "IQ", "LT", f"{YEAR}-Q3")] == "1"
    assert values[("Q", "PER", "UNK", "UNK", "Y_GE35", "EL", "LT", f"{YEAR}-Q4")] == "1"
    assert values[("Q", "PER", "TOTAL", "T", "TOTAL", "TOTAL", "LT", f"{YEAR}-Q2")] == "0"
    assert not {"FR", "CH", "AF", "AM", "UA"} & {key[2] for key in values}


@pytest.mark.parametrize("dataflow", codes.DATAFLOWS)
def test_every_field_has_eurostat_codes(returns, dataflow):
    file = file_of(returns, dataflow)
    assert file.header == ("DATAFLOW", "freq", "unit", "citizen", "sex", "age", codes.EXTRA_DIMENSION[dataflow][0],
                           "geo", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG")
    extra = codes.EXTRA_DIMENSION[dataflow][1]
    for row in file.rows:
        flow, freq, unit, citizen, sex, age, fourth, geo, period, value, flag = row
        assert flow == f"ESTAT:{dataflow}(1.0)"
        assert freq in ("A", "Q") and unit == "PER" and geo == "LT"
        assert re.fullmatch(r"[A-Z]{2}|STLS|UNK|TOTAL", citizen) and citizen not in codes.EU_EEA_CH | {"GR"}
        assert sex in ("F", "M", "T", "UNK")
        assert age in (*codes.AGES, "TOTAL")
        assert (re.fullmatch(r"[A-Z]{2}|UNK|TOTAL", fourth) if extra is None else fourth in (*extra, "TOTAL"))
        assert re.fullmatch(rf"{YEAR}" if freq == "A" else rf"{YEAR}-Q[1-4]", period)
        assert value.isdigit() and flag == ""  # exact: never suppressed, never rounded
    assert len({row[1:9] for row in file.rows}) == len(file.rows)


def test_type_of_return_and_assistance(returns):
    vol = observations(file_of(returns, codes.EIRT_VOL))
    assert vol[("A", "PER", "TOTAL", "T", "TOTAL", "VOL", "LT", str(YEAR))] == "4"
    assert vol[("A", "PER", "TOTAL", "T", "TOTAL", "ENF", "LT", str(YEAR))] == "0"
    ass = observations(file_of(returns, codes.EIRT_ASS))
    assert ass[("A", "PER", "TOTAL", "T", "TOTAL", "ASS", "LT", str(YEAR))] == "4"
    assert ass[("A", "PER", "TOTAL", "T", "TOTAL", "NASS", "LT", str(YEAR))] == "0"


def test_figures_equal_an_independent_recount(returns):
    """Recount from the rows themselves (no app SQL): every citizenship × quarter total matches."""
    expected: Counter = Counter()
    with unit_of_work(returns, write=False) as session:
        for day, citizenship, status, number, decided in session.execute(
                select(Itinerary.departed_on, Person.citizenship, Case.legal_status, Case.return_decision_number,
                       Case.return_decision_date)
                .join(ItineraryTraveller, ItineraryTraveller.itinerary_id == Itinerary.id)
                .join(Person, Person.id == ItineraryTraveller.person_id).join(Case, Case.id == Itinerary.case_id)):
            if (day and day.year == YEAR and (number or decided) and status != "protection_status"
                    and citizenship not in codes.EU_EEA_CH):
                q = f"{YEAR}-Q{(day.month - 1) // 3 + 1}"
                code = codes.country(citizenship)
                for c in (code, "TOTAL"):
                    expected[(c, q)] += 1
                    expected[(c, str(YEAR))] += 1
    got = {(r[3], r[8]): int(r[9]) for r in file_of(returns).rows
           if r[4] == "T" and r[5] == "TOTAL" and r[6] == "TOTAL"}
    assert {k: v for k, v in got.items() if v} == dict(expected)


def test_the_publication_table_is_protected(returns):
    with unit_of_work(returns, write=False) as session:
        table = statistics.eurostat_returns(session, MANAGER, YEAR)
    assert table.total == 4
    protected = statistics.protect_table(table, DisclosureRule(3))
    assert protected.text(("IQ", "M", "Y18-34")) == "c"
    assert protected.text((TOTAL, TOTAL, TOTAL)) == "4"


def test_a_reporting_country_is_needed(returns):
    with unit_of_work(returns, write=False) as session:
        assert eurostat.transmission(session, MANAGER, YEAR, geo="gr").rows[0][7] == "EL"


@pytest.mark.parametrize("geo", ["XX", "ZZ", "EU", "LTU", "1T"])
def test_a_reporting_country_that_is_no_country_is_refused(returns, geo):
    """"XX" went out as UNK and "ZZ" as it was; "LTU" was told to give --geo, which it had."""
    with unit_of_work(returns, write=False) as session, pytest.raises(ValidationError) as refused:
        eurostat.transmission(session, MANAGER, YEAR, geo=geo)
    assert refused.value.errors == {"geo": f"“{geo}” is not a two-letter country code such as LT."}


def test_on_the_demo_store_only_returns_following_an_order_to_leave_count(engine):
    """The demo's departures include people with no return decision or with protection: not in the file."""
    from avrcase.services.demo.generate import generate_demo
    from avrcase.services.permissions import SYSTEM

    year = YEAR - 1
    with unit_of_work(engine) as session:
        generate_demo(session, cases=300, seed=5, today=FIXED_TODAY, actor=SYSTEM)
    with unit_of_work(engine, write=False) as session:
        file = eurostat.transmission(session, MANAGER, year)
        departed = session.execute(
            select(Person.citizenship, Case.legal_status, Case.return_decision_number, Case.return_decision_date)
            .select_from(Itinerary).join(ItineraryTraveller, ItineraryTraveller.itinerary_id == Itinerary.id)
            .join(Person, Person.id == ItineraryTraveller.person_id).join(Case, Case.id == Itinerary.case_id)
            .where(Itinerary.departed_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))).all()
    ordered = [d for d in departed if (d[2] or d[3]) and d[1] != "protection_status" and d[0] not in codes.EU_EEA_CH]
    assert 0 < len(ordered) < len(departed)
    assert file.total == len(ordered)
    quarters = sum(int(r[9]) for r in file.rows if r[1] == "Q" and r[3] == "TOTAL" and r[4] == "T"
                   and r[5] == "TOTAL" and r[6] == "TOTAL")
    assert quarters == file.total
