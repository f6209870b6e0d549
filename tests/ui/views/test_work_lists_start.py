"""Which work list each role sees first: a walk as the reintegration officer opened on "Allowances due", the finance
officer's list, and had to look for the plan items overdue and the monitoring due."""

from __future__ import annotations

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.ui.views.work_lists import WorkListsView


@pytest.mark.parametrize(("role", "first"), [
    (StaffRole.REINTEGRATION_OFFICER, "Plan items overdue"),
    (StaffRole.FINANCE_OFFICER, "Allowances due"),
    (StaffRole.MANAGER, "Waiting for your approval"),
])
def test_each_role_starts_on_its_own_work_list(qtbot, ops, bus, actor_as, role, first):
    ops.actor = actor_as(role)
    view = WorkListsView(ops, bus)
    qtbot.addWidget(view)
    view.show()
    assert view.tabText(view.currentIndex()).replace("&", "") == first
