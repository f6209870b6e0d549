"""Help ▸ Keyboard shortcuts: every shortcut of the app, read from the actions themselves (never a list
typed by hand that goes stale): the main window's menus, a case file's actions and the tab keys."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QMainWindow, QVBoxLayout, QWidget

from avrcase.i18n import N_, _
from avrcase.ui.models.row_table import Column, RowTableModel
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.dialog_buttons import speak_our_language
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.tab_keys import tab_key_shortcuts


def _plain(text: str) -> str:
    """A menu text without its mnemonic marks and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


def _keys(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty())


def window_shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) of every visible menu action with a shortcut, in menu order."""
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None or not menu_action.isVisible():
            continue
        for action in menu.actions():
            if action.isVisible() and not action.isSeparator() and _keys(action):
                rows.append((_plain(menu.title()), _plain(action.text()), _keys(action)))
    return rows


def case_file_shortcuts() -> list[tuple[str, str, str]]:
    """(``Case file``, action, keys) of a case file's actions, made on a scratch widget to read them."""
    from avrcase.ui.views.case_file import case_file_actions  # the case file imports the main window's dialogs

    scratch = QWidget()
    try:
        return [(_("Case file"), _plain(a.text()), _keys(a)) for a in case_file_actions(scratch).values()]
    finally:
        scratch.deleteLater()


#: Where (a menu or the case file), what, and which keys.
SHORTCUT_COLUMNS = (
    Column(N_("Where"), lambda row: row[0]),
    Column(N_("Action"), lambda row: row[1]),
    Column(N_("Keys"), lambda row: row[2]),
)


class ShortcutsDialog(QDialog):
    """A table of where, what and which keys."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.rows = window_shortcuts(window) + case_file_shortcuts() + tab_key_shortcuts()
        self.model: RowTableModel = RowTableModel(SHORTCUT_COLUMNS, self)
        self.model.set_rows(self.rows)
        self.table = ListTable(self.model)  # sorted by a click on "Keys" to find what a key does
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = speak_our_language(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # Wide enough for every column and tall enough for most rows (it opened at Qt's 260 × 230 px, "Keys"
        # cut to "Ke" and both scroll bars shown); never larger than the screen.
        self.table.resizeColumnsToContents()
        columns = sum(self.table.horizontalHeader().sectionSize(i) for i in range(self.model.columnCount()))
        rows = self.table.verticalHeader().defaultSectionSize() * len(self.rows)
        fit_to_screen(self, columns + 80, min(rows + 120, 720))
