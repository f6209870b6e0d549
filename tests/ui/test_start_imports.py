"""The desktop app's start path imports what the main window shows, not what a later action needs (issue #14)."""

from __future__ import annotations

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

