"""Add or change one item of a reintegration plan: what support, from whom, in kind or cash, at what cost.

The dialog edits a ``PlanItemForm`` and hands it to ``on_save`` (the reintegration tab, which calls
the service); a ``ValidationError`` from there is shown beside the fields and nothing is saved.
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from avrcase.domain.errors import ValidationError
from avrcase.domain.reintegration import MAX_DESCRIPTION, ItemCategory, Modality, PlanItem, item_errors
from avrcase.i18n import _
from avrcase.services.finance.dto import PlanItemForm, PlanItemRow
from avrcase.ui import palette
from avrcase.ui.dialogs.form_dialog import FormDialog
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.date_edit import OptionalDateEdit
from avrcase.ui.widgets.money_edit import MoneyEdit
from avrcase.ui.widgets.screen_fit import fit_to_screen


class PlanItemDialog(FormDialog):
    """One plan item in ``currency``; ``on_save(form)`` stores it and may raise ``ValidationError``."""

    def __init__(self, currency: str, on_save: Callable[[PlanItemForm], object], item: PlanItemRow | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._on_save = on_save
        self._original = item
        self.currency = currency
        self.setWindowTitle(_("Change plan item") if item else _("New plan item"))

        self.category = VocabularyCombo(ItemCategory, empty_text=_("— choose —"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(90)
        self.description.setPlaceholderText(_("e.g. Equipment for a tailoring workshop: sewing machine, overlocker"))
        self.provider = QLineEdit()
        self.provider.setPlaceholderText(_("Partner or supplier in the country of return"))
        self.modality = VocabularyCombo(Modality)
        self.estimated_cost = MoneyEdit(currency)
        self.due_on = OptionalDateEdit(today=today)
        self.due_on.setToolTip(_("When the partner should have delivered it; late items show in “Plan items overdue”"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(palette.SECONDARY_TEXT_STYLE)

        grid = self.grid
        grid.add(_("Category:"), self.category, "category")
        grid.add(_("Support:"), self.description, "description")
        grid.add(_("Provider or partner:"), self.provider, "provider")
        grid.add(_("In kind or cash:"), self.modality, "modality")
        grid.add(_("Estimated cost:"), self.estimated_cost, "estimated_cost")
        self.estimated_cost.claim_errors(self.errors, "estimated_cost")
        grid.add(_("Deliver by:"), self.due_on, "due_on")
        self.finish(below=self.hint)
        if item is not None:
            self.category.set_code(item.category.value)
            self.description.setPlainText(item.description)
            self.provider.setText(item.provider)
            self.modality.set_code(item.modality.value)
            self.estimated_cost.set_money(item.estimated_cost)
            self.due_on.set_date(item.due_on)
            if item.status.value != "planned":
                self.hint.setText(_("Changing what was agreed sends the item back to “Planned”: it is approved "
                                    "again with the revised plan."))
        fit_to_screen(self, 620, 380)

    def errors_of_form(self) -> dict[str, str]:
        """What must be corrected before the item can be saved (keyed by field)."""
        errors: dict[str, str] = {}
        if self.category.value() is None:
            errors["category"] = _("Please choose what kind of support this is.")
        problem = self.estimated_cost.problem()
        if problem:
            errors["estimated_cost"] = problem
        elif self.estimated_cost.money() is None:
            errors["estimated_cost"] = _("Please enter the estimated cost.")
        if len(self.description.toPlainText()) > MAX_DESCRIPTION:
            errors["description"] = _("The description is too long (at most %(n)d characters).") % {
                "n": MAX_DESCRIPTION}
        return errors

    def form(self) -> PlanItemForm | None:
        """The item as entered (with its key when it is a change); None while category or cost is missing."""
        category, cost = self.category.value(), self.estimated_cost.money()
        if category is None or cost is None:
            return None
        return PlanItemForm(category, self.description.toPlainText().strip(), cost, self.modality.value(),
                            self.provider.text().strip(), self.due_on.date(),
                            self._original.key if self._original is not None else None)

    def save(self) -> None:
        """Check the item, then hand it to ``on_save``; the dialog stays open when anything is refused."""
        errors = self.errors_of_form()
        form = self.form()
        if form is not None:  # the domain's own checks of an item, before the service sees it
            errors.update(item_errors(PlanItem("", form.category, form.description, form.estimated_cost),
                                      self.currency))
        if errors or form is None:
            self.show_errors(errors)
            return
        self.attempt(lambda: self._save_form(form))

    def _save_form(self, form: PlanItemForm) -> None:
        try:
            self._on_save(form)
        except ValidationError as exc:  # a whole-plan check names the item by its place in the plan
            raise ValidationError(_strip_item_prefix(exc.errors)) from None


def _strip_item_prefix(errors: dict[str, str]) -> dict[str, str]:
    """``items.3.description`` from a whole-plan check becomes ``description``; ``items`` stays a summary."""
    out = {}
    for path, message in errors.items():
        head, _dot, rest = path.partition(".")
        index, _dot2, field = rest.partition(".")
        out[field if head == "items" and index.isdigit() and field else path] = message
    return out
