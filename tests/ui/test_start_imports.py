"""The desktop app's start path imports what the main window shows, not what a later action needs (issue #14)."""

from __future__ import annotations

import os
import subprocess
import sys

#: Loaded when their action is used: documents (ReportLab), the demo generator, migrations, the spreadsheet
#: import, the about box, the case file, HiGHS (bounds of a protected release); the office server's SQL dialect
#: and driver (a store on this computer never needs them: 36 ms); the departures board and the dashboard, with
#: their services and charts, when their page is first built (80-125 ms; the dashboard is the manager's home).
LATER = ("reportlab", "avrcase.services.demo.generate", "alembic", "avrcase.services.imports.run",
         "avrcase.ui.dialogs.about_dialog", "avrcase.ui.views.case_file", "highspy._core",
         "sqlalchemy.dialects.postgresql", "psycopg", "avrcase.ui.views.departures_board",
         "avrcase.ui.views.dashboard", "avrcase.services.statistics.dashboard", "avrcase.ui.widgets.charts")


def test_importing_the_app_leaves_later_modules_unloaded():
    code = f"import sys, avrcase.app; print([m for m in {LATER!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"



#: Not needed for the main window's first page either, with the sign-in skipped (``benchmarks/gui_probe.py main``):
#: argon2 (a password is checked on the sign-in screen, behind which it loads), the name-matching rules and
#: rapidfuzz (a search's, 40-50 ms; the list read them through ``register``), restoring a backup and the backup
#: settings, the shortcuts dialog, and the finance pages with their services (built when first shown).
NOT_FOR_THE_FIRST_PAGE = LATER + (
    "argon2", "rapidfuzz", "avrcase.domain.name_matching", "avrcase.services.cases.register",
    "avrcase.services.backup.restore", "avrcase.ui.dialogs.backup_settings_dialog", "avrcase.ui.dialogs.shortcuts_dialog",
    "avrcase.ui.views.work_lists", "avrcase.services.finance.projects")

#: The app's start up to the main window shown with rows, the sign-in skipped (as ``gui_probe.py main`` does).
FIRST_PAGE = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from avrcase import app as app_module
from avrcase.services.accounts import users
from avrcase.services.uow import unit_of_work

def signed_in(ops, _settings, **_kwargs):
    with unit_of_work(ops.engine, write=False) as session:
        return users.get_actor(session, sys.argv[2])

app_module.sign_in = signed_in
shown = app_module.MainWindow.show

def show(window):
    shown(window)
    def poll():
        if window.case_list.model.rowCount() > 0:
            print("LOADED", sorted(m for m in sys.argv[3].split(",") if m in sys.modules), flush=True)
            QApplication.instance().exit(0)
        else:
            QTimer.singleShot(5, poll)
    QTimer.singleShot(0, poll)

app_module.MainWindow.show = show
app_module.run_gui("sqlite:///" + sys.argv[1])
"""


def test_the_main_window_shows_its_first_page_without_later_modules(engine, db_path, actor, make_case):
    make_case()
    engine.dispose()
    done = subprocess.run([sys.executable, "-c", FIRST_PAGE, str(db_path), actor.username,
                           ",".join(NOT_FOR_THE_FIRST_PAGE)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    loaded = [line for line in done.stdout.splitlines() if line.startswith("LOADED")]
    assert loaded == ["LOADED []"], done.stdout + done.stderr
