"""Help ▸ About: the version and every bundled component with its version and licence text."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtCore import QSettings

from avrcase import __version__
from avrcase.ui.dialogs.about_dialog import COL_LICENCE, COL_NAME, COL_VERSION, AboutDialog
from avrcase.ui.main_window import MainWindow


@pytest.fixture
def about(qtbot, ops, bus, tmp_path):
    """The About dialog opened from the Help menu of a signed-in main window."""
    window = MainWindow(ops, bus, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "Help" in a.text())
    assert window.about_action in help_menu.actions()
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _rows(dialog: AboutDialog) -> dict[str, tuple[str, str]]:
    model = dialog.model
    return {model.index(r, COL_NAME).data(): (model.index(r, COL_VERSION).data(), model.index(r, COL_LICENCE).data())
            for r in range(model.rowCount())}


def test_about_lists_the_bundled_components_with_their_versions(about, qtmodeltester):
    rows = _rows(about)
    assert rows["reportlab"] == (metadata.version("reportlab"), rows["reportlab"][1])
    assert rows["sqlcipher3"][0] == metadata.version("sqlcipher3")
    assert rows["PySide6_Essentials"] == (metadata.version("PySide6_Essentials"),
                                          "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only")
    assert rows["Qt"][1] == "LGPL-3.0-only" and rows["SQLCipher"][0].startswith("4.")
    assert any(name.startswith("Noto fonts") and licence == "OFL-1.1" for name, (_v, licence) in rows.items())
    assert "pytest" not in rows  # test tools are not part of the app
    qtmodeltester.check(about.model)


def test_selecting_a_component_shows_its_licence_text(about):
    assert about.select_component("Qt")
    text = about.licence_text.toPlainText()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Replacing the Qt libraries" in text
    assert about.select_component("SQLCipher")
    assert "ZETETIC LLC" in about.licence_text.toPlainText()
    assert about.select_component("reportlab")
    assert "ReportLab" in about.licence_text.toPlainText()
    assert not about.select_component("no such thing")


def test_about_says_the_version_and_where_the_store_is(about, ops):
    labels = " ".join(label.text() for label in about.findChildren(type(about.layout().itemAt(0).widget())))
    assert f"avrcase {__version__}" in labels and ops.store_location in labels
