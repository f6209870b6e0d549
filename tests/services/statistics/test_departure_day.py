"""Returns and returnees are counted on the recorded day of departure, by who travelled (#20).

The stage change to "departed" is written when staff confirm the departure, often days later and
sometimes in another month or year; the statistics follow the day the people left.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from avrcase.domain.codes import Sex, StaffRole
from avrcase.services.cases import case_file
from avrcase.services.statistics import figures
from tests.conftest import make_person
from tests.services.statistics.test_eurostat import left
from tests.services.statistics.test_statistics import depart, table
from tests.support.actors import MANAGER
from tests.support.clock import FIXED_TODAY
from avrcase.services.uow import unit_of_work

YEAR = FIXED_TODAY.year
LAST_YEAR = (dt.date(YEAR - 1, 1, 1), dt.date(YEAR - 1, 12, 31))
THIS_YEAR = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))


@pytest.fixture
def store(engine, actor, make_case):
    """A family of three that left on 30 December of last year (confirmed today), the father staying;
    a man moved to "departed" by hand today with no itinerary; a woman who never left."""
    family = make_case(members=2, registered_on=dt.date(YEAR - 1, 12, 1))
    depart(engine, actor, family)  # the stage change is today
    left(engine, family, dt.date(YEAR - 1, 12, 30), travellers=lambda c: [m.person_id for m in c.members][:2])
    man = make_case(principal=make_person(sex=Sex.MALE, citizenship="IQ", document_number="A7654321",
                                          family_name="Hassan", given_names="Ali",
                                          family_name_original="", given_names_original=""),
                    country_of_return="IQ")
    depart(engine, actor, man)
    make_case(principal=make_person(citizenship="UA", document_number="FE123457"), country_of_return="UA")
    return engine


def test_a_return_counts_in_the_period_of_the_day_people_left_not_of_the_confirmation(store):
    assert table(store, "returns", "citizenship", date_from=LAST_YEAR[0], date_to=LAST_YEAR[1]).counts == {("GE",): 1}
    # This year holds only the case moved by hand (no recorded departure: its stage change day counts).
    assert table(store, "returns", "citizenship", date_from=THIS_YEAR[0], date_to=THIS_YEAR[1]).counts == {("IQ",): 1}


def test_the_month_of_a_return_is_the_month_of_departure(store):
    counts = table(store, "returns", "month", date_from=LAST_YEAR[0], date_to=THIS_YEAR[1]).counts
    assert counts[(f"{YEAR - 1}-12",)] == 1
    assert sum(counts.values()) == 2


def test_returnees_are_the_travellers_of_the_confirmed_itinerary(store):
    last_year = table(store, "returnees", "sex", date_from=LAST_YEAR[0], date_to=LAST_YEAR[1])
    assert last_year.total == 2  # the household has three people; one stayed behind
    this_year = table(store, "returnees", "sex", date_from=THIS_YEAR[0], date_to=THIS_YEAR[1])
    assert dict(this_year.counts) == {("M",): 1}  # no itinerary: every member of the household


def test_a_confirmed_itinerary_without_travellers_counts_the_household(engine, actor, make_case):
    case = make_case(members=1)
    depart(engine, actor, case)
    left(engine, case, dt.date(YEAR, 1, 2), travellers=lambda c: [])
    assert table(engine, "returnees", "sex", date_from=THIS_YEAR[0], date_to=THIS_YEAR[1]).total == 2
    assert table(engine, "returns", "sex", date_from=dt.date(YEAR, 1, 2), date_to=dt.date(YEAR, 1, 2)).total == 1


def test_age_at_departure_is_taken_on_the_day_people_left(engine, actor, make_case):
    # Turns 18 on 1 January: left on 31 December as a minor, though confirmed as an adult.
    born = dt.date(YEAR - 18, 1, 1)
    case = make_case(principal=make_person(date_of_birth=born, document_number="14GE00042"))
    depart(engine, actor, case)
    left(engine, case, dt.date(YEAR - 1, 12, 31))
    assert table(engine, "returnees", "age_class", date_from=LAST_YEAR[0], date_to=LAST_YEAR[1]).counts == {
        ("Y14-17",): 1}


def test_days_to_departure_run_to_the_recorded_day(store):
    with unit_of_work(store, write=False) as session:
        found = figures.days_to_departure(session, MANAGER, *LAST_YEAR)
    assert found is not None and found.n == 1
    assert found.median == 29  # registered 1 December, left 30 December


def test_the_same_departure_days_on_postgresql(pg_engine):
    from avrcase.domain.codes import StaffRole
    from avrcase.services.accounts import users
    from avrcase.services.cases import register as cases
    from avrcase.services.permissions import SYSTEM
    from tests.conftest import make_case_form

    with unit_of_work(pg_engine) as session:
        actor = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "Rūta",
                                                          StaffRole.COUNSELLOR).id)
        family = cases.register_case(session, actor, make_case_form(members=1))
        alone = cases.register_case(session, actor, make_case_form(members=0))
    depart(pg_engine, actor, family)
    left(pg_engine, family, dt.date(YEAR - 1, 12, 30), travellers=lambda c: [c.principal_id])
    depart(pg_engine, actor, alone)
    assert table(pg_engine, "returns", "month", date_from=LAST_YEAR[0], date_to=THIS_YEAR[1]).counts == {
        (f"{YEAR - 1}-12",): 1, (f"{FIXED_TODAY.year}-{FIXED_TODAY.month:02d}",): 1}
    assert table(pg_engine, "returnees", "sex", date_from=LAST_YEAR[0], date_to=LAST_YEAR[1]).total == 1


def test_days_to_departure_of_a_case_moved_by_hand_run_to_the_day_of_the_move(store):
    with unit_of_work(store, write=False) as session:
        found = figures.days_to_departure(session, MANAGER, *THIS_YEAR)
    assert found is not None and found.n == 1
    assert found.median == 0  # registered today (the fixture's clock) and moved to "departed" today


def test_days_to_departure_follow_the_project_finance_assigned(engine, actor, actor_as, make_case):
    """The dashboard's project filter counts a case under the project finance assigned it to: the days figure
    read the name written on the case when it was assigned, so after the project was renamed its returns were
    counted under the new name and their days under none."""
    import dataclasses

    from avrcase.services.finance import projects
    from tests.support.finance import assign, make_project

    case = make_case(registered_on=dt.date(YEAR - 1, 12, 1))
    manager = actor_as(StaffRole.MANAGER)
    made = make_project(engine, manager, name="Return Home")
    assign(engine, manager, case.id, made.id)
    with unit_of_work(engine) as session:
        projects.update_project(session, manager, made.id, made.version,
                                dataclasses.replace(made.form, name="Return Home 2025–2027"))
        case = case_file.get_case(session, actor, case.id)
    depart(engine, actor, case)
    left(engine, case, dt.date(YEAR - 1, 12, 11))
    with unit_of_work(engine, write=False) as session:
        found = figures.days_to_departure(session, MANAGER, *LAST_YEAR, "Return Home 2025–2027")
    assert table(engine, "returns", "year", date_from=LAST_YEAR[0], date_to=LAST_YEAR[1],
                 project="Return Home 2025–2027").total == 1
    assert found is not None and (found.n, found.median) == (1, 10)


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
def test_days_to_departure_equal_the_days_counted_case_by_case(store_kind, request):
    """Counted by number of days in SQL (#14), the quartiles are those of every departure's own days."""
    from sqlalchemy import select

    from avrcase.services.demo.generate import generate_demo
    from avrcase.services.permissions import SYSTEM
    from avrcase.services.statistics.measures import departure_days
    from avrcase.services.statistics.figures import quartiles
    from avrcase.store.models import Case

    engine = request.getfixturevalue("engine" if store_kind == "sqlite" else "pg_engine")
    with unit_of_work(engine) as session:
        generate_demo(session, cases=250, seed=11, actor=SYSTEM)
    period = (dt.date(YEAR - 3, 1, 1), FIXED_TODAY)
    with unit_of_work(engine, write=False) as session:
        departed = departure_days(*period).subquery()
        days = []
        for registered_on, day in session.execute(select(Case.registered_on, departed.c.day)
                                                  .join(departed, departed.c.case_id == Case.id)):
            day = dt.date.fromisoformat(day) if isinstance(day, str) else day
            days.append(float(max(0, (day - registered_on).days)))
        found = figures.days_to_departure(session, MANAGER, *period)
    assert len(days) > 20 and len(set(days)) > 10
    assert found == quartiles(days)


def test_returns_by_the_case_s_own_column_read_the_cases_once_and_count_as_before(store):
    """The returns by country of return joined ``cases`` in each branch of the departures (for the principal, which
    that count never reads) and again for the country: about a third of ``avrcase stats``' query (#14)."""
    from sqlalchemy import event

    statements: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, *_args):
        statements.append((statement, parameters))

    event.listen(store, "before_cursor_execute", seen)
    try:
        by_country = table(store, "returns", "country_of_return", date_from=LAST_YEAR[0], date_to=THIS_YEAR[1])
    finally:
        event.remove(store, "before_cursor_execute", seen)
    [(counted, parameters)] = [(s, p) for s, p in statements if "GROUP BY" in s]
    with store.connect() as conn:
        plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + counted, parameters)]
    assert len([step for step in plan if re.search(r"\b(cases|departed_case)\b", step)]) == 1, plan
    assert dict(by_country.counts) == {("GE",): 1, ("IQ",): 1}
    # The principal is still the person a count by the person's columns reads.
    assert dict(table(store, "returns", "sex", date_from=LAST_YEAR[0], date_to=THIS_YEAR[1]).counts) == {("F",): 1, ("M",): 1}
