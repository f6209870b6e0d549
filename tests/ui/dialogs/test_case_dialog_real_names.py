"""Real-world names typed into the case dialog: digits, emoji and characters pasted from a word processor are refused
beside the field, saying what they are; a very long name and a single name are registered as typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from avrcase.services.cases import case_file
from tests.ui.dialogs.test_case_dialog import count, fill_facts, type_person
from tests.ui.dialogs.test_case_dialog_scripts import open_dialog, type_and_tab


def _leave(edit) -> None:
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_Tab)


def test_digits_emoji_and_a_pasted_soft_hyphen_are_refused_beside_the_field(qtbot, ops, bus):
    """"Nino2" and "Hassan­ov" (Word's soft hyphen) were registered; "Nino 😀" was refused as a script no font
    prints, asking for Latin letters."""
    dialog = open_dialog(qtbot, ops, bus)
    person = dialog.principal
    type_person(qtbot, person, "Beridze", "Nino", dt.date(1988, 5, 17))
    fill_facts(qtbot, dialog)
    before = count(ops)
    for pasted, words in (("Nino2", "cannot hold digits: “2” (DIGIT TWO)"),
                          ("Nino 😀", "cannot hold emoji or other symbols: “😀” (GRINNING FACE)"),
                          ("Ni\u00adno", "invisible characters, probably copied along with it from another program: "
                                         "SOFT HYPHEN")):
        person.given_names.clear()
        person.given_names.insert(pasted)  # as pasted (QTest types no emoji)
        _leave(person.given_names)
        assert words in dialog.errors.message("principal.given_names"), pasted
        with qtbot.assertNotEmitted(dialog.case_saved):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert words in dialog.errors.message("principal.given_names") and count(ops) == before
    person.given_names.clear()
    type_and_tab(qtbot, person.given_names, "Nino")
    assert dialog.errors.message("principal.given_names") == ""
    with qtbot.waitSignal(dialog.case_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert count(ops) == before + 1


def test_a_sixty_letter_name_and_a_single_name_are_registered_as_typed(qtbot, ops, bus):
    long_family = "Wolfeschlegelsteinhausenbergerdorff-Abdulrahmanovic-Karimova"  # 60 characters
    assert len(long_family) == 60
    dialog = open_dialog(qtbot, ops, bus)
    type_person(qtbot, dialog.principal, long_family, "Ayşe", dt.date(1990, 2, 3))
    fill_facts(qtbot, dialog)
    with qtbot.waitSignal(dialog.case_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ops.read(case_file.get_case, saved.args[0]).principal.family_name == long_family

    dialog = open_dialog(qtbot, ops, bus)  # Indonesia writes one name only: no family name
    type_person(qtbot, dialog.principal, "", "Sukarno", dt.date(1971, 6, 6), sex="M", citizenship="Indonesia")
    fill_facts(qtbot, dialog)
    with qtbot.waitSignal(dialog.case_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    principal = ops.read(case_file.get_case, saved.args[0]).principal
    assert (principal.family_name, principal.given_names, principal.full_name) == ("", "Sukarno", "Sukarno")
