"""Protected exports from the dashboard publish release periods (whole months), whatever the screen shows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from sqlalchemy import select

from avrcase.services.uow import unit_of_work
from avrcase.store.models import StatisticsRelease
from tests.services.statistics.test_statistics import TODAY, store  # noqa: F401  (fixture)
from tests.ui.views.test_dashboard import WAIT_MS, manager_ops, view  # noqa: F401  (fixtures)


def _released(engine) -> list[tuple[str, dt.date, dt.date]]:
    with unit_of_work(engine, write=False) as session:
        return [(r.kind, r.date_from, r.date_to)
                for r in session.scalars(select(StatisticsRelease).order_by(StatisticsRelease.id))]


def test_the_default_state_exports_a_table_and_registers_its_release(qtbot, view, store, tmp_path):  # noqa: F811
    target = tmp_path / "citizenships.csv"
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_table("citizenships", target)
    assert target.exists() and target.stat().st_size > 0
    assert _released(store) == [("table", dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))]
    assert "whole months" not in view.message.text()


def test_every_preset_exports_without_being_refused(qtbot, view, store, tmp_path):  # noqa: F811
    for index in range(view.preset.count()):
        if view.preset.itemData(index) == "custom":
            continue
        with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
            view.preset.setCurrentIndex(index)
            view.preset.activated.emit(index)
        target = tmp_path / f"preset-{index}.csv"
        with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
            view.export_table("citizenships", target)
        assert target.exists()
        first, last = view.query().date_from, view.query().date_to
        assert _released(store)[-1][1:] == (first, last)  # the period on screen is the period published
        assert last.day != 1 and first.day == 1


def test_a_custom_day_range_exports_the_whole_months_covering_it_and_says_so(qtbot, view, store, tmp_path):  # noqa: F811
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
        view.date_from.setDate(QDate(TODAY.year, 1, 5))
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
        view.date_to.setDate(QDate(TODAY.year, 3, 20))
    assert view.preset.currentData() == "custom"
    table = tmp_path / "citizenships.xlsx"
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_table("citizenships", table)
    assert table.exists()
    whole = (dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 3, 31))
    assert _released(store) == [("table", *whole)]
    text = view.message.text()
    assert "whole months" in text and whole[0].isoformat() in text and whole[1].isoformat() in text
    assert f"{TODAY.year}-01-05" in text
    report = tmp_path / "dashboard.pdf"
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_report(report)
    assert report.read_bytes().startswith(b"%PDF")
    reports = [r for r in _released(store) if r[0] == "report"]
    assert reports and all(r[1:] == whole for r in reports)
    # The screen keeps the exact days the manager chose.
    assert view.query().date_from == dt.date(TODAY.year, 1, 5) and view.snapshot.query.date_to == dt.date(TODAY.year, 3, 20)


def test_a_refused_export_writes_nothing_and_says_why(qtbot, view, store, tmp_path, monkeypatch):  # noqa: F811
    errors: list[str] = []
    monkeypatch.setattr("avrcase.ui.views.dashboard.show_error", lambda _parent, error: errors.append(str(error)))
    target = tmp_path / "missing-folder" / "citizenships.csv"
    view.export_table("citizenships", target)
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert len(errors) == 1 and "\n" not in errors[0].strip()
    assert not target.exists() and _released(store) == []
    view.export_table("citizenships", tmp_path / "citizenships.txt")
    assert len(errors) == 2 and ".csv" in errors[1] and _released(store) == []
