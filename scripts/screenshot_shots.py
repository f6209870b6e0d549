"""The pictures ``scripts/screenshots.py`` takes: one ``Shot`` per picture, the role it is taken as and how.

A shot's ``stage(scene)`` puts the window or dialog into the state the guide describes and returns the widget
to grab (``None``: the demo store has nothing to show). Cases are chosen from the demo store by what they hold
(the largest household, the fullest plan), never by number, so the pictures survive changes to the generator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from avrcase.services.travel import departures
from avrcase.services.uow import unit_of_work
from avrcase.store.models import (
    AllowancePayment,
    Case,
    CaseVulnerability,
    Consultation,
    PlanItemRecord,
    PlanRevisionRecord,
    ReintegrationPlanRecord,
    SustainabilitySurvey,
)
from avrcase.ui.ops import Ops

#: The order windows are built in: the demo accounts by user name, and "nobody" (before signing in).
ROLES = ("nobody", "counsellor", "travel", "finance", "reintegration", "manager", "admin")
SIZE = (1280, 800)
CASE_FILE_SIZE = (1180, 780)


@dataclass
class Scene:
    """What a shot works with: the signed-in main window (``None`` for "nobody"), the store and the clock."""

    app: QApplication
    window: object
    engine: object
    url: str
    clock: object
    lang: str
    settle: Callable[[], None]
    folder: Path


@dataclass(frozen=True)
class Shot:
    """One picture: its file name (without ``.png``), the demo account it is taken as, and how."""

    name: str
    role: str
    stage: Callable[[Scene], QWidget | None]


# ------------------------------------------------------------ choosing cases


def _best_case(scene: Scene, counted, *also, persons_first: bool = False) -> int | None:
    """The case with the most rows of ``counted`` (a ``case_id`` column), then the most persons."""
    order = [func.count().desc(), Case.household_size.desc()]
    stmt = (select(counted, func.count()).join(Case, Case.id == counted).where(*also)
            .group_by(counted, Case.household_size).order_by(*(reversed(order) if persons_first else order), counted)
            .limit(1))
    with unit_of_work(scene.engine, write=False) as session:
        row = session.execute(stmt).first()
    return row[0] if row else None


def _household_case(scene: Scene) -> int | None:
    """An open household case with vulnerabilities and consultations: the fullest case file.

    Chosen in SQL rather than by reading case files, which would put an opening of each on the audit trail.
    """
    stages = ("counselling", "application_signed", "eligibility_approved", "travel_preparation")
    stmt = (select(Case.id).join(Consultation, Consultation.case_id == Case.id)
            .where(Case.stage.in_(stages), Case.id.in_(select(CaseVulnerability.case_id)))
            .group_by(Case.id, Case.household_size)
            .order_by(Case.household_size.desc(), func.count().desc(), Case.id).limit(1))
    with unit_of_work(scene.engine, write=False) as session:
        return session.scalar(stmt)


def _departing_case(scene: Scene) -> int | None:
    """The booked household on the departures board with the most travellers and legs."""
    today = scene.clock.in_zone("Europe/Vilnius").today()
    board = scene.window.ops.read(departures.list_departures, today, today + dt.timedelta(days=60))
    if not board:
        return None
    return max(board, key=lambda r: (r.travellers, r.route.count("→"), not r.ready)).case_id


def _paying_case(scene: Scene) -> int | None:
    return _best_case(scene, AllowancePayment.case_id, persons_first=True)


def _planned_case(scene: Scene) -> int | None:
    return _best_case(scene, ReintegrationPlanRecord.case_id,
                      ReintegrationPlanRecord.case_id.in_(select(SustainabilitySurvey.case_id)),
                      PlanRevisionRecord.plan_id == ReintegrationPlanRecord.id,
                      PlanItemRecord.revision_id == PlanRevisionRecord.id)


# ------------------------------------------------------------ helpers


def _page(scene: Scene, page: QWidget) -> QWidget:
    """Show ``page`` of the main window (through the navigation, as a click would)."""
    window = scene.window
    window.resize(*SIZE)
    window.navigation.setCurrentRow(window.pages.indexOf(page))
    scene.settle()
    return window


def _case_tab(scene: Scene, case_id: int | None, tab: str | None = None) -> QWidget | None:
    """The case file of ``case_id`` with the tab attribute ``tab`` shown."""
    if case_id is None:
        return None
    view = scene.window.open_case(case_id)
    view.resize(*CASE_FILE_SIZE)
    if tab is not None:
        view.tabs.setCurrentWidget(getattr(view, tab))
        reload = getattr(getattr(view, tab), "reload", None)
        if reload is not None:
            reload()
    scene.settle()
    return view


def _dialog(scene: Scene, dialog: QWidget | None, size: tuple[int, int] | None = None) -> QWidget | None:
    if dialog is not None and size is not None:
        dialog.resize(*size)
    scene.settle()
    return dialog


# ------------------------------------------------------------ before signing in


def sign_in(scene: Scene) -> QWidget:
    from avrcase.ui.dialogs.sign_in_dialog import SignInDialog
    from avrcase.store.schema import open_store

    engine = open_store(scene.url, clock=scene.clock)
    dialog = SignInDialog(Ops(engine, clock=scene.clock), demo=True, username="counsellor")
    dialog.destroyed.connect(lambda *_: engine.dispose())
    dialog.show()
    return dialog


def first_run(scene: Scene) -> QWidget:
    from avrcase.ui.dialogs.first_run_dialog import FirstRunDialog
    from avrcase.store.schema import open_store

    engine = open_store(f"sqlite:///{scene.folder / f'empty-{scene.lang}.sqlite'}", clock=scene.clock)
    dialog = FirstRunDialog(Ops(engine, clock=scene.clock))
    dialog.destroyed.connect(lambda *_: engine.dispose())
    dialog.show()
    return dialog


# ------------------------------------------------------------ counsellor


def case_list(scene: Scene) -> QWidget:
    window = _page(scene, scene.window.case_list)
    window.case_list.table.selectRow(1)
    return window


def case_dialog(scene: Scene) -> QWidget:
    """The new-case dialog with a principal applicant half typed in (synthetic)."""
    dialog = scene.window.new_case()
    person = dialog.principal
    person.family_name.setText("BERIDZE")
    person.given_names.setText("Nino")
    person.family_name_original.setText("ბერიძე")
    person.given_names_original.setText("ნინო")
    person.sex.set_code("F")
    person.date_of_birth.set_date(dt.date(1988, 3, 14))
    person.citizenship.set_code("GE")
    person.country_of_birth.set_code("GE")
    person.languages.set_codes(["ka", "ru"])
    person.document_number.setText("13AB45678")
    person.document_issuing_country.set_code("GE")
    person.document_expiry.set_date(dt.date(2029, 6, 30))
    return _dialog(scene, dialog, (980, 420))


def case_file(scene: Scene) -> QWidget | None:
    return _case_tab(scene, _household_case(scene), "household_tab")


def counselling_tab(scene: Scene) -> QWidget | None:
    return _case_tab(scene, _household_case(scene), "counselling_tab")


def consultation_dialog(scene: Scene) -> QWidget | None:
    view = _case_tab(scene, _household_case(scene), "counselling_tab")
    return None if view is None else _dialog(scene, view.log_consultation(), (860, 600))


def stage_dialog(scene: Scene) -> QWidget | None:
    view = _case_tab(scene, _household_case(scene), "history_tab")
    return None if view is None else _dialog(scene, view.change_stage(), (600, 170))


def follow_ups(scene: Scene) -> QWidget:
    return _page(scene, scene.window.follow_ups)


def documents_tab(scene: Scene) -> QWidget | None:
    view = _case_tab(scene, _household_case(scene), "documents_tab")
    if view is None:
        return None
    view.documents_tab.issue("case-summary", scene.lang)
    view.documents_tab.reload()
    return view


# ------------------------------------------------------------ travel officer


def departures_board(scene: Scene) -> QWidget:
    scene.window.departures.refresh()
    return _page(scene, scene.window.departures)


def travel_tab(scene: Scene) -> QWidget | None:
    return _case_tab(scene, _departing_case(scene), "travel_tab")


def itinerary_dialog(scene: Scene) -> QWidget | None:
    view = _case_tab(scene, _departing_case(scene), "travel_tab")
    return None if view is None else _dialog(scene, view.travel_tab.edit_itinerary())


# ------------------------------------------------------------ finance officer


def allowance_tab(scene: Scene) -> QWidget | None:
    return _case_tab(scene, _paying_case(scene), "allowance_tab")


def payment_dialog(scene: Scene) -> QWidget | None:
    """Paying the allowance of a household on the departures board whose allowance is not prepared yet."""
    view = _case_tab(scene, _departing_case(scene), "allowance_tab")
    if view is None or not view.allowance_tab.record_button.isEnabled():
        return None
    dialog = view.allowance_tab.record_payment()
    dialog.paid_now.setChecked(True)
    dialog.receipt_signed.setChecked(True)
    return _dialog(scene, dialog, (640, 330))


def work_lists(scene: Scene) -> QWidget:
    return _page(scene, scene.window.work_lists)


# ------------------------------------------------------------ reintegration officer


def reintegration_tab(scene: Scene) -> QWidget | None:
    return _case_tab(scene, _planned_case(scene), "reintegration_tab")


def monitoring(scene: Scene) -> QWidget | None:
    view = _case_tab(scene, _planned_case(scene), "reintegration_tab")
    if view is None:
        return None
    view.reintegration_tab.setCurrentWidget(view.reintegration_tab.monitoring)
    return view


# ------------------------------------------------------------ manager


def dashboard(scene: Scene) -> QWidget:
    """The last 12 full months, once the worker has computed them."""
    window = scene.window
    window.resize(1280, 860)
    view = window.dashboard
    loop = QEventLoop()
    view.computed.connect(loop.quit)
    QTimer.singleShot(60_000, loop.quit)  # never hang the script
    window.navigation.setCurrentRow(window.pages.indexOf(view))
    view.preset.setCurrentIndex(view.preset.findData("last_12_months"))
    view.preset.activated.emit(view.preset.currentIndex())
    loop.exec()
    while view.task is not None:  # the preset replaced the first computation: wait for its result
        loop.exec()
    scene.settle()
    return window


def budget(scene: Scene) -> QWidget:
    return _page(scene, scene.window.budget)


def audit_trail(scene: Scene) -> QWidget:
    """The trail of the household case the counsellor's pictures show (its entries are the same every run;
    the newest entries of the whole trail hold the checksums of this run's backups, which are not)."""
    view = scene.window.account_menu.show_audit_trail()
    view.resize(SIZE[0], 420)
    case_id = _household_case(scene)
    with unit_of_work(scene.engine, write=False) as session:
        number = session.scalar(select(Case.case_number).where(Case.id == case_id))
    view.case_filter.setText(number or "")
    view.refresh()
    return _dialog(scene, view)


