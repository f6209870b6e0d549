"""Account ▸ Encrypt the store…: an administrator converts a plain SQLite store in place.

The conversion itself is ``services.accounts.encryption.encrypt_store`` (verified encrypted copy, plain backup,
swap); this module asks for the password, reopens the store with the administrator's slot and shows the
recovery key once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMessageBox

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.services.accounts import encryption
from avrcase.services.permissions import Permission
from avrcase.ui.ops import Ops, show_error


def install(window: QMainWindow, ops: Ops, beside: QAction) -> QAction:
    """Add the action to the menu that holds ``beside``; visible to store maintainers on a plain SQLite store."""
    action = QAction(_("&Encrypt the store…"), window)
    action.triggered.connect(lambda: encrypt_store(window, ops))
    for menu in beside.associatedObjects():
        if hasattr(menu, "addAction") and menu is not window:
            menu.addAction(action)
            break
    action.setVisible(ops.may(Permission.STORE_MAINTAIN) and encryption.can_encrypt(ops.engine))
    return action


def encrypt_store(window: QMainWindow, ops: Ops) -> bool:
    """Confirm, ask for the password, encrypt, reopen; True when the store is now encrypted."""
    answer = QMessageBox.question(
        window, _("Encrypt the store"),
        _("avrcase will make an encrypted copy of the store, check it, keep the plain file as a backup and then use "
          "the copy. Close avrcase on every other computer first. Other users can open the store once you have "
          "reset their passwords. Go on?"))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    password, ok = QInputDialog.getText(window, _("Encrypt the store"), _("Your password:"), QLineEdit.EchoMode.Password)
    if not ok:
        return False
    actor, engine = ops.actor, ops.engine
    url = engine.url.render_as_string(hide_password=False)
    ops.wait_for_background()
    try:
        result = ops.write(lambda session, _actor: encryption.encrypt_store(session, actor, password))
        ops.engine = encryption.open_unlocked(url, actor.username, password, clock=ops.base_clock)
    except AvrcaseError as exc:
        show_error(window, exc)
        return False
    from avrcase.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog

    RecoveryKeyDialog(result.recovery_key, Path(engine.url.database or "").name, ops.base_clock.now(), window,
                      ops=ops, actor=actor).exec()
    QMessageBox.information(window, _("Encrypt the store"),
                            _("The store is encrypted. The plain backup %(path)s is not: delete it safely once you "
                              "have checked the store.") % {"path": result.backup})
    action = getattr(window, "encrypt_action", None)
    if action is not None:
        action.setVisible(False)
    return True
