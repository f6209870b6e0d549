"""Move a case to another stage with a reason; a move the rules refuse says why, in the dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from avrcase.domain.codes import ClosureReason
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.domain.stages import Stage, StageMove, check_move
from avrcase.i18n import _
from avrcase.services.cases import case_file
from avrcase.services.cases import stages as case_stages
from avrcase.services.dto import CaseDetail
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain, show_error
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.title_label import make_room_for_marks
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding


class StageDialog(AsksBeforeDiscarding, QDialog):
    """Offers only the moves allowed from the case's stage; emits ``stage_changed(case_id)`` after the commit."""

    stage_changed = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, case: CaseDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.errors = FieldErrors()
        self.current = QLabel()
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.current.setWordWrap(True)
        make_room_for_marks(self.current)  # the name's capitals keep their marks (NGUYỄN, not NGUYËN)
        self.to_stage = VocabularyCombo(Stage, empty_text=_("— choose —"), members=())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Why, in a sentence, e.g. “Signed the AVR application today”"))
        self.reason.setMinimumWidth(380)
        self.closure_reason = VocabularyCombo(ClosureReason, empty_text="—")
        self.summary = ErrorLabel()
        grid = FieldGrid(self.errors, columns=1)
        grid.add(_("Move to:"), self.to_stage, "to_stage")
        grid.add(_("Why:"), self.reason, "reason")
        grid.add(_("Closed because:"), self.closure_reason, "closure_reason")
        self.buttons, self.save_button = save_cancel_buttons(self, self.save, _("&Change stage"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        make_default(self.save_button)
        self.to_stage.currentIndexChanged.connect(self._on_to_stage_current_index_changed)
        self.load(case)
        self.to_stage.setFocus()
        # Room for a refusal of two or three lines: a word-wrapped label does not grow the dialog by itself.
        fit_to_screen(self, 600, 320)

    def load(self, case: CaseDetail) -> None:
        """Show where ``case`` stands and the stages it may move to."""
        self.case = case
        self.setWindowTitle(_("Change stage — case %(number)s") % {"number": case.case_number})
        self.current.setText(_("Case %(number)s (%(name)s) is at the stage “%(stage)s”.") % {
            "number": case.case_number, "name": case.principal.full_name, "stage": case.stage.label})
        chosen = self.to_stage.value()
        self.to_stage.blockSignals(True)
        self.to_stage.clear()
        self.to_stage.addItem(_("— choose —"), "")
        for stage in case.allowed_moves:
            self.to_stage.addItem(stage.label, stage.value)
        self.to_stage.set_code(chosen.value if chosen in case.allowed_moves else "")
        self.to_stage.blockSignals(False)
        self._on_to_stage_current_index_changed()

    def move(self) -> StageMove | None:
        """The move as entered, or ``None`` while no stage is chosen."""
        to_stage = self.to_stage.value()
        if to_stage is None:
            return None
        closure = self.closure_reason.value() if to_stage == Stage.CLOSED else None
        return StageMove(to_stage, self.reason.text().strip(), closure)

    def _rule_errors(self, move: StageMove) -> dict[str, str]:
        departed = any(change.to_stage == Stage.DEPARTED for change in self.case.stage_history)
        try:
            check_move(self.case.stage, move, has_consent=self.case.consent is not None, has_departed=departed)
        except ValidationError as exc:
            return exc.errors
        return {}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field and focus the first; others go under the fields."""
        left = self.errors.show(errors)
        self.summary.show_message("\n".join(left.values()))
        first = self.errors.first_invalid()
        if first is not None:
            first.setFocus()

    def save(self) -> None:
        """Ask the service to make the move; nothing changes when the rules refuse it."""
        move = self.move()
        if move is None:
            self.show_errors({"to_stage": _("Please choose the stage the case moves to.")})
            return
        saved = save_or_explain(
            self, lambda: self._ops.write(case_stages.change_stage, self.case.id, self.case.version, move,
                                          changed=self.case.id),
            show_errors=self.show_errors, show_conflict=self._on_conflict)
        if saved is UNSAVED:
            return
        self.stage_changed.emit(saved.id)
        self.accept()

    def _on_conflict(self, message: str) -> None:
        # Reload so the counsellor sees the stage as it is now; their reason stays typed in.
        try:
            self.load(self._ops.read(case_file.get_case, self.case.id))
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        self.summary.show_message(message + " " + _("The case is shown as it is now."))

    def _on_to_stage_current_index_changed(self) -> None:
        to_stage = self.to_stage.value()
        closing = to_stage == Stage.CLOSED
        self.closure_reason.setEnabled(closing)
        if not closing:
            self.closure_reason.set_code("")
        # Say at once when the rules refuse the move (e.g. no consent yet), before a reason is typed.
        refused = self._rule_errors(StageMove(to_stage, "-")).get("to_stage", "") if to_stage else ""
        self.errors.label("to_stage").show_message(refused)
        self.summary.clear_message()
