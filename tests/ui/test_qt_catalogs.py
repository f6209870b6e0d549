"""Qt's own texts (the file dialog, a line edit's menu, standard buttons) speak the interface language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QPlainTextEdit

from avrcase import app as app_module


@pytest.fixture
def interface_language(qapp):
    """Installs a language as the app does at start; English again afterwards."""
    yield lambda locale: app_module.install_translations(qapp, locale)
    app_module.install_translations(qapp, "en")


def menu_texts(qtbot, kind=QLineEdit) -> list[str]:
    edit = kind()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [action.text().split("\t")[0].replace("&", "") for action in menu.actions() if action.text()]
    menu.deleteLater()
    return texts


def file_dialog_texts(qtbot) -> tuple[set[str], set[str]]:
    dialog = QFileDialog(None, "", "", "")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel) if label.text()}
    box = dialog.findChild(QDialogButtonBox)
    buttons = {button.text().replace("&", "") for button in box.buttons()}
    return labels, buttons


def test_a_lithuanian_interface_has_lithuanian_editing_menus_and_file_dialogs(qtbot, interface_language):
    """Qt 6 has no qtbase_lt.qm: the menu said "Copy", "Paste", "Select All" and the file dialog "Look in",
    "File name", "Save", "Cancel" in a Lithuanian interface."""
    assert interface_language("lt") is not None
    assert {"Kopijuoti", "Įdėti", "Pažymėti viską"} <= set(menu_texts(qtbot))
    assert {"Kopijuoti", "Įdėti", "Pažymėti viską"} <= set(menu_texts(qtbot, QPlainTextEdit))  # notes, findings
    labels, buttons = file_dialog_texts(qtbot)
    assert {"Vieta:", "Failo vardas:", "Failų tipas:"} <= labels, labels
    assert {"Išsaugoti", "Atšaukti"} == buttons


def test_mnemonics_stay_on_the_translated_labels(qtbot, interface_language):
    """Qt 6 added "&" to "Look in:" and "Files of type:", which its catalogs do not know yet."""
    interface_language("lt")
    dialog = QFileDialog(None, "", "", "")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    assert {"&Vieta:", "Failų &tipas:"} <= {label.text() for label in dialog.findChildren(QLabel)}


def test_a_russian_interface_has_russian_editing_menus_and_file_dialogs(qtbot, interface_language):
    assert interface_language("ru") is not None
    assert {"Копировать", "Вставить", "Выделить всё"} <= set(menu_texts(qtbot))
    labels, buttons = file_dialog_texts(qtbot)
    assert {"Перейти к:", "Имя файла:", "Типы файлов:"} <= labels, labels
    assert "Сохранить" in buttons and "Отмена" in buttons


def test_changing_the_interface_language_changes_qt_s_texts_too(qtbot, interface_language):
    """Installing another language replaced nothing: a Russian catalog stayed in a Lithuanian interface."""
    interface_language("ru")
    interface_language("lt")
    assert "Kopijuoti" in menu_texts(qtbot)
    interface_language("en")
    assert "Copy" in menu_texts(qtbot)
