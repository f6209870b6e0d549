"""The case dialog with names as returnees have them: one name only, tone marks, Turkish letters typed without."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.codes import Sex
from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseQuery
from tests.conftest import make_person
from tests.ui.dialogs.test_case_dialog import choose_country, dialog, fill_facts, type_text  # noqa: F401 (dialog: the fixture)


def _type(fields, family: str, given: str, citizenship: str, born: dt.date) -> None:
    type_text(fields.family_name, family)
    type_text(fields.given_names, given)
    fields.sex.set_code("M")
    fields.date_of_birth.set_date(born)
    choose_country(fields.citizenship, citizenship)
    fields.document_type.set_code("none")


def test_a_person_with_one_name_only_is_registered_and_listed_by_it(qtbot, ops, dialog):
    _type(dialog.principal, "", "Tesfay", "Eritrea", dt.date(1994, 6, 2))
    fill_facts(qtbot, dialog)
    with qtbot.waitSignal(dialog.case_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rows = ops.read(cases.list_cases, CaseQuery(search="tesfay"))
    assert [r.principal_name for r in rows] == ["Tesfay"]


@pytest.mark.parametrize(("family", "given", "country", "typed"), [
    ("Ọláolúwa", "Ẹ̀bùn", "NG", ("OLAOLUWA", "Ebun", "Nigeria")),
    ("Şahin", "İsmail", "TR", ("SAHIN", "ISMAIL", "Türkiye")),
], ids=["yoruba-tone-marks", "turkish-letters"])
def test_the_same_person_typed_without_the_marks_of_the_name_is_a_possible_duplicate(
        qtbot, ops, dialog, make_case, family, given, country, typed):
    """No possible duplicate was shown for either: "Ẹ̀bùn" was cut at its tone mark, "Şahin" read only as "Shahin"."""
    born = dt.date(1984, 9, 14)
    old = make_case(principal=make_person(family_name=family, given_names=given, family_name_original="",
                                          given_names_original="", citizenship=country, date_of_birth=born,
                                          sex=Sex.MALE))
    _type(dialog.principal, *typed, born)
    fill_facts(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    duplicates = dialog.duplicates_dialog
    assert duplicates is not None and duplicates.isVisible()
    assert duplicates.model.texts(0)[:2] == [old.case_number, old.principal.full_name]
    qtbot.mouseClick(duplicates.cancel_button, Qt.MouseButton.LeftButton)


def test_a_chinese_name_typed_in_its_characters_is_saved_and_shown_written_together(qtbot, ops, dialog):
    """王 小明 in the original-script fields was refused ("no font for this writing system"); the Latin fields take
    the passport's spelling. The case file shows the name as Chinese writes it."""
    _type(dialog.principal, "Wang", "Xiaoming", "China", dt.date(1990, 5, 1))
    dialog.principal.family_name_original.insert("王")  # as an input method would (QTest cannot type ideographs)
    dialog.principal.given_names_original.insert("小明")
    fill_facts(qtbot, dialog)
    with qtbot.waitSignal(dialog.case_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    from avrcase.services.cases.case_file import get_case
    from avrcase.ui.views.case_file_tabs import HouseholdTab

    (row,) = ops.read(cases.list_cases, CaseQuery(search="王小明"))
    detail = ops.read(get_case, row.id)
    assert (detail.principal.family_name_original, detail.principal.given_names_original) == ("王", "小明")
    assert row.principal_name == "WANG Xiaoming"
    tab = HouseholdTab()
    qtbot.addWidget(tab)
    tab.show_case(detail)
    assert "王小明" in tab.document().toPlainText().split()
