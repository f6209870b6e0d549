"""Work lists and the budget view: filtered by the service, opened on the case, exported as CSV."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import update

from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.codes import StaffRole
from avrcase.domain.finance_codes import LineKind
from avrcase.domain.reintegration import ItemCategory
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import PaymentForm, PlanItemForm
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, Itinerary
from avrcase.ui import palette
from avrcase.ui.main_window import MainWindow
from avrcase.ui.views.work_lists import BudgetView, WorkListsView
from avrcase.ui.widgets import file_dialogs
from avrcase.ui.widgets.header_fit import header_width
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur
from tests.ui.finance_setup import manager, officer, project  # noqa: F401 - fixtures

TODAY = FIXED_TODAY


def scheduled(engine, make_case, manager, project, days_ahead, **kwargs):
    """A case in travel preparation with a departure booked ``days_ahead`` days from today."""
    case = make_case(**kwargs)
    assign(engine, manager, case.id, project.id)
    with unit_of_work(engine) as session:
        session.add(Itinerary(case_id=case.id, departure_date=TODAY + dt.timedelta(days=days_ahead)))
        session.execute(update(Case).where(Case.id == case.id).values(stage="travel_preparation"))
    return case


@pytest.fixture
def lists(qtbot, ops, bus):
    view = WorkListsView(ops, bus)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    return view


def test_allowances_due_filter_by_country_and_days_then_export_csv(qtbot, engine, make_case, manager, project, ops,
                                                                    lists, tmp_path, qtmodeltester):
    georgia = scheduled(engine, make_case, manager, project, 3)
    ukraine = scheduled(engine, make_case, manager, project, 10, country_of_return="UA")
    lists.refresh()
    view = lists.allowances_due
    qtmodeltester.check(view.model)
    assert [r.case_number for r in view.model.rows] == [georgia.case_number, ukraine.case_number]
    assert view.model.texts(1)[3] == "Ukraine" and view.title.text() == "<b>2 entries</b>"

    view.country.set_code("UA")
    assert [r.case_number for r in view.model.rows] == [ukraine.case_number]
    view.days.setValue(5)
    assert view.model.rowCount() == 0 and not view.export_button.isEnabled()
    view.days.setValue(14)

    path = view.export_csv(str(tmp_path / "due.csv"))
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["case_number", "name", "departure_date", "country_of_return", "project", "household_size"]
    assert rows[1:] == [[ukraine.case_number, "BERIDZE Nino", (TODAY + dt.timedelta(days=10)).isoformat(), "UA",
                         "Return Home", "1"]]

    with qtbot.waitSignal(lists.open_requested) as opened:
        view.table.selectRow(0)
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [ukraine.id]


def test_export_csv_by_the_button_says_where_the_file_was_written(qtbot, engine, make_case, manager, project, lists,
                                                                  tmp_path, monkeypatch):
    """Seen on the walk: after the file dialog closed, nothing showed that the budget had been exported."""
    scheduled(engine, make_case, manager, project, 3)
    lists.refresh()
    view = lists.allowances_due
    target = tmp_path / "due.csv"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_args: (str(target), ""))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)

    assert target.read_text(encoding="utf-8").startswith("case_number,")
    assert view.message.isVisible() and view.message.text() == f"Written to {target}."
    assert palette.ERROR not in view.message.styleSheet()  # news, not a refusal
    view.refresh()
    assert not view.message.isVisible()


def test_a_paid_allowance_leaves_the_list(engine, make_case, manager, project, ops, lists, actor_as):
    case = scheduled(engine, make_case, manager, project, 3)
    lists.refresh()
    assert lists.allowances_due.model.rowCount() == 1
    ops.actor = actor_as(StaffRole.FINANCE_OFFICER)
    ops.write(allowances.record_payment, case.id, PaymentForm(eur(500), PaymentMethod.CASH_AT_DEPARTURE, TODAY),
              paid_on=TODAY)
    lists.allowances_due.refresh()
    assert lists.allowances_due.model.rowCount() == 0


def late_plan(engine, make_case, manager, officer, project, ops):
    """A case whose plan, approved 40 days ago, has a housing item 10 days late and a course 20 days late."""
    case = make_case()
    assign(engine, manager, case.id, project.id)
    long_ago = TODAY - dt.timedelta(days=40)
    with unit_of_work(engine) as session:  # registered before its plan: nothing is due before the registration
        session.execute(update(Case).where(Case.id == case.id).values(registered_on=long_ago - dt.timedelta(days=30)))
    acting, ops.actor = ops.actor, officer
    plan = ops.write(reintegration.draft_plan, case.id, [
        PlanItemForm(ItemCategory.HOUSING, "Rent for 3 months", eur(600), due_on=TODAY - dt.timedelta(days=10)),
        PlanItemForm(ItemCategory.EDUCATION, "Course", eur(300), due_on=TODAY - dt.timedelta(days=20))],
        on=long_ago)
    ops.actor = manager
    ops.write(reintegration.approve_plan, plan.id, plan.version, on=long_ago)
    ops.actor = acting
    return case


def test_overdue_items_filter_by_category(engine, make_case, manager, officer, project, ops, lists, qtmodeltester):
    late_plan(engine, make_case, manager, officer, project, ops)
    lists.setCurrentWidget(lists.overdue_items)
    lists.refresh()
    view = lists.overdue_items
    qtmodeltester.check(view.model)
    assert [(r.description, r.days_overdue) for r in view.model.rows] == [("Course", 20), ("Rent for 3 months", 10)]
    assert view.model.texts(0)[0] == "20 days"
    view.category.set_code(ItemCategory.HOUSING.value)
    assert [r.description for r in view.model.rows] == ["Rent for 3 months"]


def shown_list(qtbot, view, width):
    """``view`` on screen ``width`` pixels wide with its rows (as the navigation shows a list)."""
    qtbot.addWidget(view)
    view.resize(width, 300)
    view.show()
    view.load_projects()
    view.refresh()
    return view


def in_view(view, title):
    """The column called ``title``, asserted wholly in view (a right-aligned value sits at its right end)."""
    header = view.table.horizontalHeader()
    column = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())].index(title)
    assert header.sectionViewportPosition(column) + header.sectionSize(column) <= view.table.viewport().width(), title
    return column


def test_what_an_overdue_item_waits_for_stays_in_view_in_a_narrow_window(qtbot, engine, make_case, manager, officer,
                                                                         project, ops, bus):
    """Last of eight columns, "Waiting for" (delivery or verification) was the one cut off behind a scroll bar where
    the window is narrow (Lithuanian at 1024 pixels: "Laukiama", "sute…"): it stands beside how late the item is."""
    from avrcase.ui.views.work_lists import OverdueItemsView

    late_plan(engine, make_case, manager, officer, project, ops)
    view = shown_list(qtbot, OverdueItemsView(ops, bus), 560)
    assert view.model.texts(0)[in_view(view, "Waiting for")] == "delivery"


def returned_100_days_ago(engine, make_case, actor) -> None:
    """A case that departed 100 days ago with no monitoring contact since: due for its 3-month checkpoint."""
    from avrcase.store.models import StageChange
    from tests.support.finance import walk_to_departed

    case = make_case()
    walk_to_departed(engine, actor, case.id)
    with unit_of_work(engine) as session:
        returned = dt.datetime.combine(TODAY - dt.timedelta(days=100), dt.time(10), dt.timezone.utc)
        session.execute(update(StageChange).where(StageChange.case_id == case.id, StageChange.to_stage == "departed")
                        .values(changed_at=returned))


def test_the_last_contact_of_a_case_due_for_monitoring_stays_in_view_at_1024_pixels(qtbot, engine, make_case, actor,
                                                                                   officer, ops, bus):
    """Last of eight columns, "Last contact" ("none yet") was off to the right beside the navigation of a 1024-pixel
    window, in English too: it stands beside the checkpoint it is due for."""
    from avrcase.ui.views.work_lists import MonitoringDueView

    returned_100_days_ago(engine, make_case, actor)
    ops.actor = officer
    view = shown_list(qtbot, MonitoringDueView(ops, bus), 770)
    assert view.model.rowCount() == 1 and view.model.texts(0)[in_view(view, "Last contact")] == "none yet"


def test_budget_view_shows_committed_and_remaining_and_is_refused_to_a_counsellor(qtbot, engine, make_case, manager,
                                                                                  project, ops, bus, actor_as,
                                                                                  qtmodeltester, tmp_path):
    case = make_case()
    assign(engine, manager, case.id, project.id)
    ops.actor = actor_as(StaffRole.FINANCE_OFFICER)
    ops.write(allowances.record_payment, case.id, PaymentForm(eur(300), PaymentMethod.TRANSFER, TODAY), paid_on=TODAY)
    view = BudgetView(ops, bus)
    qtbot.addWidget(view)
    view.load_projects()
    view.refresh()
    qtmodeltester.check(view.model)
    allowance_line = view.model.texts(0)
    assert allowance_line[1:] == ["Reinstallation allowances", "Reinstallation allowances", "€10,000.00", "€300.00",
                                  "€300.00", "€9,700.00", "3%"]
    view.kind.set_code(LineKind.REINTEGRATION.value)
    assert [r.kind for r in view.model.rows] == [LineKind.REINTEGRATION]
    path = view.export_csv(str(tmp_path / "budget.csv"))
    with open(path, encoding="utf-8", newline="") as stream:
        assert [row[1] for row in csv.reader(stream)] == ["budget_line", "Reintegration assistance"]

    ops.actor = actor_as(StaffRole.COUNSELLOR, "another-counsellor")
    view.refresh()
    assert view.model.rowCount() == 0 and "does not allow you to" in view.message.text()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # WORKAROUND: offscreen cannot raise windows
def test_main_window_navigates_to_the_lists_and_opens_a_case_file_with_finance_tabs(
        qtbot, engine, make_case, manager, officer, project, ops, bus, tmp_path):
    case = late_plan(engine, make_case, manager, officer, project, ops)
    window = MainWindow(ops, bus, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    window.navigation.setCurrentRow(titles.index("Budget"))
    assert window.pages.currentWidget() is window.budget
    window.navigation.setCurrentRow(titles.index("Work lists"))
    assert window.pages.currentWidget() is window.work_lists
    window.work_lists.setCurrentWidget(window.work_lists.overdue_items)
    view = window.work_lists.overdue_items
    assert {r.case_number for r in view.model.rows} == {case.case_number}  # read when shown
    view.table.selectRow(0)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    case_file = window.case_files[case.id]
    tabs = [case_file.tabs.tabText(index).replace("&", "") for index in range(case_file.tabs.count())]
    assert tabs[-2:] == ["Allowance", "Reintegration"]
    assert "€900.00" in case_file.reintegration_tab.plan_panel.state.text()
    case_file.close()



def test_an_empty_list_shows_its_column_headers_whole(lists):
    """On a store with nothing due the columns fit their headers instead of cutting them ("rincipal applicar")."""
    for view in (lists.allowances_due, lists.overdue_items, lists.monitoring_due):
        view.refresh()
        assert view.model.rowCount() == 0
        header = view.table.horizontalHeader()
        last = view.model.columnCount() - 1  # the last one stretches anyway
        for column in range(last):  # whole, with room for the sort arrow where it is drawn
            assert header.sectionSize(column) >= header_width(header, column), \
                view.model.headerData(column, Qt.Orientation.Horizontal)
        view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # sorted: that header makes room for its arrow
        assert header.sectionSize(1) >= header_width(header, 1, any_sorted=True)


def _work_list_exports(engine):
    import json

    from sqlalchemy import select

    from avrcase.store.models import AuditEntry
    with unit_of_work(engine, write=False) as session:
        return [(e.username, json.loads(e.details)) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.entity == "work_list"))]


def test_the_export_button_records_the_export_then_writes_the_file_owner_only(
        qtbot, engine, make_case, manager, project, lists, tmp_path, monkeypatch):
    import stat

    scheduled(engine, make_case, manager, project, 3)
    lists.refresh()
    view = lists.allowances_due
    out = tmp_path / "out"
    out.mkdir()
    target = out / "due.csv"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with open(target, encoding="utf-8", newline="") as stream:
        assert len(list(csv.reader(stream))) == 2
    [(user, details)] = _work_list_exports(engine)
    assert details["kind"] == "allowances_due" and details["rows"] == 1 and details["format"] == "csv"
    assert "due.csv" not in str(details)  # never the path
    assert sorted(p.name for p in out.iterdir()) == ["due.csv"]  # no temporary file left


def test_when_the_export_cannot_be_recorded_no_file_is_written(
        qtbot, engine, make_case, manager, project, lists, tmp_path, monkeypatch):

    from avrcase.domain.errors import AvrcaseError
    from avrcase.services import audit
    from avrcase.ui.views import work_lists as work_lists_view
    scheduled(engine, make_case, manager, project, 3)
    lists.refresh()
    view = lists.allowances_due
    out = tmp_path / "out"
    out.mkdir()
    target = out / "due.csv"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    shown = []
    monkeypatch.setattr(work_lists_view, "show_error", lambda _parent, error: shown.append(error))

    def refuse(*_args, **_kwargs):
        raise AvrcaseError("The store is busy.")
    monkeypatch.setattr(audit, "write_pending", refuse)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert shown and not target.exists() and list(out.iterdir()) == []
    monkeypatch.undo()
    assert _work_list_exports(engine) == []


def test_the_budget_adds_up_the_lines_shown(qtbot, engine, make_case, manager, project, ops, bus, actor_as):
    """#19: the budget had no totals."""
    case = make_case()
    assign(engine, manager, case.id, project.id)
    ops.actor = actor_as(StaffRole.FINANCE_OFFICER)
    ops.write(allowances.record_payment, case.id, PaymentForm(eur(300), PaymentMethod.TRANSFER, TODAY), paid_on=TODAY)
    view = BudgetView(ops, bus)
    qtbot.addWidget(view)
    view.load_projects()
    view.refresh()
    budget = sum((r.amount.amount for r in view.model.rows), start=0)
    assert f"budget €{budget:,.2f}" in view.totals.text() and "spent €300.00" in view.totals.text()


