"""The sustainability survey as a form generated from its definition file: one answer picker per indicator.

Nothing about the questions is written here: dimensions, indicators, questions and answers come from
the ``SurveyDefinition`` (``domain.rss``), so an office that loads IOM's official file gets its form
without code changes. The scores are computed as the interviewer answers, with what is missing said.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from babel.numbers import format_decimal
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from avrcase.domain.rss import SurveyDefinition, SurveyScore, score_survey
from avrcase.i18n import _, current_locale
from avrcase.ui import palette
from avrcase.ui.widgets.combos import CodeCombo


def score_text(score: float | None) -> str:
    """A score in [0, 1] with two decimals as the locale writes them; a dash when there is none."""
    if score is None:
        return "—"
    rounded = Decimal(str(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_decimal(rounded, format="0.00", locale=current_locale())


class SurveyForm(QWidget):
    """Every indicator of ``definition`` grouped by dimension; ``answers()`` maps indicator to answer key."""

    answers_changed = Signal()

    def __init__(self, definition: SurveyDefinition, parent: QWidget | None = None, *, scores_below: bool = True):
        """``scores_below=False`` leaves ``scores`` for the caller to place (a dialog shows them at the top, in
        view while the questions scroll)."""
        super().__init__(parent)
        self.definition = definition
        self.pickers: dict[str, CodeCombo] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        if not definition.official:
            # Scores from placeholder weights must not be mistaken for IOM's: say so above the questions.
            self.notice.setText(_("<b>%(name)s</b><br>%(status)s") % {
                "name": escape(definition.name), "status": escape(definition.status)})
            self.notice.setStyleSheet(palette.NOTICE_BOX_STYLE)
        self.notice.setVisible(not definition.official)
        layout.addWidget(self.notice)
        for dimension in definition.dimensions:
            box = QGroupBox(dimension.label())
            grid = QGridLayout(box)
            grid.setHorizontalSpacing(16)
            grid.setColumnStretch(0, 3)
            grid.setColumnStretch(1, 2)
            for row, indicator in enumerate(definition.indicators_of(dimension.key)):
                question = QLabel(f"<b>{escape(indicator.name())}</b><br>{escape(indicator.question())}")
                question.setWordWrap(True)
                picker = CodeCombo(((a.key, a.label()) for a in indicator.answers), empty_text=_("— not asked —"))
                picker.setMinimumContentsLength(28)
                question.setBuddy(picker)
                grid.addWidget(question, row, 0)
                grid.addWidget(picker, row, 1, Qt.AlignmentFlag.AlignVCenter)
                picker.currentIndexChanged.connect(self._on_picker_current_index_changed)
                self.pickers[indicator.key] = picker
            layout.addWidget(box)
        self.scores = QLabel()
        self.scores.setWordWrap(True)
        self.scores.setTextFormat(Qt.TextFormat.RichText)
        if scores_below:
            layout.addWidget(self.scores)
        self._show_scores()

    def answers(self) -> dict[str, str]:
        """Indicator key → chosen answer key, for the indicators that were asked."""
        return {key: picker.code() for key, picker in self.pickers.items() if picker.code()}

    def set_answers(self, answers: Mapping[str, str]) -> None:
        """Show ``answers``; indicators not in it are set to “not asked”."""
        for key, picker in self.pickers.items():
            picker.blockSignals(True)
            picker.set_code(answers.get(key, ""))
            picker.blockSignals(False)
        self._show_scores()
        self.answers_changed.emit()

    def score(self) -> SurveyScore:
        """The scores of what is answered now."""
        return score_survey(self.definition, self.answers())

    def _show_scores(self) -> None:
        score = self.score()
        cells = [
            f"{escape(dimension.label())}: <b>{score_text(score.dimension(dimension.key).score)}</b>"
            for dimension in self.definition.dimensions
        ]
        composite = escape(_("Composite"))
        cells.append(f"{composite}: <b>{score_text(score.composite)}</b>")
        lines = [escape(_("Scores (0 to 1):")) + " " + " · ".join(cells)]
        lines += [f"<span style='color:{palette.SECONDARY}'>{escape(s)}</span>" for s in score.statements()]
        self.scores.setText("<br>".join(lines))

    def _on_picker_current_index_changed(self, _index: int) -> None:
        self._show_scores()
        self.answers_changed.emit()
