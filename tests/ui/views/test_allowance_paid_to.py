"""The Allowance tab's "Paid to": the record and mark-paid dialogs offer the household (the principal applicant
first and chosen), reached with the keyboard; a child is refused under the field with nothing saved; the payments
list says who was paid; a household allowance split between two adults leaves the right figure remaining."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.allowances import PaymentMethod, PaymentStatus
from avrcase.domain.codes import StaffRole
from avrcase.services.cases import register as cases
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import PaymentForm
from avrcase.services.uow import unit_of_work
from tests.services.finance.test_paid_to import couple_form
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur
from tests.support.keyboard import press
from tests.ui.finance_setup import manager, project  # noqa: F401 - fixtures
from tests.ui.views.test_allowance_tab import make_tab, stored

TODAY = FIXED_TODAY
# WORKAROUND: the offscreen platform cannot raise windows.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def as_finance(ops, actor_as):
    ops.actor = actor_as(StaffRole.FINANCE_OFFICER)
    return ops


@pytest.fixture
def couple(engine, actor, manager, project):  # noqa: F811 - fixtures
    """Nino (principal), her husband Giorgi and their son Luka: entitled to €1,250.00."""
    with unit_of_work(engine, actor=actor) as session:
        case = cases.register_case(session, actor, couple_form())
    assign(engine, manager, case.id, project.id)
    return case


def _type_amount(qtbot, dialog, amount: str) -> None:
    dialog.amount.line_edit.clear()
    qtbot.keyClicks(dialog.amount.line_edit, amount)


def test_the_household_is_split_between_two_adults_with_the_keyboard(qtbot, couple, as_finance, bus):
    nino, giorgi, _luka = (m.person.id for m in couple.members)
    tab = make_tab(qtbot, as_finance, bus, couple.id)
    dialog = tab.record_payment()
    assert dialog.paid_to.currentText() == "BERIDZE Nino (principal applicant)"
    assert [dialog.paid_to.itemText(i) for i in range(dialog.paid_to.count())] == [
        "BERIDZE Nino (principal applicant)", "BERIDZE Giorgi", "BERIDZE Luka"]
    _type_amount(qtbot, dialog, "625")
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)  # Enter in the dialog: the default button
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)

    dialog = tab.record_payment()
    _type_amount(qtbot, dialog, "625")
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    press(Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # "Paid &to:"
    assert dialog.paid_to.hasFocus()
    press(Qt.Key.Key_Down)
    assert dialog.paid_to.currentText() == "BERIDZE Giorgi"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted

    detail = stored(as_finance, couple.id)
    assert [(p.amount, p.paid_to_id) for p in detail.payments] == [(eur(625), nino), (eur(625), giorgi)]
    assert (detail.position.planned, detail.position.remaining) == (eur(1250), eur(0))
    paid_to = [tab.payments.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.payments.columnCount())
               ].index("Paid to")
    assert [tab.payments.texts(r)[paid_to] for r in range(2)] == ["BERIDZE Nino", "BERIDZE Giorgi"]
    assert "remaining €0.00" in tab.position.text()


def test_a_child_is_refused_under_the_field_and_nothing_is_saved(qtbot, couple, as_finance, bus):
    tab = make_tab(qtbot, as_finance, bus, couple.id)
    dialog = tab.record_payment()
    _type_amount(qtbot, dialog, "300")
    dialog.paid_to.setCurrentIndex(dialog.paid_to.findText("BERIDZE Luka"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.errors.message("paid_to") == ("BERIDZE Luka is under 18 on the day of the payment: the allowance is "
                                                "paid to an adult of the household, who signs the receipt.")
    assert dialog.errors.label("paid_to").isVisibleTo(dialog)
    assert stored(as_finance, couple.id).payments == ()


def test_mark_paid_offers_whom_it_was_planned_for_and_may_change_it(qtbot, couple, as_finance, bus):
    _nino, giorgi, _luka = (m.person.id for m in couple.members)
    planned = as_finance.write(allowances.plan_payment, couple.id,
                               PaymentForm(eur(400), PaymentMethod.TRANSFER, TODAY, paid_to_id=giorgi))
    tab = make_tab(qtbot, as_finance, bus, couple.id)
    assert tab.table.select_where(lambda p: p.id == planned.id)
    dialog = tab.mark_paid()
    assert dialog.paid_to.currentText() == "BERIDZE Giorgi"
    dialog.paid_to.setCurrentIndex(0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    [payment] = stored(as_finance, couple.id).payments
    assert (payment.status, payment.paid_to) == (PaymentStatus.PAID, "BERIDZE Nino")


def test_the_paid_to_field_shows_the_whole_name(qtbot, couple, as_finance, bus, tmp_path):
    """The record dialog as shown: the principal's name and role read whole in the field (look: the PNG)."""
    tab = make_tab(qtbot, as_finance, bus, couple.id)
    dialog = tab.record_payment()
    qtbot.waitExposed(dialog)
    assert dialog.paid_to.width() >= dialog.paid_to.fontMetrics().horizontalAdvance("BERIDZE Nino (principal applicant)")
    dialog.grab().save(str(tmp_path / "payment-dialog.png"))
