"""Users…: the administrator's list of accounts, with add, reset password, change of role, deactivate (after
asking; never delete) and reactivate."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import N_, _
from avrcase.i18n.format import format_datetime
from avrcase.services.accounts import accounts, users
from avrcase.ui.dialogs.sign_in_dialog import password_field
from avrcase.ui.models.row_table import Column, RowTableModel
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain, show_error
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.dialog_buttons import confirm, make_default, save_cancel_buttons, speak_our_language
from avrcase.ui.widgets.error_label import FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding

COL_USERNAME, COL_NAME, COL_ROLE, COL_STATE, COL_LAST_SIGN_IN = range(5)


class AccountDialog(AsksBeforeDiscarding, QDialog):
    """A new account (``user_id`` None), a new password for an existing one, or (``reactivate``) the new
    password a deactivated account comes back with."""

    def __init__(self, ops: Ops, user_id: int | None = None, username: str = "", parent: QWidget | None = None,
                 *, reactivate: bool = False):
        super().__init__(parent)
        self._ops, self._user_id, self._reactivate = ops, user_id, reactivate
        if user_id is None:
            self.setWindowTitle(_("New account"))
        elif reactivate:
            self.setWindowTitle(_("Reactivate %(user)s") % {"user": username})
        else:
            self.setWindowTitle(_("New password for %(user)s") % {"user": username})
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.display_name.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)  # a long full name reads whole
        self.role = VocabularyCombo(StaffRole)
        self.password = password_field()
        self.errors = FieldErrors()
        # Captions right-aligned beside their fields, as in the other forms (in a form layout each stood at the left
        # edge, "Role:" far from its field behind the long "First password (12 characters or more):").
        form = FieldGrid(self.errors, columns=1)
        rows = [(_("First password (12 characters or more):"), self.password, "password")]
        if user_id is None:
            rows[:0] = [(_("User name:"), self.username, "username"), (_("Full name:"), self.display_name, "display_name"),
                        (_("Role:"), self.role, "role")]
        for label, field, path in rows:
            form.add(label, field, path)
        form.close_rows()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout.addWidget(buttons)
        make_default(self.save_button)

    def save(self) -> bool:
        """Add the account or set the password; the person changes it at their first sign-in."""
        password = self.password.text()

        def save():
            if self._user_id is None:
                name, full, role = self.username.text(), self.display_name.text(), self.role.value()
                return self._ops.write(accounts.add_account, name, full, role, password)
            if self._reactivate:
                return self._ops.write(accounts.reactivate, self._user_id, password)
            return self._ops.write(accounts.reset_password, self._user_id, password)

        if save_or_explain(self, save, show_errors=self.errors.show) is UNSAVED:
            return False
        self.accept()
        return True


class RoleDialog(QDialog):
    """Another role for an account; it applies from the owner's next sign-in."""

    def __init__(self, ops: Ops, user, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops, self._user = ops, user
        self.setWindowTitle(_("Change the role of %(user)s") % {"user": user.username})
        self.role = VocabularyCombo(StaffRole)
        self.role.set_code(user.role.value)
        form = FieldGrid(FieldErrors(), columns=1)
        self.error = form.add(_("Role:"), self.role)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout.addWidget(buttons)
        make_default(self.save_button)

    def save(self) -> bool:
        """Give the account the chosen role."""
        if save_or_explain(self, lambda: self._ops.write(accounts.change_role, self._user.id, self.role.value()),
                           show_errors=lambda errors: self.error.show_message("\n".join(errors.values()))) is UNSAVED:
            return False
        self.accept()
        return True


#: The accounts list: who, their role, whether they may sign in, when they last did.
USER_COLUMNS = (
    Column(N_("User name"), lambda u: u.username),
    Column(N_("Name"), lambda u: u.display_name),
    Column(N_("Role"), lambda u: u.role.label),
    Column(N_("State"), lambda u: _("active") if u.active else _("deactivated")),
    Column(N_("Last sign-in"), lambda u: format_datetime(u.last_sign_in_at, "short") if u.last_sign_in_at else _("never"),
           sort=lambda u: u.last_sign_in_at.isoformat() if u.last_sign_in_at else ""),
)


class UsersDialog(QDialog):
    """Every account, deactivated ones too; what an administrator does with them."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(_("Users"))
        fit_to_screen(self, 760, 420)
        self.model: RowTableModel = RowTableModel(USER_COLUMNS, self)
        self.table = ListTable(self.model, sortable=False)  # one line a person, Tab reaches the account buttons
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(_("Add…"))
        self.reset_button = QPushButton(_("Reset password…"))
        self.role_button = QPushButton(_("Change role…"))
        self.deactivate_button = QPushButton(_("Deactivate…"))
        self.reactivate_button = QPushButton(_("Reactivate…"))
        self.add_button.clicked.connect(self.add_account)
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button.clicked.connect(self.change_role)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.reactivate_button.clicked.connect(self.reactivate)
        row = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.role_button, self.deactivate_button,
                       self.reactivate_button):
            row.addWidget(button)
        row.addStretch(1)
        close = speak_our_language(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        close.rejected.connect(self.reject)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(close)
        self.rows = []
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the accounts again."""
        self.rows = self._ops.read(users.list_users, active_only=False)
        self.model.set_rows(self.rows)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        """The account actions act on the selected account: without one they are off."""
        user = self.selected()
        own = user is not None and user.id == getattr(self._ops.actor, "id", None)
        self.reset_button.setEnabled(user is not None and user.active)
        self.role_button.setEnabled(user is not None and not own)
        self.deactivate_button.setEnabled(user is not None and user.active and not own)
        self.reactivate_button.setEnabled(user is not None and not user.active)

    def selected(self):
        """The account of the selected row, or ``None``."""
        return self.table.selected()

    def add_account(self) -> AccountDialog:
        """Open the new-account dialog; the list refreshes when it is saved."""
        dialog = AccountDialog(self._ops, parent=self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def reset_password(self) -> AccountDialog | None:
        """Give the selected account a new password."""
        user = self.selected()
        if user is None:
            return None
        dialog = AccountDialog(self._ops, user.id, user.username, parent=self)
        dialog.open()
        return dialog

    def change_role(self) -> RoleDialog | None:
        """Open the change of role for the selected account."""
        user = self.selected()
        if user is None:
            return None
        dialog = RoleDialog(self._ops, user, parent=self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def reactivate(self) -> AccountDialog | None:
        """Let the selected (deactivated) account sign in again, with a new first password."""
        user = self.selected()
        if user is None:
            return None
        dialog = AccountDialog(self._ops, user.id, user.username, parent=self, reactivate=True)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def deactivate(self) -> bool:
        """Deactivate the selected account after asking (its name stays on everything it did)."""
        user = self.selected()
        if user is None or not confirm(
                self, _("Deactivate the account?"),
                _("%(name)s (%(user)s) will no longer be able to sign in. The account can be reactivated later "
                  "with a new password.") % {"name": user.display_name, "user": user.username},
                _("&Deactivate")):
            return False
        try:
            self._ops.write(accounts.deactivate, user.id)
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        self.refresh()
        return True
