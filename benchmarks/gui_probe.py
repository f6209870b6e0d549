"""One GUI start, run as its own process by ``bench_user.py``: prints ``READY`` once the asked-for screen is up.

Modes:
- ``bare``: a bare ``QMainWindow`` with an empty ``QTableView`` (the baseline);
- ``floor-sqlalchemy``, ``floor-orm``, ``floor-models``: the same bare window, shown after importing
  SQLAlchemy (Core), its ORM, or the ORM with avrcase's mapped models configured: what the fixed stack costs
  before any of the app's own start (no store opened, no row read, none of the app's windows);
- ``main``: the app's start up to the main window shown with its home page filled (``home_page_filled``); the sign-in dialog
  is skipped by looking up the account (no password hashing), everything else is the app's code path
  (everything loaded before the window: the figure #14 set its target on);
- ``signin``: ``avrcase --db STORE`` as the console script runs it, up to its sign-in screen painted;
- ``signed``: the same, then a person who types their name and password for ``TYPING_MS`` and presses Sign in;
  ``READY`` then carries the seconds from the press to the main window with its home page filled (what the
  person waits for after signing in: a counsellor's case list with rows, the manager's dashboard with its
  figures and charts), the seconds from the press to the window first seen up, the CPU seconds (all threads) from
  the press to ``READY``, and the seconds from the press to the dashboard's first key figures shown while its
  charts still count (``nan`` for another home page, or code before session 30); the password checked as on
  every sign-in.

With ``GUI_PROBE_EXIT_AT_READY=1`` the process ends at ``READY`` (``os._exit``: no teardown, and not the store's
background ``quick_check``), for counting its instructions with ``valgrind --tool=callgrind``.

The ``READY`` line carries the CPU seconds this process used until then (all threads), so a loaded
machine's waiting can be told from work. The parent measures from before it starts this process to the ``READY`` line (interpreter start,
imports, store, window and first paint all included). Run with ``QT_QPA_PLATFORM=offscreen``
or under Xvfb.
"""

from __future__ import annotations

import os
import resource
import sys


#: How often the probe looks for the main window while the sign-in screen is up (see ``sign_in_screen``).
SCREEN_POLL_MS = 25


def home_page_filled(window) -> bool:
    """Whether the main window's first page shows what its person came for: the case list's rows, or, for a role
    whose home page is the dashboard (the manager), the dashboard's figures computed and on screen (its progress
    bar shows meanwhile; before session 29 the probe stopped at the case list's rows behind it)."""
    if not window.isVisible():
        return False
    if window.navigation.currentRow() == window.dashboard_page:
        return window.lazy_pages.is_built(window.dashboard_page) and window.dashboard.snapshot is not None
    return window.case_list.model.rowCount() > 0


def _ready_after_paint(app, check) -> None:
    """Print READY and the CPU seconds used so far (and quit) once ``check()`` holds after the event loop painted."""
    from PySide6.QtCore import QTimer

    def poll() -> None:
        if check():
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(f"READY {usage.ru_utime + usage.ru_stime:.3f}", flush=True)
            if os.environ.get("GUI_PROBE_EXIT_AT_READY"):  # counting instructions: nothing after READY counts
                os._exit(0)
            app.exit(0)
        else:
            QTimer.singleShot(1, poll)

    QTimer.singleShot(0, poll)


def bare(floor: str = "") -> int:
    """The baseline: the least a Qt desktop app shows (after ``floor``'s imports, when given)."""
    if floor:
        import avrcase

        getattr(avrcase, "pause_collection", lambda: None)()  # as the app's own start imports
        import sqlalchemy  # noqa: F401
    if floor in ("orm", "models"):
        import sqlalchemy.orm  # noqa: F401
    if floor == "models":
        from sqlalchemy.orm import configure_mappers

        import avrcase.store.models as models

        getattr(models, "complete_metadata", lambda: None)()  # every area's models (the package names them lazily)
        configure_mappers()
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1200, 760)
    window.show()
    _ready_after_paint(app, window.isVisible)
    return app.exec()


