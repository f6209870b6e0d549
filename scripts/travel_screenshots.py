"""Pictures of the travel screens for the README, called by ``scripts/screenshots.py``.

``docs/screenshots/departures-board.png`` (the Departures page) and ``travel-tab.png`` (the Travel
tab of a booked household), both as the demo travel officer, from the demo store the main script made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from avrcase.services.accounts import users
from avrcase.services.travel import departures
from avrcase.services.uow import unit_of_work

SIZE = (1280, 800)


def travel_screenshots(app, window, engine, out: Path) -> list[Path]:
    """Save the two pictures; returns the files written (none when the store has no travel officer)."""
    with unit_of_work(engine, write=False) as session:
        row = next((u for u in users.list_users(session) if u.username == "travel"), None)
        if row is None:
            return []
        officer = users.actor_by_id(session, row.id)
        today = dt.date.today()
        board = departures.list_departures(session, officer, today, today + dt.timedelta(days=60))
    written: list[Path] = []
    acting = window.ops.actor
    window.acting_user.set_user_id(officer.id)  # through the tool bar's picker, so the window shows who acts
    window.navigation.setCurrentRow(window.pages.indexOf(window.departures))
    window.departures.refresh()
    app.processEvents()
    window.grab().save(str(out / "departures-board.png"))
    written.append(out / "departures-board.png")
    if board:
        # A household with the most travellers and segments shows the most of the tab.
        chosen = max(board, key=lambda r: (r.travellers, r.route.count("→"), not r.ready))
        view = window.open_case(chosen.case_id)
        view.resize(*SIZE)
        view.tabs.setCurrentWidget(view.travel_tab)
        app.processEvents()
        view.grab().save(str(out / "travel-tab.png"))
        written.append(out / "travel-tab.png")
        view.close()
    window.acting_user.set_user_id(acting.id)
    return written
