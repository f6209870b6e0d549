"""The main window and app bootstrap: navigation, menus, the signed-in user, demo loading, remembered state."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QPushButton
from sqlalchemy import select

from avrcase import app as app_module
from avrcase.domain.codes import StaffRole
from avrcase.services import store_kind
from avrcase.services.accounts import users
from avrcase.services.cases import counselling
from avrcase.services.cases import register as case_service
from avrcase.services.dto import CaseQuery, FollowUpForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import User
from avrcase.store.schema import open_store
from avrcase.ui.main_window import PAGE_CASES, PAGE_FOLLOW_UPS, MainWindow
from avrcase.ui.views.case_file import CaseFileView
from avrcase.ui.views.dashboard import DashboardView
from avrcase.ui.views.departures_board import DeparturesBoardView
from avrcase.ui.views.work_lists import BudgetView, WorkListsView
from avrcase.services.permissions import SYSTEM
from tests.conftest import make_case_form, make_person
from tests.support.clock import FIXED_TODAY
from tests.ui.case_data import consultation_form


@pytest.fixture
def settings(tmp_path):
    """Settings in a private ini file (QSettings caches its default folders for the whole process)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, ops, bus, settings):
    def _make() -> MainWindow:
        window = MainWindow(ops, bus, settings)
        qtbot.addWidget(window)
        window.show()
        return window

    return _make


@pytest.fixture
def messages(monkeypatch):
    """Message boxes shown, as (title, text), instead of blocking the test."""
    shown: list[tuple[str, str]] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def test_an_empty_store_invites_to_register_or_load_demo(make_window):
    window = make_window()
    assert window.case_list.pages.currentWidget() is window.case_list.empty_panel
    assert window.count_label.text() == "0 cases"
    assert window.store_label.text().endswith("store.sqlite")


# WORKAROUND: the offscreen platform warns that it cannot raise a window; harmless in tests.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_cases_show_with_their_count_and_open_in_a_case_file(qtbot, make_window, make_case):
    first = make_case()
    make_case(principal=make_person(family_name="Kovalenko", document_number="UA1"))
    window = make_window()
    assert window.case_list.model.rowCount() == 2
    assert window.count_label.text() == "2 cases"
    window.case_list.table.setFocus()
    window.case_list.select_case(first.id)
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_Return)
    view = window.case_files[first.id]
    assert isinstance(view, CaseFileView) and view.isVisible()
    assert window.open_case(first.id) is view  # opening again raises the same window
    view.close()
    assert first.id not in window.case_files


def test_a_case_that_no_longer_exists_is_explained(make_window, messages):
    window = make_window()
    assert window.open_case(4242) is None
    assert messages == [("avrcase", "The case no longer exists.")]
    assert window.case_files == {}


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_case_whose_principal_was_deleted_by_hand_is_explained_not_a_crash(make_window, messages, make_case,
                                                                             db_path):
    """Opening it raised IndexError out of the case file window (its household read without its principal)."""
    import sqlite3

    case = make_case(members=1)
    window = make_window()
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM persons WHERE id = ?", (case.principal.id,))
    connection.close()
    assert window.open_case(case.id) is None
    assert messages == [("avrcase", f"The data of case {case.case_number} is damaged: a person of its household is "
                                    "missing from the store. Ask an administrator to run “avrcase db check”.")]
    assert window.case_files == {}


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_stage_written_by_hand_leaves_the_list_whole_and_the_case_explained(make_window, messages, make_case,
                                                                              db_path):
    """A stage no avrcase writes (``UPDATE cases SET stage = 'bogus'``) made the list's page fail to read (KeyError):
    the window showed none of the cases on it; opening the case said "internal error (ValueError …)"."""
    import sqlite3

    from avrcase.ui.models.case_table import COL_STAGE

    sound, damaged = make_case(), make_case()
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("UPDATE cases SET stage = 'bogus' WHERE id = ?", (damaged.id,))
    connection.close()
    window = make_window()
    model = window.case_list.model
    assert (model.rowCount(), window.count_label.text()) == (2, "2 cases")
    shown = {model.data(model.index(r, 0)): model.data(model.index(r, COL_STAGE)) for r in range(2)}
    assert shown == {sound.case_number: "Registered", damaged.case_number: "(damaged: unknown stage “bogus”)"}
    assert window.open_case(damaged.id) is None
    assert messages == [("avrcase", f"The data of case {damaged.case_number} is damaged: cases.stage holds a value "
                                    "avrcase never writes (it was changed outside avrcase). Ask an administrator to "
                                    "run “avrcase db check”.")]
    assert window.case_files == {}


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_case_whose_principal_was_deleted_by_hand_stays_in_the_list_marked_damaged(make_window, messages, make_case,
                                                                                    db_path):
    """It dropped out of the list (joined to its principal) while the count still said 2 cases."""
    import sqlite3

    from avrcase.ui.models.case_table import COL_PRINCIPAL

    sound, damaged = make_case(), make_case(members=1)
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM persons WHERE id = ?", (damaged.principal.id,))
    connection.close()
    window = make_window()
    model = window.case_list.model
    assert (model.rowCount(), window.count_label.text()) == (2, "2 cases")
    shown = {model.data(model.index(r, 0)): model.data(model.index(r, COL_PRINCIPAL)) for r in range(2)}
    assert shown[damaged.case_number] == "(damaged: principal applicant missing)"
    row = next(r for r in range(2) if model.data(model.index(r, 0)) == damaged.case_number)
    assert model.data(model.index(row, COL_PRINCIPAL), Qt.ItemDataRole.ToolTipRole) == shown[damaged.case_number]
    assert sound.case_number in shown
    assert window.open_case(damaged.id) is None  # opening it says what avrcase db check says
    assert messages == [("avrcase", f"The data of case {damaged.case_number} is damaged: a person of its household is "
                                    "missing from the store. Ask an administrator to run “avrcase db check”.")]


