"""Returnees, and the ordered returns among them, released by the same dimension: each table was protected alone
(and linked only with earlier releases of its own measure), so a returnees figure less the ordered returns beside
it gave the returnees not ordered to leave away, however few. Now the two measures are protected together."""

from __future__ import annotations

import datetime as dt

from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import DisclosureRule
from avrcase.domain.release import SUBSET
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import report as statistics_report
from avrcase.services.statistics.counts import StatisticsQuery
from avrcase.services.uow import unit_of_work
from tests.services.statistics.test_release_intruder import YEAR_DAYS, demo_year

RULE = DisclosureRule(5)


def _small_differences(wide, narrow) -> list[tuple[tuple[str, ...], int]]:
    """The figures a reader gets by subtracting the ordered returns from the returnees beside them."""
    found = []
    for key in narrow.keys():
        if key in wide.status and wide.shown(key) is not None and narrow.shown(key) is not None:
            difference = wide.shown(key) - narrow.shown(key)
            if 1 <= difference < RULE.min_cell:
                found.append((key, difference))
    return found


def _alone(session, manager, measure, dims) -> object:
    return statistics.protect_table(statistics.count(session, manager, StatisticsQuery(measure, dims, *YEAR_DAYS)),
                                    RULE)


def test_returnees_and_ordered_returns_by_citizenship_cannot_be_differenced(engine, actor_as, store_templates,
                                                                            tmp_path):
    demo_year(engine, store_templates)
    manager = actor_as(StaffRole.MANAGER, "head-of-office")
    dims = ("citizenship",)
    with unit_of_work(engine, write=False) as session:
        # Protected one by one (as before), the two tables gave small differences away in this store.
        assert _small_differences(_alone(session, manager, "returnees", dims),
                                  _alone(session, manager, "ordered_returns", dims))
        # The returnees counted with the attribute: its "1" units are exactly the ordered returns.
        flagged = statistics.count(session, manager, StatisticsQuery("returnees", (*dims, SUBSET), *YEAR_DAYS))
        ordered = statistics.count(session, manager, StatisticsQuery("ordered_returns", dims, *YEAR_DAYS))
        assert {key[:1]: n for key, n in flagged.counts.items() if key[1] == "1"} == dict(ordered.counts)
        from avrcase.services.statistics import release

        for measure in ("ordered_returns", "returnees"):  # counted for a release through the returnees, the same
            alone = statistics.count(session, manager, StatisticsQuery(measure, dims, *YEAR_DAYS))
            released = release.count_for_release(session, manager, alone.query)
            assert (released.query, released.categories, dict(released.counts)) == (
                alone.query, alone.categories, dict(alone.counts))
    published = []
    for n, measure in enumerate(("returnees", "ordered_returns")):  # two releases, one after the other
        with unit_of_work(engine) as session:
            table = statistics.count(session, manager, StatisticsQuery(measure, dims, *YEAR_DAYS))
            published.append(statistics_report.write_table(session, manager, table, RULE, tmp_path / f"t{n}.csv",
                                                           "csv", measure))
    assert _small_differences(*published) == []
    with unit_of_work(engine) as session:  # the other way round, in one report of both
        tables = [statistics.count(session, manager, StatisticsQuery(m, dims, dt.date(2025, 1, 1), dt.date(2025, 6, 30)))
                  for m in ("ordered_returns", "returnees")]
        narrow, wide = (r.protected for r in release.protect_release(session, manager, tables, RULE, kind="report",
                                                                     titles=["ordered", "returnees"]))
    assert _small_differences(wide, narrow) == []


def test_the_returnees_counted_with_the_ordered_attribute_on_postgresql(pg_engine):
    """The attribute is an ``EXISTS`` inside a ``CASE`` that the count groups by: PostgreSQL counts it alike."""
    from avrcase.services.accounts import users
    from avrcase.services.cases import register as cases
    from avrcase.services.permissions import SYSTEM
    from tests.conftest import make_case_form
    from tests.services.statistics.test_statistics import MANAGER, THIS_YEAR, depart

    with unit_of_work(pg_engine) as session:
        actor = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "Rūta", StaffRole.COUNSELLOR).id)
        detail = cases.register_case(session, actor, make_case_form(members=1))
    depart(pg_engine, actor, detail)
    with unit_of_work(pg_engine, write=False) as session:
        flagged = statistics.count(session, MANAGER, StatisticsQuery("returnees", ("citizenship", SUBSET), *THIS_YEAR))
        ordered = statistics.count(session, MANAGER, StatisticsQuery("ordered_returns", ("citizenship",), *THIS_YEAR))
        returnees = statistics.count(session, MANAGER, StatisticsQuery("returnees", ("citizenship",), *THIS_YEAR))
    assert sum(flagged.counts.values()) == returnees.total == 2
    assert {key[:1]: n for key, n in flagged.counts.items() if key[1] == "1"} == dict(ordered.counts)
