"""Statistics on a hand-built store: counts per dimension and the Eurostat table."""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.domain.codes import ConsultationMode, LegalStatus, Sex, Vulnerability

from avrcase.domain.errors import ValidationError
from avrcase.domain.stages import Stage, StageMove
from avrcase.services.cases import counselling
from avrcase.services.cases import register as cases
from avrcase.services.cases import stages as case_stages
from avrcase.services.dto import ConsultationForm, VulnerabilityForm
from avrcase.services.statistics import counts as statistics
from avrcase.services.uow import unit_of_work
from avrcase.services.permissions import SYSTEM
from tests.conftest import make_person
from tests.support.clock import FIXED_NOW, FIXED_TODAY
from tests.support.actors import MANAGER

TODAY = FIXED_TODAY
THIS_YEAR = (dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
PATH_TO_DEPARTURE = (Stage.COUNSELLING, Stage.APPLICATION_SIGNED, Stage.ELIGIBILITY_APPROVED,
                     Stage.TRAVEL_PREPARATION, Stage.DEPARTURE_SCHEDULED, Stage.DEPARTED)


def depart(engine, actor, detail):
    """Walk a case through the stages to a confirmed departure (today)."""
    with unit_of_work(engine) as session:
        for stage in PATH_TO_DEPARTURE:
            detail = case_stages.change_stage(session, actor, detail.id, detail.version, StageMove(stage, "test"))
    return detail


@pytest.fixture
def store(engine, actor, make_case):
    """Two departed cases (a GE mother with two children, an IQ man) and two that did not depart."""
    mother = make_case(members=2, vulnerabilities=(VulnerabilityForm(Vulnerability.SINGLE_PARENT_OR_LARGE_FAMILY),),
                       project="AVRR-LT")
    man = make_case(principal=make_person(family_name="Hassan", given_names="Ali", sex=Sex.MALE, citizenship="IQ",
                                          date_of_birth=dt.date(2000, 1, 10), document_number="A1234567",
                                          family_name_original="", given_names_original=""),
                    country_of_return="IQ", final_destination="Erbil", legal_status=LegalStatus.IRREGULAR_MIGRANT)
    make_case(principal=make_person(citizenship="UA", document_number="FE123456"), country_of_return="UA")
    elder = make_case(principal=make_person(sex=Sex.MALE, date_of_birth=dt.date(1950, 2, 2), document_number="14GE00001"))
    depart(engine, actor, mother)
    depart(engine, actor, man)
    with unit_of_work(engine) as session:
        counselling.record_consultation(session, actor, elder.id, ConsultationForm(
            held_at=FIXED_NOW, mode=ConsultationMode.IN_PERSON, notes="Options explained."))
    return engine


def table(engine, measure, *dims, date_from=THIS_YEAR[0], date_to=THIS_YEAR[1], project=None):
    with unit_of_work(engine, write=False) as session:
        return statistics.count(session, MANAGER, statistics.StatisticsQuery(measure, dims, date_from, date_to, project))


def test_returns_count_departed_cases_by_citizenship(store):
    result = table(store, "returns", "citizenship")
    assert dict(result.counts) == {("GE",): 1, ("IQ",): 1}


def test_returnees_count_every_person_of_a_departed_household(store):
    by_sex = table(store, "returnees", "sex")
    assert dict(by_sex.counts) == {("F",): 3, ("M",): 1}
    assert by_sex.categories == (("F", "M", "UNK"),)


def test_age_class_is_taken_on_the_day_of_departure_in_eurostat_coding(store):
    result = table(store, "returnees", "age_class")
    assert dict(result.counts) == {("Y_LT14",): 2, ("Y18-34",): 1, ("Y_GE35",): 1}
    assert result.categories[0] == ("Y_LT14", "Y14-17", "Y18-34", "Y_GE35", "UNK")


def test_cases_registered_by_country_and_stage_and_legal_status(store):
    assert table(store, "cases", "country_of_return").counts == {("GE",): 2, ("IQ",): 1, ("UA",): 1}
    by_stage = table(store, "cases", "stage")
    assert by_stage.counts == {("departed",): 2, ("registered",): 1, ("counselling",): 1}
    assert by_stage.total == 4
    legal = table(store, "cases", "legal_status")
    assert legal.counts[("irregular_migrant",)] == 1


def test_periods_cover_the_whole_range_even_without_returns(store):
    result = table(store, "returns", "month")
    assert len(result.categories[0]) == 12
    assert result.counts == {(f"{TODAY.year}-{TODAY.month:02d}",): 2}
    quarter = table(store, "returns", "quarter", "year")
    assert quarter.counts == {(f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}", str(TODAY.year)): 2}
    last_year = table(store, "returns", "citizenship", date_from=dt.date(TODAY.year - 1, 1, 1),
                      date_to=dt.date(TODAY.year - 1, 12, 31))
    assert last_year.total == 0


def test_vulnerability_project_and_referral_dimensions(store):
    vulnerable = table(store, "returns", "vulnerability")
    assert vulnerable.counts == {("single_parent_large_family",): 1, ("none",): 1}
    assert table(store, "returnees", "project").counts == {("AVRR-LT",): 3, ("",): 1}
    assert table(store, "returnees", "citizenship", project="AVRR-LT").counts == {("GE",): 3}
    assert table(store, "cases", "referral_source").counts == {("migration_department",): 4}


def test_consultations_and_a_two_way_table(store):
    assert table(store, "consultations", "sex").counts == {("M",): 1}
    cross = table(store, "returnees", "citizenship", "sex")
    assert cross.counts == {("GE", "F"): 3, ("IQ", "M"): 1}


@pytest.mark.parametrize(("measure", "dims"), [("returns", ("planet",)), ("sales", ("sex",)), ("returns", ("sex", "sex"))])
def test_unknown_or_repeated_names_are_refused(engine, measure, dims):
    with pytest.raises(ValidationError):
        table(engine, measure, *dims)


def test_the_same_statistics_on_postgresql(pg_engine):
    """Month codes and ages at departure are dialect-specific SQL; PostgreSQL gives the same counts."""
    from avrcase.domain.codes import StaffRole
    from avrcase.services.accounts import users
    from tests.conftest import make_case_form

    with unit_of_work(pg_engine) as session:
        actor = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "Rūta", StaffRole.COUNSELLOR).id)
        detail = cases.register_case(session, actor, make_case_form(members=1))
    depart(pg_engine, actor, detail)
    assert table(pg_engine, "returnees", "age_class", "month").counts == {
        ("Y_GE35", f"{TODAY.year}-{TODAY.month:02d}"): 1, ("Y_LT14", f"{TODAY.year}-{TODAY.month:02d}"): 1}
    assert table(pg_engine, "returns", "vulnerability", "quarter").total == 1
    assert table(pg_engine, "cases", "age_class", "year").counts == {("Y_GE35", str(TODAY.year)): 1}