def test_a_committed_change_refreshes_the_list_and_the_count(make_window, make_case, ops, bus):
    window = make_window()
    case = make_case()
    bus.cases_changed(case.id)
    assert window.case_list.model.rowCount() == 1
    assert window.count_label.text() == "1 case"
    window.case_list.search.setText("kovalenko")
    window.case_list.apply_filters()
    assert window.count_label.text() == "0 of 1 cases match"


def test_find_focuses_the_search_and_navigation_switches_pages(qtbot, make_window):
    window = make_window()
    window.activateWindow()
    window.navigation.setCurrentRow(PAGE_FOLLOW_UPS)
    assert window.pages.currentWidget() is window.follow_ups
    window.find_action.trigger()
    assert window.pages.currentWidget() is window.case_list
    assert window.navigation.currentRow() == PAGE_CASES
    assert window.focusWidget() is window.case_list.search
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.new_case_action.shortcut().toString() == "Ctrl+N"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"


def test_the_window_works_only_as_the_signed_in_user(make_window, ops, actor_as):
    """No switcher lets the signed-in user act as someone else without their password."""
    actor_as(StaffRole.MANAGER, "jonas")
    window = make_window()
    assert not hasattr(window, "acting_user")
    assert not [c for c in window.findChildren(QComboBox)
                if c.findText("Test Manager") >= 0 and not window.case_list.isAncestorOf(c)]
    assert "Rūta Counsellor" in window.follow_ups.title.text()
    assert ops.actor.username == "ruta"


def test_window_state_is_restored_by_the_next_window(make_window, make_case):
    make_case()
    first = make_window()
    first.resize(780, 560)  # within the offscreen screen (800 x 600): restoring clamps to the screen
    first.splitter.setSizes([200, 580])
    splitter = first.splitter.sizes()
    assert splitter[0] == 200
    first.case_list.table.setColumnWidth(1, 333)
    first.navigation.setCurrentRow(PAGE_FOLLOW_UPS)
    first.close()
    second = make_window()
    assert second.size().toTuple() == (780, 560)
    assert second.splitter.sizes() == splitter
    # Remembered as dragged; shown so wherever the window leaves room for every column (this one is too narrow).
    assert second.case_list.column_fit.preferred[1] == 333
    second.case_list.table.resize(1400, 400)
    assert second.case_list.table.columnWidth(1) == 333
    assert second.pages.currentWidget() is second.case_list  # the role's home page, not the page left (#19)


def test_a_counsellor_is_refused_demo_data_with_a_clear_message(make_window, ops, messages):
    window = make_window()
    assert not window.load_demo_action.isEnabled()  # not offered (#19), and the menu item says why
    assert "may not" in window.load_demo_action.toolTip()
    window.load_demo()
    assert window.demo_task is None
    assert messages == [("Load demo data", "Only an administrator of a demo store may load demo data; your role "
                                           "(Counsellor) may not.")]
    assert ops.read(case_service.count_cases, CaseQuery()) == 0


