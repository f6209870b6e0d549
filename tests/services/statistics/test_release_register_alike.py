"""A register of many releases, some alike and some not: each table published again alike is compared once (#14).

An office publishes the same table for years; every ``avrcase stats`` compared the new table with each earlier
release of it, so a register of 200 made each table 0.15 s slower than the first. A release alike an earlier one in
everything the register keeps of it (period, categories, figures shown and hidden, rule) gives the intruder nothing
new, and is now left out. These tests publish a sequence with late-recorded departures, another rule and another
period in between, and check at each step that the file's bytes, its suppression and the register's new row are
those the code gives when it compares the new table with every earlier release.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import DisclosureRule
from avrcase.domain.errors import AvrcaseError
from avrcase.exports import tables
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import release as statistics_release
from avrcase.services.statistics.counts import StatisticsQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import StatisticsRelease
from tests.services.statistics.test_release_figures_kept import record_late
from tests.services.statistics.test_release_intruder import demo_year

MEASURE = "returnees"
YEAR = ("2025-01-01", "2025-12-31")
Q4 = ("2025-10-01", "2025-12-31")
#: What the office does, in order: a table (period, minimum cell) to publish, or "late" (a departure recorded late).
SEQUENCE = (YEAR, YEAR, YEAR, "late", YEAR, YEAR, Q4, YEAR, "late", (*YEAR, "10"), YEAR, (*YEAR, "10"), YEAR)


class _Undone(Exception):
    """Ends a unit of work that must leave nothing behind."""


@pytest.fixture
def office(engine, actor_as, store_templates, monkeypatch, db_path):
    demo_year(engine, store_templates)
    monkeypatch.setenv("AVRCASE_USER", "head-of-office")
    return actor_as(StaffRole.MANAGER, "head-of-office")


@pytest.fixture
def earlier_tables(monkeypatch) -> list[int]:
    """How many earlier tables each release was protected against, in order."""
    found: list[int] = []
    protect = statistics_release.protect_linked

    def counting(linked, *args, **kwargs):
        found.append(sum(t.published for t in linked))
        return protect(linked, *args, **kwargs)

    monkeypatch.setattr(statistics_release, "protect_linked", counting)
    return found


def _row(row: StatisticsRelease) -> tuple:
    return (row.title, row.measure, row.dimensions, row.date_from, row.date_to, row.min_cell, row.round5, row.categories,
            row.hidden, row.figures)


def _compared_with_every_release(engine, manager, monkeypatch, first: str, last: str, k: int) -> tuple[object, ...]:
    """The file and the register row the table gets when every earlier release is compared (nothing kept), or the
    refusal."""
    query = StatisticsQuery(MEASURE, ("citizenship",), dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    rule, title = DisclosureRule(k), statistics.measure_label(MEASURE)
    with monkeypatch.context() as patched, pytest.raises(_Undone):
        patched.setattr(statistics_release, "_ALIKE", (*statistics_release._ALIKE, StatisticsRelease.id))
        with unit_of_work(engine) as session:
            table = statistics_release.count_for_release(session, manager, query, k)
            try:
                protected = statistics_release.protect_release(session, manager, [table], rule, kind="table",
                                                               titles=[title])[0].protected
            except AvrcaseError as refused:
                found: tuple[object, ...] = ("refused", refused.message)
            else:
                found = (tables.csv_bytes(tables.crosstab(protected, title, MEASURE)), _row(session.scalars(
                    select(StatisticsRelease).order_by(StatisticsRelease.id.desc()).limit(1)).one()))
            raise _Undone
    return found


def _published(engine, db_path, out, first: str, last: str, k: int, capsys) -> tuple[object, ...]:
    """The file ``avrcase stats`` writes and the register's new row, or the refusal."""
    code = main(["stats", "--from", first, "--to", last, "--by", "citizenship", "--measure", MEASURE, "--min-cell",
                 str(k), "--out", str(out), "--db", str(db_path)])
    err = capsys.readouterr().err
    if code:
        assert code == 1 and not out.exists()
        return "refused", err.removeprefix("avrcase: ").rstrip("\n")
    with unit_of_work(engine, write=False) as session:
        row = _row(session.scalars(select(StatisticsRelease).order_by(StatisticsRelease.id.desc()).limit(1)).one())
    return out.read_bytes(), row


def test_a_register_of_many_releases_alike_and_not_gives_what_comparing_each_gave(
        office, engine, db_path, tmp_path, monkeypatch, capsys, earlier_tables):
    outcomes: list[object] = []
    for n, step in enumerate(SEQUENCE):
        if step == "late":
            record_late(engine)
            continue
        first, last, *rule = step
        k = int(rule[0]) if rule else 5
        expected = _compared_with_every_release(engine, office, monkeypatch, first, last, k)
        found = _published(engine, db_path, tmp_path / f"{n}.csv", first, last, k, capsys)
        assert found == expected, f"step {n}: {step}"
        outcomes.append(found[0] if found[0] == "refused" else found[1][8])  # type: ignore[index]
    # The releases differ: late departures and the other rule hid other figures, and two tables were refused.
    assert outcomes.count("refused") == 2 and len(set(outcomes)) >= 4
    # Compared with every earlier release, the last table met the eight registered; kept alike, four of them.
    assert earlier_tables[-2:] == [8, 4]


def test_a_table_published_again_and_again_is_compared_once(office, engine, db_path, tmp_path, capsys, earlier_tables):
    files = [_published(engine, db_path, tmp_path / f"{n}.csv", *YEAR, 5, capsys)[0] for n in range(6)]
    assert earlier_tables == [0, 1, 1, 1, 1, 1]
    assert len(set(files)) == 1


def test_the_first_of_each_set_of_alike_releases_is_found_on_postgresql(pg_engine):
    """The window over the register's columns (``release._register``) picks the same rows on the office server."""
    from tests.services.statistics.test_statistics import MANAGER, THIS_YEAR

    query = StatisticsQuery("returns", ("country_of_return",), *THIS_YEAR)
    for k in (5, 5, 10, 5, 10):
        with unit_of_work(pg_engine) as session:
            table = statistics_release.count_for_release(session, MANAGER, query, k)
            statistics_release.protect_release(session, MANAGER, [table], DisclosureRule(k), kind="table", titles=["t"])
    with unit_of_work(pg_engine, write=False) as session:
        ids = list(session.scalars(select(StatisticsRelease.id).order_by(StatisticsRelease.id)))
        found = statistics_release._register(session, ["returns"], *THIS_YEAR)
    assert [(row.id, row.min_cell) for row in found] == [(ids[0], 5), (ids[2], 10)]
