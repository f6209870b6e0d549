"""Log a consultation after it took place: who was there, what was discussed, and what follows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.codes import (
    ConsultationMode,
    ConsultationOutcome,
    ConsultationTopic,
)
from avrcase.domain.errors import ValidationError
from avrcase.domain.validation import validate_consultation
from avrcase.i18n import _
from avrcase.services.accounts import users
from avrcase.services.cases import counselling
from avrcase.services.dto import CaseDetail, ConsultationForm
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain
from avrcase.ui.widgets.check_list import VocabularyCheckList
from avrcase.ui.widgets.combos import LanguageCombo, UserCombo, VocabularyCombo
from avrcase.ui.widgets.date_edit import localise
from avrcase.ui.widgets.dialog_buttons import confirm_discard, make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.follow_ups_edit import FollowUpsEdit
from avrcase.ui.widgets.screen_fit import fit_to_screen, form_scroller


class ConsultationDialog(QDialog):
    """A consultation for ``case``; emits ``consultation_saved(consultation_id)`` after the commit.

    The first consultation moves a registered case into counselling (the service does that).
    """

    asks_before_discarding = True  # a shutdown discards what was typed unasked (``ui.shutdown``)

    consultation_saved = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, case: CaseDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.case = case
        self.errors = FieldErrors()
        staff = ops.read(users.list_users)
        self.setWindowTitle(_("Consultation — case %(number)s") % {"number": case.case_number})

        clock = ops.clock()
        #: The office's wall time, as every screen and document shows it and ``held_at_utc`` reads it back.
        self.zone = clock.zone
        now = clock.now().astimezone(self.zone)
        self.held_at = QDateTimeEdit(QDateTime(now.replace(tzinfo=None, second=0, microsecond=0)))
        self.held_at.setCalendarPopup(True)
        localise(self.held_at, "HH:mm")
        self.counsellor = UserCombo(staff)
        # Whoever logs the consultation usually held it.
        self.counsellor.set_user_id(ops.actor.id if ops.actor else case.counsellor_id)
        self.mode = VocabularyCombo(ConsultationMode)
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("e.g. Pabradė Foreigners' Registration Centre"))
        self.interpreter_name = QLineEdit()
        self.interpreter_name.setPlaceholderText(_("Name, if an interpreter took part"))
        self.interpreter_language = LanguageCombo(empty_text="")
        self.participants = QWidget()
        people = QVBoxLayout(self.participants)
        people.setContentsMargins(0, 0, 0, 0)
        self.member_boxes: list[QCheckBox] = []
        for index, member in enumerate(case.members):
            box = QCheckBox(member.person.full_name)
            box.setChecked(index == 0)
            people.addWidget(box)
            self.member_boxes.append(box)
        self.others = QLineEdit()
        self.others.setPlaceholderText(_("Others present, e.g. a social worker or a lawyer"))
        people.addWidget(self.others)
        # "Who took part" refused: the keyboard goes to the first person (a frame of boxes takes no keys).
        self.participants.setFocusProxy(self.member_boxes[0] if self.member_boxes else self.others)
        self.topics = VocabularyCheckList(ConsultationTopic, columns=2)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(100)
        self.outcome = VocabularyCombo(ConsultationOutcome, empty_text="—")
        self.follow_ups = FollowUpsEdit(staff, now.date())

        form = QWidget()
        grid = FieldGrid(self.errors, form)
        grid.add(_("Date and time:"), self.held_at, "held_at")
        grid.add(_("Counsellor:"), self.counsellor, "counsellor_id")
        grid.add(_("How:"), self.mode, "mode")
        grid.add(_("Where:"), self.location, "location")
        grid.add(_("Interpreter:"), self.interpreter_name, "interpreter_name")
        grid.add(_("Interpreted in:"), self.interpreter_language, "interpreter_language")
        grid.add(_("Who took part:"), self.participants, "participants", span=True)
        grid.add(_("Topics discussed:"), self.topics, "topics", span=True)
        grid.add(_("Notes:"), self.notes, "notes", span=True)
        grid.add(_("Outcome:"), self.outcome, "outcome")
        grid.add(_("Follow-up actions:"), self.follow_ups, "follow_ups", span=True)
        grid.close_rows()
        area = form_scroller()
        area.setWidget(form)

        self.summary = ErrorLabel()
        self.buttons, self.save_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(area, 1)
        layout.addWidget(self.buttons)
        make_default(self.save_button)
        self.held_at.dateTimeChanged.connect(self._on_held_at_date_time_changed)
        self._on_held_at_date_time_changed()
        fit_to_screen(self, 860, 660)

    def held_at_utc(self) -> dt.datetime:
        """The time entered (the office's wall time) as an aware UTC instant."""
        local = self.held_at.dateTime().toPython().replace(second=0, microsecond=0, tzinfo=self.zone)
        return local.astimezone(dt.timezone.utc)

    def participants_text(self) -> str:
        """Who took part, as one line: the ticked household members, then the others."""
        names = [box.text() for box in self.member_boxes if box.isChecked()]
        others = self.others.text().strip()
        if others:
            names.append(others)
        return "; ".join(names)

    def form(self) -> ConsultationForm:
        """The consultation as entered."""
        return ConsultationForm(
            held_at=self.held_at_utc(), mode=self.mode.value(), counsellor_id=self.counsellor.user_id(),
            location=self.location.text().strip(), interpreter_name=self.interpreter_name.text().strip(),
            interpreter_language=self.interpreter_language.code(), participants=self.participants_text(),
            topics=self.topics.values(), notes=self.notes.toPlainText().strip(), outcome=self.outcome.value(),
            follow_ups=self.follow_ups.forms(),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field and focus the first; an empty dict clears them."""
        left = self.errors.show(self.follow_ups.show_errors(errors))
        lines = [_("Nothing was saved. Please correct the fields marked in red."), *left.values()]
        self.summary.show_message("\n".join(lines) if errors else "")
        first = self.errors.first_invalid() or self.follow_ups.first_invalid()
        if first is not None:
            self.findChild(QScrollArea).ensureWidgetVisible(first)
            first.setFocus()

    def save(self) -> None:
        """Check the consultation, then record it; nothing is saved while anything is wrong."""
        form = self.form()

        def checked_save():
            # Asked here, not by the rule every consultation keeps: a spreadsheet's consultations may not say.
            errors = {} if form.participants else {
                "participants": _("Please tick who took part, or write who was there under “Others present”.")}
            try:
                validate_consultation(form, self._ops.clock().now(), self.case.registered_on)
            except ValidationError as exc:
                errors = {**exc.errors, **errors}
            if errors:
                raise ValidationError(errors)
            return self._ops.write(counselling.record_consultation, self.case.id, form, changed=self.case.id)

        saved = save_or_explain(self, checked_save, show_errors=self.show_errors)
        if saved is UNSAVED:
            return
        self.consultation_saved.emit(saved.id)
        self.accept()

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: typed notes or follow-ups are not thrown away unasked."""
        if (self.notes.toPlainText().strip() or any(r.action.text().strip() for r in self.follow_ups.rows)) and not confirm_discard(
                self, _("Discard this consultation?"),
                _("The notes and follow-ups typed here have not been saved and will be lost.")):
            return
        super().reject()

    def _on_held_at_date_time_changed(self) -> None:
        self.follow_ups.start = self.held_at.date().toPython()
