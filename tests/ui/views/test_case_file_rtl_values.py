"""Right-to-left values in the case file: an Arabic name reads right to left but stays next to its label."""

from __future__ import annotations

from PySide6.QtCore import Qt

from avrcase.ui.views.case_file_tabs import HouseholdTab
from tests.conftest import make_person

ARABIC_FAMILY, ARABIC_GIVEN = "الأحمد", "محمد"


def _block_left(document, text: str) -> tuple[float, object]:
    """Where the first line of the block that is ``text`` starts on the page, and that block."""
    document.size()  # lays the document out
    block = document.begin()
    while block.isValid():
        if block.text() == text:
            frame = document.documentLayout().blockBoundingRect(block)
            return frame.left() + block.layout().lineAt(0).naturalTextRect().left(), block
        block = block.next()
    raise AssertionError(f"{text!r} not shown")


def test_an_arabic_name_starts_next_to_its_label_and_still_reads_right_to_left(qtbot, make_case):
    """Walk 11: an Arabic name in original script sat against the far edge of the value column, a hand-width
    away from "Name in original script"; now it starts where the Latin values under it start."""
    case = make_case(principal=make_person(family_name="Al-Ahmad", given_names="Mohammed", citizenship="SY",
                                           family_name_original=ARABIC_FAMILY, given_names_original=ARABIC_GIVEN,
                                           address="Pabradė Foreigners' Registration Centre, Vilnius district"))
    tab = HouseholdTab()
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    tab.show_case(case)
    document = tab.document()
    arabic_left, arabic = _block_left(document, f"{ARABIC_FAMILY} {ARABIC_GIVEN}")
    latin_left, _latin = _block_left(document, "Mohammed")
    assert abs(arabic_left - latin_left) <= 2
    assert arabic.textDirection() == Qt.LayoutDirection.RightToLeft  # shaped and ordered as Arabic is read