def main_window(url: str, username: str) -> int:
    """The app's start until the main window is shown with its home page filled."""
    import avrcase

    # As the console script and the installed app's launcher do (avrcase.__main__; code before #14 had none).
    getattr(avrcase, "pause_collection", lambda: None)()
    from PySide6.QtWidgets import QApplication

    from avrcase import app as app_module
    from avrcase.services.accounts import users
    from avrcase.services.uow import unit_of_work

    def signed_in(ops, _settings, **_kwargs):
        with unit_of_work(ops.engine, write=False) as session:
            return users.get_actor(session, username)

    app_module.sign_in = signed_in  # type: ignore[assignment]
    original_show = app_module.MainWindow.show

    def show(window) -> None:
        original_show(window)
        _ready_after_paint(QApplication.instance(), lambda: home_page_filled(window))

    app_module.MainWindow.show = show  # type: ignore[method-assign]
    app_module.run_gui(url)
    return 0


def sign_in_screen(url: str, username: str | None = None, password: str = "", typing_ms: int = 0) -> int:
    """The console script's start on ``url``: ``READY`` at the sign-in screen, or (``username`` given) at the main
    window with its home page filled after signing in ``typing_ms`` after the screen showed."""
    import time

    sys.argv = ["avrcase", "--db", url]
    import avrcase.__main__ as entry
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    pressed: list[float] = []
    shown: list[float] = []  # when the main window was first seen up (its home page perhaps still being filled)
    cpu_at_press: list[float] = []
    first_figures: list[float] = []  # when the dashboard's first key figures were on screen (its charts counting)

    def poll() -> None:
        screen_up = False
        for widget in app.topLevelWidgets():
            kind = type(widget).__name__
            screen_up = screen_up or (kind == "SignInDialog" and widget.isVisible())
            if kind == "SignInDialog" and widget.isVisible() and not pressed:
                if username is None:
                    _ready_after_paint(app, lambda: True)
                    return
                widget.username.setText(username)
                widget.password.setText(password)

                def press(dialog=widget) -> None:
                    usage = resource.getrusage(resource.RUSAGE_SELF)
                    cpu_at_press.append(usage.ru_utime + usage.ru_stime)
                    pressed.append(time.perf_counter())
                    dialog.sign_in_button.click()

                pressed.append(0.0)
                QTimer.singleShot(typing_ms, lambda: (pressed.clear(), press()))
            if kind == "MainWindow" and pressed and widget.isVisible() and not shown:
                shown.append(time.perf_counter())
                if not home_page_filled(widget) and widget.navigation.currentRow() == widget.dashboard_page:
                    if hasattr(widget.dashboard, "figures_shown"):  # the key figures before the charts (since session 30)
                        widget.dashboard.figures_shown.connect(
                            lambda _figures: first_figures or first_figures.append(time.perf_counter()))
                    # Heard, not polled: polling every millisecond for the dashboard's second or so held the
                    # interpreter against its counting threads (about half a second of CPU more).
                    widget.dashboard.computed.connect(lambda _snapshot, window=widget: QTimer.singleShot(
                        0, lambda: ready(window)))
                    return
            if kind == "MainWindow" and pressed and home_page_filled(widget):
                ready(widget)
                return
        # While the sign-in screen is up (the person typing, or waiting after Sign in) the rest of avrcase loads on a
        # thread behind it: polling every millisecond then took the interpreter from that thread a thousand times a
        # second (fix-pgstart14). The screen closing is not missed: the main window is built at once after it, and
        # the timer, overdue by then, fires as soon as the event loop runs again.
        QTimer.singleShot(SCREEN_POLL_MS if screen_up else 1, poll)

    def ready(window) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"READY {usage.ru_utime + usage.ru_stime:.3f} {time.perf_counter() - pressed[-1]:.4f} "
              f"{shown[0] - pressed[-1]:.4f} {usage.ru_utime + usage.ru_stime - cpu_at_press[-1]:.4f} "
              f"{first_figures[0] - pressed[-1] if first_figures else float('nan'):.4f}", flush=True)
        window.close()

    QTimer.singleShot(0, poll)
    try:
        entry.main()
    except SystemExit:
        pass
    return 0


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        sys.exit(bare())
    if mode.startswith("floor-"):
        sys.exit(bare(mode.removeprefix("floor-")))
    if mode == "signin":
        sys.exit(sign_in_screen(sys.argv[2]))
    if mode == "signed":
        sys.exit(sign_in_screen(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])))
    sys.exit(main_window(sys.argv[2], sys.argv[3]))
