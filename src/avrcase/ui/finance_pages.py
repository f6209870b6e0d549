"""The finance staff's pages in the main window, "Work lists" and "Budget": offered in the navigation at start, their
module (with the finance services and their data classes) imported when a page is first shown (#14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from avrcase.i18n import _

if TYPE_CHECKING:
    from avrcase.ui.change_bus import ChangeBus
    from avrcase.ui.ops import Ops
    from avrcase.ui.views.work_lists import BudgetView, WorkListsView


def add_finance_pages(window, ops: Ops, bus: ChangeBus) -> tuple[int, int]:
    """Add "Work lists" and "Budget" to the main window's navigation and pages, built when first shown; a case
    opens in its file. Their page indexes.

    ``window`` has ``navigation`` (a QListWidget), ``pages`` (a QStackedWidget, one page per navigation
    row), ``lazy_pages`` and ``open_case``. A page re-reads the store whenever it is shown.
    """
    built_lists: list[WorkListsView] = []
    built_budget: list[BudgetView] = []

    def work_lists() -> WorkListsView:
        from avrcase.ui.views.work_lists import WorkListsView

        view = WorkListsView(ops, bus, window)
        view.open_requested.connect(window.open_case)
        built_lists.append(view)
        return view

    def budget() -> BudgetView:
        from avrcase.ui.views.work_lists import BudgetView

        view = BudgetView(ops, bus, window)
        built_budget.append(view)
        return view

    lists = window.lazy_pages.add_later(_("Work lists"), work_lists)
    budget_page = window.lazy_pages.add_later(_("Budget"), budget)

    def _on_pages_current_changed(_index: int) -> None:
        shown = window.pages.currentWidget()
        if built_budget and shown is built_budget[0]:
            built_budget[0].load_projects()
            built_budget[0].refresh()
        elif built_lists and shown is built_lists[0]:
            built_lists[0].refresh()

    window.pages.currentChanged.connect(_on_pages_current_changed)
    return lists, budget_page