def test_a_real_office_store_refuses_demo_data_and_says_why(make_window, ops, engine, actor_as, messages):
    with unit_of_work(engine) as session:
        store_kind.record_store_kind(session, SYSTEM, demo=False)  # set up with its administrator
    ops.actor = actor_as(StaffRole.ADMINISTRATOR)
    window = make_window()
    assert window.load_demo() is None
    assert len(messages) == 1 and "real office store" in messages[0][1] and "mix with real ones" in messages[0][1]
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(User.id).where(User.username == "counsellor")) is None


@pytest.fixture
def demo_admin(engine, ops, actor_as):
    """An empty store created as a demo store, with ``ops`` signed in as its administrator."""
    with unit_of_work(engine) as session:
        store_kind.record_store_kind(session, SYSTEM, demo=True)
    ops.actor = actor_as(StaffRole.ADMINISTRATOR)
    return ops.actor


def test_a_demo_store_with_cases_refuses_more_demo_data(make_window, make_case, demo_admin, messages):
    make_case()
    window = make_window()
    assert window.load_demo() is None
    assert len(messages) == 1 and "already holds cases" in messages[0][1]


def test_demo_data_loads_in_the_background_and_shows_cases(qtbot, make_window, ops, actor, demo_admin):
    window = make_window()
    window._demo.cases = 25
    assert window.load_demo_action.isEnabled()
    window.load_demo_action.trigger()
    assert window.demo_task is not None
    qtbot.waitUntil(lambda: window.demo_task is None, timeout=60_000)
    ops.actor = actor  # the counsellor looks at what was loaded
    assert ops.read(case_service.count_cases, CaseQuery()) == 25
    assert "Demo store ready: 25 cases" in window.statusBar().currentMessage()
    assert len(ops.read(users.list_users)) > 6  # the demo's staff


def test_cancelling_the_demo_adds_nothing(qtbot, make_window, ops, actor, monkeypatch, demo_admin):
    from avrcase.services.demo import generate as demo

    def demo_until_cancelled(session, *, cases, seed, progress, actor):
        # Writes a case, then reports progress until told to stop, as the real generator does.
        case_service.register_case(session, counsellor, make_case_form())
        while progress(1, cases):
            threading.Event().wait(0.01)
        raise demo.DemoCancelled("cancelled")

    monkeypatch.setattr(demo, "generate_demo", demo_until_cancelled)
    counsellor = actor
    window = make_window()
    task = window.load_demo()
    cancel_button = window.demo_progress.findChild(QPushButton)
    with qtbot.waitSignal(task.cancelled, timeout=30_000):
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.demo_task is None)
    assert ops.read(lambda session, _actor: case_service.count_cases(session, counsellor, CaseQuery())) == 0  # rolled back
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.case_list.pages.currentWidget() is window.case_list.empty_panel


def test_the_app_opens_a_store_and_acts_as_the_signed_in_user(qtbot, tmp_path, settings):
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    engine = open_store(url)
    with unit_of_work(engine) as session:
        jonas = users.actor_by_id(session, users.add_user(session, SYSTEM, "jonas", "Jonas Kazlauskas",
                                                          StaffRole.COUNSELLOR).id)
    engine.dispose()
    window = app_module.build_main_window(url, settings, actor=jonas)  # sign-in itself: tests/ui/test_sign_in.py
    qtbot.addWidget(window)
    assert window.ops.actor.username == "jonas"
    assert not hasattr(window, "acting_user")  # no way to act as anyone else
    from avrcase.ui.widgets.wheel_guard import WheelGuard

    assert any(isinstance(c, WheelGuard) for c in QApplication.instance().children())  # the wheel scrolls forms
    window.idle_lock.stop()
    window.ops.engine.dispose()


def test_the_app_explains_a_store_it_cannot_open(tmp_path, settings, messages):
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("shopping list")
    assert app_module.build_main_window(f"sqlite:///{not_a_store}", settings) is None
    assert len(messages) == 1 and "not an avrcase store" in messages[0][1]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # WORKAROUND: offscreen cannot raise windows
def test_new_case_opens_the_dialog_and_then_the_saved_case(qtbot, make_window, make_case):
    window = make_window()
    assert window.new_case_action.isEnabled() and window.case_list.new_case_button.isEnabled()
    dialog = window.new_case()
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    saved = make_case()  # what the dialog's save does, without filling its form here
    dialog.case_saved.emit(saved.id)
    assert window.case_files[saved.id].isVisible()


