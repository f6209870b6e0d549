"""The money field: typed in the locale's format, read as Decimal in its currency, negatives refused."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from avrcase.domain.money import Money
from avrcase.i18n import set_locale
from avrcase.ui.widgets.money_edit import MoneyEdit


def make(qtbot, currency="EUR", **kwargs) -> MoneyEdit:
    edit = MoneyEdit(currency, **kwargs)
    qtbot.addWidget(edit)
    edit.show()
    return edit


def test_typed_amount_is_exact_money_and_is_tidied_to_the_locale_format(qtbot):
    edit = make(qtbot)
    qtbot.keyClicks(edit.line_edit, "1250.1")
    assert edit.money() == Money(Decimal("1250.10"), "EUR")
    assert isinstance(edit.money().amount, Decimal)
    assert edit.preview.full_text() == "€1,250.10" and edit.problem() == ""
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    assert edit.line_edit.text() == "1,250.10"


def test_negative_amount_is_refused_with_a_message(qtbot):
    edit = make(qtbot)
    qtbot.keyClicks(edit.line_edit, "-20")
    assert edit.money() is None
    assert edit.problem() == "An amount cannot be negative."
    assert edit.error.message == "An amount cannot be negative." and edit.preview.text() == ""


def test_text_that_is_no_amount_and_too_many_decimals_are_refused(qtbot):
    edit = make(qtbot)
    qtbot.keyClicks(edit.line_edit, "12,3x")
    assert edit.money() is None and "is not an amount" in edit.problem()
    edit.line_edit.setText("10.005")
    assert edit.money() is None and "2 decimal places" in edit.problem()
    edit.line_edit.setText("1e3")
    assert edit.money() is None and "is not an amount" in edit.problem()
    edit.line_edit.setText("")
    assert edit.money() is None and edit.problem() == ""


def test_zero_can_be_refused_and_currency_follows_the_value(qtbot):
    edit = make(qtbot, allow_zero=False)
    edit.line_edit.setText("0")
    assert edit.money() is None and edit.problem() == "The amount must be more than zero."
    edit.set_money(Money(Decimal("1500"), "JPY"))
    assert edit.currency == "JPY" and edit.currency_label.text() == "JPY"
    assert edit.line_edit.text() == "1,500" and edit.money() == Money(1500, "JPY")


def test_lithuanian_decimal_comma_and_spaces_as_thousands(qtbot):
    set_locale("lt")
    edit = make(qtbot)
    qtbot.keyClicks(edit.line_edit, "1 250,5")
    assert edit.money() == Money(Decimal("1250.50"), "EUR")
    assert edit.preview.full_text() == Money(Decimal("1250.50"), "EUR").format()
    # the whole of it also in the tooltip (the preview elides when the field has less room: a huge amount widened dialogs)
    assert edit.preview.toolTip() == edit.preview.full_text()
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    assert edit.line_edit.text() == "1\u00a0250,50"
