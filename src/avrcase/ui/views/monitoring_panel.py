"""Monitoring after return, the second page of the Reintegration tab: contacts with the returnee, the
sustainability surveys with their four scores, and the trend of those scores from baseline on."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.charts import ChartKind, ChartSpec
from avrcase.domain.errors import AvrcaseError
from avrcase.domain.finance_codes import SurveyKind
from avrcase.domain.stages import Stage
from avrcase.i18n import N_, NP_, _
from avrcase.i18n.format import format_date
from avrcase.services.cases import case_file
from avrcase.services.finance.dto import MonitoringContactRow, SurveyRow
from avrcase.services.permissions import Permission
from avrcase.services.reintegration import monitoring
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.dialogs.form_dialog import ReasonDialog
from avrcase.ui.dialogs.monitoring_dialog import MonitoringDialog
from avrcase.ui.dialogs.survey_dialog import SurveyDialog
from avrcase.ui.models.row_table import WARNING, Column, RowTableModel
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.charts import ChartWidget
from avrcase.ui.widgets.dialog_buttons import confirm
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.permission_gate import gate
from avrcase.ui.widgets.survey_form import score_text

#: Scores below this are shown in red: the returnee is not (yet) sustainably reintegrated in that dimension.
LOW_SCORE = 0.33
#: The four scores of a survey, in the order the table and the chart show them.
#: Their own context: a score's name is short (the needs assessment's "Economic" is a longer phrase in Russian).
SCORES = (("economic", NP_("score", "Economic")), ("social", NP_("score", "Social")),
          ("psychosocial", NP_("score", "Psychosocial")), ("composite", NP_("score", "Composite")))


def _score_column(field: str, header: str) -> Column:
    def low(row: SurveyRow):
        value = getattr(row, field)
        return WARNING if value is not None and value < LOW_SCORE else None

    return Column(header, lambda row: score_text(getattr(row, field)), numeric=True, colour=low,
                  sort=lambda row: -1.0 if getattr(row, field) is None else getattr(row, field))


CONTACT_COLUMNS = (
    Column(N_("Date"), lambda c: format_date(c.contacted_on), sort=lambda c: c.contacted_on.isoformat()),
    Column(N_("How"), lambda c: c.method.label),
    Column(N_("Made by"), lambda c: c.conducted_by),
    Column(N_("Findings"), lambda c: c.findings.replace("\n", " "), tooltip=lambda c: c.findings),
    Column(N_("Recorded by"), lambda c: c.recorded_by),
)
SURVEY_COLUMNS = (
    Column(N_("Taken on"), lambda s: format_date(s.surveyed_on), sort=lambda s: s.surveyed_on.isoformat()),
    Column(N_("Survey"), lambda s: s.kind.label, tooltip=lambda s: s.notes or s.definition_name),
    Column(N_("After (months)"), lambda s: "—" if s.months_after_return is None else str(s.months_after_return),
           sort=lambda s: -1 if s.months_after_return is None else s.months_after_return, numeric=True,
           tooltip=lambda s: _("Months since return")),
    *(_score_column(field, header) for field, header in SCORES),
)


def trend_chart(surveys: list[SurveyRow]) -> ChartSpec:
    """The four scores (× 100, so the chart's whole numbers keep two digits) over the surveys, oldest first."""
    # The date as every screen writes it ("May 8, 2026", "2026-05-08"): the short form was "5/8/26" in English, read
    # as 5 August in a Vilnius office.
    categories = tuple(format_date(s.surveyed_on) for s in surveys)
    # Rounded as the table rounds its two decimals (half up): 0.125 read "0,13" beside the chart's 12 (Python's round
    # gives the even neighbour).
    values = tuple(
        tuple(None if getattr(s, field) is None
              else int(Decimal(str(getattr(s, field))).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
              for s in surveys)
        for field, _header in SCORES)
    return ChartSpec(ChartKind.LINE, _("Trend of the scores"), categories, tuple(_(h) for _f, h in SCORES), values,
                     note=_("Scores × 100: 0 is no sustainable reintegration, 100 is full."), scale_top=100)


class MonitoringPanel(QWidget):
    """Contacts and surveys of one case, with the buttons to record them."""

    def __init__(self, ops: Ops, bus: ChangeBus, case_id: int, case_number: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.case_id = case_id
        self.case_number = case_number
        self.case = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.contacts = RowTableModel(CONTACT_COLUMNS, self)
        self.contact_table = ListTable(self.contacts, widths=(100, 150, 170, 0, 140), stretch=3)
        self.contact_button = QPushButton(_("&Record contact…"))
        self.correct_button = QPushButton(_("C&orrect contact…"))
        self.remove_button = QPushButton(_("Remo&ve contact"))
        self.surveys = RowTableModel(SURVEY_COLUMNS, self)
        self.survey_table = ListTable(self.surveys, widths=(90, 75, 95, 72, 58, 88, 80))
        self.survey_button = QPushButton(_("Record &survey…"))
        self.close_button = QPushButton(_("Close &as reintegrated…"))
        self.chart = ChartWidget()
        self.chart.setMinimumWidth(200)

        contacts_box = QGroupBox(_("Monitoring contacts"))
        contacts_layout = QVBoxLayout(contacts_box)
        contacts_layout.addWidget(self.contact_table, 1)
        contacts_layout.addLayout(_right(self.remove_button, self.correct_button, self.contact_button))
        surveys_box = QGroupBox(_("Sustainability surveys"))
        surveys_layout = QHBoxLayout(surveys_box)
        left = QVBoxLayout()
        left.addWidget(self.survey_table, 1)
        left.addLayout(_right(self.survey_button))
        # The table asks for the width of its columns, the chart for its least and takes what is left: the scores
        # are all in view where the row has room, and only a narrower window scrolls them (never widened for them).
        self.survey_table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.chart.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        surveys_layout.addLayout(left, 0)
        surveys_layout.addWidget(self.chart, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(contacts_box)
        splitter.addWidget(surveys_box)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(1, 2)  # the surveys and their chart need the room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        closing = QHBoxLayout()
        closing.addStretch(1)
        closing.addWidget(self.close_button)
        layout.addLayout(closing)
        self.contact_button.clicked.connect(self.record_contact)
        self.correct_button.clicked.connect(self.correct_contact)
        self.remove_button.clicked.connect(self.remove_contact)
        self.contact_table.doubleClicked.connect(self.correct_contact)
        self.contact_table.selectionModel().selectionChanged.connect(self._gate_contact_buttons)
        self.survey_button.clicked.connect(self.record_survey)
        self.close_button.clicked.connect(self.close_case)

    def reload(self) -> None:
        """Read the contacts and surveys again."""
        self.message.clear()
        try:
            contacts: list[MonitoringContactRow] = self._ops.read(monitoring.list_contacts, self.case_id)
            surveys: list[SurveyRow] = self._ops.read(monitoring.list_surveys, self.case_id)
        except AvrcaseError as exc:
            contacts, surveys = [], []
            self.message.setText(exc.message)
        self.message.setVisible(bool(self.message.text()))
        self.contacts.set_rows(contacts)
        self.contact_table.fit_to_contents()  # "29 июл. 2026 г." whole; the findings take the rest
        self.surveys.set_rows(surveys)
        self._fit_survey_table()
        self.chart.set_chart(trend_chart(surveys) if surveys else None)
        actor = self._ops.actor
        gate(self.contact_button, actor, Permission.REINTEGRATION_EDIT)
        self._gate_contact_buttons()
        gate(self.survey_button, actor, Permission.REINTEGRATION_EDIT)
        self._update_close_button()

    def _fit_survey_table(self) -> None:
        """The scores' columns as wide as they need and the table as wide as its columns (see ``__init__``): at the
        case file's width the composite score was behind a horizontal scroll bar while "After (months)" kept 125
        pixels."""
        self.survey_table.fit_to_contents()
        self.survey_table.updateGeometry()

    def _update_close_button(self) -> None:
        """Closing is offered in "reintegration" once the plan is verified and monitoring done; else it says why."""
        try:
            self.case = self._ops.read(case_file.reread_case, self.case_id)  # the case file put it on record
            blockers = self._ops.read(monitoring.closing_blockers, self.case_id)
        except AvrcaseError as exc:
            self.case, blockers = None, [exc.message]
        if self.case is not None and self.case.stage is not Stage.REINTEGRATION:
            blockers = [_("The case is not at the stage “%(stage)s”.") % {"stage": Stage.REINTEGRATION.label}]
        gate(self.close_button, self._ops.actor, Permission.CASE_STAGE, applicable=not blockers,
             why_not=" ".join(blockers))

    def _write(self, fn, *args):
        return self._ops.write(fn, *args, changed=self.case_id)

    def record_contact(self) -> MonitoringDialog:
        """Open the monitoring contact dialog; returns it."""
        who = self._ops.actor.display_name if self._ops.actor else ""
        dialog = MonitoringDialog(self.case_number, lambda form: self._write(
            monitoring.record_contact, self.case_id, form), who, self, today=self._ops.today())
        dialog.open()
        return dialog

    def _gate_contact_buttons(self, *_args) -> None:
        chosen = self.contact_table.selected() is not None
        for button in (self.correct_button, self.remove_button):
            gate(button, self._ops.actor, Permission.REINTEGRATION_EDIT, applicable=chosen,
                 why_not=_("Choose a contact in the list first."))

    def correct_contact(self, *_args) -> MonitoringDialog | None:
        """Open the chosen contact to correct it (a wrong day, a mistyped finding); returns the dialog."""
        before = self.contact_table.selected()
        if before is None or not self._ops.may(Permission.REINTEGRATION_EDIT):
            return None
        dialog = MonitoringDialog(self.case_number, lambda form: self._write(
            monitoring.correct_contact, before, form), before.conducted_by, self, today=self._ops.today(),
            current=before)
        dialog.open()
        return dialog

    def remove_contact(self) -> bool:
        """Remove the chosen contact, recorded by mistake, once the person confirms."""
        before = self.contact_table.selected()
        if before is None or not confirm(
                self, _("Remove the contact?"), _("The contact of %(day)s is removed from the case; the audit trail "
                                                 "keeps what it said.") % {"day": format_date(before.contacted_on)},
                _("&Remove contact")):
            return False
        try:
            self._write(monitoring.remove_contact, before)
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        return True

    def close_case(self) -> ReasonDialog:
        """Ask why, then close the case as returned and reintegrated; returns the dialog."""
        case = self.case
        dialog = ReasonDialog(_("Close as reintegrated — case %(number)s") % {"number": self.case_number},
                              _close_about(), _("e.g. Business running for a year; follow-up survey done"),
                              _("&Close case"), lambda reason: self._write(
                                  monitoring.close_reintegrated_case, self.case_id, case.version, reason), self)
        dialog.open()
        return dialog

    def record_survey(self) -> SurveyDialog:
        """Open the survey dialog (baseline first, follow-ups after); returns it."""
        kind = SurveyKind.FOLLOW_UP if self.surveys.rowCount() else SurveyKind.BASELINE
        dialog = SurveyDialog(self.case_number, monitoring.survey_definition(), lambda form: self._write(
            monitoring.record_survey, self.case_id, form), kind, self, today=self._ops.today())
        dialog.open()
        return dialog


def _close_about() -> str:
    return _("The case is closed as “returned and reintegrated”: the plan is verified and monitoring is done.")


def _right(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