# ------------------------------------------------------------ administrator


def users_dialog(scene: Scene) -> QWidget:
    return _dialog(scene, scene.window.account_menu.show_users())


def office_profile(scene: Scene) -> QWidget:
    from avrcase.ui.dialogs.office_profile_dialog import OfficeProfileDialog

    dialog = OfficeProfileDialog(scene.window.ops, scene.window)
    dialog.show()
    return _dialog(scene, dialog)


def backup_settings(scene: Scene) -> QWidget:
    return _dialog(scene, scene.window.backup_status.edit_settings())


SHOTS = (
    Shot("sign-in", "nobody", sign_in),
    Shot("first-run", "nobody", first_run),
    Shot("case-list", "counsellor", case_list),
    Shot("case-dialog", "counsellor", case_dialog),
    Shot("case-file", "counsellor", case_file),
    Shot("counselling-tab", "counsellor", counselling_tab),
    Shot("consultation-dialog", "counsellor", consultation_dialog),
    Shot("stage-dialog", "counsellor", stage_dialog),
    Shot("follow-ups", "counsellor", follow_ups),
    Shot("documents-tab", "counsellor", documents_tab),
    Shot("departures-board", "travel", departures_board),
    Shot("travel-tab", "travel", travel_tab),
    Shot("itinerary-dialog", "travel", itinerary_dialog),
    Shot("allowance-tab", "finance", allowance_tab),
    Shot("payment-dialog", "finance", payment_dialog),
    Shot("work-lists", "finance", work_lists),
    Shot("reintegration-tab", "reintegration", reintegration_tab),
    Shot("monitoring", "reintegration", monitoring),
    Shot("dashboard", "manager", dashboard),
    Shot("budget", "manager", budget),
    Shot("audit-trail", "manager", audit_trail),
    Shot("users", "admin", users_dialog),
    Shot("office-profile", "admin", office_profile),
    Shot("backup-settings", "admin", backup_settings),
)

