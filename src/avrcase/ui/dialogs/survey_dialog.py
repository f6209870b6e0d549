"""Record a sustainability survey: baseline or follow-up, the day, and the answers to every indicator.

The questions come from the survey definition file (``domain.rss``); the scores show as the
interviewer answers, and the service stores them with the answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from avrcase.domain.finance_codes import SurveyKind
from avrcase.domain.rss import SurveyDefinition
from avrcase.i18n import _
from avrcase.services.finance.dto import SurveyForm
from avrcase.ui.dialogs.form_dialog import FormDialog, date_field
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.error_label import ErrorLabel
from avrcase.ui.widgets.screen_fit import fit_to_screen, form_scroller
from avrcase.ui.widgets.survey_form import SurveyForm as SurveyFormWidget


class SurveyDialog(FormDialog):
    """A survey of case ``case_number`` under ``definition``; ``on_save(form)`` stores it."""

    def __init__(self, case_number: str, definition: SurveyDefinition, on_save: Callable[[SurveyForm], object],
                 kind: SurveyKind = SurveyKind.BASELINE, parent: QWidget | None = None, *, today: dt.date):
        super().__init__(parent, columns=2)
        self._on_save = on_save
        self.setWindowTitle(_("Sustainability survey — case %(number)s") % {"number": case_number})
        self.kind = VocabularyCombo(SurveyKind)
        self.kind.set_code(kind.value)
        self.surveyed_on = date_field(today)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(_("e.g. interviewed by phone with an interpreter"))
        self.questions = SurveyFormWidget(definition, scores_below=False)
        self.grid.add(_("Survey:"), self.kind, "kind")
        self.grid.add(_("Taken on:"), self.surveyed_on, "surveyed_on")
        self.grid.add(_("Notes:"), self.notes, "notes", span=True)
        area = form_scroller()
        area.setWidget(self.questions)
        # The scores stay in view above the questions as they are answered, not at the end of a long form.
        below = QWidget()
        column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.questions.scores)
        # "Please record the returnee's answers" stands above the questions and goes with the first answer (at the
        # foot it stayed after every question was answered, saying none was).
        no_answers = self.errors.add("answers", ErrorLabel(), next(iter(self.questions.pickers.values()), None))
        self.questions.answers_changed.connect(no_answers.withdraw_message)
        column.addWidget(no_answers)
        column.addWidget(area, 1)
        self.finish(below=below, grow_below=True)
        fit_to_screen(self, 960, 760)

    def form(self) -> SurveyForm:
        """The survey as entered (answers in the file's order of indicators)."""
        answers = tuple(self.questions.answers().items())
        return SurveyForm(self.kind.value(), self.surveyed_on.date().toPython(), answers, self.notes.text().strip())

    def save(self) -> None:
        """Hand the survey to ``on_save``; nothing is stored without a single answer."""
        form = self.form()
        if not form.answers:
            self.show_errors({"answers": _("Please record the returnee's answers before saving the survey.")})
            return
        self.attempt(lambda: self._on_save(form))
