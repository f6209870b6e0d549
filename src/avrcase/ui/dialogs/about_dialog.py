"""Help ▸ About: the version, where the store is, and every bundled component with its version and licence."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from avrcase import __version__
from avrcase.i18n import _
from avrcase.services import licences
from avrcase.ui.models.row_table import TextTableModel
from avrcase.ui.widgets.screen_fit import fit_to_screen

COL_NAME, COL_VERSION, COL_LICENCE = range(3)


def licence_folder() -> Path | None:
    """The ``LICENSES`` folder of the installed (frozen) app, or ``None`` when running from source."""
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "LICENSES"
    return folder if folder.is_dir() else None


class AboutDialog(QDialog):
    """The app's version and purpose above a table of components; the selected one's licence text below."""

    def __init__(self, store_location: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("About avrcase"))
        header = QLabel(_(
            "<h3>avrcase %(version)s</h3><p>Case management for Assisted Voluntary Return and "
            "Reintegration offices: case register, return counselling and follow-ups.</p>"
            "<p>Store: %(location)s</p>") % {"version": __version__, "location": store_location})
        header.setWordWrap(True)
        header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder = licence_folder()
        intro = QLabel(_("avrcase is built on these components, each under its own licence. Select one to read it.")
                       + ("" if folder is None else " " + _("The same texts are in %(folder)s.") % {"folder": folder}))
        intro.setWordWrap(True)

        self.components = licences.components()
        self.model = TextTableModel([_("Component"), _("Version"), _("Licence")], self)
        self.model.set_rows([(c.name, c.version, c.licence) for c in self.components], self.components)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setObjectName("about_components")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(COL_VERSION, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(COL_LICENCE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

        self.licence_text = QPlainTextEdit()
        self.licence_text.setObjectName("about_licence_text")
        self.licence_text.setReadOnly(True)
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # the texts are wrapped already
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.licence_text.setFont(font)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.licence_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (header, intro, splitter, buttons):
            layout.addWidget(widget)
        fit_to_screen(self, 760, 640)
        if self.components:
            self.table.selectRow(0)

    def select_component(self, name: str) -> bool:
        """Select the component called ``name`` (its licence text then shows); False if there is none."""
        for row, component in enumerate(self.components):
            if component.name == name:
                self.table.selectRow(row)
                return True
        return False

    def _on_table_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if len(rows) == 1:
            component = self.components[rows.pop()]
            self.licence_text.setPlainText(f"{component.name} {component.version}\n\n{component.full_text()}")
            self.licence_text.moveCursor(self.licence_text.textCursor().MoveOperation.Start)
