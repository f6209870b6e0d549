"""The budget at 1024 pixels in Lithuanian: a line's project, name and purpose read whole (wrapped onto more lines),
not "Assisted Vol…", "Reinstallation allo…", "Įsikūrimo iš…" beside the amounts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from avrcase.i18n import set_locale
from avrcase.ui.views.work_lists import BudgetView
from tests.support.finance import make_project
from tests.ui.finance_setup import manager  # noqa: F401 - fixtures
from tests.ui.views.test_reintegration_plan_columns import cell_reads_whole


@pytest.fixture
def lithuanian():
    set_locale("lt")
    yield
    set_locale("en")


def test_the_budget_lines_read_whole_beside_the_amounts(qtbot, engine, manager, ops, bus, lithuanian):
    make_project(engine, manager, name="Assisted Voluntary Return and Reintegration 2026")
    ops.actor = manager
    view = BudgetView(ops, bus)
    qtbot.addWidget(view)
    view.resize(790, 500)  # the page beside the navigation in a 1024-pixel window
    view.show()
    qtbot.waitExposed(view)
    view.load_projects()
    view.refresh()
    QApplication.processEvents()
    table = view.table
    assert view.model.rowCount() >= 2
    for row in range(view.model.rowCount()):
        for column, spec in enumerate(view.model.columns):
            if not spec.numeric:
                assert cell_reads_whole(table, row, column), view.model.texts(row)[column]


def budget_at_1024(qtbot, ops, bus, manager) -> BudgetView:
    """The budget page as the manager sees it beside the navigation of a 1024-pixel window."""
    ops.actor = manager
    view = BudgetView(ops, bus)
    qtbot.addWidget(view)
    view.resize(790, 500)
    view.show()
    qtbot.waitExposed(view)
    view.load_projects()
    view.refresh()
    QApplication.processEvents()
    return view


def test_the_share_used_is_in_view_in_russian_at_1024_pixels(qtbot, engine, manager, ops, bus):
    """In Russian beside the navigation of a 1024-pixel window, "Использовано" was off to the right: the amounts
    and texts kept the room Qt's header hint asks for, more than their headers need with the sort arrow."""
    make_project(engine, manager, name="Assisted Voluntary Return for Vulnerable Persons")
    set_locale("ru")
    try:
        view = budget_at_1024(qtbot, ops, bus, manager)
        header = view.table.horizontalHeader()
        last = view.model.columnCount() - 1
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.table.viewport().width()
    finally:
        set_locale("en")


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_every_word_of_a_line_reads_whole_at_1024_pixels(qtbot, engine, manager, ops, bus, locale):
    """Walk 11: in Russian the purpose read "Пособия на обустро…" and the project "Reintegr…"; now the words read whole
    (the sort arrow's room is kept only where it is drawn), and in a narrower window "For" gives way rather than cut
    them (the line's tooltip and the filter still say it)."""
    make_project(engine, manager, name="Reintegration: A Future in Homeland")
    set_locale(locale)
    try:
        view = budget_at_1024(qtbot, ops, bus, manager)
        header, table = view.table.horizontalHeader(), view.table
        for row in range(view.model.rowCount()):
            for column, spec in enumerate(view.model.columns):
                if not spec.numeric and not header.isSectionHidden(column):
                    assert cell_reads_whole(table, row, column), view.model.texts(row)[column]
        last = view.model.columnCount() - 1
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width()
        assert not header.isSectionHidden(2)
        if locale == "ru":  # narrower still: "For" gives way rather than end the words beside it in "…"
            view.resize(680, 500)
            QApplication.processEvents()
            assert header.isSectionHidden(2)
        kind = view.model.texts(0)[2]
        assert view.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole).endswith(kind)
    finally:
        set_locale("en")
