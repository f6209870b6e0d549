"""File ▸ Connect to the office server…: where the office's PostgreSQL server is and whose login to use.

The connection is tried before the dialog closes; the profile is then remembered on this computer and the
password kept in the system keyring when the person asks for it and the computer has one (else it is asked
for each time avrcase starts).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.i18n import _
from avrcase.services import server_profiles
from avrcase.services.server_profiles import DEFAULT_PORT, TLS_MODE_NAMES, TLS_MODES, ServerProfile
from avrcase.ui.dialogs.sign_in_dialog import password_field
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets import file_dialogs
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding


class ServerDialog(AsksBeforeDiscarding, QDialog):
    """After ``accept``: ``profile`` (remembered, the one this computer opens) and ``password`` for this run."""

    def __init__(self, parent: QWidget | None = None, *, profile: ServerProfile | None = None, check=None):
        super().__init__(parent)
        self._check = check or server_profiles.check_connection
        self.profile: ServerProfile | None = None
        self.password: str | None = None
        self.setWindowTitle(_("Connect to the office server"))
        intro = QLabel(_("Several computers share one store on the office's PostgreSQL server. Your IT contact "
                         "gives you these details (see docs/server.md)."))
        intro.setWordWrap(True)
        self.name = QLineEdit(_("Office server"))
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit("avrcase")
        self.tls_mode = QComboBox()
        for mode in TLS_MODES:
            self.tls_mode.addItem(_(TLS_MODE_NAMES[mode]), mode)
        self.ca_file = QLineEdit()
        self.ca_file.setPlaceholderText(_("the office's CA certificate (.pem, .crt)"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._on_browse_clicked)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        self.own_login = QRadioButton(_("My own database login"))
        self.service_login = QRadioButton(_("The office's service login"))
        self.own_login.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.own_login)
        group.addButton(self.service_login)
        self.user = QLineEdit()
        self.password_field = password_field()
        self.remember = QCheckBox(_("Keep the password in this computer's keyring"))
        keyring = server_profiles.keyring_available()
        self.remember.setChecked(keyring)
        self.remember.setEnabled(keyring)
        if not keyring:
            self.remember.setText(_("This computer has no keyring: the password is asked for each time"))
        self.errors = FieldErrors()
        self.problem = ErrorLabel()
        form = QFormLayout()
        for label, field, path in ((_("Name on this computer:"), self.name, "name"),
                                   (_("Server:"), self.host, "host"), (_("Port:"), self.port, "port"),
                                   (_("Database:"), self.database, "database"),
                                   (_("Protection:"), self.tls_mode, "tls_mode"), (_("CA certificate:"), ca_row, "ca_file"),
                                   (_("Login:"), self.own_login, None), ("", self.service_login, None),
                                   (_("Login name:"), self.user, "user"), (_("Password:"), self.password_field, None)):
            form.addRow(label, field)
            if path is not None:
                form.addRow("", self.errors.add(path, ErrorLabel(), field if isinstance(field, QWidget) else self.ca_file))
        form.addRow("", self.remember)
        buttons, self.connect_button = save_cancel_buttons(self, self.connect_to_server, _("Connect"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        make_default(self.connect_button)
        if profile is not None:
            self._show(profile)

    def _show(self, profile: ServerProfile) -> None:
        self.name.setText(profile.name)
        self.host.setText(profile.host)
        self.port.setValue(profile.port)
        self.database.setText(profile.database)
        self.tls_mode.setCurrentIndex(max(0, self.tls_mode.findData(profile.tls_mode)))
        self.ca_file.setText(profile.ca_file)
        (self.service_login if profile.service_login else self.own_login).setChecked(True)
        self.user.setText(profile.user)

    def _on_browse_clicked(self) -> None:
        path, _filter = file_dialogs.open_file_name(self, _("The office's CA certificate"), "",
                                                    _("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.ca_file.setText(path)

    def entered_profile(self) -> ServerProfile:
        """The profile as typed (not yet checked)."""
        return ServerProfile(name=self.name.text().strip(), host=self.host.text().strip(), port=self.port.value(),
                             database=self.database.text().strip(), user=self.user.text().strip(),
                             tls_mode=self.tls_mode.currentData(), ca_file=self.ca_file.text().strip(),
                             service_login=self.service_login.isChecked())

    def connect_to_server(self) -> bool:
        """Check the fields, try the connection, remember the profile (and the password if asked); then close."""
        self.errors.clear()
        self.problem.clear_message()
        password = self.password_field.text()
        try:
            profile = self.entered_profile().validate()
            self._check(profile, password)
            profile = server_profiles.save(profile, make_current=True)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except AvrcaseError as exc:
            self.problem.show_message(exc.message)
            return False
        if self.remember.isChecked():
            server_profiles.save_password(profile, password)
        else:
            server_profiles.forget_password(profile)
        self.profile, self.password = profile, password
        self.accept()
        return True
