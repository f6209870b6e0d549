"""The managers' dashboard for the README (``docs/screenshots/dashboard.png``), called by ``scripts/screenshots.py``.

Acts as the demo's manager, shows the last 12 months of the demo store and waits for the worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from avrcase.services.accounts import users
from avrcase.services.uow import unit_of_work

SIZE = (1280, 860)


def dashboard_screenshot(app, window, engine, out: Path) -> None:
    """Save the dashboard of the last 12 months as the manager sees it."""
    with unit_of_work(engine, write=False) as session:
        manager = next(u for u in users.list_users(session) if u.username == "manager")
    window.acting_user.set_user_id(manager.id)
    window.resize(*SIZE)
    view = window.dashboard
    loop = QEventLoop()
    view.computed.connect(loop.quit)
    QTimer.singleShot(60_000, loop.quit)  # never hang the script
    window.navigation.setCurrentRow(window.dashboard_page)
    view.preset.setCurrentIndex(view.preset.findData("last_12_months"))
    view.preset.activated.emit(view.preset.currentIndex())
    loop.exec()
    while view.task is not None:  # the preset replaced the first computation: wait for its result
        loop.exec()
    for _round in range(5):  # new minimum heights ripple through the nested layouts in several passes
        app.processEvents()
    window.grab().save(str(out / "dashboard.png"))
