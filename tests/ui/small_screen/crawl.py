"""Open every window and dialog of avrcase on one simulated screen and report cut text and oversized windows.

Run by ``tests/ui/test_small_screen.py`` in a process of its own (the screen size and the scale factor are
fixed when Qt starts): ``python -m tests.ui.small_screen.crawl --store S --out DIR --locales en,lt``.
Each role signs in on a demo store, every page of the main window is shown, one case file is opened with
each tab, every "…" button and menu action is pressed, and every window that appears is checked
(``checks``) and grabbed to ``DIR/<locale>-<role>-<window>.png``. Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QWidget,
)

from tests.ui.small_screen.checks import Problem, cut_texts, off_screen, plain

#: The roles that sign in, each with the demo account that has it.
ROLES = (("counsellor", "counsellor"), ("travel_officer", "travel"), ("finance_officer", "finance"),
         ("reintegration_officer", "reintegration"), ("manager", "manager"), ("administrator", "admin"))
#: Room a window's title bar and frame take on a real desktop (offscreen windows have none).
FRAME = (16, 40)


class Crawl:
    """Walks the windows of one locale and role; collects problems and the dialog classes seen."""

    def __init__(self, app: QApplication, out: Path, area, prefix: str, pressed: set[str] | None = None):
        self.app, self.out, self.area, self.prefix = app, out, area, prefix
        #: Buttons and actions already pressed in this locale (by another role): their windows were checked.
        self.pressed = pressed if pressed is not None else set()
        self.problems: list[Problem] = []
        self.seen: set[str] = set()
        self.grabs = 0
        self._names: dict[str, int] = {}

    def settle(self) -> None:
        from avrcase.ui.workarounds import collect_garbage_if_due

        for _ in range(3):
            self.app.processEvents()
        collect_garbage_if_due()  # on this (the UI) thread, as the app's collector does

    def check(self, window: QWidget, label: str) -> None:
        """Check one shown window and grab it."""
        self.settle()
        base = re.sub(r"[\W_]+", "-", label).strip("-")[:60] or type(window).__name__
        count = self._names.get(base, 0)
        self._names[base] = count + 1
        name = f"{self.prefix}-{base}" + (f"-{count + 1}" if count else "")
        self.seen.add(type(window).__name__)
        self.problems += cut_texts(window, name)
        self.problems += off_screen(window, name, self.area, FRAME)
        window.grab().save(str(self.out / f"{name}.png"))
        self.grabs += 1

    def visible_windows(self) -> set[QWidget]:
        return {w for w in self.app.topLevelWidgets() if w.isVisible()}

    def press(self, trigger, label: str, before: set[QWidget]) -> None:
        """Press a button or action, then check and close every window it opened."""
        if label in self.pressed:
            return
        self.pressed.add(label)
        try:
            trigger()
        except Exception as exc:  # noqa: BLE001 - a crash opening a window is a problem to report, not to hide
            self.problems.append(Problem(self.prefix, "error", label, repr(exc), 0, 0))
            return
        self.settle()
        for window in self.visible_windows() - before:
            self.check(window, f"{label}-{window.windowTitle() or type(window).__name__}")
            self.crawl_buttons(window, label, depth=1)
            window.close()
            self.settle()

    def crawl_buttons(self, window: QWidget, label: str, depth: int = 0) -> None:
        """Press each "…" button of ``window`` (a dialog's own buttons once, no deeper)."""
        if depth > 1:
            return
        if not window.findChildren(QTabWidget):
            self.press_buttons(window, label)
            return
        visited: list[QTabWidget] = []
        # A case file builds a tab when it is first shown, tabs within it included: look again after each pass.
        while pending := [w for w in window.findChildren(QTabWidget) if not any(w is v for v in visited)]:
            for tabs in pending:
                visited.append(tabs)
                for index in range(tabs.count()):
                    if not tabs.isVisible():
                        continue
                    tabs.setCurrentIndex(index)
                    self.settle()
                    page = f"{label}-{tabs.tabText(index)}"
                    if depth == 0 and page not in self.pressed:  # a tab looks alike for every role: once
                        self.pressed.add(page)
                        self.check(window, page)
                    self.press_buttons(window, label)

    def press_buttons(self, window: QWidget, label: str) -> None:
        """Press each visible, enabled "…" button (and the window buttons) of ``window`` once."""
        select_first_rows(window)  # "Mark paid…", "Change item…" and the like need a chosen line
        for button in window.findChildren(QPushButton):
            if button.isVisible() and button.isEnabled() and (
                    button.text().endswith("…") or plain(button.text()) in _WINDOW_BUTTONS):
                self.press(button.click, f"{label}-{button.text()}", self.visible_windows())


def select_first_rows(window: QWidget) -> None:
    """Select the first line of every list shown in ``window``."""
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None and model.rowCount() and not view.currentIndex().isValid():
            view.setCurrentIndex(model.index(0, 0))


def install_non_blocking_dialogs(crawl_of) -> None:
    """Modal loops would wait for a person: ``exec`` shows, checks and closes; the static boxes answer no."""
    def exec_(dialog, *_args):
        dialog.show()
        crawl = crawl_of()
        crawl.check(dialog, dialog.windowTitle() or type(dialog).__name__)
        dialog.close()
        return 0

    QDialog.exec = exec_
    QMessageBox.exec = exec_
    for name in ("information", "warning", "critical", "question"):
        setattr(QMessageBox, name, staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.No))
    for name in ("getOpenFileName", "getSaveFileName"):
        setattr(QFileDialog, name, staticmethod(lambda *_a, **_k: ("", "")))
    QFileDialog.getExistingDirectory = staticmethod(lambda *_a, **_k: "")
    from avrcase.ui.widgets import file_dialogs

    file_dialogs.save_file_name = file_dialogs.open_file_name = lambda *_a, **_k: ("", "")
    file_dialogs.existing_directory = lambda *_a, **_k: ""
    for name in ("getText", "getItem", "getInt"):
        setattr(QInputDialog, name, staticmethod(lambda *_a, **_k: ("", False)))


