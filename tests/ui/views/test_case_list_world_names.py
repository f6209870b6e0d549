"""The case list with returnees' names: found as a counsellor types them, sorted by their letters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from avrcase.ui.models.case_table import COL_PRINCIPAL
from tests.conftest import make_person
from tests.ui.views.test_case_list import shown_numbers, type_search, view  # noqa: F401 - the fixture

NAMES = {
    "rahimzadeh": ("Rahimzadeh", "Maryam", "رحیم\u200cزاده", "مریم", "AF"),
    "olaoluwa": ("Ọláolúwa", "Ẹ̀bùn", "", "", "NG"),
    "sahin": ("Şahin", "İsmail", "", "", "TR"),
    "isik": ("Işık", "Irmak", "", "", "TR"),
    "tesfay": ("", "Tesfay", "ገብረመድህን", "ተስፋይ", "ER"),
    "oneil": ("O’Neil", "Sean", "", "", "IE"),
}


def _registered(make_case, names: dict) -> dict[str, str]:
    """A case for each name (family, given, both in the original script, citizenship): key -> case number."""
    return {key: make_case(principal=make_person(family_name=family, given_names=given, family_name_original=fo,
                                                 given_names_original=go, citizenship=country)).case_number
            for key, (family, given, fo, go, country) in names.items()}


@pytest.fixture
def world(make_case):
    return _registered(make_case, NAMES)


@pytest.mark.parametrize(("typed", "who"), [
    ("رحیمزاده", "rahimzadeh"),  # typed without the ZWNJ the case holds: found nothing
    ("رحیم‌زاده", "rahimzadeh"),
    ("Ebun", "olaoluwa"),
    ("ISMAIL SAHIN", "sahin"),
    ("ışık", "isik"),
    ("ተስፋይ", "tesfay"),
    ("O'Neil", "oneil"),
])
def test_typing_a_name_as_a_counsellor_would_finds_the_case(qtbot, world, view, typed, who):  # noqa: F811
    type_search(qtbot, view, typed)
    qtbot.waitUntil(lambda: shown_numbers(view) == [world[who]], timeout=3000)


def test_names_sort_by_their_letters_whatever_the_marks(qtbot, world, view, tmp_path):  # noqa: F811
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_PRINCIPAL) + header.sectionSize(COL_PRINCIPAL) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    names = [view.model.index(r, COL_PRINCIPAL).data() for r in range(view.model.rowCount())]
    assert names == ["IŞIK Irmak", "ỌLÁOLÚWA Ẹ̀bùn", "O’NEIL Sean", "RAHIMZADEH Maryam", "ŞAHİN İsmail", "Tesfay"]
    view.grab().save(str(tmp_path / "world-names.png"))


MORE_NAMES = {
    "li": ("LI", "Xiao Ming", "", "", "CN"),
    "karimi": ("Karimi", "Mohammad Ali", "", "", "AF"),
    "sherko": ("Xelîl", "Şêrko", "", "", "IQ"),
    "zalmay": ("Ahmadzai", "Zalmay", "", "", "AF"),
    "singh": ("Singh", "Harjeet", "", "", "IN"),
    "cabdi": ("Cabdi", "Xasan", "", "", "SO"),
}


@pytest.fixture
def more_world(make_case):
    return _registered(make_case, MORE_NAMES)


@pytest.mark.parametrize(("typed", "who"), [
    ("Xiaoming", "li"),  # written apart in the case: found nothing
    ("Mohammadali", "karimi"),
    ("شێرکۆ", "sherko"),  # Sorani letters ێ ۆ
    ("ځلمی", "zalmay"),  # Pashto ځ
    ("हरजीत सिंह", "singh"),  # the inherent a: "hrjit simh" before
    ("Abdi Hassan", "cabdi"),  # Somali c and x
])
def test_a_name_written_apart_or_in_another_script_finds_the_case(qtbot, more_world, view, typed, who):  # noqa: F811
    type_search(qtbot, view, typed)
    qtbot.waitUntil(lambda: shown_numbers(view) == [more_world[who]], timeout=3000)
