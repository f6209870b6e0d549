"""Pictures of the finance and reintegration screens for the README, called by ``scripts/screenshots.py``.

``docs/screenshots/allowance-tab.png`` (as the finance officer), ``reintegration-tab.png`` (as the
reintegration officer) and ``budget.png`` (as the manager), from the demo store the main script made.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from avrcase.services.accounts import users
from avrcase.services.uow import unit_of_work
from avrcase.store.models import (
    AllowancePayment,
    Case,
    PlanItemRecord,
    PlanRevisionRecord,
    ReintegrationPlanRecord,
    SustainabilitySurvey,
)

SIZE = (1280, 800)


def _best_case(session, counted, *also, persons_first: bool = False) -> int | None:
    """The case with the most rows of ``counted`` (a ``case_id`` column) and persons: the most to show."""
    order = [func.count().desc(), Case.household_size.desc()]
    stmt = (select(counted, func.count()).join(Case, Case.id == counted).where(*also)
            .group_by(counted, Case.household_size).order_by(*(reversed(order) if persons_first else order), counted)
            .limit(1))
    row = session.execute(stmt).first()
    return row[0] if row else None


def _actor(session, username: str):
    row = next((u for u in users.list_users(session) if u.username == username), None)
    return users.actor_by_id(session, row.id) if row is not None else None


def finance_screenshots(app, window, engine, out: Path) -> list[Path]:
    """Save the three pictures; returns the files written (none when the store has no finance data)."""
    with unit_of_work(engine, write=False) as session:
        # A large household: the entitlement shows every step of its computation.
        paying = _best_case(session, AllowancePayment.case_id, persons_first=True)
        # The plan with the most items among returnees who also took a survey (the monitoring page has a trend).
        planned = _best_case(session, ReintegrationPlanRecord.case_id,
                             ReintegrationPlanRecord.case_id.in_(select(SustainabilitySurvey.case_id)),
                             PlanRevisionRecord.plan_id == ReintegrationPlanRecord.id,
                             PlanItemRecord.revision_id == PlanRevisionRecord.id)
        staff = {name: _actor(session, name) for name in ("finance", "reintegration", "manager")}
    written: list[Path] = []
    acting = window.ops.actor
    for case_id, who, tab, name in ((paying, "finance", "allowance_tab", "allowance-tab.png"),
                                    (planned, "reintegration", "reintegration_tab", "reintegration-tab.png")):
        if case_id is None or staff[who] is None:
            continue
        act_as(window, staff[who])
        view = window.open_case(case_id)
        view.resize(*SIZE)
        view.tabs.setCurrentWidget(getattr(view, tab))
        getattr(view, tab).reload()
        app.processEvents()
        view.grab().save(str(out / name))
        written.append(out / name)
        view.close()
    if staff["manager"] is not None:
        act_as(window, staff["manager"])
        window.pages.setCurrentWidget(window.budget)
        window.navigation.setCurrentRow(window.pages.currentIndex())
        window.budget.load_projects()
        window.budget.refresh()
        app.processEvents()
        window.grab().save(str(out / "budget.png"))
        written.append(out / "budget.png")
    act_as(window, acting)
    return written


def act_as(window, actor) -> None:
    """Work as ``actor`` through the tool bar's picker where there is one, so the window shows who acts."""
    picker = getattr(window, "acting_user", None)
    if picker is not None and picker.findData(actor.id) >= 0:
        picker.set_user_id(actor.id)
    else:  # signed-in windows have no picker: act directly
        window.ops.actor = actor
