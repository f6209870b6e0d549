"""The signed-in user in the main window: the Account menu (lock, sign out, password, users, audit trail).

Installed by ``app.py`` after the window is built, so the shared main window only gains a menu: the
"Working as" picker shows the signed-in user and can no longer switch to someone else.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.services.accounts import accounts
from avrcase.services.permissions import Permission
from avrcase.ui.dialogs.sign_in_dialog import ChangePasswordDialog
from avrcase.ui.idle_lock import IdleLock
from avrcase.ui.ops import Ops, show_error


class AccountMenu(QObject):
    """The Account menu of one signed-in session; ``signed_out`` asks the app to show the sign-in again."""

    signed_out = Signal()

    def __init__(self, window: QMainWindow, ops: Ops, idle_lock: IdleLock):
        super().__init__(window)
        self._window, self._ops, self.idle_lock = window, ops, idle_lock
        self.audit_view = None
        menu = window.menuBar().addMenu(_("&Account"))
        # Ctrl+L is Log consultation in a case file; locking has its own key, from any window of the app.
        self.lock_action = self._add(menu, _("&Lock now"), idle_lock.lock, "Ctrl+Shift+L")
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.sign_out_action = self._add(menu, _("&Sign out"), self.sign_out)
        self.password_action = self._add(menu, _("Change &password…"), self.change_password)
        menu.addSeparator()
        self.users_action = self._add(menu, _("&Users…"), self.show_users)
        self.audit_action = self._add(menu, _("&Audit trail"), self.show_audit_trail)
        self.users_action.setVisible(ops.may(Permission.USERS_MANAGE))
        self.audit_action.setVisible(ops.may(Permission.AUDIT_VIEW))
        self.retention_action = self._add(menu, _("&Retention of closed cases…"), self.show_retention)
        self.retention_action.setVisible(ops.may(Permission.RETENTION_RUN))

    def _add(self, menu, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self._window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def sign_out(self) -> None:
        """Close the window (it asks about nothing unsaved: dialogs are its children) and sign in again."""
        self.idle_lock.stop()
        try:
            self._ops.write(accounts.sign_out)
        except AvrcaseError as exc:  # the store is busy or gone: still sign out, but say so
            show_error(self._window, exc)
        self.signed_out.emit()
        self._window.close()

    def change_password(self) -> ChangePasswordDialog:
        """Open the change-password dialog (modal); returns it."""
        dialog = ChangePasswordDialog(self._ops, parent=self._window)
        dialog.open()
        return dialog

    def show_users(self):
        """The administrator's list of accounts."""
        from avrcase.ui.dialogs.users_dialog import UsersDialog

        dialog = UsersDialog(self._ops, self._window)
        dialog.open()
        return dialog

    def show_retention(self):
        """The manager's retention preview and confirmed run (``ui.dialogs.retention_dialog``)."""
        from avrcase.ui.dialogs.retention_dialog import open_retention_dialog

        return open_retention_dialog(self._window, self._ops)

    def show_audit_trail(self):
        """The audit viewer in its own window."""
        from avrcase.ui.views.audit_view import AuditView

        if self.audit_view is None:
            self.audit_view = AuditView(self._ops, self._window)  # a window of its own, closed with the main one
        self.audit_view.show()
        self.audit_view.raise_()
        self.audit_view.activateWindow()  # with no window manager, nothing else hands it the keyboard
        return self.audit_view