def test_a_long_project_name_gives_up_width_so_the_budget_s_last_column_stays_in_view(qtbot, engine, manager, ops,
                                                                                          bus):
    """On a laptop the budget's "Used" was off to the right behind a project's long name: the name now elides
    (whole in its tooltip), the amounts stay whole, and the window made wider gives the name its room back."""
    from tests.support.finance import make_project

    name = "Assisted Voluntary Return and Reintegration for Vulnerable Persons from Lithuania"
    make_project(engine, manager, name=name)
    ops.actor = manager
    view = BudgetView(ops, bus)
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    view.load_projects()
    view.refresh()
    assert view.model.rowCount() == 2
    header = view.table.horizontalHeader()
    last = view.model.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.table.viewport().width()
    assert header.sectionSize(last) >= header_width(header, last)  # "Used" whole
    view.table.sortByColumn(last, Qt.SortOrder.DescendingOrder)  # sorted by it: room for the arrow too
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.table.viewport().width()
    assert header.sectionSize(last) >= header_width(header, last, any_sorted=True)
    project_cell = view.table.model().index(0, 0)
    whole = view.table.fontMetrics().horizontalAdvance(name)
    assert header.sectionSize(0) < whole  # elided ...
    assert view.table.model().data(project_cell, Qt.ItemDataRole.ToolTipRole) == name  # ... and whole here
    for column in range(1, last):
        if view.model.columns[column].numeric:  # amounts are never cut
            assert header.sectionSize(column) > view.table.fontMetrics().horizontalAdvance(view.model.texts(0)[column])

    view.resize(1600, 300)
    qtbot.waitUntil(lambda: header.sectionSize(0) >= whole)


