"""File ▸ Import cases from a spreadsheet… in the main window (roles that register cases)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from avrcase.i18n import _
from avrcase.services.permissions import Permission
from avrcase.ui.ops import Ops

if TYPE_CHECKING:
    from avrcase.ui.dialogs.import_dialog import ImportDialog


def install(window: QMainWindow, ops: Ops) -> QAction:
    """Add the action after File ▸ New case…; open screens refresh after an import (``Ops`` announces it)."""
    action = QAction(_("&Import cases from a spreadsheet…"), window)

    def open_dialog() -> ImportDialog:
        from avrcase.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(ops, window)  # announces the imported cases on the change bus itself (Ops)
        dialog.open()
        window.import_dialog = dialog  # type: ignore[attr-defined]
        return dialog

    action.triggered.connect(open_dialog)
    action.setVisible(ops.may(Permission.CASE_EDIT))
    anchor = getattr(window, "new_case_action", None)
    for menu in (anchor.associatedObjects() if anchor is not None else []):
        if hasattr(menu, "insertAction") and menu is not window:
            actions = menu.actions()
            index = actions.index(anchor) + 1
            menu.insertAction(actions[index] if index < len(actions) else None, action)
            break
    return action
