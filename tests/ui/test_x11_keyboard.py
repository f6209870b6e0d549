"""The keyboard on a real X display with no window manager (Xvfb, as acceptance tests and remote sessions run the
app): the offscreen platform the rest of the suite uses makes every shown window active by itself, so whether a
window takes the keyboard can only be seen here. Each test runs a small script in its own process on a private
display; the script prints which window has the keyboard at each step."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (./run-tests installs it)")

#: What every script starts with: the app, ``wait_for(window)`` (the name of the window that has the keyboard once
#: ``window`` has it, or after 10 s on a loaded machine) and ``opened(window)`` (shown and asking for the keyboard).
_PREAMBLE = textwrap.dedent("""
    import sys
    import time
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QWidget
    from avrcase import app as app_module
    from avrcase.start import prepare_application

    app = QApplication(sys.argv)

    def wait_for(window):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and QApplication.activeWindow() is not window:
            app.processEvents()
            time.sleep(0.01)
        active = QApplication.activeWindow()
        return (active.objectName() or type(active).__name__) if active is not None else "nothing"

    def opened(window):
        window.show()
        window.raise_()
        window.activateWindow()
        return wait_for(window)
""")

#: Then, for the scripts that run the app itself: a new store with one account (user name, full name and role from
#: the command line), signed in as the app's sign-in screen hands over, the main window's warm-up held off.
_SIGNED_IN = _PREAMBLE + textwrap.dedent("""
    from avrcase.domain.codes import StaffRole
    from avrcase.services.accounts import users
    from avrcase.services.permissions import SYSTEM
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store
    from avrcase.ui.main_window import MainWindow

    url = "sqlite:///" + sys.argv[1]
    engine = open_store(url)
    with unit_of_work(engine) as session:
        person = users.actor_by_id(session, users.add_user(session, SYSTEM, sys.argv[2], sys.argv[3],
                                                           StaffRole(sys.argv[4])).id)
    app_module.WARM_UP_MS = 60_000

    def main_window():
        return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)

    def walk_once_shown(walk):
        window = main_window()
        if window is None:
            QTimer.singleShot(10, lambda: walk_once_shown(walk))
            return
        walk(window)
        window.idle_lock.stop()
        app.exit(0)
""")


@pytest.fixture
def display(tmp_path):
    """A private X display with no window manager."""
    for number in range(140, 180):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            server.poll()
            assert server.returncode is None, "Xvfb did not start"
            subprocess.run(["sleep", "0.05"], check=True)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _run(script: str, display: str, tmp_path: Path, *args: str) -> str:
    """What ``script`` printed (and its errors, to read when an assertion fails), run on ``display`` with its own
    home, settings and audit key."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "AVRCASE_AUDIT_KEY_FILE": str(tmp_path / "keys.json"),
           "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    run = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=120)
    return run.stdout + run.stderr


#: A window had the keyboard and closed (the sign-in screen), then the app's main window came up for Jonas.
_SIGN_IN = _SIGNED_IN + textwrap.dedent("""
    before = QWidget(objectName="sign-in screen")
    print("BEFORE", opened(before), flush=True)
    before.close()
    QTimer.singleShot(0, lambda: walk_once_shown(lambda window: print("MAIN", wait_for(window), flush=True)))
    app_module.run_gui(url, signed_in=(engine, person))
""")


def test_the_main_window_takes_the_keyboard_once_signed_in(display, tmp_path):
    """After the sign-in screen closed, the main window came up without the keyboard: what the person typed next
    (a search, a shortcut) went nowhere until they clicked into the window."""
    seen = _run(_SIGN_IN, display, tmp_path, str(tmp_path / "keys.sqlite"), "jonas", "Jonas Kazlauskas", "counsellor")
    assert "BEFORE sign-in screen" in seen, seen  # the display hands the keyboard to a window asking for it
    assert "MAIN MainWindow" in seen, seen


#: A main window, a case file opened from it and a dialog opened from the case file, as the app prepares them; each
#: closes in turn.
_HAND_BACK = _PREAMBLE + textwrap.dedent("""
    prepare_application(app)
    main = QMainWindow(objectName="main")
    main.setCentralWidget(QLineEdit())
    case_file = QMainWindow(objectName="case file")  # a window of its own, no parent, as the app's case files
    case_file.setCentralWidget(QLineEdit())
    dialog = QDialog(case_file, objectName="dialog")
    print("OPENED", opened(main), opened(case_file), opened(dialog), flush=True)
    dialog.reject()  # Escape
    print("AFTER DIALOG", wait_for(case_file), flush=True)
    case_file.close()
    print("AFTER CASE FILE", wait_for(main), flush=True)
""")


def test_the_keyboard_goes_back_to_the_window_before_when_one_closes(display, tmp_path):
    """With no window manager, closing a dialog (Escape, OK, a message box) or a case file left no window with the
    keyboard: the next keys went nowhere (or to whatever lay under the mouse) until the person clicked."""
    seen = _run(_HAND_BACK, display, tmp_path)
    assert "OPENED main case file dialog" in seen, seen
    assert "AFTER DIALOG case file" in seen, seen
    assert "AFTER CASE FILE main" in seen, seen


#: Vida, a manager, opens Account ▸ Audit trail once the main window has the keyboard and presses Escape there.
_AUDIT = _SIGNED_IN + textwrap.dedent("""
    def walk(window):
        print("MAIN", wait_for(window), flush=True)
        audit = window.account_menu.show_audit_trail()
        print("AUDIT", wait_for(audit), flush=True)
        QTest.keyClick(audit.table, Qt.Key.Key_Escape)
        print("AFTER ESCAPE", wait_for(window), flush=True)

    QTimer.singleShot(0, lambda: walk_once_shown(walk))
    app_module.run_gui(url, signed_in=(engine, person))
""")


def test_the_audit_trail_window_takes_the_keyboard_and_gives_it_back(display, tmp_path):
    """Account ▸ Audit trail came up without the keyboard (a search typed there went nowhere), and once it closed
    nothing had the keyboard."""
    seen = _run(_AUDIT, display, tmp_path, str(tmp_path / "audit.sqlite"), "vida", "Vida Petrauskiene", "manager")
    assert "MAIN MainWindow" in seen, seen
    assert "AUDIT AuditView" in seen, seen
    assert "AFTER ESCAPE MainWindow" in seen, seen
