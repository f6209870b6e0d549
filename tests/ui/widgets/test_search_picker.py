"""The one type-to-search picker: prefix first, accents and case ignored, and Enter never keeps a text the
field does not hold (#19, item 3). Typed with key events, as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout

from avrcase.i18n import set_locale
from avrcase.ui.widgets.combos import CountryCombo, LanguageCombo
from avrcase.ui.widgets.search_picker import fold, ranked, resolve
from tests.support.keyboard import press, type_text


def in_dialog(qtbot, picker):
    """The picker in a dialog whose default button counts its presses, focused."""
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    layout.addWidget(picker)
    other = QLineEdit()
    layout.addWidget(other)
    ok = QPushButton("OK")
    layout.addWidget(ok)
    ok.setDefault(True)
    presses = []
    ok.clicked.connect(lambda: presses.append(picker.code()))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    picker.setFocus()
    return dialog, presses


def suggestions(picker) -> list[str]:
    model = picker.suggestions
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_matching_ignores_case_and_accents_and_ranks_prefix_first():
    assert fold("Rusų") == "rusu" and fold("CÔTE") == "cote"
    labels = ["Belarus", "Prussian", "Russia", "White Russian"]
    assert [labels[i] for i in ranked("Russ", labels)] == ["Russia", "White Russian", "Prussian"]
    assert resolve("lith", ["Latvia", "Lithuania"]) == 1
    assert resolve("ge", ["Georgia", "Germany"]) == 0  # the first that starts with it
    assert resolve("rus", ["rusinų", "rusų"]) == 1  # the closest that starts with it
    assert resolve("ssia", ["Prussia", "Russia"]) is None  # several contain it, none starts with it
    assert resolve("uss", ["Russia", "Spain"]) == 0  # the only one containing it
    assert resolve("xyz", ["Russia"]) is None


def test_russ_down_enter_picks_russia_not_prussian(qtbot):
    picker = LanguageCombo()
    _dialog, _presses = in_dialog(qtbot, picker)
    type_text("Russ")
    assert suggestions(picker)[0] == "Russian"
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    assert picker.code() == "ru" and picker.currentText() == "Russian"


def test_in_lithuanian_rus_offers_rusu_before_baltarusiu(qtbot):
    set_locale("lt")
    picker = LanguageCombo()
    _dialog, _presses = in_dialog(qtbot, picker)
    type_text("rus")
    offered = suggestions(picker)
    assert offered[0] == "rusų"
    assert offered.index("rusų") < offered.index("baltarusių")


def test_a_partial_name_and_enter_picks_the_prefix_match_without_saving_the_dialog(qtbot):
    picker = CountryCombo(empty_text="—")
    _dialog, presses = in_dialog(qtbot, picker)
    type_text("Lith")
    press(Qt.Key.Key_Return)
    assert picker.currentText() == "Lithuania" and picker.code() == "LT"
    assert presses == []  # the first Enter chose; it did not also save the old value
    press(Qt.Key.Key_Return)
    assert presses == ["LT"]


def test_enter_on_a_text_naming_nothing_refuses_visibly_and_saves_nothing(qtbot):
    picker = CountryCombo(empty_text="—")
    picker.set_code("GE")
    _dialog, presses = in_dialog(qtbot, picker)
    picker.lineEdit().selectAll()
    type_text("Qwerty")
    press(Qt.Key.Key_Return)
    assert presses == []
    assert "Qwerty" in picker.refusal and picker.toolTip() == picker.refusal
    assert picker.code() == "GE" and picker.currentText() == "Georgia"  # put back, never "Qwerty" over GE


def test_leaving_the_field_settles_the_typed_text(qtbot):
    picker = CountryCombo(empty_text="—")
    dialog, _presses = in_dialog(qtbot, picker)
    type_text("lith")
    press(Qt.Key.Key_Tab)
    assert picker.currentText() == "Lithuania" and picker.code() == "LT"
    picker.setFocus()
    picker.lineEdit().selectAll()
    type_text("Nowhereland")
    press(Qt.Key.Key_Tab)
    assert picker.currentText() == "Lithuania" and picker.code() == "LT" and picker.refusal


def test_the_empty_entry_is_a_placeholder_and_typing_replaces_nothing(qtbot):
    picker = CountryCombo(empty_text="—")
    _dialog, _presses = in_dialog(qtbot, picker)
    assert picker.currentText() == "" and picker.lineEdit().placeholderText()
    type_text("Lith")
    assert picker.currentText() == "Lith"  # not "Lith—"
    picker.lineEdit().clear()
    assert picker.code() == ""
