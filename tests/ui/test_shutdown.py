"""The computer shutting down (SIGTERM to the app) closes avrcase the way "Quit" does: the open dialog is closed,
the on-close backup is made and the store is closed, so the next start shows no note after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from avrcase.store.probe import stopped_without_closing

#: The app signed in as an administrator on a new store with a backup folder, a question open over its window;
#: prints UP once the question is up.
_APP = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from avrcase import app as app_module
    from avrcase.domain.codes import StaffRole
    from avrcase.services.accounts import users
    from avrcase.services.backup import backups
    from avrcase.services.permissions import SYSTEM
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store
    from avrcase.ui.main_window import MainWindow

    url = "sqlite:///" + sys.argv[1]
    engine = open_store(url)
    with unit_of_work(engine) as session:
        person = users.actor_by_id(session, users.add_user(session, SYSTEM, "ona", "Ona Admin",
                                                           StaffRole.ADMINISTRATOR).id)
        backups.save_backup_settings(session, person, backups.BackupSettings(sys.argv[2]))
    app = QApplication(sys.argv)
    app_module.WARM_UP_MS = 60_000

    def ask_once_up():
        window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None:
            QTimer.singleShot(10, ask_once_up)
            return
        QTimer.singleShot(0, lambda: print("UP", flush=True))
        print("ANSWER", QMessageBox.question(window, "Question", "Save the case?"), flush=True)

    QTimer.singleShot(0, ask_once_up)
    print("EXIT", app_module.run_gui(url, signed_in=(engine, person)), flush=True)
""")


def test_sigterm_closes_the_app_with_its_backup_and_no_crash_note(tmp_path):
    """A shutdown ended avrcase at once: no backup on close, and the next start said it was not closed properly."""
    store, folder = tmp_path / "office.sqlite", tmp_path / "backups"
    folder.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AVRCASE_AUDIT_KEY_FILE": str(tmp_path / "keys.json"),
           "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PYTHONPATH": os.pathsep.join(sys.path)}
    app = subprocess.Popen([sys.executable, "-c", _APP, str(store), str(folder)], env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert app.stdout is not None
        assert app.stdout.readline().strip() == "UP", app.stderr.read() if app.stderr else ""
        app.send_signal(signal.SIGTERM)
        out, err = app.communicate(timeout=60)
    finally:
        app.kill()
    assert app.returncode == 0, err
    assert "EXIT 0" in out, out + err  # the event loop ended normally, after the question was closed unanswered
    assert [p.name for p in folder.iterdir() if p.name.startswith("office-backup-")], err
    assert not stopped_without_closing(store)
