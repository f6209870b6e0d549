"""A plan item's progress refused by the rules: the message stands under the day it is about, not at the foot."""

from __future__ import annotations

import datetime as dt

import pytest
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


def test_a_delivery_dearer_than_approved_is_asked_about_before_it_is_recorded(qtbot, returnee, ops, officer, manager,
                                                                              bus, monkeypatch):
    """€5,000.00 typed for an item approved at €1,130.00 was recorded without a word, the plan far above its cap."""
    from avrcase.ui.dialogs import plan_progress_dialog

    asked: list[str] = []
    answer = {"record": False}

    def confirm(_parent, _title, text, action):
        asked.append(f"{text} [{action}]")
        return answer["record"]

    monkeypatch.setattr(plan_progress_dialog, "confirm", confirm)
    approved_item(ops, returnee, officer, manager)
    tab = make_tab(qtbot, ops, bus, returnee)
    tab.plan_panel.table.selectRow(0)
    dialog = tab.plan_panel.record_progress()
    dialog.show()
    dialog.actual_cost.line_edit.setText("5000")
    dialog.save()
    assert asked == ["The delivery cost €5,000.00, €4,700.00 more than the €300.00 approved for it. If that is right, "
                     "record it; a large difference is agreed with a manager first (revise the plan). "
                     "[Record €5,000.00]"]
    assert dialog.isVisible()
    assert ops.read(reintegration.get_plan, returnee.id).items[0].status is ItemStatus.APPROVED
    answer["record"] = True
    dialog.save()
    item = ops.read(reintegration.get_plan, returnee.id).items[0]
    assert item.status is ItemStatus.DELIVERED and item.actual_cost == eur(5000)


def test_a_delivery_within_the_estimate_is_recorded_without_a_question(qtbot, returnee, ops, officer, manager, bus,
                                                                      monkeypatch):
    from avrcase.ui.dialogs import plan_progress_dialog

    monkeypatch.setattr(plan_progress_dialog, "confirm", lambda *_args: pytest.fail("asked"))
    approved_item(ops, returnee, officer, manager)
    tab = make_tab(qtbot, ops, bus, returnee)
    tab.plan_panel.table.selectRow(0)
    dialog = tab.plan_panel.record_progress()
    dialog.actual_cost.line_edit.setText("300")
    dialog.save()
    assert ops.read(reintegration.get_plan, returnee.id).items[0].actual_cost == eur(300)
