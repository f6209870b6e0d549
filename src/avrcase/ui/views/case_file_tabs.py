"""The tabs of a case file: person and household, counselling, history. Each shows a ``CaseDetail``."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.codes import (
    ApprovalStatus,
    CaseKind,
    ClosureReason,
    ConsentGiver,
    ConsultationMode,
    ConsultationOutcome,
    ConsultationTopic,
    IdDocumentType,
    LegalBasis,
    LegalStatus,
    ReferralSource,
    Relationship,
    Sex,
    SharingParty,
    Vulnerability,
)
from avrcase.domain.names import original_script_name
from avrcase.domain.privacy import sharing_choice_label
from avrcase.i18n import N_, _, pgettext
from avrcase.i18n.format import country_name, format_date, format_datetime, language_name
from avrcase.services.cases.case_file import review_vulnerabilities_text
from avrcase.services.dto import CaseDetail, ConsultationDetail, PersonDetail
from avrcase.ui import palette
from avrcase.ui.models.row_table import TextTableModel

# Labels used inside f-strings: marked here (Babel cannot see into f-strings), translated at use.
L_THE_CASE = N_("The case")
L_CONSENT_TO_DATA_PROCESSING_AND_SHARING = N_("Consent to data processing and sharing")
L_VULNERABILITIES = N_("Vulnerabilities")
L_HOUSEHOLD = N_("Household")


def label_of(vocabulary: type[Enum], code: str | None) -> str:
    """The translated label of a stored code; the code itself if the vocabulary no longer has it."""
    if not code:
        return ""
    try:
        return vocabulary(code).label  # type: ignore[attr-defined]
    except ValueError:
        return code


def _hidden_if_none(text: str | None) -> str:
    """Services give ``None`` for details the signed-in role may not see."""
    return _("hidden for your role") if text is None else text


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    start = palette.start_side()
    cells = "".join(
        f"<tr><td style='color:{palette.SECONDARY}; padding-right:{palette.CELL_GAP}px' valign='top'>{escape(k)}</td>"
        f"<td align='{start}'>{escape(v) or '—'}</td></tr>"
        for k, v in pairs
    )
    return f"<table cellspacing='2'>{cells}</table>"


def _dob(person: PersonDetail) -> str:
    dob = format_date(person.date_of_birth)
    if person.dob_estimated:
        dob = _("%(date)s (estimated)") % {"date": dob}
    return dob


def _household_table(case: CaseDetail) -> str:
    """One line per member: who, how related, born, citizenship, document.

    Every cell stays on one line: Qt's table gave a squeezed column's words away letter by letter
    ("Гражданств/о", "TSIKLAU/RI"); on one line the household takes the room it needs and the case's facts
    beside it wrap between their words.
    """
    cell = f"align='{palette.start_side()}' style='white-space:nowrap; padding-right:{palette.CELL_GAP}px'"
    head = "".join(f"<th {cell}>{escape(h)}</th>" for h in (
        _("Name"), _("Relationship"), _("Born"), _("Citizenship"), _("Document")))
    body = "".join(
        "<tr>" + "".join(f"<td {cell}>{escape(v) or '—'}</td>" for v in (
            m.person.full_name, label_of(Relationship, m.relationship), _dob(m.person),
            country_name(m.person.citizenship), m.person.document_number)) + "</tr>"
        for m in case.members)
    return f"<table cellspacing='0' cellpadding='3'><tr>{head}</tr>{body}</table>"


def _person_html(person: PersonDetail, relationship: str) -> str:
    original = original_script_name(person.family_name_original, person.given_names_original)
    title = f"{escape(label_of(Relationship, relationship))}: {escape(person.formal_name)}"
    document = label_of(IdDocumentType, person.document_type)
    if person.document_type != IdDocumentType.NONE:
        document = _("%(type)s %(number)s, issued by %(country)s, valid until %(expiry)s") % {
            "type": document, "number": person.document_number,
            "country": country_name(person.document_issuing_country) or "—",
            "expiry": format_date(person.document_expiry) or "—",
        }
    return f"<h4>{title}</h4>" + _rows([
        (_("Family name"), person.family_name),
        (_("Given names"), person.given_names),
        (_("Patronymic"), person.patronymic),
        (_("Name in original script"), original),
        (_("Sex"), label_of(Sex, person.sex)),
        (_("Date of birth"), _dob(person)),
        (_("Citizenship"), country_name(person.citizenship)),
        (_("Country of birth"), country_name(person.country_of_birth)),
        (_("Languages"), ", ".join(language_name(c) for c in person.languages)),
        (_("Document"), document),
        (_("Phone"), person.phone),
        (_("Address"), person.address),
    ])


def _case_facts_html(case: CaseDetail) -> str:
    decision = ""
    if case.return_decision_number:
        decision = _("No. %(number)s of %(date)s") % {
            "number": case.return_decision_number, "date": format_date(case.return_decision_date)}
    approval = label_of(ApprovalStatus, case.approval_status)
    if case.approval_date or case.approval_reference:
        approval += " — " + ", ".join(p for p in (format_date(case.approval_date), case.approval_reference) if p)
    parts = [f"<h3>{escape(_(L_THE_CASE))}</h3>" + _rows([
        (_("Kind"), label_of(CaseKind, case.kind)),
        (_("Legal status"), label_of(LegalStatus, case.legal_status)),
        (_("Referred by"), label_of(ReferralSource, case.referral_source)),
        (_("Country of return"), country_name(case.country_of_return)),
        (_("Final destination"), case.final_destination),
        (_("Project"), case.project),
        (_("Registered on"), format_date(case.registered_on)),
        (_("Return decision"), decision),
        (_("Authorities' approval"), approval),
        (_("Notes"), case.notes),
    ])]
    if case.consent is None:
        consent = [(_("Consent"), _("Not recorded"))]
    else:
        consent = [
            (_("Given on"), format_date(case.consent.given_on)),
            (_("Given by"), label_of(ConsentGiver, case.consent.given_by)),
            (_("Legal basis"), label_of(LegalBasis, case.consent.legal_basis)),
            (_("May be shared with"), "; ".join(label_of(SharingParty, s) for s in case.consent.shared_with)),
            (_("Optional sharing with third parties"), _(sharing_choice_label(case.consent.sharing))),
        ]
    parts.append(f"<h3>{escape(_(L_CONSENT_TO_DATA_PROCESSING_AND_SHARING))}</h3>" + _rows(consent))
    household_case = len(case.members) > 1
    vulnerabilities = [(label_of(Vulnerability, v.code) + (f" — {case.person_name(v.person_id)}" if household_case else ""),
                        _hidden_if_none(v.details)) for v in case.vulnerabilities]
    review = (f"<p style='color:{palette.ERROR}'>{escape(review_vulnerabilities_text())}</p>"
              if case.vulnerabilities_to_review else "")
    parts.append(f"<h3>{escape(_(L_VULNERABILITIES))}</h3>" + review
                 + (_rows(vulnerabilities) if vulnerabilities else escape(_("None recorded"))))
    return "".join(parts)


#: The least room the case facts need beside the household (a label and a few words of value).
FACTS_MIN_WIDTH = 320


def household_html(case: CaseDetail, side_by_side: bool = True) -> str:
    """The household at a glance and every field of every member; beside it (or, in a narrow window, below
    it) the case facts and consent."""
    people = [f"<h3>{escape(_(L_HOUSEHOLD))}</h3>", _household_table(case)]
    people += [_person_html(m.person, m.relationship) for m in case.members]
    if not side_by_side:
        return "".join(people) + f"<div style='margin-top:{palette.COLUMN_GAP}px'>{_case_facts_html(case)}</div>"
    return ("<table width='100%' cellspacing='0' cellpadding='0'><tr>"
            f"<td width='56%' valign='top' style='padding-right:{palette.COLUMN_GAP}px'>{''.join(people)}</td>"
            f"<td valign='top'>{_case_facts_html(case)}</td></tr></table>")


class HouseholdTab(QTextBrowser):
    """Person & household: read-only, selectable text of every field.

    The household table keeps each cell on one line; where the window is too narrow for it and the case
    facts side by side, the facts go below instead of being squeezed letter by letter.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._case: CaseDetail | None = None
        self._side_by_side: bool | None = None
        self._table_width = 0.0
        self._laying_out = False

    def show_case(self, case: CaseDetail) -> None:
        """Show this case's people and facts."""
        self._case = case
        measure = QTextDocument()
        measure.setDefaultFont(self.font())
        measure.setHtml(_household_table(case))
        self._table_width = measure.idealWidth()
        self._side_by_side = None
        self._lay_out()

    def _room(self) -> int:
        """The width the text has beside a vertical scroll bar, whether one is shown or not.

        Measured with the bar always: in a window where the facts fitted beside the household only without it,
        the choice flipped as the bar came and went, and the resize inside ``setHtml`` put the household in a
        second time (Russian, 1000 px, after a reload: the household table drawn twice)."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.verticalScrollBar())
        return self.maximumViewportSize().width() - bar

    def _lay_out(self) -> None:
        if self._case is None or self._laying_out:
            return
        side_by_side = self._room() >= self._table_width + FACTS_MIN_WIDTH + palette.COLUMN_GAP
        if side_by_side == self._side_by_side:
            return
        self._side_by_side = side_by_side
        scroll = self.verticalScrollBar().value()
        self._laying_out = True  # a resize while the text is replaced must not replace it again meanwhile
        try:
            self.setHtml(household_html(self._case, side_by_side))
        finally:
            self._laying_out = False
        self.verticalScrollBar().setValue(scroll)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._lay_out()


class CounsellingTab(QScrollArea):
    """Consultations, newest first, each with its follow-ups and a "Mark done" button per open one."""

    mark_done_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.mark_done_buttons: dict[int, QPushButton] = {}
        self._waiting: QWidget | None = None  # consultations built while the tab was hidden, laid out when shown

    def show_case(self, case: CaseDetail) -> None:
        """Rebuild the list of consultations (laid out in the scroll area when the tab is shown: wrapping every
        consultation's text took half the time a case file needed to open, #14)."""
        self.mark_done_buttons = {}
        body = QWidget()
        layout = QVBoxLayout(body)
        if not case.consultations:
            layout.addWidget(QLabel(_("No consultation logged yet.")))
        for consultation in case.consultations:
            layout.addWidget(self._consultation_box(consultation))
        layout.addStretch(1)
        self._waiting = body
        if self.isVisible():
            self._place()

    def _place(self) -> None:
        if self._waiting is not None:
            self.setWidget(self._waiting)
            self._waiting = None

    def showEvent(self, event: QShowEvent) -> None:
        self._place()
        super().showEvent(event)

    def _consultation_box(self, c: ConsultationDetail) -> QGroupBox:
        box = QGroupBox(_("%(when)s — %(mode)s — %(counsellor)s") % {
            "when": format_datetime(c.held_at, "short"), "mode": label_of(ConsultationMode, c.mode),
            "counsellor": c.counsellor})
        layout = QVBoxLayout(box)
        interpreter = ""
        if c.interpreter_name:
            interpreter = _("%(name)s (%(language)s)") % {
                "name": c.interpreter_name, "language": language_name(c.interpreter_language)}
        details = QLabel(_rows([
            (_("Topics"), "; ".join(label_of(ConsultationTopic, t) for t in c.topics)),
            (_("Location"), c.location),
            (_("Interpreter"), interpreter),
            (_("Participants"), c.participants),
            (_("Outcome"), label_of(ConsultationOutcome, c.outcome)),
            (_("Notes"), _hidden_if_none(c.notes)),
        ]))
        details.setTextFormat(Qt.TextFormat.RichText)
        details.setWordWrap(True)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(details)
        for follow_up in c.follow_ups:
            row = QHBoxLayout()
            if follow_up.done_on:
                text = _("Follow-up: %(action)s — due %(due)s — done %(done)s") % {
                    "action": follow_up.action, "due": format_date(follow_up.due_on),
                    "done": format_date(follow_up.done_on)}
            else:
                text = _("Follow-up: %(action)s — due %(due)s") % {
                    "action": follow_up.action, "due": format_date(follow_up.due_on)}
            label = QLabel(text)
            label.setWordWrap(True)
            row.addWidget(label, 1)
            if follow_up.done_on is None:
                button = QPushButton(_("Mark done"))
                button.clicked.connect(lambda _checked=False, fid=follow_up.id: self.mark_done_requested.emit(fid))
                self.mark_done_buttons[follow_up.id] = button
                row.addWidget(button)
            layout.addLayout(row)
        return box


class HistoryTab(QTableView):
    """Stage changes, newest first: when (local time), from → to, who, why, closure reason."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabKeyNavigation(False)  # Tab leaves the list
        self.history = TextTableModel(
            [_("When"), pgettext("stage", "From"), pgettext("stage", "To"), _("By"), _("Reason"), _("Closure reason")], self)
        self.setModel(self.history)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((140, 170, 170, 170, 0, 200)):
            if width:
                self.setColumnWidth(column, width)

    def show_case(self, case: CaseDetail) -> None:
        """Show this case's stage changes."""
        self.history.set_rows([
            (format_datetime(s.changed_at, "short"), s.from_stage.label if s.from_stage else "—", s.to_stage.label,
             s.changed_by, s.reason, label_of(ClosureReason, s.closure_reason))
            for s in reversed(case.stage_history)
        ])
        self.resizeColumnToContents(0)  # "Dec 7, 2026, 10:43 AM" whole, in any language and desktop font
        # Until a case is closed its closure reason is empty: the room goes to the reasons given.
        self.setColumnHidden(5, not any(s.closure_reason for s in case.stage_history))

