"""The case list on a 1024-pixel screen: every column in view, no sideways scrolling, the name read whole.

The Russian walk under X11 saw the list scroll sideways at 1024 pixels ("Этап" cut at the right edge, the counsellor
and the date out of view) while the name column kept no more room than in English."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from avrcase.i18n import set_locale
from avrcase.ui.models.case_table import COL_PRINCIPAL
from avrcase.ui.widgets.header_fit import text_width
from tests.conftest import make_person
from tests.ui.views.test_case_list_filters import window  # noqa: F401 - the fixture


@pytest.mark.parametrize(("locale", "width"), [("ru", 1024), ("lt", 1024), ("en", 1024), ("ru", 1280)])
def test_every_column_is_in_view_and_the_name_reads_whole(window, make_case, locale, width):  # noqa: F811
    make_case(principal=make_person(family_name="Čepulėnas", given_names="Ąžuolas Kęstutis"))
    table = window(locale, width).case_list.table
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width(), [header.sectionSize(c) for c in range(header.count())]
    assert not table.horizontalScrollBar().isVisible()
    for row in range(table.model().rowCount()):
        name = table.model().index(row, COL_PRINCIPAL).data(Qt.ItemDataRole.DisplayRole)
        assert header.sectionSize(COL_PRINCIPAL) >= text_width(table, name), name



def test_a_header_cut_short_ends_in_an_ellipsis_and_its_tooltip_holds_it_whole(window):  # noqa: F811
    """Qt clipped a header too narrow for it at both ends ("ажданст"); two-line headers were cut the same way."""
    table = window("ru", 1024).case_list.table
    model, header = table.model(), table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(header.count()):
        shown = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        whole = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        if shown != "⚠":
            assert shown.replace("\n", " ") == whole or shown.endswith("…"), (shown, whole)
        assert max(metrics.horizontalAdvance(line) for line in shown.split("\n")) < header.sectionSize(column), shown


def test_columns_remembered_in_another_language_never_cut_a_header(qtbot, ops, make_case):
    """Widths remembered from a Russian session ("Люди", 64 pixels) cut the Lithuanian "Asmenys" to "Asm…"."""
    from avrcase.ui.models.case_table import COL_HOUSEHOLD
    from avrcase.ui.views.case_list import CaseListView
    from avrcase.ui.widgets.header_fit import header_width

    make_case()
    before = CaseListView(ops)
    qtbot.addWidget(before)
    before.table.setColumnWidth(COL_HOUSEHOLD, 40)
    state = before.header_state()
    set_locale("lt")
    try:
        after = CaseListView(ops)
        qtbot.addWidget(after)
        after.restore_header_state(state)
        header = after.table.horizontalHeader()
        assert header.sectionSize(COL_HOUSEHOLD) >= header_width(header, COL_HOUSEHOLD, any_sorted=True, text="Asmenys")
    finally:
        set_locale("en")
