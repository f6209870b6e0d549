"""A plan item's progress refused by the rules: the message stands under the day it is about, not at the foot."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from avrcase.domain.reintegration import ItemCategory, ItemStatus, Modality
from avrcase.services.finance.dto import PlanItemForm
from avrcase.services.reintegration import plans as reintegration
from tests.support.clock import FIXED_TODAY
from tests.support.finance import eur
from tests.ui.finance_setup import manager, officer, project, returnee  # noqa: F401 - fixtures
from tests.ui.views.test_reintegration_tab import make_tab


def approved_item(ops, returnee, officer, manager):
    ops.actor = officer
    plan = ops.write(reintegration.draft_plan, returnee.id, [
        PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine", eur(300), Modality.IN_KIND, "Partner NGO")])
    ops.actor = manager
    plan = ops.write(reintegration.approve_plan, plan.id, plan.version)
    ops.actor = officer
    return plan


def type_day_and_press_enter(qtbot, dialog, field, day: dt.date) -> None:
    """Select the day's text, type another over it and press Enter, as a person saves from the keyboard."""
    dialog.show()
    dialog.activateWindow()
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, day.isoformat())
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.date().toPython() == day


def test_a_delivery_before_the_approval_is_refused_beside_the_day(qtbot, returnee, ops, officer, manager, bus):
    """"Delivery cannot be before the approval on …" showed at the dialog's foot, far from the date it is about."""
    approved_item(ops, returnee, officer, manager)
    tab = make_tab(qtbot, ops, bus, returnee)
    tab.plan_panel.table.selectRow(0)
    dialog = tab.plan_panel.record_progress()
    assert dialog.to.value() is ItemStatus.DELIVERED
    dialog.actual_cost.line_edit.setText("290")
    type_day_and_press_enter(qtbot, dialog, dialog.on, FIXED_TODAY - dt.timedelta(days=3))
    assert dialog.isVisible()
    assert dialog.errors.message("on").startswith("Delivery cannot be before the approval on")
    assert dialog.summary.message == ""
    assert dialog.focusWidget() is dialog.on or dialog.on.isAncestorOf(dialog.focusWidget())
    assert ops.read(reintegration.get_plan, returnee.id).items[0].status is ItemStatus.APPROVED


def test_a_verification_before_the_delivery_is_refused_beside_the_day(qtbot, returnee, ops, officer, manager, bus):
    plan = approved_item(ops, returnee, officer, manager)
    ops.write(reintegration.move_item, plan.id, plan.version, plan.items[0].key, ItemStatus.DELIVERED,
              actual_cost=eur(290))
    tab = make_tab(qtbot, ops, bus, returnee)
    tab.plan_panel.table.selectRow(0)
    dialog = tab.plan_panel.record_progress()
    assert dialog.to.value() is ItemStatus.VERIFIED
    qtbot.keyClicks(dialog.proof, "Delivery note No. 17")
    type_day_and_press_enter(qtbot, dialog, dialog.on, FIXED_TODAY - dt.timedelta(days=1))
    assert dialog.errors.message("on").startswith("Verification cannot be before the delivery on")
    assert dialog.summary.message == ""