def crawl_role(app, url: str, out: Path, locale: str, role: str, username: str, area, clock, holder,
               pressed: set[str]) -> Crawl:
    """One role's windows: the main window's pages and menus, one case file with its tabs and buttons."""
    from sqlalchemy import select

    from avrcase.app import build_main_window
    from avrcase.domain.codes import StaffRole
    from avrcase.services.cases import register as cases
    from avrcase.services.dto import Actor, CaseQuery, Stage
    from avrcase.services.permissions import Permission
    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import User
    from avrcase.store.schema import open_store

    crawl = Crawl(app, out, area, f"{locale}-{role}", pressed)
    holder[0] = crawl
    engine = open_store(url, clock=clock)
    with unit_of_work(engine, write=False) as session:
        user = session.scalar(select(User).where(User.username == username))
        actor = Actor(id=user.id, username=user.username, display_name=user.display_name, role=StaffRole(user.role))
    engine.dispose()
    settings = QSettings(str(out / f"settings-{locale}-{role}.ini"), QSettings.Format.IniFormat)
    window = build_main_window(url, settings, actor=actor, clock=clock)
    window.show()
    crawl.settle()
    for row in range(window.navigation.count()):
        if window.navigation.item(row).isHidden():
            continue
        window.navigation.setCurrentRow(row)
        crawl.check(window, f"main-{window.navigation.item(row).text()}")
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if isinstance(action, QAction) and action.isVisible() and action.isEnabled() and (
                    action.text().endswith("…") or action.text().replace("&", "") in _WINDOW_ACTIONS):
                crawl.press(action.trigger, f"menu-{action.text().replace('&', '')}", crawl.visible_windows())
    if window.ops.may(Permission.CASE_READ):
        stage = {"travel_officer": Stage.TRAVEL_PREPARATION, "counsellor": Stage.COUNSELLING}.get(role, Stage.REINTEGRATION)
        found = window.ops.read(cases.list_cases, CaseQuery(stage=stage, limit=1))
        if found:
            view = window.open_case(found[0].id)
            crawl.settle()
            crawl.crawl_buttons(view, "case")
            view.close()
    for other in crawl.visible_windows():
        other.close()
    window.close()
    crawl.settle()
    window.ops.wait_for_background()
    if window.ops.engine is not None:
        window.ops.engine.dispose()
    window.deleteLater()
    crawl.settle()
    return crawl


