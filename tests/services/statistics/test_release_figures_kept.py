"""The release register keeps the figures each release showed (migration 0026), and a later release of the same
figures is protected against them: a change of 1 to k−1 since is not readable (session 28's attack, in
``test_release_revised_figures``). Counts of codes only: nothing in the register names a person."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, update

from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import TOTAL, CellStatus, DisclosureRule
from avrcase.services.statistics import release as statistics_release
from avrcase.services.statistics.counts import StatisticsQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Itinerary, StatisticsRelease
from tests.services.statistics.test_release_intruder import demo_year

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def publish(engine, manager, dimensions=("citizenship",), span=YEAR):
    with unit_of_work(engine) as session:
        table = statistics_release.count_for_release(session, manager, StatisticsQuery("returnees", dimensions, *span))
        return statistics_release.protect_release(session, manager, [table], DisclosureRule(), kind="table",
                                                  titles=["returnees"])[0].protected


def record_late(engine) -> None:
    """A departure of January 2026 confirmed late: it was in December 2025 (one household of the demo store)."""
    with unit_of_work(engine) as session:
        late = session.scalar(select(Itinerary.id).where(Itinerary.departed_on >= dt.date(2026, 1, 1))
                              .order_by(Itinerary.id).limit(1))
        session.execute(update(Itinerary).where(Itinerary.id == late).values(departed_on=dt.date(2025, 12, 20)))


def rows(engine) -> list[StatisticsRelease]:
    with unit_of_work(engine, write=False) as session:
        found = list(session.scalars(select(StatisticsRelease).order_by(StatisticsRelease.id)))
        session.expunge_all()
        return found


@pytest.fixture
def manager(engine, actor_as, store_templates):
    demo_year(engine, store_templates)
    return actor_as(StaffRole.MANAGER, "head-of-office")


def test_the_register_keeps_the_figures_a_table_showed_and_no_others(engine, manager):
    table = publish(engine, manager)
    [row] = rows(engine)
    figures = json.loads(row.figures)
    assert figures == [table.shown(key) for key in table.keys()]  # in table order, null where hidden
    assert all(value is None or type(value) is int for value in figures)
    assert None in figures and figures[-1] == table.entries[(TOTAL,)]
    assert statistics_release.shown_figures(row) == {
        key: table.entries[key] for key in table.keys() if table.status[key] is CellStatus.SHOWN}


def test_figures_that_changed_since_are_hidden_in_the_next_release_and_the_rest_still_shown(engine, manager):
    first = publish(engine, manager)
    record_late(engine)
    second = publish(engine, manager)
    assert 1 <= second.entries[(TOTAL,)] - first.entries[(TOTAL,)] < 5  # a few returnees, one household
    assert first.shown((TOTAL,)) is not None and second.shown((TOTAL,)) is None
    changed = [key for key in first.keys() if key in second.status and second.entries[key] != first.entries[key]]
    assert changed and all(second.shown(key) is None for key in changed)
    same = [key for key in first.keys() if first.shown(key) is not None and second.shown(key) is not None]
    assert same and all(second.entries[key] == first.entries[key] for key in same)


def test_the_same_table_again_with_nothing_changed_is_the_same_table(engine, manager):
    first, second = publish(engine, manager), publish(engine, manager)
    assert second.status == first.status


def test_a_year_to_date_series_is_still_published_after_a_change_to_its_first_part(engine, manager):
    publish(engine, manager, span=(dt.date(2025, 1, 1), dt.date(2025, 6, 30)))
    record_late(engine)
    year = publish(engine, manager, span=YEAR)
    assert year.suppressed < len(year.status)  # the longer period is released, figures shown


def test_a_register_row_from_before_figures_were_kept_is_counted_as_it_stands_today(engine, manager):
    publish(engine, manager)
    with unit_of_work(engine) as session:
        session.execute(update(StatisticsRelease).values(figures=None))
    record_late(engine)
    assert publish(engine, manager).shown((TOTAL,)) is not None  # as before 0026: nothing to compare with


def test_the_full_export_carries_the_figures_of_the_register(engine, manager, actor_as, tmp_path):
    from avrcase.services.backup.export_all import export_all

    publish(engine, manager)
    with unit_of_work(engine) as session:
        export_all(session, actor_as(StaffRole.ADMINISTRATOR, "aiste"), tmp_path / "all", now=dt.datetime(
            2026, 12, 7, 19, tzinfo=dt.timezone.utc))
    [exported] = json.loads((tmp_path / "all" / "tables" / "statistics_releases.json").read_text())
    assert exported["figures"] == rows(engine)[0].figures
    schema = json.loads((tmp_path / "all" / "schema.json").read_text())
    columns = next(t["columns"] for t in schema["tables"] if t["name"] == "statistics_releases")
    assert {"name": "figures", "type": "TEXT", "nullable": True, "primary_key": False, "references": None} in columns
