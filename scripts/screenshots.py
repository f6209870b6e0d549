"""Regenerate docs/screenshots/main-window.png and case-file.png from a temporary synthetic store.

Run from the checkout: ``.venv/bin/python scripts/screenshots.py`` (offscreen, nothing on screen).
Uses the demo generator (400 synthetic cases, seed 1).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dashboard_screenshot import dashboard_screenshot  # noqa: E402 - beside this script
from finance_screenshots import finance_screenshots  # noqa: E402 - beside this script
from PySide6.QtCore import QCoreApplication, QEvent, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from travel_screenshots import travel_screenshots  # noqa: E402 - beside this script

from avrcase.domain.codes import StaffRole  # noqa: E402
from avrcase.i18n import set_locale  # noqa: E402
from avrcase.services.accounts import users
from avrcase.services.cases import case_file, counselling
from avrcase.services.cases import register as cases
from avrcase.services.demo.generate import generate_demo  # noqa: E402
from avrcase.services.permissions import SYSTEM  # noqa: E402
from avrcase.services.uow import unit_of_work  # noqa: E402
from avrcase.store.schema import open_store  # noqa: E402
from avrcase.ui.change_bus import ChangeBus  # noqa: E402
from avrcase.ui.main_window import MainWindow  # noqa: E402
from avrcase.ui.ops import Ops  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1280, 800)


def fill_store(engine) -> tuple[int, int]:
    """Synthetic cases and staff; returns (acting user id, id of a household case worth showing)."""
    with unit_of_work(engine) as session:
        generate_demo(session, cases=400, seed=1, actor=SYSTEM)  # a new demo store; sets the IOM Vilnius office profile too
    with unit_of_work(engine) as session:
        counsellors = [users.actor_by_id(session, u.id) for u in users.list_users(session, role=StaffRole.COUNSELLOR)]
        # Act as the counsellor with the most follow-ups due, so that view has something to show.
        soon = dt.date.today() + dt.timedelta(days=7)
        actor = max(counsellors, key=lambda a: len(counselling.list_follow_ups(session, a, due_by=soon)))
        rows = cases.list_cases(session, actor, cases.CaseQuery(sort="household_size", limit=60))
        details = [case_file.get_case(session, actor, r.id) for r in rows if r.vulnerable] or \
            [case_file.get_case(session, actor, r.id) for r in rows]
        best = max(details, key=lambda d: (d.stage.is_open and bool(d.allowed_moves), len(d.consultations) > 0,
                                           len(d.stage_history) > 3, len(d.members)))
    return actor.id, best.id


def main() -> int:
    """Build the windows on a temporary store and save their pictures."""
    set_locale("en")
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'store.sqlite'}")
        actor_id, case_id = fill_store(engine)
        with unit_of_work(engine) as session:
            actor = users.actor_by_id(session, actor_id)
        ops = Ops(engine, actor)
        window = MainWindow(ops, ChangeBus(), QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(*SIZE)
        window.show()
        window.case_list.table.selectRow(1)
        app.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "main-window.png"))
        case_file = window.open_case(case_id)
        case_file.resize(*SIZE)
        app.processEvents()
        case_file.grab().save(str(OUT / "case-file.png"))
        case_file.tabs.setCurrentIndex(1)
        app.processEvents()
        case_file.grab().save(str(Path(tmp) / "counselling.png"))
        if len(sys.argv) > 1:  # a folder for extra pictures to look at while working on the UI
            extra = Path(sys.argv[1])
            extra.mkdir(parents=True, exist_ok=True)
            (extra / "counselling.png").write_bytes((Path(tmp) / "counselling.png").read_bytes())
            case_file.tabs.setCurrentIndex(2)
            app.processEvents()
            case_file.grab().save(str(extra / "history.png"))
            window.navigation.setCurrentRow(1)
            app.processEvents()
            window.grab().save(str(extra / "follow-ups.png"))
        finance_screenshots(app, window, engine, OUT)  # allowance, reintegration and budget (#5)
        travel_screenshots(app, window, engine, OUT)  # departures board and travel tab (#4)
        dashboard_screenshot(app, window, engine, OUT)  # the managers' dashboard (#6)
        window.close()
        ops.wait_for_background()
        # Delete every window while Qt is still whole: left to Python's teardown, the case files and dialogs
        # were freed in the wrong order and the script aborted ("shared QObject was deleted directly").
        for widget in app.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        engine.dispose()
    print(f"saved {OUT / 'main-window.png'} and {OUT / 'case-file.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
