"""The survey form generated from the definition file, and the plan-item editor."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt

from avrcase.domain.errors import ValidationError
from avrcase.domain.money import Money
from avrcase.domain.reintegration import ItemCategory, ItemStatus, Modality
from avrcase.domain.rss import default_survey, score_survey
from avrcase.services.finance.dto import PlanItemForm, PlanItemRow
from avrcase.ui.dialogs.plan_item_dialog import PlanItemDialog
from avrcase.ui.widgets.survey_form import SurveyForm


def test_survey_form_has_a_picker_per_indicator_of_the_file_grouped_by_dimension(qtbot):
    definition = default_survey()
    form = SurveyForm(definition)
    qtbot.addWidget(form)
    assert list(form.pickers) == [indicator.key for indicator in definition.indicators]
    # The shipped file is a placeholder: the form says so above the questions.
    assert form.notice.isVisibleTo(form) and "NOT IOM" in form.notice.text()
    assert form.answers() == {}
    assert "Composite: <b>—</b>" in form.scores.text()


def test_answering_shows_the_same_scores_as_the_domain(qtbot):
    definition = default_survey()
    form = SurveyForm(definition)
    qtbot.addWidget(form)
    chosen = {}
    for indicator in definition.indicators:
        answer = indicator.answers[0]  # the best answer of each indicator in the default file
        form.pickers[indicator.key].set_code(answer.key)
        chosen[indicator.key] = answer.key
    assert form.answers() == chosen
    expected = score_survey(definition, chosen)
    assert expected.composite == 1.0
    assert "Composite: <b>1.00</b>" in form.scores.text()
    first = definition.indicators[0]
    form.pickers[first.key].set_code(first.answers[-2].key)
    assert form.score().dimension(first.dimension).score < 1.0
    form.set_answers({})
    assert form.answers() == {}


def _item_row(status=ItemStatus.PLANNED) -> PlanItemRow:
    return PlanItemRow("k1", ItemCategory.MICRO_BUSINESS, "Sewing machine", "Partner NGO Tbilisi", Modality.IN_KIND,
                       Money(800, "EUR"), None, status, dt.date(2027, 3, 1), None, None, None, None, "")


def test_plan_item_dialog_hands_the_item_entered_to_save(qtbot):
    saved = []
    dialog = PlanItemDialog("EUR", saved.append)
    qtbot.addWidget(dialog)
    dialog.category.set_code(ItemCategory.VOCATIONAL_TRAINING.value)
    qtbot.keyClicks(dialog.description, "Welding course, 3 months")
    qtbot.keyClicks(dialog.provider, "Kutaisi Vocational College")
    dialog.modality.set_code(Modality.CASH.value)
    qtbot.keyClicks(dialog.estimated_cost.line_edit, "450")
    dialog.due_on.set_date(dt.date(2027, 5, 31))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    [item] = saved
    assert item == PlanItemForm(ItemCategory.VOCATIONAL_TRAINING, "Welding course, 3 months",
                                Money(Decimal("450.00"), "EUR"), Modality.CASH, "Kutaisi Vocational College",
                                dt.date(2027, 5, 31), key=None)


def test_plan_item_dialog_refuses_missing_and_negative_values_without_saving(qtbot):
    saved = []
    dialog = PlanItemDialog("EUR", saved.append)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.estimated_cost.line_edit, "-5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved == []
    assert dialog.errors.message("category") == "Please choose what kind of support this is."
    assert dialog.errors.message("estimated_cost") == "An amount cannot be negative."
    dialog.category.set_code(ItemCategory.HOUSING.value)
    dialog.estimated_cost.line_edit.setText("300")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved == [] and dialog.errors.message("description") == "Please describe the support."


def test_plan_item_dialog_shows_a_refusal_of_the_service_beside_the_field(qtbot):
    def refuse(_item):
        raise ValidationError({"items.0.estimated_cost": "Too much", "items": "The plan is over its cap."})

    dialog = PlanItemDialog("EUR", refuse, item=_item_row(ItemStatus.APPROVED))
    qtbot.addWidget(dialog)
    assert dialog.description.toPlainText() == "Sewing machine"
    assert "back to “Planned”" in dialog.hint.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("estimated_cost") == "Too much"
    assert dialog.summary.message == "The plan is over its cap."
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.form().key == "k1" and dialog.form().due_on == dt.date(2027, 3, 1)


def test_escape_asks_before_throwing_away_a_changed_item_and_not_before_an_untouched_one(qtbot, monkeypatch):
    """In "Change item…" a changed cost was discarded by Esc without a word."""
    from avrcase.ui.widgets import typed_work

    asked = []
    answers = iter([False, True])
    monkeypatch.setattr(typed_work, "confirm_discard", lambda _parent, title, *_rest: asked.append(title) or next(answers))
    untouched = PlanItemDialog("EUR", lambda form: None)
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert asked == [] and not untouched.isVisible()

    dialog = PlanItemDialog("EUR", lambda form: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.estimated_cost.line_edit, "450")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Discard what was typed?"] and dialog.isVisible()  # "Cancel" keeps it open, the cost typed
    assert dialog.estimated_cost.line_edit.text() == "450"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dialog.isVisible()


def test_the_survey_s_no_answers_message_goes_with_the_first_answer(qtbot):
    """"Please record the returnee's answers before saving the survey." stayed at the foot of the dialog after every
    question was answered, saying none was."""
    from avrcase.ui.dialogs.survey_dialog import SurveyDialog

    saved = []
    dialog = SurveyDialog("VNO-2026-00001", default_survey(), saved.append, today=dt.date(2026, 12, 4))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save()
    assert saved == [] and dialog.errors.message("answers") == (
        "Please record the returnee's answers before saving the survey.")
    first = next(iter(dialog.questions.pickers.values()))
    assert dialog.focusWidget() is first
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert dialog.errors.message("answers") == "" and dialog.summary.message == ""
