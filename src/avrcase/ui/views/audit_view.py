"""The audit viewer for managers and administrators: filter by user, case, action and period; verify the chain."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_datetime
from avrcase.services import audit, audit_seals
from avrcase.services.data_protection import audit_trail
from avrcase.services.data_protection.audit_labels import action_label, record_label
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.date_edit import OptionalDateEdit
from avrcase.ui.widgets.screen_fit import fit_to_screen

COL_SEQ, COL_AT, COL_USER, COL_ACTION, COL_RECORD, COL_CASE, COL_DETAILS = range(7)
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
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.verdict, 1)
        self.table = QTableWidget(0, 7)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setHorizontalHeaderLabels([_("No."), _("When"), _("User"), _("Action"), _("Record"), _("Case"),
                                              _("Details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.apply_button.clicked.connect(self.refresh)
        self.user_filter.returnPressed.connect(self.refresh)
        self.case_filter.returnPressed.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.refresh()

    def query(self) -> audit_trail.AuditQuery:
        """The filters as the service takes them."""
        return audit_trail.AuditQuery(self.user_filter.text(), self.case_filter.text(), self.action_filter.currentData(),
                                      self.date_from.date(), self.date_to.date(), limit=LIMIT)

    def refresh(self) -> None:
        """Show the newest entries matching the filters."""
        try:
            rows = self._ops.read(audit_trail.list_entries, self.query())
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            # Words, not table names and ids: "Case VNO-2026-00012", "Payment" (the stored names in the tooltip).
            values = (str(row.seq), format_datetime(row.at), row.username, action_label(row.action),
                      record_label(row.entity, row.case_number), row.case_number, row.summary)
            stored = f"{row.entity} #{row.entity_id}" if row.entity_id is not None else row.entity
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == COL_DETAILS:
                    item.setToolTip(text)
                elif c == COL_RECORD:
                    item.setToolTip(stored)
                elif c == COL_ACTION:
                    item.setToolTip(row.action)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def verify(self) -> bool:
        """Check the whole chain and say where it breaks, if it does."""
        result = self._ops.read(audit.verify)
        if result.ok:
            lines = [ngettext("The audit trail is intact: %(n)d entry checked.",
                              "The audit trail is intact: %(n)d entries checked.", result.entries) % {"n": result.entries},
                     _("Anchor: %(anchor)s") % {"anchor": result.anchor}, *audit_seals.explain(result)]
            self.verdict.setText("\n".join(lines))
            self.verdict.setWordWrap(True)
            self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            self.verdict.setText(_("The audit trail is broken: %(problem)s") % {"problem": result.problem})
        return result.ok
