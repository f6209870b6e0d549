"""The plan's items read whole in the case file's width: the "Support" (what is given) and the provider wrap
onto more lines instead of ending in "…" (a walk under X11 saw "Equipment for a…" and "IOM mission in the
country …" at the case file's 1000 pixels)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from avrcase.domain.reintegration import ItemCategory, Modality
from avrcase.i18n import set_locale
from avrcase.services.finance.dto import PlanItemForm
from avrcase.services.reintegration import plans as reintegration
from avrcase.ui.views.reintegration_tab import ReintegrationTab
from tests.support.finance import eur
from tests.ui.finance_setup import manager, officer, project, returnee  # noqa: F401 - fixtures

COL_SUPPORT, COL_PROVIDER = 1, 2
ITEMS = (
    PlanItemForm(ItemCategory.MICRO_BUSINESS, "Equipment for a small grocery shop: shelves, a fridge and the first "
                 "stock", eur(800), Modality.IN_KIND, "IOM mission in the country of return"),
    PlanItemForm(ItemCategory.MICRO_BUSINESS, "Livestock and feed for the first winter (two cows)", eur(600),
                 Modality.IN_KIND, "Supplier chosen with the returnee"),
    PlanItemForm(ItemCategory.VOCATIONAL_TRAINING, "Sewing course", eur(200), Modality.CASH, "Vocational "
                 "training centre"),
)


def cell_reads_whole(table, row: int, column: int) -> bool:
    """True when the cell's text, wrapped at its column's width, fits the row's height."""
    text = table.model().index(row, column).data()
    width = table.columnWidth(column) - 8  # the item's margins
    needed = table.fontMetrics().boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
    return needed.width() <= width and needed.height() <= table.rowHeight(row)


@pytest.fixture
def locale():
    yield "en"
    set_locale("en")


@pytest.mark.parametrize("locale", ["en", "lt", "ru"], indirect=True)
def test_support_and_provider_read_whole_in_the_case_files_width(qtbot, returnee, ops, officer, bus, locale):
    """In Russian the header "В натуральной форме или наличными" also pushed Status and the date out of view."""
    set_locale(locale)
    ops.actor = officer
    ops.write(reintegration.draft_plan, returnee.id, list(ITEMS))
    tab = ReintegrationTab(ops, bus, returnee.id, returnee.case_number)
    qtbot.addWidget(tab)
    tab.resize(1000, 640)
    tab.show()
    qtbot.waitExposed(tab)
    QApplication.processEvents()
    table = tab.plan_panel.table
    assert table.model().rowCount() == len(ITEMS)
    for row in range(len(ITEMS)):
        assert cell_reads_whole(table, row, COL_SUPPORT), table.model().index(row, COL_SUPPORT).data()
        assert cell_reads_whole(table, row, COL_PROVIDER), table.model().index(row, COL_PROVIDER).data()
    # Every column is in view: the table does not scroll sideways to read a row.
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    # The short columns are not wider than they need: "Support" has the room.
    assert table.columnWidth(COL_SUPPORT) > table.columnWidth(COL_PROVIDER)


def test_in_russian_the_support_column_keeps_its_header_and_room_for_its_words(qtbot, returnee, ops, officer, bus):
    """"Профессиональное обучение" and "В натуральной форме" took the width: "Поддержка" was left 70 pixels, its
    header cut to "оддержка" and "Sewing machine and overlocker" on four lines. Category and form wrap instead."""
    from avrcase.ui.widgets.header_fit import header_width

    set_locale("ru")
    try:
        ops.actor = officer
        ops.write(reintegration.draft_plan, returnee.id, [
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine and overlocker", eur(1500), Modality.IN_KIND,
                         "Tbilisi Sewing Supplies"),
            PlanItemForm(ItemCategory.VOCATIONAL_TRAINING, "Vocational course in tailoring", eur(900),
                         Modality.IN_KIND, "Tbilisi College"),
            PlanItemForm(ItemCategory.EDUCATION, "Rent of workshop premises, 6 months", eur(500), Modality.IN_KIND,
                         "Landlord via partner")])
        tab = ReintegrationTab(ops, bus, returnee.id, returnee.case_number)
        qtbot.addWidget(tab)
        tab.resize(960, 620)  # the tab's page in a case file of 1000 pixels
        tab.show()
        qtbot.waitExposed(tab)
        QApplication.processEvents()
        table = tab.plan_panel.table
        header = table.horizontalHeader()
        em = table.fontMetrics().horizontalAdvance("M")
        assert table.columnWidth(COL_SUPPORT) >= header_width(header, COL_SUPPORT, any_sorted=True)
        assert table.columnWidth(COL_SUPPORT) >= 12 * em
        assert header.length() <= table.viewport().width()  # nothing pushed out of view to make the room
        for row in range(3):
            assert cell_reads_whole(table, row, COL_SUPPORT), table.model().index(row, COL_SUPPORT).data()
    finally:
        set_locale("en")