def test_qt_dialogs_speak_the_ui_language(qapp):
    translator = app_module.install_translations(qapp, "de")
    try:
        assert translator is not None
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_desktop_app_logs_warnings_to_a_file_in_the_given_folder(tmp_path):
    import logging

    path = app_module.log_to_file(tmp_path / "logs")
    try:
        assert app_module.log_to_file(tmp_path / "logs") == path  # a second call adds no second handler
        logging.getLogger("avrcase.test").warning("store locked, retrying")
        logging.getLogger("avrcase.test").info("not written: below WARNING")
        for handler in logging.getLogger("avrcase").handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "WARNING avrcase.test: store locked, retrying" in text and "below WARNING" not in text
        assert path.stat().st_mode & 0o777 == 0o600  # it was 0644: readable by every account on the computer
    finally:
        logger = logging.getLogger("avrcase")
        for handler in [h for h in logger.handlers if getattr(h, "baseFilename", "") == str(path)]:
            logger.removeHandler(handler)
            handler.close()


def test_the_app_icon_is_the_packaged_one_at_256_pixels(qapp):
    icon = app_module.app_icon()
    assert not icon.isNull()
    assert icon.availableSizes()[0].width() == 256


def test_the_background_store_check_warns_only_when_the_store_is_damaged(qtbot, engine, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from avrcase import app as app_module

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    window = QWidget()
    qtbot.addWidget(window)
    healthy = app_module.StoreHealthCheck(window)
    healthy.start(engine)
    healthy.wait()
    qtbot.wait(20)
    assert warnings == []
    monkeypatch.setattr(app_module, "quick_check", lambda eng: "*** in database main *** Page 7 is never used")
    damaged = app_module.StoreHealthCheck(window)
    with qtbot.waitSignal(damaged.damaged, timeout=5000):
        damaged.start(engine)
    damaged.wait()
    assert len(warnings) == 1 and "Page 7 is never used" in warnings[0] and "avrcase db check" in warnings[0]


def test_the_background_work_after_start_waits_for_the_managers_first_figures(qtbot, make_window, actor_as, ops):
    """#14: the store's background check (it reads the whole store) and the case file's warm-up began with the
    window, beside the manager's dashboard counting its figures, which then came later; they now begin once the
    figures are on screen, and at once for a home page that has its rows when the window shows."""
    from avrcase import app as app_module

    counsellors = make_window()
    begun: list[str] = []
    app_module.after_the_home_page(counsellors, lambda: begun.append("check"), lambda: begun.append("warm-up"))
    qtbot.waitUntil(lambda: begun == ["check", "warm-up"], timeout=5000)

    ops.actor = actor_as(StaffRole.MANAGER)
    window = make_window()
    assert window.pages.currentWidget() is window.dashboard and window.dashboard.task is not None  # counting
    begun.clear()
    app_module.after_the_home_page(window, lambda: begun.append("check"))
    assert begun == []
    with qtbot.waitSignal(window.dashboard.computed, timeout=20_000):
        pass
    assert begun == []  # not before the figures are on screen
    qtbot.waitUntil(lambda: begun == ["check"], timeout=5000)
    qtbot.wait(50)
    assert begun == ["check"]  # once
    ops.wait_for_background()


def test_warm_up_loads_the_case_file_and_new_case_dialog(make_window):
    """The app calls it once the window is up, so the first case file opens as fast as the next (#14)."""
    import importlib
    import sys

    from avrcase.ui import main_window

    window = make_window()
    window.warm_up()
    assert all(name in sys.modules for name in main_window.LATER_MODULES)
    assert all(importlib.import_module(name) for name in main_window.LATER_MODULES)


def test_an_import_and_the_demo_are_announced_by_ops_once_committed(qtbot, engine, ops):
    """The change bus hears of a background job's changes from Ops, after its commit, before its own slot."""
    from avrcase.ui.change_bus import CASES, USERS

    heard = []
    ops.bus.data_changed.connect(lambda kind, ids: heard.append((kind, ids)))
    done = []
    task = ops.run_in_background(lambda session, report: 7, finished=lambda result: done.append((result, list(heard))),
                                 changed=lambda result: [result], also=(USERS,))
    qtbot.waitUntil(lambda: task.done)
    assert heard == [(USERS, []), (CASES, [7])] and done == [(7, [(USERS, []), (CASES, [7])])]
    failed = ops.run_in_background(lambda session, report: 1 / 0, changed=())
    qtbot.waitUntil(lambda: failed.done)
    assert len(heard) == 2  # nothing announced for a job that failed


def test_a_search_count_past_its_cap_says_so(make_window, make_case, monkeypatch):
    """#14: a search counts to a cap ("2,000+" for a common word); the status bar shows the cap with a plus."""
    from avrcase.services.cases import search

    monkeypatch.setattr(search, "SEARCH_COUNT_CAP", 2)
    for _ in range(3):
        make_case()
    window = make_window()
    window.case_list.search.setText(window.case_list.model.case_row(0).principal_name.split()[0][:4])
    window.case_list.apply_filters()
    assert window.count_label.text() == "2+ of 3 cases match"
    assert window.case_list.model.rowCount() == 3  # every match is still listed


def test_follow_ups_are_counted_at_start_and_listed_when_their_page_is_shown(make_window, make_case, ops, bus):
    """The main window does not wait for the follow-ups list at start (issue #14): it counts them for the
    navigation, and reads the list when the page is first shown; a change while it is hidden recounts."""
    case = make_case(registered_on=FIXED_TODAY - dt.timedelta(days=10))
    ops.write(counselling.record_consultation, case.id, consultation_form(days_ago=5, follow_ups=(
        FollowUpForm("Book the flight", FIXED_TODAY + dt.timedelta(days=3)),
        FollowUpForm("Ask the embassy for a passport", FIXED_TODAY - dt.timedelta(days=2)))))
    window = make_window()
    assert window.navigation.item(PAGE_FOLLOW_UPS).text() == "Follow-ups due (2)"
    assert window.follow_ups.model.rowCount() == 0  # not read yet
    assert "2 follow-ups due within 7 days — 1 overdue" in window.follow_ups.title.text()
    ops.write(counselling.record_consultation, case.id, consultation_form(days_ago=1, follow_ups=(
        FollowUpForm("Call back", FIXED_TODAY + dt.timedelta(days=1)),)), changed=case.id)
    assert window.navigation.item(PAGE_FOLLOW_UPS).text() == "Follow-ups due (3)"
    assert window.follow_ups.model.rowCount() == 0
    window.navigation.setCurrentRow(PAGE_FOLLOW_UPS)
    assert window.follow_ups.model.rowCount() == 3


def test_pages_other_than_the_home_page_are_built_when_first_shown(make_window, actor_as, ops):
    """Departures, dashboard, work lists and budget are built on first show, once (issue #14)."""
    lazy = (DeparturesBoardView, DashboardView, WorkListsView, BudgetView)
    window = make_window()  # a counsellor: cases, follow-ups, departures and work lists
    assert window.pages.currentWidget() is window.case_list
    assert [kind for kind in lazy if window.findChildren(kind)] == []
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles[2:] == ["Departures", "Dashboard", "Work lists", "Budget"]
    window.departures_action.trigger()
    assert isinstance(window.pages.currentWidget(), DeparturesBoardView)
    assert window.pages.currentWidget() is window.departures
    assert window.navigation.currentRow() == window.departures_page
    window.navigation.setCurrentRow(window.work_lists_page)
    assert window.pages.currentWidget() is window.work_lists and window.pages.currentIndex() == window.work_lists_page
    window.navigation.setCurrentRow(window.departures_page)
    window.navigation.setCurrentRow(window.work_lists_page)
    assert [len(window.findChildren(kind)) for kind in lazy] == [1, 0, 1, 0]  # built once; the others not yet
    assert [window.pages.indexOf(window.page(row)) for row in range(window.pages.count())] == list(range(6))


def test_a_managers_home_page_is_the_dashboard_built_at_start(make_window, actor_as, ops):
    ops.actor = actor_as(StaffRole.MANAGER)
    window = make_window()
    assert isinstance(window.pages.currentWidget(), DashboardView)
    assert window.navigation.currentRow() == window.dashboard_page
    assert not window.findChildren(BudgetView)
    window.budget_action.trigger()
    assert isinstance(window.pages.currentWidget(), BudgetView)


def test_the_count_of_matching_cases_takes_the_plural_form_of_the_cases_matched(make_window, make_case):
    """In Lithuanian and Russian the form followed the count of all cases: "Atitinka 1 bylų iš 400"."""
    from avrcase.i18n import set_locale

    make_case()
    make_case(principal=make_person(family_name="Kavaliova"))
    set_locale("lt")
    window = make_window()
    window.case_list.search.setText("kavaliova")
    window.case_list.apply_filters()
    assert window.count_label.text() == "Atitinka 1 byla iš 2"
