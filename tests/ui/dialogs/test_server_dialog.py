"""File ▸ Connect to the office server… and the first run's "Connect to the office server instead…"."""

from __future__ import annotations

import keyring
from PySide6.QtCore import QTimer
import pytest
from sqlalchemy.engine import make_url

from avrcase import app as app_module
from avrcase.services import server_profiles
from avrcase.ui import server_action
from avrcase.ui.dialogs.first_run_dialog import FirstRunDialog
from avrcase.ui.dialogs.server_dialog import ServerDialog
from avrcase.ui.ops import Ops
from tests.support.keyrings import use_memory_keyring, use_no_keyring
from tests.ui.dialogs.test_sign_in import _answer_dialogs, settings  # noqa: F401 - a fixture


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    backend = use_memory_keyring()
    yield backend
    keyring.set_keyring(before)


def _fill_for(dialog: ServerDialog, pg_url: str) -> None:
    url = make_url(pg_url)
    dialog.name.setText("Office")
    dialog.host.setText(url.query["host"])
    dialog.port.setValue(int(url.query["port"]))
    dialog.database.setText(url.database)
    dialog.tls_mode.setCurrentIndex(dialog.tls_mode.findData("require"))  # a Unix socket carries no TLS
    dialog.user.setText(url.username)
    dialog.password_field.setText("not needed here")


def test_connecting_remembers_the_server_and_keeps_the_password_in_the_keyring(qtbot, pg_engine, memory_keyring):
    pg_url = pg_engine.url.render_as_string(hide_password=False)
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    assert dialog.tls_mode.itemData(0) == "verify-full"  # the default protects against a server in the middle
    assert dialog.remember.isChecked() and dialog.remember.isEnabled()
    _fill_for(dialog, pg_url)
    assert dialog.connect_to_server()
    assert server_profiles.current() == dialog.profile
    assert memory_keyring.passwords == {("avrcase", dialog.profile.keyring_key): "not needed here"}
    assert make_url(dialog.profile.url(dialog.password)).database == pg_engine.url.database


def test_mistakes_are_shown_beside_the_fields_and_a_dead_server_in_the_dialog(qtbot, memory_keyring):
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("Office")
    assert not dialog.connect_to_server()
    assert dialog.errors.label("host").message and dialog.errors.label("user").message
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(1)
    dialog.user.setText("ruta")
    assert not dialog.connect_to_server()
    assert "cannot connect to the office server" in dialog.problem.message
    assert server_profiles.profiles() == [] and memory_keyring.passwords == {}


def test_without_a_keyring_the_dialog_says_the_password_is_asked_each_time(qtbot):
    before = keyring.get_keyring()
    use_no_keyring()
    try:
        dialog = ServerDialog()
        qtbot.addWidget(dialog)
        assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
        assert "asked for each time" in dialog.remember.text()
    finally:
        keyring.set_keyring(before)


def test_the_first_run_offers_the_office_server_and_the_app_switches_to_it(qtbot, tmp_path, pg_engine, settings,
                                                                          memory_keyring):
    pg_url = pg_engine.url.render_as_string(hide_password=False)

    def connect(dialog: FirstRunDialog):
        QTimer.singleShot(0, dialog.server_button.click)  # after this poll returns: the click opens a modal dialog

    def fill(dialog: ServerDialog):
        _fill_for(dialog, pg_url)
        dialog.connect_button.click()

    pending = _answer_dialogs([(FirstRunDialog, connect), (ServerDialog, fill)])
    with pytest.raises(app_module.SwitchStore) as switch:
        app_module.build_main_window(f"sqlite:///{tmp_path / 'new.sqlite'}", settings)
    assert pending == []
    assert make_url(switch.value.url).database == pg_engine.url.database
    assert app_module.start_url() == switch.value.url  # remembered: the next start opens the server


def test_file_menu_connects_and_goes_back_to_this_computer(qtbot, pg_engine, settings, monkeypatch, memory_keyring,
                                                           db_path, actor):
    pg_url = pg_engine.url.render_as_string(hide_password=False)
    window = app_module.build_main_window(f"sqlite:///{db_path}", settings, actor=actor)
    qtbot.addWidget(window)
    connect, local = window.server_actions
    assert connect.text() == "Connect to the office &server…"
    assert window.live_refresh is None and not local.isVisible()  # a store on this computer: nothing to go back to
    monkeypatch.setattr(ServerDialog, "exec", lambda self: (_fill_for(self, pg_url), self.connect_to_server())[1])
    assert server_action.connect_to_server(window)
    assert window.next_url is not None and make_url(window.next_url).database == pg_engine.url.database
    server_action.use_local_store(window)
    assert window.next_url == server_action.LOCAL_STORE and server_profiles.current() is None
    window.ops.wait_for_background()


def test_the_first_run_dialog_still_makes_a_store_on_this_computer(qtbot, engine):
    dialog = FirstRunDialog(Ops(engine))
    qtbot.addWidget(dialog)
    assert dialog.server_button.text() == "Connect to the office server instead…"
    assert dialog.server_url is None


def test_enter_in_the_password_connects_and_tab_reaches_connect_before_cancel(qtbot, memory_keyring, monkeypatch):
    """Connect was added to its box after Cancel and never made the default: Enter in a field pressed Cancel
    (the dialog closed with what was typed), and Tab from the last field went to Cancel."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    tried = []
    monkeypatch.setattr(dialog, "connect_to_server", lambda: tried.append(True) or False)
    dialog.show()
    dialog.activateWindow()
    dialog.password_field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password_field)
    qtbot.keyClick(dialog.password_field, Qt.Key.Key_Return)
    assert tried and dialog.isVisible()  # it tried to connect; it did not close
    qtbot.keyClick(dialog.password_field, Qt.Key.Key_Tab)
    while not isinstance(QApplication.focusWidget(), QPushButton):  # past "Remember this server"
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.connect_button
