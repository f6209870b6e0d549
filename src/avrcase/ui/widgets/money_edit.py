"""An amount of money typed as the locale writes numbers, in one fixed currency; never a float.

What is typed is read as a ``Decimal`` with the locale's decimal sign (``1 250,50`` in Lithuanian,
``1,250.50`` in English); beside the field the amount is shown as it will print (through
``Money.format``), and under it why it cannot be used (not a number, negative, too many decimals).
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, get_currency_precision, parse_decimal
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from avrcase.domain.money import Money, currency_exponent
from avrcase.i18n import _, current_locale
from avrcase.ui import palette
from avrcase.ui.widgets.elided_label import ElidedLabel
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors

#: The amount a field is wide enough to show whole (a fare in som or dong runs to eight digits).
REAL_AMOUNT = Decimal("99999999.99")
#: Spaces people type (or paste) as thousands separators; Babel's locales use the no-break kinds.
_SPACES = (" ", "\u00a0", "\u202f")


#: The longest typed text a message quotes whole.
QUOTED_LENGTH = 24
#: Room a line edit takes around its text: the frame and the text's margins.
AMOUNT_PADDING = 16


def parse_amount(text: str, locale: str | None = None) -> Decimal:
    """The amount in ``text`` as the locale writes it; raises ``ValueError`` with a sentence for a person."""
    cleaned = text.strip()
    for space in _SPACES:
        cleaned = cleaned.replace(space, "")
    if not cleaned or any(ch in cleaned for ch in "eE"):  # an exponent is a typing slip, not an amount
        raise ValueError(_("“%(text)s” is not an amount.") % {"text": _quoted(text)})
    try:
        return parse_decimal(cleaned, locale=locale or current_locale())
    except NumberFormatError:
        raise ValueError(_("“%(text)s” is not an amount.") % {"text": _quoted(text)}) from None


def _quoted(text: str) -> str:
    """What was typed, shortened to fit a message under the field (a long run of digits widened the dialog)."""
    text = text.strip()
    return text if len(text) <= QUOTED_LENGTH else text[:QUOTED_LENGTH - 1] + "…"


def amount_text(amount: Decimal, currency: str, locale: str | None = None) -> str:
    """``amount`` without a currency sign, with the currency's decimals and the locale's separators."""
    digits = get_currency_precision(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(amount, format=pattern, locale=locale or current_locale())


class MoneyEdit(QWidget):
    """A non-negative amount in ``currency``; ``money()`` is the ``Money`` or ``None`` while empty or wrong.

    ``problem()`` says what is wrong with the text (empty when nothing); ``amount_changed`` fires on
    every edit so a dialog can recompute what remains. An amount above ``maximum`` is refused.
    """

    amount_changed = Signal()

    def __init__(self, currency: str, parent: QWidget | None = None, *, value: Money | None = None,
                 allow_zero: bool = True, maximum: Decimal | None = None):
        super().__init__(parent)
        self._currency = currency
        self._allow_zero = allow_zero
        self._maximum = maximum
        self.line_edit = QLineEdit(self)
        self.line_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.line_edit.setPlaceholderText(amount_text(Decimal(0), currency))
        # A real amount shows whole (a squeezed field showed "3.90" of "12,345,678.90").
        self.line_edit.setMinimumWidth(self.line_edit.fontMetrics().horizontalAdvance(
            amount_text(REAL_AMOUNT, "EUR")) + AMOUNT_PADDING)
        self.line_edit.setMaximumWidth(max(160, self.line_edit.minimumWidth()))
        self.currency_label = QLabel(currency, self)
        # As much of the amount as it will print as fits; the whole of it in the tooltip (a huge amount widened
        # the dialog past the screen).
        self.preview = ElidedLabel(parent=self, wants_room=True)
        self.preview.setStyleSheet(palette.SECONDARY_TEXT_STYLE)
        self.error = ErrorLabel(self)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.line_edit)
        row.addWidget(self.currency_label)
        row.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(palette.TIGHT_SPACING)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.setFocusProxy(self.line_edit)
        self.line_edit.textChanged.connect(self._on_line_edit_text_changed)
        self.line_edit.editingFinished.connect(self._on_line_edit_editing_finished)
        self.set_money(value)

    @property
    def currency(self) -> str:
        """The ISO 4217 code every amount typed here is in."""
        return self._currency

    def set_currency(self, currency: str) -> None:
        """Switch to another currency (for example when another project is chosen)."""
        self._currency = currency
        self.currency_label.setText(currency)
        self.line_edit.setPlaceholderText(amount_text(Decimal(0), currency))
        self._on_line_edit_text_changed()

    def _read(self) -> tuple[Money | None, str]:
        """The amount typed, or the reason it cannot be used."""
        text = self.line_edit.text()
        if not text.strip():
            return None, ""
        try:
            amount = parse_amount(text)
        except ValueError as err:
            return None, str(err)
        if amount < 0:
            return None, _("An amount cannot be negative.")
        if self._maximum is not None and amount > self._maximum:
            return None, _("This amount is too large: at most %(amount)s.") % {
                "amount": Money(self._maximum, self._currency).format()}
        if amount != amount.quantize(currency_exponent(self._currency)):
            digits = get_currency_precision(self._currency)
            return None, _("Amounts in %(currency)s have %(digits)d decimal places at most.") % {
                "currency": self._currency, "digits": digits}
        if not self._allow_zero and not amount:
            return None, _("The amount must be more than zero.")
        return Money(amount, self._currency), ""

    def money(self) -> Money | None:
        """The amount typed, or ``None`` when the field is empty or its text is not a usable amount."""
        return self._read()[0]

    def problem(self) -> str:
        """Why the text cannot be used as an amount; ``""`` when it can (or the field is empty)."""
        return self._read()[1]

    def set_money(self, value: Money | None) -> None:
        """Show ``value`` in the locale's format (its currency becomes the field's); ``None`` empties it."""
        if value is not None and value.currency != self._currency:
            self.set_currency(value.currency)
        self.line_edit.setText(amount_text(value.amount, value.currency) if value is not None else "")

    def claim_errors(self, errors: FieldErrors, path: str) -> None:
        """Show a dialog's messages for ``path`` (an overpayment, say) under this field, where its own go.

        Call after ``FieldGrid.add``, so the grid's label for ``path`` stays hidden and nothing is said twice.
        """
        errors.add(path, self.error, self)

    def _on_line_edit_text_changed(self, *_args) -> None:
        value, problem = self._read()
        if problem:
            self.error.show_message(problem)
        else:  # a message that goes as the amount is typed keeps its room: the fields below do not jump
            self.error.withdraw_message()
        self.preview.set_full_text(value.format() if value is not None else "")
        self.amount_changed.emit()

    def _on_line_edit_editing_finished(self) -> None:
        # Tidy a usable amount into the locale's format ("1250.5" becomes "1,250.50").
        value = self.money()
        if value is not None:
            self.line_edit.setText(amount_text(value.amount, value.currency))
