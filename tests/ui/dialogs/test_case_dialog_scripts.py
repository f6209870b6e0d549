"""A name typed in its own script into the travel document's Latin fields of the case dialog is written in Latin
letters as the spreadsheet import does, the typed name kept as the name in the original script, with a note to
check it against the passport (a walk saw "Беридзе" saved as the Latin name, which no airline reads)."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from avrcase.services.cases import case_file
from avrcase.ui import palette
from avrcase.ui.dialogs.case_dialog import CaseDialog
from tests.ui.dialogs.test_case_dialog import choose_country, fill_facts, type_text


def open_dialog(qtbot, ops, bus) -> CaseDialog:
    dialog = CaseDialog(ops, bus)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def type_and_tab(qtbot, edit, text: str) -> None:
    """Click into the field, type ``text`` key by key and leave it with Tab, as a counsellor does."""
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    type_text(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Tab)


def test_a_georgian_name_typed_into_the_latin_fields_is_romanised_and_kept_as_the_original(qtbot, ops, bus):
    dialog = open_dialog(qtbot, ops, bus)
    person = dialog.principal
    choose_country(person.citizenship, "Georgia")
    type_and_tab(qtbot, person.family_name, "ბერიძე")
    type_and_tab(qtbot, person.given_names, "ნინო")

    assert (person.family_name.text(), person.given_names.text()) == ("Beridze", "Nino")
    assert (person.family_name_original.text(), person.given_names_original.text()) == ("ბერიძე", "ნინო")
    note = dialog.errors.label("principal.family_name")
    assert note.message == ("“ბერიძე” moved to the original script below; “Beridze” is its Latin spelling by "
                            "romanisation: check it against the passport.")
    assert palette.CAUTION in note.styleSheet()  # something to check, not an error
    QTest.keyClick(person.family_name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert person.family_name.text() == "ბერიძე"  # one Ctrl+Z brings back what was typed
    person.family_name.setText("Beridze")

    person.sex.set_code("F")
    person.date_of_birth.set_date(dt.date(1988, 5, 17))
    person.document_type.set_code("none")
    fill_facts(qtbot, dialog)
    with qtbot.waitSignal(dialog.case_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    principal = ops.read(case_file.get_case, saved.args[0]).principal
    assert (principal.family_name, principal.given_names) == ("Beridze", "Nino")
    assert (principal.family_name_original, principal.given_names_original) == ("ბერიძე", "ნინო")


def test_a_ukrainian_name_takes_ukraines_spelling_and_an_original_already_typed_is_kept(qtbot, ops, bus):
    dialog = open_dialog(qtbot, ops, bus)
    person = dialog.principal
    choose_country(person.citizenship, "Ukraine")
    type_and_tab(qtbot, person.given_names_original, "Ганна")
    type_and_tab(qtbot, person.family_name, "Шевчук")
    type_and_tab(qtbot, person.given_names, "Анна")  # the original field holds another spelling: left as it is
    type_and_tab(qtbot, person.patronymic, "Олегівна")

    assert (person.family_name.text(), person.family_name_original.text()) == ("Shevchuk", "Шевчук")
    assert (person.given_names.text(), person.given_names_original.text()) == ("Anna", "Ганна")
    assert person.patronymic.text() == "Olehivna"
    assert dialog.errors.label("principal.given_names").message == (
        "“Anna” is the Latin spelling of “Анна” by romanisation: check it against the passport.")


def test_a_name_in_latin_letters_is_left_as_typed_without_a_note(qtbot, ops, bus):
    dialog = open_dialog(qtbot, ops, bus)
    person = dialog.principal
    type_and_tab(qtbot, person.family_name, "Nguyễn")
    assert person.family_name.text() == "Nguyễn" and person.family_name_original.text() == ""
    assert dialog.errors.message("principal.family_name") == ""


def test_a_hindi_or_punjabi_name_is_romanised_whole_with_its_spoken_vowels(qtbot, ops, bus):
    """हरजीत सिंह came out as "HrjीT SिंH" (each vowel sign split the word, the inherent a left out)."""
    dialog = open_dialog(qtbot, ops, bus)
    person = dialog.principal
    choose_country(person.citizenship, "India")
    type_and_tab(qtbot, person.family_name, "सिंह")
    type_and_tab(qtbot, person.given_names, "हरजीत")
    assert (person.family_name.text(), person.given_names.text()) == ("Singh", "Harjit")
    assert (person.family_name_original.text(), person.given_names_original.text()) == ("सिंह", "हरजीत")

    person.family_name.clear()
    person.family_name_original.clear()
    type_and_tab(qtbot, person.family_name, "ਕੌਰ ਗਿੱਲ")
    assert person.family_name.text() == "Kaur Gill"
    person.given_names.clear()
    person.given_names_original.clear()
    type_and_tab(qtbot, person.given_names, "தர்மலிங்கம்")
    assert person.given_names.text() == "Tarmalinkam"  # Tamil: "Tara்MalaிNa்Kama்" before


@pytest.mark.parametrize(("country", "written", "latin"), [
    ("Iraq", ("خەلیل", "شێرکۆ"), ("Khelil", "Sherko")),  # Sorani ۆ is o: "Sherku" before
    ("Belarus", ("Зянкевіч", "Ўладзімір"), ("Ziankevich", "Uladzimir")),
    ("Armenia", ("Հովհաննիսյան", "Հովհաննես"), ("Hovhannisyan", "Hovhannes")),
    ("Greece", ("Παπαδόπουλος", "Γιώργος"), ("Papadopoulos", "Giorgos")),
    ("India", ("शर्मा", "दीपक"), ("Sharma", "Dipak")),
    ("Bangladesh", ("রহিম", "মোহাম্মদ"), ("Rahim", "Mohammad")),  # refused before: no Bengali font
    ("Bangladesh", ("বিশ্বাস", "মোঃ আব্দুর"), ("Biswas", "Md Abdur")),
    ("South Korea", ("김", "민준"), ("Kim", "Minjun")),  # refused before: no Hangul font
    ("Syria", ("الأحمد", "عبد الله"), ("Al-Ahmad", "Abdullah")),  # "Alahmd", "Bd Allh" before
    ("Afghanistan", ("رضایی", "علی‌رضا"), ("Rezaei", "Alireza")),  # "Rzaii", "Lirza" before
    ("Morocco", ("العلوي", "عبد الرحمن"), ("El Alaoui", "Abderrahmane")),  # "Al-Alui", "Abdulrahman" before
    ("Algeria", ("بوزيد", "نور الدين"), ("Bouzid", "Noureddine")),  # "Buzid", "Nuruddin" before
])
def test_a_name_in_its_own_script_is_registered_with_a_latin_draft(qtbot, ops, bus, country, written, latin):
    dialog = open_dialog(qtbot, ops, bus)
    person = dialog.principal
    choose_country(person.citizenship, country)
    type_and_tab(qtbot, person.family_name, written[0])
    type_and_tab(qtbot, person.given_names, written[1])
    assert (person.family_name.text(), person.given_names.text()) == latin
    person.sex.set_code("M")
    person.date_of_birth.set_date(dt.date(1980, 6, 17))
    person.document_type.set_code("none")
    fill_facts(qtbot, dialog)
    with qtbot.waitSignal(dialog.case_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    principal = ops.read(case_file.get_case, saved.args[0]).principal
    assert (principal.family_name_original, principal.given_names_original) == written
    assert (principal.family_name, principal.given_names) == latin


def test_a_note_opening_with_an_arabic_name_reads_left_to_right_in_an_english_window(qtbot, ops, bus):
    """Qt takes a paragraph's direction from its first letter: "“الأحمد” moved to the original script below; …" was
    laid out right to left under the field, ".passport" first and the English words out of order."""
    dialog = open_dialog(qtbot, ops, bus)
    person = dialog.principal
    choose_country(person.citizenship, "Syria")
    type_and_tab(qtbot, person.family_name, "الأحمد")
    note = dialog.errors.label("principal.family_name")
    assert note.message == ("“الأحمد” moved to the original script below; “Al-Ahmad” is its Latin spelling by "
                            "romanisation: check it against the passport.")
    assert note.text() == "\u200e" + note.message  # a left-to-right mark leads: the window's direction, not the name's