def test_the_budget_s_used_column_is_in_view_whole_at_any_width(qtbot, engine, manager, ops, bus):
    """A name that needed only a little narrowing left "Used" at Qt's default 100 pixels (a stretched last section
    with no room to stretch), its right-aligned "36%" drawn off to the right behind a scroll bar."""
    from tests.support.finance import make_project

    make_project(engine, manager, name="Assisted Voluntary Return for Vulnerable Persons")
    ops.actor = manager
    view = shown_list(qtbot, BudgetView(ops, bus), 1030)
    for width in range(1100, 640, -30):
        view.resize(width, 300)
        in_view(view, "Used")


def test_a_manager_has_a_list_of_what_waits_for_approval_and_opens_the_case(qtbot, engine, make_case, manager,
                                                                            officer, project, ops, bus, qtmodeltester):
    case = make_case()
    assign(engine, manager, case.id, project.id)
    ops.actor = officer
    ops.write(reintegration.draft_plan, case.id, [PlanItemForm(ItemCategory.HOUSING, "Rent", eur(600))])
    ops.actor = manager
    view = WorkListsView(ops, bus)
    qtbot.addWidget(view)
    view.show()
    assert view.currentWidget() is view.awaiting_approval and view.tabText(0).replace("&", "") == "Waiting for your approval"
    view.refresh()
    waiting = view.awaiting_approval
    qtmodeltester.check(waiting.model)
    assert [(r.case_number, r.kind) for r in waiting.model.rows] == [(case.case_number, "plan")]
    assert waiting.model.texts(0)[1:5] == ["Reintegration plan", case.case_number, waiting.model.rows[0].name,
                                            "€600.00"]
    waiting.table.selectRow(0)
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseClick(waiting.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [case.id]


def test_the_approval_list_is_only_for_those_who_approve(qtbot, ops, bus, officer):
    ops.actor = officer
    view = WorkListsView(ops, bus)
    qtbot.addWidget(view)
    assert view.awaiting_approval is None
    assert "Waiting for your approval" not in [view.tabText(i).replace("&", "") for i in range(view.count())]


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_overdue_items_need_no_sideways_scrolling_at_1024_pixels(qtbot, engine, make_case, manager, officer, project,
                                                                 ops, bus, locale):
    """Walk 12: in Russian beside the navigation of a 1024-pixel window the overdue plan items scrolled sideways,
    "Поставщик" half out of view: every header kept the sort arrow's room. Narrower still, "Provider" gives way and
    the tooltip of "Support" names it."""
    from avrcase.i18n import set_locale
    from avrcase.ui.views.work_lists import OverdueItemsView

    late_plan(engine, make_case, manager, officer, project, ops)
    set_locale(locale)
    try:
        view = shown_list(qtbot, OverdueItemsView(ops, bus), 790)
        qtbot.waitUntil(lambda: view.model.rowCount() == 2)
        view.fit_columns()
        header = view.table.horizontalHeader()
        assert header.length() <= view.table.viewport().width()
        provider = view.model.columnCount() - 1
        assert not header.isSectionHidden(provider)
        view.resize(640, 300)  # narrower: "Provider" gives way before anything scrolls out of view
        qtbot.waitUntil(lambda: header.isSectionHidden(provider))
        assert view.model.index(0, provider - 1).data(Qt.ItemDataRole.ToolTipRole)
        view.resize(1100, 300)  # a wider window shows it again
        qtbot.waitUntil(lambda: not header.isSectionHidden(provider))
    finally:
        set_locale("en")


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_cases_due_for_monitoring_need_no_sideways_scrolling_at_1024_pixels(qtbot, engine, make_case, actor, officer,
                                                                            ops, bus, locale):
    """Walk 12: in Russian at 1024 pixels "Страна возвращения" was cut and the return date and months behind a
    horizontal scroll bar (every header kept the sort arrow's room); the row fits now, and the checkpoint's tooltip
    says both, for a narrower window where they give way."""
    from avrcase.i18n import set_locale
    from avrcase.ui.views.work_lists import MonitoringDueView

    returned_100_days_ago(engine, make_case, actor)
    ops.actor = officer
    set_locale(locale)
    try:
        view = shown_list(qtbot, MonitoringDueView(ops, bus), 790)
        qtbot.waitUntil(lambda: view.model.rowCount() == 1)
        view.fit_columns()
        assert view.table.horizontalHeader().length() <= view.table.viewport().width()
        assert view.table.sizeHintForColumn(5) <= view.table.columnWidth(5)  # the country of return whole
        assert "\n" in view.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    finally:
        set_locale("en")
