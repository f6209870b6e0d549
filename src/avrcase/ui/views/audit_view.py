"""The audit viewer for managers and administrators: filter by user, case, action and period; verify the chain."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import format_date, format_datetime
from avrcase.services import audit_checkpoint, audit_explain
from avrcase.services.data_protection import audit_trail
from avrcase.services.data_protection.audit_trail import AuditRow
from avrcase.services.data_protection.audit_labels import action_label, field_label, record_label
from avrcase.ui.models.row_table import Column, RowTableModel
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.date_edit import OptionalDateEdit
from avrcase.ui.widgets.error_label import ErrorLabel
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.screen_fit import fit_to_screen

COL_SEQ, COL_AT, COL_USER, COL_ACTION, COL_RECORD, COL_CASE, COL_DETAILS = range(7)


def _stored(row) -> str:
    return f"{row.entity} #{row.entity_id}" if row.entity_id is not None else row.entity


#: Words, not table, field names and ids ("Case VNO-2026-00012", "Payment", "Must change the password"); the stored
#: names are in the tooltips.
ENTRY_COLUMNS: tuple[Column[AuditRow], ...] = (
    Column(N_("No."), lambda r: str(r.seq), sort=lambda r: r.seq, numeric=True),
    Column(N_("When"), lambda r: format_datetime(r.at), sort=lambda r: r.seq),
    Column(N_("User"), lambda r: r.username),
    Column(N_("Action"), lambda r: action_label(r.action), tooltip=lambda r: r.action),
    Column(N_("Record"), lambda r: record_label(r.entity, r.case_number), tooltip=_stored),
    Column(N_("Case"), lambda r: r.case_number),
    Column(N_("Details"), lambda r: readable(r.described(field_label)), tooltip=lambda r: r.summary),
)
#: A date or an instant as the trail stores it ("2026-12-07", "2026-12-07T05:18:22.423856+00:00").
_STORED_TIME = re.compile(r"(?<![\w-])(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\w-])")


def readable(details: str) -> str:
    """``details`` with its dates and instants as the interface writes them, instants in the office's time: a
    sign-in read "last_sign_in_at: 2026-12-07T05:18:22.4238…" (UTC) beside "When: Dec 7, 2026, 7:18 AM"."""
    def one(match: re.Match[str]) -> str:
        text = match.group(0)
        try:
            if text == match.group(1):
                return format_date(dt.date.fromisoformat(text))
            instant = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        return format_datetime(instant if instant.tzinfo else instant.replace(tzinfo=dt.timezone.utc))
    return _STORED_TIME.sub(one, details)


#: Newest entries shown at most (narrow the filters to see older ones).
LIMIT = 1000


class AuditView(QWidget):
    """A window listing audit entries, newest first, with a chain check."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self._ops = ops
        self.setWindowTitle(_("Audit trail"))
        fit_to_screen(self, 1000, 560)
        self.user_filter, self.case_filter = QLineEdit(), QLineEdit()
        self.user_filter.setPlaceholderText(_("user name"))
        self.case_filter.setPlaceholderText(_("case number"))
        self.action_filter = QComboBox()
        self.action_filter.addItem(_("any action"), "")
        for action in audit_trail.ACTIONS:
            self.action_filter.addItem(action_label(action), action)
        self.date_from, self.date_to = OptionalDateEdit(today=ops.today()), OptionalDateEdit(today=ops.today())
        self.apply_button = QPushButton(_("Show"))
        self.verify_button = QPushButton(_("Verify the chain"))
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        filters = QFormLayout()
        filters.addRow(_("User:"), self.user_filter)
        filters.addRow(_("Case:"), self.case_filter)
        filters.addRow(_("Action:"), self.action_filter)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("–"))
        period.addWidget(self.date_to)
        filters.addRow(_("Period:"), period)
        self.period_problem = ErrorLabel()
        filters.addRow("", self.period_problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.verdict, 1)
        self.model: RowTableModel = RowTableModel(ENTRY_COLUMNS, self)
        self.table = ListTable(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.apply_button.clicked.connect(self.refresh)
        self.user_filter.returnPressed.connect(self.refresh)
        self.case_filter.returnPressed.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        # Its own way out: with no window manager (a kiosk, a remote X session) the window has no title bar to close it.
        close = QAction(_("Close"), self)
        close.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence("Esc")])
        close.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        close.triggered.connect(self.close)
        self.addAction(close)
        self.refresh()

    def query(self) -> audit_trail.AuditQuery:
        """The filters as the service takes them."""
        return audit_trail.AuditQuery(self.user_filter.text(), self.case_filter.text(), self.action_filter.currentData(),
                                      self.date_from.date(), self.date_to.date(), limit=LIMIT)

    def refresh(self) -> None:
        """Show the newest entries matching the filters; none for a period that ends before it begins, which says so
        (the list was empty without a word, as if nothing had happened in it)."""
        first, last = self.date_from.date(), self.date_to.date()
        wrong = first is not None and last is not None and last < first
        self.period_problem.show_message(_("The period ends before it begins: choose a last day on or after %(day)s.")
                                         % {"day": format_date(first)} if wrong else "")
        if wrong:
            self.model.set_rows([])
            return
        try:
            rows = self._ops.read(audit_trail.list_entries, self.query())
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def verify(self) -> bool:
        """Check the whole chain and say where it breaks, if it does."""
        result = self._ops.read(audit_checkpoint.verify_and_note)
        if result.ok:
            lines = [ngettext("The audit trail is intact: %(n)d entry checked.",
                              "The audit trail is intact: %(n)d entries checked.", result.entries) % {"n": result.entries},
                     _("Anchor: %(anchor)s") % {"anchor": result.anchor}, *audit_explain.explain(result)]
            self.verdict.setText("\n".join(lines))
            self.verdict.setWordWrap(True)
            self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            self.verdict.setText(_("The audit trail is broken: %(problem)s") % {"problem": result.problem})
        return result.ok
