"""Sign-in before the main window, the idle lock's unlock, and changing one's own password.

Each dialog calls the accounts service through ``Ops`` and shows its answer in the dialog: a wrong
password never says whether the name or the password was wrong, and the password field is cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.services.demo.passwords import DEMO_ACCOUNTS, demo_password
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel

if TYPE_CHECKING:
    from avrcase.services.dto import Actor  # its module is not on the sign-in screen's path (#14)
    from avrcase.ui.ops import Ops
    from avrcase.ui.widgets.store_preparation import PreparationPanel, PreparationRelay

# The sign-in screen shows before the store and the services are loaded (avrcase.start, #14): the accounts
# service and the unit of work are imported when a password is checked, not with this module.


def password_field() -> QLineEdit:
    """A line edit that hides what is typed."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def demo_note() -> str:
    """The demo accounts and their passwords, for the sign-in screen of a demo store."""
    names = ", ".join(DEMO_ACCOUNTS)
    return _("This is a demo store with invented people. Sign in as one of %(names)s with the password "
             "<i>name</i>-demo-password, for example %(example)s.") % {
        "names": names, "example": demo_password("counsellor")}


class SignInDialog(QDialog):
    """User name and password; ``actor`` is set when the sign-in succeeded.

    ``ops`` may be ``None`` while the store is still being opened behind the screen: ``store_ready()`` then
    gives it when a password is to be checked (waiting for it if need be). When the store cannot open, that
    is ``store_error`` and the dialog is rejected (the caller explains). ``preparing`` relays the reports of a store
    being updated behind the screen (its first open after an update): the screen then says so, with the progress,
    and a Sign in waits for it with the window alive; closing the screen meanwhile asks whether to stop the update.
    """

    def __init__(self, ops: Ops | None, *, demo: bool = False, username: str = "", parent: QWidget | None = None,
                 unlock_store: Callable[[str, str], object] | None = None,
                 store_ready: Callable[[], Ops] | None = None, preparing: PreparationRelay | None = None):
        super().__init__(parent)
        self._ops = ops
        # An encrypted store: the same name and password first open the store (``ops.engine`` is None till then).
        self._unlock_store = unlock_store
        self._store_ready = store_ready
        self._preparing = preparing
        self._store_opened = preparing is None
        self._closing = False
        self.store_error: AvrcaseError | None = None
        self.actor: Actor | None = None
        self.must_change_password = False
        self.setWindowTitle(_("Sign in to avrcase"))
        self.setMinimumWidth(380)
        self.username = QLineEdit(username)
        self.password = password_field()
        self.message = ErrorLabel()
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)
        layout = QVBoxLayout(self)
        if demo:
            self.demo_label = QLabel(demo_note())
            self.demo_label.setWordWrap(True)
            self.demo_label.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(self.demo_label)
        layout.addLayout(form)
        self.preparation: PreparationPanel | None = None
        if preparing is not None:
            from avrcase.ui.widgets.store_preparation import PreparationPanel

            self.preparation = PreparationPanel(preparing)
            layout.insertWidget(0, self.preparation)  # above the fields: the first thing read
            preparing.ended.connect(self._on_store_opened)
        layout.addWidget(self.message)
        buttons, self.sign_in_button = save_cancel_buttons(self, self.sign_in, _("Sign in"))
        layout.addWidget(buttons)
        make_default(self.sign_in_button)
        (self.password if username else self.username).setFocus()

    @property
    def ops(self) -> Ops | None:
        """The operations the password was checked with (``None`` until the store is open)."""
        return self._ops

    def sign_in(self) -> bool:
        """Check the name and password; accept on success, else say why and clear the password."""
        ops = self._ops if self._ops is not None else self._wait_for_store()
        if ops is None:
            return False
        from avrcase.services.accounts import accounts  # after the store's loading thread has imported it

        username, password = self.username.text(), self.password.text()
        if ops.engine is None and self._unlock_store is not None:
            # The unlock (and an update of the store) runs on a thread with events flowing: no second Sign in meanwhile.
            self.setEnabled(False)
            try:
                ops.engine = self._unlock_store(username, password)
            except AvrcaseError as exc:
                self.setEnabled(True)
                self.password.clear()
                self.message.show_message(exc.message)
                self.password.setFocus()
                return False
            finally:
                self.setEnabled(True)
        outcome = ops.write(lambda session, _actor: accounts.authenticate(session, username, password))
        self.password.clear()
        if not outcome.ok:
            self.message.show_message(outcome.message)
            self.password.setFocus()
            return False
        self.actor, self.must_change_password = outcome.actor, outcome.must_change_password
        if outcome.trail_warning:  # a manager or administrator: the trail changed since it was verified here
            QMessageBox.warning(self, _("Audit trail"), outcome.trail_warning)
        self.accept()
        return True

    def _wait_for_store(self) -> Ops | None:
        """The store opened behind the screen, waited for with a busy cursor; ``None`` (rejected) when it cannot open."""
        if self._store_ready is None:
            return None
        if not self._store_opened:  # still being opened (perhaps updated): wait with the window alive
            self._wait_with_the_window_alive()
            if self._closing:
                return None
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            self._ops = self._store_ready()
        except AvrcaseError as exc:
            self.store_error = exc
            self.reject()
            return None
        finally:
            QApplication.restoreOverrideCursor()
        return self._ops


    def _wait_with_the_window_alive(self) -> None:
        """Until the store is open: the screen repaints and shows the update's progress (it froze, busy cursor)."""
        from PySide6.QtCore import QEventLoop

        assert self._preparing is not None
        self.message.show_message(_("You are signed in as soon as the store is ready."))
        for widget in (self.username, self.password, self.sign_in_button):
            widget.setEnabled(False)
        loop = QEventLoop()
        self._preparing.ended.connect(loop.quit)
        if not self._store_opened:
            loop.exec()
        self._preparing.ended.disconnect(loop.quit)
        self.message.show_message("")
        for widget in (self.username, self.password, self.sign_in_button):
            widget.setEnabled(True)

    def _on_store_opened(self) -> None:
        self._store_opened = True
        if self._closing:
            super().reject()

    def reject(self) -> None:
        """Closed while the store is being updated: ask first; a stop closes the screen once it reached a safe point
        (within a batch of people, a second or so). Otherwise closed at once (``avrcase.start`` then stops any work)."""
        if self._preparing is None or self._store_opened or not self._preparing.working:
            super().reject()
            return
        if self._closing:
            return
        from avrcase.ui.widgets.store_preparation import confirm_stop

        if confirm_stop(self):
            self._preparing.request_stop()
            self._closing = True
            if self.preparation is not None:
                self.preparation.show_stopping()

