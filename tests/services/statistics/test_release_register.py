"""A table released beside many earlier releases: one count for them all, the same protection as before (#21)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from avrcase.domain import release as domain_release
from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import DisclosureRule, household_margins
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import dashboard
from avrcase.services.statistics import release as statistics_release
from avrcase.services.statistics.counts import StatisticsQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import StatisticsRelease
from tests.services.statistics.test_release_intruder import YEAR_DAYS, demo_2026, demo_year, published_year

HALF_YEAR = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
NEW = StatisticsQuery("returnees", ("quarter", "citizenship", "sex"), *YEAR_DAYS)


@pytest.fixture
def published(engine, actor_as, store_templates, tmp_path):
    return published_year(engine, store_templates, actor_as, tmp_path)


def release_new(engine, manager, sessions: list | None = None) -> list[dict]:
    with unit_of_work(engine) as session:
        if sessions is not None:
            sessions.append(session)
        table = statistics_release.count_for_release(session, manager, NEW)
        released = statistics_release.protect_release(session, manager, [table], DisclosureRule(), kind="table",
                                                      titles=["new"])
        session.rollback()
    return [dict(r.protected.status) for r in released]


def test_the_register_s_tables_taken_from_one_count_are_each_table_counted_again(engine, published):
    with unit_of_work(engine, write=False) as session:
        rows = [r for r in session.scalars(select(StatisticsRelease).order_by(StatisticsRelease.id))
                if r.measure == "returnees" and r.method == statistics_release.METHOD]
        assert len(rows) >= 5
        dims = ["citizenship", "sex", "age_class", "project"]
        units = statistics.count(session, published, StatisticsQuery("returnees", ("month", *dims), *YEAR_DAYS),
                                 households_cap=7)
        for row in rows:
            query = StatisticsQuery("returnees", tuple(row.dimensions.split(",")), row.date_from, row.date_to,
                                    row.project)
            again = statistics.count(session, published, query, households_cap=row.min_cell)
            part = statistics.part_of(units, query)
            assert (part.categories, dict(part.counts)) == (again.categories, dict(again.counts))
            assert household_margins(part.categories, part.households, row.min_cell) == household_margins(
                again.categories, again.households, row.min_cell)


def test_a_table_beside_the_register_counts_once_and_hides_what_counting_each_release_and_solving_each_figure_hid(
        engine, published, monkeypatch):
    counted = []
    count = statistics.count
    monkeypatch.setattr(statistics, "count", lambda *args, **kw: counted.append(args[2]) or count(*args, **kw))
    ours = release_new(engine, published)
    with unit_of_work(engine, write=False) as session:
        overlapping = session.query(StatisticsRelease).filter(StatisticsRelease.measure == "returnees").count()
    assert overlapping >= 5
    assert len(counted) <= 2  # the table by month and one count for the register (was one per release, again)
    # As before: each earlier release counted over its own days, and every figure solved for on its own.
    sessions: list = []
    monkeypatch.setattr(statistics, "part_of", lambda units, query: statistics.count(
        sessions[-1], published, query, households_cap=units.households_cap))
    solve = domain_release._highs
    monkeypatch.setattr(domain_release, "_highs", lambda *args, **kw: solve(*args, **kw)[:3])
    counted.clear()
    theirs = release_new(engine, published, sessions)
    assert len(counted) >= overlapping
    assert ours == theirs
    assert any(s is not statistics_release.CellStatus.SHOWN for s in ours[0].values())


def test_a_release_linked_only_through_another_is_protected_against_as_well(engine, actor_as, store_templates,
                                                                             monkeypatch):
    """2025 January–June by month, then June–July, then July–August: the last table does not overlap the first, but
    June–July less July pins June, and with it what the first table hid around June. Only the tables overlapping
    the new one were linked with it; now every table reached through a chain of overlaps is (and the intruder, who
    reads every release, finds nothing)."""
    from tests.services.statistics.test_release_intruder import Intruder

    demo_year(engine, store_templates)
    manager = actor_as(StaffRole.MANAGER, "head-of-office")
    chain = [(("month", "citizenship"), dt.date(2025, 1, 1), dt.date(2025, 6, 30), "first half by month"),
             (("citizenship",), dt.date(2025, 6, 1), dt.date(2025, 7, 31), "June and July"),
             (("month", "citizenship"), dt.date(2025, 7, 1), dt.date(2025, 8, 31), "July and August by month"),
             (("citizenship",), dt.date(2025, 9, 1), dt.date(2025, 12, 31), "the rest of the year")]
    linked_with_last: list[str] = []
    protect = statistics_release.protect_linked

    def watched(tables, *args, **kwargs):
        linked_with_last[:] = [str(t.label) for t in tables]
        return protect(tables, *args, **kwargs)

    monkeypatch.setattr(statistics_release, "protect_linked", watched)
    for dims, first, last, title in chain:
        with unit_of_work(engine) as session:
            table = statistics_release.count_for_release(session, manager, StatisticsQuery("returnees", dims, first, last))
            statistics_release.protect_release(session, manager, [table], DisclosureRule(), kind="table", titles=[title])
        if title == "July and August by month":
            linked_with_third = list(linked_with_last)
    linked_with_last = linked_with_third
    assert any("first half by month" in label for label in linked_with_last), linked_with_last
    assert any("June and July" in label for label in linked_with_last), linked_with_last
    with unit_of_work(engine, write=False) as session:
        releases = [r for r in session.scalars(select(StatisticsRelease).order_by(StatisticsRelease.id))
                    if r.measure == "returnees"]
        assert [r.title for r in releases] == [title for *_rest, title in chain]
        assert Intruder(session, manager, "returnees", releases).exposed() == []


def test_a_table_for_every_project_beside_the_one_for_all_gives_no_project_s_figure_away(engine, actor_as,
                                                                                        store_templates):
    """Returnees by country for all projects, then for each project: the last project's table used to show its total
    (the model let another project hold the rest), and the total of all less the shown totals of the others pinned a
    project's hidden total of two people. The intruder knows every project (the dashboard lists them)."""
    from tests.services.statistics.test_release_intruder import Intruder

    demo_2026(engine, store_templates)
    manager = actor_as(StaffRole.MANAGER, "head-of-office")
    with unit_of_work(engine, write=False) as session:
        projects = dashboard.list_projects(session, manager)
    assert len(projects) >= 2
    for project in [None, *projects]:
        with unit_of_work(engine) as session:
            query = StatisticsQuery("returnees", ("country_of_return",), *HALF_YEAR, project)
            table = statistics_release.count_for_release(session, manager, query)
            statistics_release.protect_release(session, manager, [table], DisclosureRule(), kind="table",
                                               titles=[project or "all"])
    with unit_of_work(engine, write=False) as session:
        releases = list(session.scalars(select(StatisticsRelease).order_by(StatisticsRelease.id)))
        assert len(releases) == 1 + len(projects)
        assert Intruder(session, manager, "returnees", releases).exposed() == []
