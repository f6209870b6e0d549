"""The main window: navigation between the case list and follow-ups, menus, status.

It wires the views to the change bus, opens case files in their own windows, runs the demo
generator in the background, and remembers its geometry, splitter and table columns in QSettings.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressDialog, QSplitter, QStackedWidget, QWidget

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_number
from avrcase.services.accounts import users
from avrcase.services.cases import search as cases  # the count of all cases; not register's name rules (#14)
from avrcase.services.dto import CaseQuery
from avrcase.services.permissions import Permission
from avrcase.ui.change_bus import CASES, USERS, ChangeBus
from avrcase.ui import main_actions
from avrcase.ui.demo_loader import DemoLoader
from avrcase.ui.main_actions import PAGE_CASES, PAGE_FOLLOW_UPS
from avrcase.ui import window_state
from avrcase.ui.lazy_pages import LazyPages
from avrcase.ui.ops import BackgroundTask, Ops, show_error
from avrcase.ui.views.case_list import CaseListView
from avrcase.ui.views.follow_ups import FollowUpsView
from avrcase.ui.finance_pages import add_finance_pages
from avrcase.ui.widgets.elided_label import ElidedLabel
from avrcase.ui.widgets.message_room import MessageRoom
from avrcase.ui.widgets.navigation_list import NavigationList
from avrcase.ui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from avrcase.ui.views.work_lists import BudgetView, WorkListsView
    from avrcase.ui.dialogs.about_dialog import AboutDialog
    from avrcase.ui.dialogs.shortcuts_dialog import ShortcutsDialog
    from avrcase.ui.views.dashboard import DashboardView
    from avrcase.ui.views.departures_board import DeparturesBoardView
    from avrcase.ui.user_guide import UserGuideWindow
    from avrcase.ui.views.case_file import CaseFileView

#: Modules of windows and dialogs opened from the main window: imported when first needed, not on the
#: start path (issue #14), and warmed up once the window is up so the first case file opens as fast as the next.
LATER_MODULES = ("avrcase.ui.views.case_file", "avrcase.ui.dialogs.case_dialog")


class MainWindow(QMainWindow):
    """The window a counsellor works in all day."""

    #: How many cases "Load demo data…" makes (tests ask for fewer).

    def __init__(self, ops: Ops, bus: ChangeBus, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.ops = ops
        self._bus = bus
        self._settings = settings
        self.case_files: dict[int, CaseFileView] = {}
        self._demo = DemoLoader(self, ops)
        self._all_cases: int | None = None
        self.guide_window: UserGuideWindow | None = None
        self.setWindowTitle(_("avrcase — Assisted Voluntary Return case register"))

        self.case_list = CaseListView(ops, self)
        self.follow_ups = FollowUpsView(ops, bus, self)
        self.navigation = NavigationList()  # long rows wrap: Russian's "Предстоящие действия (43)" no longer widens it
        self.navigation.addItems([_("Cases"), _("Follow-ups due")])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.case_list)
        self.pages.addWidget(self.follow_ups)
        # The other pages are built when first shown (or asked for: ``window.departures``), not at start (issue #14).
        self.lazy_pages = LazyPages(self.navigation, self.pages)
        self.departures_page = self.lazy_pages.add_later(_("Departures"), self._departures_board)  # travel (#4)
        self.dashboard_page = self.lazy_pages.add_later(_("Dashboard"), self._dashboard)  # statistics (#6)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([self.navigation.sizeHint().width(), 1120])
        self.setCentralWidget(self.splitter)
        self.work_lists_page, self.budget_page = add_finance_pages(self, ops, bus)  # finance work lists, budget (#5)

        # The path gives way first (elided, whole in the tooltip): warnings beside it stay readable.
        self.store_label = ElidedLabel()  # "Хранилище:" and the file's name whole, the folder elided
        self.store_label.set_path_text(_("Store: %(location)s") % {"location": ops.store_location}, ops.store_location)
        self.count_label = QLabel()
        # Permanent widgets only: a temporary status message would be drawn over the store's location.
        self.user_label = ElidedLabel(wants_room=True)  # a backup warning stays whole; the name gives way last
        self.user_label.set_full_text(*self._signed_in_texts())
        self.statusBar().addWidget(self.store_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.user_label)
        MessageRoom(self.statusBar())  # a menu item's status tip reads whole, over the widgets on the right

        main_actions.make_actions(self)
        self._enable_for_role()
        main_actions.make_menus_and_toolbar(self)

        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        self.case_list.open_requested.connect(self.open_case)
        self.case_list.new_case_requested.connect(self.new_case)
        self.case_list.load_demo_requested.connect(self.load_demo)
        self.case_list.model.total_changed.connect(self._update_count)
        self.follow_ups.open_requested.connect(self.open_case)
        self.follow_ups.counted.connect(self._on_follow_ups_counted)
        bus.data_changed.connect(self._on_bus_data_changed)

        self._load_users()
        self._show_pages_for_role()
        self.case_list.apply_filters()
        self.follow_ups.count()  # the list itself is read when its page is first shown
        self.navigation.setCurrentRow(PAGE_CASES)
        self._restore_state()

    # ------------------------------------------------------------ building

    def _enable_for_role(self) -> None:
        """Offer "New case" only to a role that may register cases (the service would refuse the others)."""
        self.new_case_action.setEnabled(self._ops.may(Permission.CASE_EDIT))
        self.case_list.new_case_button.setEnabled(self.new_case_action.isEnabled())
        self._offer_demo_data()

    def _offer_demo_data(self) -> None:
        """Offer "Load demo data" only where it would work (an administrator's empty demo store), saying why not."""
        self._demo.offer(self.load_demo_action, self.case_list.load_demo_button)

    def _signed_in_texts(self) -> tuple[str, ...]:
        """Who is signed in, then what a narrow window shows: without "Signed in as", then the name alone."""
        actor = self._ops.actor
        if actor is None or actor.id is None:
            return ("",)
        names = {"name": actor.display_name, "role": actor.role.label}
        return _("Signed in as %(name)s (%(role)s)") % names, "%(name)s (%(role)s)" % names, actor.display_name

    def _page_allowed(self, page: int) -> bool:
        """Whether the signed-in role may use a page; the others are not offered in the navigation."""
        may = self._ops.may
        if page == PAGE_FOLLOW_UPS:
            return may(Permission.CASE_READ)
        if page == self.departures_page:
            return may(Permission.TRAVEL_READ)
        if page == self.work_lists_page:
            return may(Permission.ALLOWANCE_READ) or may(Permission.REINTEGRATION_READ)
        if page == self.budget_page:
            return may(Permission.PROJECT_MANAGE) or may(Permission.ALLOWANCE_PAY)
        if page == self.dashboard_page:
            return self._ops.may(Permission.STATISTICS_VIEW)
        return True

    def home_page(self) -> int:
        """The page the signed-in role starts on: where its daily work is."""
        actor = self._ops.actor
        role = getattr(actor, "role", None)
        wanted = {StaffRole.TRAVEL_OFFICER: self.departures_page, StaffRole.FINANCE_OFFICER: self.work_lists_page,
                  StaffRole.REINTEGRATION_OFFICER: self.work_lists_page,
                  StaffRole.MANAGER: self.dashboard_page}.get(role, PAGE_CASES)
        return wanted if self._page_allowed(wanted) else PAGE_CASES

    def _show_pages_for_role(self) -> None:
        """Offer (in Go and in the navigation) only the pages the role may see."""
        if self.lazy_pages.is_built(self.dashboard_page):
            self.dashboard.actor_changed()
        for action, page in ((self.departures_action, self.departures_page), (self.dashboard_action, self.dashboard_page),
                             (self.work_lists_action, self.work_lists_page), (self.budget_action, self.budget_page)):
            allowed = self._page_allowed(page)
            action.setVisible(allowed)
            action.setEnabled(allowed)
        self.lazy_pages.offer_only(self._page_allowed)

    def page(self, index: int) -> QWidget:
        """The page at ``index`` (built now if it was not yet)."""
        return self.lazy_pages.page(index)

    def _connected(self, view):
        view.open_requested.connect(self.open_case)
        return view

    # These two pages' modules (with their services and charts) are imported when the page is first built, not
    # before the window: a counsellor's start does not wait for them (#14).
    def _departures_board(self) -> DeparturesBoardView:
        from avrcase.ui.views.departures_board import DeparturesBoardView

        return self._connected(DeparturesBoardView(self._ops, self._bus, self))

    def _dashboard(self) -> DashboardView:
        from avrcase.ui.views.dashboard import DashboardView

        return DashboardView(self._ops, self._bus, self)

    @property
    def departures(self) -> DeparturesBoardView:
        return cast("DeparturesBoardView", self.page(self.departures_page))

    @property
    def dashboard(self) -> DashboardView:
        return cast("DashboardView", self.page(self.dashboard_page))

    @property
    def work_lists(self) -> WorkListsView:
        return cast("WorkListsView", self.page(self.work_lists_page))

    @property
    def budget(self) -> BudgetView:
        return cast("BudgetView", self.page(self.budget_page))

    def go_to(self, page: int) -> None:
        """Show the navigation page ``page`` (when the role may see it)."""
        if not self.navigation.item(page).isHidden():
            self.navigation.setCurrentRow(page)

    def warm_up(self) -> None:
        """Import what the first case file and the new-case dialog need, once the window is up."""
        for name in LATER_MODULES:
            importlib.import_module(name)

    # ------------------------------------------------------------ actions

    def new_case(self):
        """Open the new-case dialog; the saved case opens in its case file. Returns the dialog."""
        from avrcase.ui.dialogs.case_dialog import CaseDialog

        dialog = CaseDialog(self._ops, self._bus, None, self)
        dialog.case_saved.connect(self.open_case)
        dialog.open_case_requested.connect(self.open_case)  # "this is the same person": open the existing case
        dialog.open()
        return dialog

    def open_case(self, case_id: int) -> CaseFileView | None:
        """Show the case file of ``case_id`` in its window (raising it when it is already open)."""
        view = self.case_files.get(case_id)
        if view is None:
            from avrcase.ui.views.case_file import CaseFileView

            view = CaseFileView(self._ops, self._bus, case_id)
            if view.case is None:  # it could not be read (removed meanwhile) and has closed itself
                return None
            # Only the size is remembered (the platform may add its frame to a restored geometry, so the
            # window grew on each opening), and never more than this screen shows.
            size = self._settings.value("case_file/size")
            if isinstance(size, QSize) and size.isValid():
                fit_to_screen(view, size.width(), size.height())
            view.closed.connect(self._on_case_file_closed)
            view.addAction(self.new_case_action)  # Ctrl+N registers a case from a case file too
            self.case_files[case_id] = view
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    def find_case(self) -> None:
        """Go to the case list and put the cursor in its search box."""
        self.navigation.setCurrentRow(PAGE_CASES)
        self.case_list.focus_search()

    def refresh(self) -> None:
        """Read everything shown again from the store."""
        self._load_users()
        self.case_list.refresh()
        self.follow_ups.reload()
        for view in list(self.case_files.values()):
            view.reload()

    def edit_office_profile(self) -> None:
        """Open the office profile dialog (letterhead of every document)."""
        from avrcase.ui.dialogs.office_profile_dialog import OfficeProfileDialog

        OfficeProfileDialog(self._ops, self).open()

    def show_shortcuts(self) -> ShortcutsDialog:
        """Every keyboard shortcut, read from the actions of this window and of a case file."""
        from avrcase.ui.dialogs.shortcuts_dialog import ShortcutsDialog  # imported when first opened (#14)

        dialog = ShortcutsDialog(self, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        """Version and purpose of the app, and every bundled component with its version and licence."""
        from avrcase.ui.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self._ops.store_location, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_guide(self) -> UserGuideWindow:
        """The user guide in its own window, in the interface language (one window, raised when open)."""
        if self.guide_window is None:
            from avrcase.ui.user_guide import UserGuideWindow

            self.guide_window = UserGuideWindow(self)
        self.guide_window.show()
        self.guide_window.raise_()
        self.guide_window.activateWindow()
        return self.guide_window

    def load_demo(self) -> BackgroundTask | None:
        """File ▸ Load demo data… (``DemoLoader``)."""
        return self._demo.start()

    @property
    def demo_task(self) -> BackgroundTask | None:
        return self._demo.task

    @property
    def demo_progress(self) -> QProgressDialog | None:
        return self._demo.progress

    # ------------------------------------------------------------ staff

    def _load_users(self) -> None:
        """The staff the case list filters by counsellor (nobody signed in: none)."""
        if self._ops.actor is None:
            return
        try:
            staff = self._ops.read(users.list_users)
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        self.case_list.set_users(staff)

    # ------------------------------------------------------------ slots

    def _on_navigation_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.page(row)
        self.pages.setCurrentIndex(row)
        if row == PAGE_FOLLOW_UPS:
            self.follow_ups.refresh()
        # The case count speaks of the case list: shown with it, and only to a role that may see cases.
        self.count_label.setVisible(row == PAGE_CASES and self._ops.may(Permission.CASE_READ))

    def _on_bus_data_changed(self, kind: str, _ids: list) -> None:
        if kind == CASES:
            self._all_cases = None
            self._offer_demo_data()
        if kind == USERS:
            self._load_users()
        elif kind == CASES:
            self.case_list.refresh()

    def _on_follow_ups_counted(self, count: int) -> None:
        text = _("Follow-ups due (%(n)s)") % {"n": format_number(count)} if count else _("Follow-ups due")
        self.navigation.item(PAGE_FOLLOW_UPS).setText(text)

    def _on_case_file_closed(self, case_id: int) -> None:
        view = self.case_files.pop(case_id, None)
        if view is not None:
            self._settings.setValue("case_file/size", view.size())

    def _update_count(self, matching: int) -> None:
        query = self.case_list.model.query
        if query == CaseQuery(sort=query.sort, descending=query.descending, limit=query.limit):
            text = ngettext("%(n)s case", "%(n)s cases", matching) % {"n": format_number(matching)}
        else:
            if self._all_cases is None:  # counted once, again only after a change to cases (not per keystroke)
                self._all_cases = self._ops.read(cases.count_cases, CaseQuery())
            total = self._all_cases
            shown, counted = format_number(matching), matching  # the form follows the cases matched ("1 byla")
            if self.case_list.model.total_capped:
                counted = self.case_list.model.count_cap or 0
                shown = _("%(n)s+") % {"n": format_number(counted)}
            text = ngettext("%(n)s of %(total)s cases matches", "%(n)s of %(total)s cases match", counted) % {
                "n": shown, "total": format_number(total)}
        self.count_label.setText(text)

    # ------------------------------------------------------------ remembered state

    def _restore_state(self) -> None:
        window_state.restore(self, self._settings)
        # Each person starts on their role's home page, not on the page the previous user of this computer left.
        self.navigation.setCurrentRow(self.home_page())

    def save_state(self) -> None:
        """Remember geometry, toolbars, splitter, table columns."""
        window_state.save(self, self._settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A case file with a dialog still open (a consultation being typed) asks first; "Cancel" keeps all open.
        for view in list(self.case_files.values()):
            if not view.close():
                event.ignore()
                return
        if self._demo.task is not None:
            self._demo.task.cancel()
            self._ops.wait_for_background()
        self.save_state()
        super().closeEvent(event)