class UnlockDialog(QDialog):
    """Over everything after the idle time (``idle``) or Account ▸ Lock now: the signed-in user's password again;
    nothing behind it is lost."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, idle: bool = True):
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(_("avrcase is locked"))
        self.setMinimumWidth(380)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        actor = ops.actor
        self.password = password_field()
        self.message = ErrorLabel()
        layout = QVBoxLayout(self)
        # Said as it happened: a person who locked it on purpose was told it locked itself after a time without use.
        text = QLabel((_("avrcase locked itself after a time without use. %(name)s, please enter your password to go on;"
                         " your unsaved work is kept.") if idle else
                       _("avrcase is locked. %(name)s, please enter your password to go on; your unsaved work is kept."))
                      % {"name": actor.display_name if actor else ""})
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        form.addRow(_("Password:"), self.password)
        layout.addLayout(form)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()  # no Cancel: only the password unlocks
        self.unlock_button = buttons.addButton(_("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.unlock)
        layout.addWidget(buttons)
        make_default(self.unlock_button)

    def unlock(self) -> bool:
        """Accept when the password is right (failures count towards the lockout as at sign-in)."""
        from avrcase.services.accounts import accounts

        password = self.password.text()
        outcome = self._ops.write(lambda session, actor: accounts.unlock(session, actor, password))
        self.password.clear()
        if not outcome.ok:
            self.message.show_message(outcome.message)
            return False
        if outcome.trail_warning:  # checked again at each unlock, as at sign-in: a manager comes back to the desk
            QMessageBox.warning(self, _("Audit trail"), outcome.trail_warning)
        self.accept()
        return True

    def reject(self) -> None:  # Esc must not unlock
        self.password.setFocus()


class ChangePasswordDialog(QDialog):
    """The signed-in user chooses a new password (required after an administrator set one)."""

    def __init__(self, ops: Ops, *, required: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(_("Change your password"))
        self.current, self.new, self.again = password_field(), password_field(), password_field()
        self.errors = {name: ErrorLabel() for name in ("current", "password")}
        form = QFormLayout()
        form.addRow(_("Current password:"), self.current)
        form.addRow("", self.errors["current"])
        form.addRow(_("New password (12 characters or more):"), self.new)
        form.addRow(_("New password again:"), self.again)
        form.addRow("", self.errors["password"])
        layout = QVBoxLayout(self)
        if required:
            note = QLabel(_("An administrator set your password; please choose your own now."))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout.addWidget(buttons)
        make_default(self.save_button)

    def save(self) -> bool:
        """Change the password; problems are shown beside the field."""
        from avrcase.services.accounts import accounts
        from avrcase.ui.ops import UNSAVED, save_or_explain

        for label in self.errors.values():
            label.clear_message()
        if self.new.text() != self.again.text():
            self.errors["password"].show_message(_("The two new passwords differ."))
            return False
        current, new = self.current.text(), self.new.text()
        def show_errors(errors: dict[str, str]) -> None:
            for name, text in errors.items():
                self.errors.get(name, self.errors["password"]).show_message(text)

        if save_or_explain(self, lambda: self._ops.write(
                lambda session, actor: accounts.change_own_password(session, actor, current, new)),
                show_errors=show_errors) is UNSAVED:
            return False
        self.accept()
        return True