def crawl_before_sign_in(app, url: str, out: Path, locale: str, area, clock, holder, pressed: set[str]) -> Crawl:
    """The windows a person meets before the main window: first run, sign-in, lock, the recovery key sheet."""
    import datetime as dt

    from avrcase.services.permissions import SYSTEM
    from avrcase.store.schema import open_store
    from avrcase.ui.dialogs.first_run_dialog import FirstRunDialog
    from avrcase.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
    from avrcase.ui.dialogs.sign_in_dialog import SignInDialog, UnlockDialog
    from avrcase.ui.ops import Ops

    crawl = Crawl(app, out, area, f"{locale}-start", pressed)
    holder[0] = crawl
    ops = Ops(open_store(url, clock=clock), SYSTEM)
    made = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.timezone.utc)
    for dialog in (FirstRunDialog(ops), SignInDialog(ops, demo=True, username="counsellor"), UnlockDialog(ops),
                   RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", "store.sqlite", made)):
        dialog.show()
        crawl.check(dialog, dialog.windowTitle() or type(dialog).__name__)
        dialog.close()
        dialog.deleteLater()
    ops.engine.dispose()
    crawl.settle()
    return crawl


#: Buttons without "…" that open a window of their own.
_WINDOW_BUTTONS = {"Preview"}
#: Menu actions without "…" that open a window of their own.
_WINDOW_ACTIONS = {"Audit trail", "About avrcase", "Keyboard shortcuts"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--locales", default="en,lt")
    parser.add_argument("--roles", default=",".join(r for r, _ in ROLES))
    args = parser.parse_args(argv)

    from avrcase.app import install_translations
    from avrcase.services import clock as clock_module
    from avrcase.services.clock import FixedClock
    from tests.support.clock import FIXED_NOW

    clock = FixedClock(FIXED_NOW, clock_module.DEFAULT_ZONE)
    clock_module.system_clock = lambda: clock
    app = QApplication(["avrcase-small-screen"])
    from avrcase.ui.workarounds import MainThreadGarbageCollector

    # As the app does: no garbage collection in a worker thread, where it would destroy Qt objects.
    collector = MainThreadGarbageCollector(app)  # noqa: F841 - lives as the app's child
    screen = app.primaryScreen()
    shape = [screen.geometry().width(), screen.geometry().height(), screen.devicePixelRatio()]
    from avrcase.ui.widgets.screen_fit import available_area

    area = available_area()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    holder: list[Crawl] = [Crawl(app, out, area, "boot")]
    install_non_blocking_dialogs(lambda: holder[0])

    def report_error(kind, value, trace):  # an exception in a slot: Qt goes on, the test must not
        import traceback

        where = traceback.extract_tb(trace)[-1] if trace else None
        holder[0].problems.append(Problem(holder[0].prefix, "error", f"{where.filename}:{where.lineno}" if where
                                          else "", f"{kind.__name__}: {value}", 0, 0))

    sys.excepthook = report_error
    problems: list[str] = []
    seen: set[str] = set()
    grabs = 0
    url = f"sqlite:///{args.store}"
    translator = None
    wanted = set(args.roles.split(","))
    for locale in args.locales.split(","):
        if translator is not None:
            app.removeTranslator(translator)
        translator = install_translations(app, locale)
        pressed: set[str] = set()
        crawl = crawl_before_sign_in(app, url, out, locale, area, clock, holder, pressed)
        problems += [str(p) for p in crawl.problems]
        seen |= crawl.seen
        grabs += crawl.grabs
        for role, username in ROLES:
            if role not in wanted:
                continue
            crawl = crawl_role(app, url, out, locale, role, username, area, clock, holder, pressed)
            problems += [str(p) for p in crawl.problems]
            seen |= crawl.seen
            grabs += crawl.grabs
    print(json.dumps({"screen": shape,
                      "area": [area.width(), area.height()], "problems": problems, "seen": sorted(seen),
                      "grabs": grabs}), flush=True)
    sys.stderr.flush()
    # WORKAROUND: tearing down PySide at interpreter exit now and then crashes (SIGSEGV, "bool_dealloc … Garbage-
    # collecting", seen in #19); the report is out, so leave without the teardown.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