@pytest.mark.parametrize("dims", [("citizenship",), ("sex", "age_class"), ("month",)])
def test_a_released_table_is_counted_once_and_is_the_same_table(store, dims):
    """``count_for_release`` (the ``stats`` command, #14): the table equals ``count``'s, and protecting it in
    the same unit of work counts no more (the finer table by month is reused)."""
    from sqlalchemy import event

    from avrcase.domain.disclosure import DisclosureRule
    from avrcase.services.statistics import release

    query = statistics.StatisticsQuery("returnees", dims, *THIS_YEAR)
    expected = table(store, "returnees", *dims)
    counted: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "GROUP BY" in statement.upper():
            counted.append(statement)

    event.listen(store, "before_cursor_execute", note)
    try:
        with unit_of_work(store) as session:
            released = release.count_for_release(session, MANAGER, query)
            assert (released.categories, dict(released.counts)) == (expected.categories, dict(expected.counts))
            release.protect_release(session, MANAGER, [released], DisclosureRule(), kind="table", titles=["t"])
    finally:
        event.remove(store, "before_cursor_execute", note)
    assert len(counted) == (2 if "month" in dims else 1)  # a table by month is counted as before


@pytest.mark.parametrize(("measure", "dims", "project", "joined", "case_joins"), [
    ("returnees", ("age_class", "sex", "citizenship"), None, {"persons"}, 0),
    ("returns", ("month", "country_of_return"), None, {"cases"}, 1),
    ("cases", ("stage", "vulnerability"), None, set(), 0),
    ("returnees", ("month",), None, set(), 0),
    ("returnees", ("citizenship",), "AVRR-LT", {"cases", "persons"}, 1),
])
def test_a_table_joins_the_case_and_the_person_only_when_it_reads_them(store, measure, dims, project, joined,
                                                                       case_joins):
    """The dashboard's tables (#14, #22): joining every unit's case and person costs a hash of each whole
    table; a table by the person's age, sex and citizenship reads no case, one by month and country no person
    and the cases once (not once more for the principal), a table of cases reads each case once (not joined back
    to itself). The counts are those of joining both (every unit's case and person exist)."""
    from sqlalchemy import event

    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    event.listen(store, "before_cursor_execute", note)
    try:
        counted = table(store, measure, *dims, project=project)
    finally:
        event.remove(store, "before_cursor_execute", note)
    [statement] = [s for s in statements if "GROUP BY labelled" in s]
    found = {name for name, key in (("cases", "case_id"), ("persons", "person_id"))
             if f"JOIN {name} ON {name}.id = units.{key}" in statement}
    assert found == joined
    assert statement.count("JOIN cases ") == case_joins
    expected = {("returnees", ("month",)): 4, ("returns", ("month", "country_of_return")): 2,
                ("cases", ("stage", "vulnerability")): 4}
    assert counted.total == expected.get((measure, dims), 3 if project else 4)
