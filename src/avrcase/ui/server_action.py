"""File ▸ Connect to the office server… and File ▸ Use the store on this computer.

Both remember the choice on this computer and close the window; ``app.run_gui`` then opens the chosen store
(``window.next_url``) and signs in again.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow

from avrcase.i18n import _
from avrcase.services import server_profiles

#: ``window.next_url`` value meaning "the store in this computer's user data folder".
LOCAL_STORE = ""


def install(window: QMainWindow, on_server: bool) -> tuple[QAction, QAction]:
    """Add both actions to the File menu above Quit; "Use the store on this computer" only while on a server."""
    connect = QAction(_("Connect to the office &server…"), window)
    connect.triggered.connect(lambda: connect_to_server(window))
    local = QAction(_("Use the store on this &computer"), window)
    local.triggered.connect(lambda: use_local_store(window))
    local.setVisible(on_server)
    quit_action = window.quit_action
    for menu in quit_action.associatedObjects():
        if hasattr(menu, "insertAction") and menu is not window:
            menu.insertAction(quit_action, connect)
            menu.insertAction(quit_action, local)
            menu.insertSeparator(quit_action)
            break
    return connect, local


def connect_to_server(window: QMainWindow) -> bool:
    """Ask for the server, try it, remember it; then let the app reopen on it."""
    current = server_profiles.current()
    from avrcase.ui.dialogs.server_dialog import ServerDialog

    dialog = ServerDialog(window, profile=current)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.profile is None:
        return False
    window.next_url = dialog.profile.url(dialog.password)
    window.close()
    return True


def use_local_store(window: QMainWindow) -> None:
    """Open the store in this computer's user data folder from now on."""
    server_profiles.use_local_store()
    window.next_url = LOCAL_STORE
    window.close()
