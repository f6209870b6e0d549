"""Assess a returnee's needs in the economic, social and psychosocial dimensions, with skills, plans and
the services to refer them to; the assessment the reintegration plan is built on."""

from __future__ import annotations

import datetime as dt

from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from avrcase.domain.finance_codes import NeedLevel, Referral
from avrcase.i18n import N_, _
from avrcase.services.finance.dto import NeedsAssessmentForm
from avrcase.ui.dialogs.form_dialog import FormDialog, date_field, text_box
from avrcase.ui.widgets.check_list import VocabularyCheckList
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.screen_fit import fit_to_screen

#: The three dimensions of reintegration, as the form's field names and the titles of their boxes.
DIMENSIONS = (
    ("economic", N_("Economic"), N_("Income, work, debts, productive assets")),
    ("social", N_("Social"), N_("Housing, health care, schooling, documents, public services")),
    ("psychosocial", N_("Psychosocial"), N_("Support network, belonging, discrimination, well-being")),
)


class NeedsAssessmentDialog(FormDialog):
    """The needs assessment of case ``case_number``; ``on_save(form)`` stores it (may raise ``ValidationError``)."""

    def __init__(self, case_number: str, on_save: Callable[[NeedsAssessmentForm], object],
                 current: NeedsAssessmentForm | None = None, parent: QWidget | None = None, *,
                 today: dt.date):
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(_("Needs assessment — case %(number)s") % {"number": case_number})
        self.assessed_on = date_field(today)
        self.levels: dict[str, VocabularyCombo] = {}
        self.notes: dict[str, QPlainTextEdit] = {}
        self.grid.add(_("Assessed on:"), self.assessed_on, "assessed_on")
        dimensions = QHBoxLayout()
        for key, title, hint in DIMENSIONS:
            box = QGroupBox(_(title))
            inner = QVBoxLayout(box)
            level = VocabularyCombo(NeedLevel)
            notes = text_box(110, _(hint))
            inner.addWidget(QLabel(_("Need for support:")))
            inner.addWidget(level)
            inner.addWidget(notes)
            self.levels[key], self.notes[key] = level, notes
            dimensions.addWidget(box)
        self.grid.add(_("Needs:"), _wrap(dimensions), "needs", span=True)
        self.skills = text_box(60, _("Trades, education, work experience, languages"))
        self.plans = text_box(60, _("What the returnee wants to do after return"))
        self.referral_needs = VocabularyCheckList(Referral, columns=4)
        self.referral_notes = text_box(50, _("To whom, and why"))
        self.grid.add(_("Skills:"), self.skills, "skills")
        self.grid.add(_("Plans:"), self.plans, "plans")
        self.grid.add(_("Refer to:"), self.referral_needs, "referral_needs")
        self.grid.add(_("Referral notes:"), self.referral_notes, "referral_notes")
        self._withdraw_nothing_assessed()
        self.finish()
        if current is not None:
            self.load(current)
        fit_to_screen(self, 900, 640)

    def _withdraw_nothing_assessed(self) -> None:
        """"Nothing was assessed" goes with the first answer anywhere in the form and takes the keyboard to the first
        need: it stood under the needs after a need was chosen and the skills written, as if nothing were."""
        nothing = self.errors.label("needs")
        assert nothing is not None
        self.errors.add("needs", nothing, self.levels["economic"])
        for level in self.levels.values():
            level.currentIndexChanged.connect(nothing.withdraw_message)
        for text in (*self.notes.values(), self.skills, self.plans, self.referral_notes):
            text.textChanged.connect(nothing.withdraw_message)
        for box in self.referral_needs.boxes.values():
            box.toggled.connect(nothing.withdraw_message)

    def load(self, form: NeedsAssessmentForm) -> None:
        """Show an assessment made before, to change it."""
        self.assessed_on.setDate(form.assessed_on)
        for key in self.levels:
            self.levels[key].set_code(getattr(form, f"{key}_need").value)
            self.notes[key].setPlainText(getattr(form, f"{key}_notes"))
        self.skills.setPlainText(form.skills)
        self.plans.setPlainText(form.plans)
        self.referral_needs.set_values(form.referral_needs)
        self.referral_notes.setPlainText(form.referral_notes)

    def form(self) -> NeedsAssessmentForm:
        """The assessment as entered."""
        values = {}
        for key in self.levels:
            values[f"{key}_need"] = self.levels[key].value()
            values[f"{key}_notes"] = self.notes[key].toPlainText().strip()
        return NeedsAssessmentForm(
            assessed_on=self.assessed_on.date().toPython(), skills=self.skills.toPlainText().strip(),
            plans=self.plans.toPlainText().strip(), referral_needs=self.referral_needs.values(),
            referral_notes=self.referral_notes.toPlainText().strip(), **values)

    def save(self) -> None:
        """Hand the assessment to ``on_save``; a refusal is shown and the dialog stays open."""
        form = self.form()
        self.attempt(lambda: self._on_save(form))


def _wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget
