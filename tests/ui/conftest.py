"""Fixtures for UI tests: the session boundary (``Ops``) and the change bus over the test store."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import Ops


@pytest.fixture
def ops(qapp, engine, actor, bus):
    """An ``Ops`` acting as the test counsellor on the temporary store; waits for workers at teardown."""
    instance = Ops(engine, actor, bus=bus)
    yield instance
    instance.wait_for_background()


@pytest.fixture
def bus(qapp):
    """A fresh change bus."""
    return ChangeBus()


#: Static calls that open a modal dialog and wait for a person: unpatched in a test they hang the run.
MODAL_STATICS = {
    QMessageBox: ("information", "warning", "critical", "question", "about", "aboutQt"),
    QFileDialog: ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory",
                  "getOpenFileUrl", "getOpenFileUrls", "getSaveFileUrl", "getExistingDirectoryUrl"),
    QInputDialog: ("getText", "getMultiLineText", "getInt", "getDouble", "getItem"),
}


def _refuse_modal(owner: type, name: str):
    def refuse(*_args, **_kwargs):
        raise AssertionError(
            f"{owner.__name__}.{name} opened a modal dialog that would wait for a person; "
            "monkeypatch it in this test")
    return refuse


@pytest.fixture(autouse=True)
def _no_unpatched_modal_dialogs(monkeypatch):
    """Make an unpatched QMessageBox/QFileDialog/QInputDialog static call fail the test at once instead of hanging.

    A test that expects one patches it with ``monkeypatch.setattr`` as before; that wins over this fixture.
    """
    for owner, names in MODAL_STATICS.items():
        for name in names:
            monkeypatch.setattr(owner, name, _refuse_modal(owner, name))
    from avrcase.ui.widgets import file_dialogs

    for name in ("save_file_name", "open_file_name", "existing_directory"):  # Qt's dialog, made by avrcase
        monkeypatch.setattr(file_dialogs, name, _refuse_modal(QFileDialog, f"file_dialogs.{name}"))
    monkeypatch.setattr(file_dialogs, "_held", None)  # a signed-in window names its store: undone after the test


@pytest.fixture(autouse=True)
def _discarding_without_a_question(monkeypatch):
    """Closing a dialog with typed work asks first (``dialog_buttons.confirm_discard``); a modal question would block
    an offscreen test, so tests answer "Discard" unless they answer it themselves."""
    from avrcase.ui.dialogs import case_dialog, consultation_dialog, office_languages_dialog
    from avrcase.ui.widgets import typed_work

    for module in (case_dialog, consultation_dialog, office_languages_dialog, typed_work):
        monkeypatch.setattr(module, "confirm_discard", lambda *_args: True)


@pytest.fixture
def window_as(qtbot, engine, bus, tmp_path, actor_as):
    """A main window signed in with a given role (and user name); all share one settings file (one computer)."""
    from PySide6.QtCore import QSettings

    from avrcase.ui.main_window import MainWindow

    opened = []

    def _make(role, username: str | None = None) -> MainWindow:
        ops = Ops(engine, actor_as(role, username))
        window = MainWindow(ops, bus, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        opened.append(ops)
        return window

    yield _make
    for ops in opened:
        ops.wait_for_background()


@pytest.fixture
def large_font(qapp):
    """A desktop whose font is larger than the offscreen default (the X11 desktop of the walks, which showed
    "Dec 4, 202" in the case list and "29 июл. 202…" on the monitoring page)."""
    font = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(font.pointSizeF() * 1.3)
    qapp.setFont(bigger)
    yield
    qapp.setFont(font)
