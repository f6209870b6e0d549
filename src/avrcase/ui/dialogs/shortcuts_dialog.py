"""Help ▸ Keyboard shortcuts: every shortcut of the app, read from the actions themselves (never a list
typed by hand that goes stale): the main window's menus and a case file's actions."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QMainWindow, QTableWidget, QTableWidgetItem, \
    QVBoxLayout, QWidget

from avrcase.i18n import _
from avrcase.ui.widgets.dialog_buttons import speak_our_language


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


class ShortcutsDialog(QDialog):
    """A table of where, what and which keys."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.rows = window_shortcuts(window) + case_file_shortcuts()
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setHorizontalHeaderLabels([_("Where"), _("Action"), _("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = speak_our_language(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
