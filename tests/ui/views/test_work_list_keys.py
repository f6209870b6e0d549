"""A work list at 1024 pixels in Russian keeps its case numbers and dates whole: the long support and provider
texts give up their width instead ("VNO-2026-000…" and "12 окт. …" named neither the case nor the day)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from avrcase.domain.reintegration import ItemCategory
from avrcase.i18n import set_locale
from avrcase.services.finance.dto import PlanItemForm
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case
from avrcase.ui.views.work_lists import OverdueItemsView
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur
from tests.ui.finance_setup import manager, officer, project  # noqa: F401 - fixtures


@pytest.fixture
def russian():
    set_locale("ru")
    yield
    set_locale("en")


def test_case_numbers_and_due_dates_read_whole_beside_long_texts(qtbot, engine, make_case, manager, officer,
                                                                 project, ops, bus, russian):
    case = make_case()
    assign(engine, manager, case.id, project.id)
    long_ago = FIXED_TODAY - dt.timedelta(days=40)
    with unit_of_work(engine) as session:
        session.execute(update(Case).where(Case.id == case.id).values(registered_on=long_ago - dt.timedelta(days=30)))
    ops.actor = officer
    plan = ops.write(reintegration.draft_plan, case.id, [
        PlanItemForm(ItemCategory.MICRO_BUSINESS, "Equipment for a small tailoring workshop with two sewing machines",
                     eur(900), provider="Supplier chosen with the returnee in the country of return",
                     due_on=FIXED_TODAY - dt.timedelta(days=12))], on=long_ago)
    ops.actor = manager
    ops.write(reintegration.approve_plan, plan.id, plan.version, on=long_ago)

    view = OverdueItemsView(ops, bus)
    qtbot.addWidget(view)
    view.resize(790, 500)  # the page beside the navigation in a 1024-pixel window
    view.show()
    qtbot.waitExposed(view)
    view.load_projects()
    view.refresh()
    QApplication.processEvents()
    headers = [spec.header for spec in view.model.columns]
    number, due = headers.index("Case number"), headers.index("Due")
    assert view.model.texts(0)[number] == case.case_number
    table = view.table
    for column in (number, due):  # as wide as Qt needs to draw the cell unelided
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), view.model.texts(0)[column]
    assert table.horizontalScrollBar().maximum() == 0 or table.columnWidth(headers.index("Support")) < \
        table.sizeHintForColumn(headers.index("Support"))  # the long texts gave up their width first
