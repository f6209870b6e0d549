"""The keyboard on a real X display with no window manager (Xvfb, as acceptance tests and remote sessions run the
app): the offscreen platform the rest of the suite uses makes every shown window active by itself, so whether a
window takes the keyboard can only be seen here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (./run-tests installs it)")

#: Signs in Jonas on a new store as the sign-in screen hands over (a window had the keyboard, then closed), runs the
#: app, and prints whether its main window has the keyboard once shown.
_APP = textwrap.dedent("""
    import sys
    import time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget
    from avrcase import app as app_module
    from avrcase.domain.codes import StaffRole
    from avrcase.services.accounts import users
    from avrcase.services.permissions import SYSTEM
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store
    from avrcase.ui.main_window import MainWindow

    url = "sqlite:///" + sys.argv[1]
    engine = open_store(url)
    with unit_of_work(engine) as session:
        jonas = users.actor_by_id(session, users.add_user(session, SYSTEM, "jonas", "Jonas Kazlauskas",
                                                          StaffRole.COUNSELLOR).id)
    app = QApplication(sys.argv)
    before = QWidget()
    before.show()
    before.activateWindow()
    for _ in range(1000):  # up to 10 s on a loaded machine
        app.processEvents()
        if QApplication.activeWindow() is before:
            break
        time.sleep(0.01)
    print("BEFORE", QApplication.activeWindow() is before, flush=True)
    before.close()
    app_module.WARM_UP_MS = 60_000

    def once_shown(tries=[0]):
        window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        tries[0] += 1
        if window is None or (QApplication.activeWindow() is not window and tries[0] < 1000):
            QTimer.singleShot(10, once_shown)
            return
        print("ACTIVE", QApplication.activeWindow() is window, flush=True)
        window.idle_lock.stop()
        app.exit(0)

    QTimer.singleShot(0, once_shown)
    app_module.run_gui(url, signed_in=(engine, jonas))
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


def test_the_main_window_takes_the_keyboard_once_signed_in(display, tmp_path):
    """After the sign-in screen closed, the main window came up without the keyboard: what the person typed next
    (a search, a shortcut) went nowhere until they clicked into the window."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "AVRCASE_AUDIT_KEY_FILE": str(tmp_path / "keys.json")}
    run = subprocess.run([sys.executable, "-c", _APP, str(tmp_path / "keys.sqlite")], env=env, capture_output=True,
                         text=True, timeout=120)
    assert "BEFORE True" in run.stdout, run.stdout + run.stderr  # the display hands the keyboard to a window asking
    assert "ACTIVE True" in run.stdout, run.stdout + run.stderr


#: A main window, a case file opened from it and a dialog opened from the case file, as the app prepares them; each
#: closes in turn, and the script prints which window has the keyboard after each close.
_HAND_BACK = textwrap.dedent("""
    import sys
    import time
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow
    from avrcase.start import prepare_application

    app = QApplication(sys.argv)
    prepare_application(app)

    def wait_for(window):
        deadline = time.monotonic() + 10  # up to 10 s on a loaded machine
        while time.monotonic() < deadline and QApplication.activeWindow() is not window:
            app.processEvents()
            time.sleep(0.01)
        active = QApplication.activeWindow()
        return active.objectName() if active is not None else "nothing"

    def opened(window):
        window.show()
        window.raise_()
        window.activateWindow()
        return wait_for(window)

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
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "AVRCASE_AUDIT_KEY_FILE": str(tmp_path / "keys.json"),
           "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    run = subprocess.run([sys.executable, "-c", _HAND_BACK], env=env, capture_output=True, text=True, timeout=120)
    assert "OPENED main case file dialog" in run.stdout, run.stdout + run.stderr
    assert "AFTER DIALOG case file" in run.stdout, run.stdout + run.stderr
    assert "AFTER CASE FILE main" in run.stdout, run.stdout + run.stderr


#: Signs in Vida, a manager, opens Account ▸ Audit trail once the main window has the keyboard, presses Escape there,
#: and prints which window has the keyboard after each step.
_AUDIT = textwrap.dedent("""
    import sys
    import time
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from avrcase import app as app_module
    from avrcase.domain.codes import StaffRole
    from avrcase.services.accounts import users
    from avrcase.services.permissions import SYSTEM
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store
    from avrcase.ui.main_window import MainWindow

    url = "sqlite:///" + sys.argv[1]
    engine = open_store(url)
    with unit_of_work(engine) as session:
        vida = users.actor_by_id(session, users.add_user(session, SYSTEM, "vida", "Vida Petrauskiene",
                                                         StaffRole.MANAGER).id)
    app = QApplication(sys.argv)
    app_module.WARM_UP_MS = 60_000

    def wait_for(window):
        deadline = time.monotonic() + 10  # up to 10 s on a loaded machine
        while time.monotonic() < deadline and QApplication.activeWindow() is not window:
            app.processEvents()
            time.sleep(0.01)
        active = QApplication.activeWindow()
        return type(active).__name__ if active is not None else "nothing"

    def walk():
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        print("MAIN", wait_for(window), flush=True)
        audit = window.account_menu.show_audit_trail()
        print("AUDIT", wait_for(audit), flush=True)
        QTest.keyClick(audit.table, Qt.Key.Key_Escape)
        print("AFTER ESCAPE", wait_for(window), flush=True)
        window.idle_lock.stop()
        app.exit(0)

    QTimer.singleShot(0, walk)
    app_module.run_gui(url, signed_in=(engine, vida))
""")


def test_the_audit_trail_window_takes_the_keyboard_and_gives_it_back(display, tmp_path):
    """Account ▸ Audit trail came up without the keyboard (a search typed there went nowhere), and once it closed
    nothing had the keyboard."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "AVRCASE_AUDIT_KEY_FILE": str(tmp_path / "keys.json"),
           "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    run = subprocess.run([sys.executable, "-c", _AUDIT, str(tmp_path / "audit.sqlite")], env=env, capture_output=True,
                         text=True, timeout=120)
    assert "MAIN MainWindow" in run.stdout, run.stdout + run.stderr
    assert "AUDIT AuditView" in run.stdout, run.stdout + run.stderr
    assert "AFTER ESCAPE MainWindow" in run.stdout, run.stdout + run.stderr
