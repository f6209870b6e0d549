"""The finance and reintegration work lists (allowances due, plan items overdue, monitoring due) and the
project budget view: each filtered by the service (project, country, and its own criterion), opened on a
double click, and exported as spreadsheet-safe CSV."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError
from avrcase.domain.finance_codes import LineKind
from avrcase.domain.money import Money
from avrcase.domain.reintegration import ItemCategory
from avrcase.i18n import _, ngettext
from avrcase.services.finance import projects, work_lists
from avrcase.services.finance.dto import (
    AllowanceDueRow,
    ApprovalDueRow,
    BudgetLineRow,
    MonitoringDueRow,
    OverdueItemRow,
)
from avrcase.services.permissions import Permission
from avrcase.ui import palette
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.models import work_list_columns as columns
from avrcase.ui.models.row_table import Column, RowTableModel
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.combos import CountryCombo, VocabularyCombo
from avrcase.ui.widgets.header_fit import header_width, narrow_to_fit
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.save_location import suggested_path
from avrcase.ui.widgets import file_dialogs
from avrcase.ui.widgets.tab_keys import switch_tabs_with_keys

#: Characters a filter combo shows at its narrowest (the main window must fit a small laptop screen).
FILTER_CHARACTERS = 8


def narrow(combo: QComboBox) -> QComboBox:
    """Let a filter combo shrink to a few characters instead of its longest entry."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(FILTER_CHARACTERS)
    return combo


class WorkListView(QWidget):
    """A list from one service call with its filters above, "Open case" and "Export CSV…" below; subclasses give
    the columns, the row type, the filters they add and ``fetch`` (the service call)."""

    open_requested = Signal(int)
    row_type: type = object
    export_name = "work-list.csv"
    least_ems = 7  # the narrowest a text column gets (elided below its width; the budget's wrap instead)
    spare_columns: tuple[int, ...] = ()  # hidden where the other texts could not keep their words whole

    def __init__(self, ops: Ops, bus: ChangeBus, column_list: Sequence[Column], parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._sized = False
        self.title = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(palette.ERROR_TEXT_STYLE)
        self.message.setVisible(False)
        self.project = QComboBox()
        self.country = CountryCombo(empty_text=_("All countries"))
        for combo in (self.project, self.country):
            narrow(combo)
        self.model = RowTableModel(column_list, self)
        self.table = ListTable(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(lambda *_args: self.fit_columns())
        self.open_button = QPushButton(_("&Open case"))
        self.export_button = QPushButton(_("E&xport CSV…"))
        self.project.setToolTip(_("Only cases of this project"))
        self.country.setToolTip(_("Only cases returning to this country"))
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.project)
        self.filters.addWidget(self.country)
        self.add_filters(self.filters)
        self.filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.project.currentIndexChanged.connect(self.refresh)
        self.country.currentIndexChanged.connect(self.refresh)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.table.activated.connect(self._on_table_double_clicked)  # Enter too, as in the case list
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        bus.data_changed.connect(self._on_bus_data_changed)
        self._update_buttons()

    # ------------------------------------------------------------ for subclasses

    def add_filters(self, row: QHBoxLayout) -> None:
        """Add the list's own filter widgets to ``row`` and connect them to ``refresh``."""

    def fetch(self, project_id: int | None, country: str) -> list:
        """The rows for the filters now chosen (a service call through ops)."""
        raise NotImplementedError

    # ------------------------------------------------------------ behaviour

    def load_projects(self) -> None:
        """Fill the project filter (keeping the choice) from the store."""
        keep = self.project.currentData()
        try:
            rows = self._ops.read(projects.list_projects)
        except AvrcaseError:
            rows = []
        self.project.blockSignals(True)
        self.project.clear()
        self.project.addItem(_("All projects"), None)
        for row in rows:
            self.project.addItem(row.name, row.id)
        self.project.setCurrentIndex(max(0, self.project.findData(keep)))
        self.project.blockSignals(False)

    def refresh(self, *_args) -> None:
        """Ask the service again with the filters now chosen."""
        try:
            rows = self.fetch(self.project.currentData(), self.country.code())
        except AvrcaseError as exc:
            rows = []
            self._say(exc.message, error=True)
        else:
            self._say("")
        self.model.set_rows(rows)
        if not self._sized:  # fit the columns to the first rows shown; the person may resize them later
            self.fit_columns()  # with no rows yet, to the headers, so none is cut off
            self._sized = bool(rows)
        count = ngettext("%(n)d entry", "%(n)d entries", len(rows)) % {"n": len(rows)}
        self.title.setText(f"<b>{escape(count)}</b>")
        self._update_buttons()

    def export_csv(self, path: str | None = None) -> str | None:
        """Write the rows shown (as the service exports them) to a CSV file the person chooses; returns the path."""
        if path is None:
            path, _filter = file_dialogs.save_file_name(self, _("Export CSV"), suggested_path(self.export_name),
                                                        _("CSV files (*.csv)"))
        if not path:
            return None
        try:  # recorded on the audit trail first; the file is written (0600) only once that entry commits
            self._ops.write(work_lists.export_csv, self.model.rows, self.row_type, Path(path))
        except AvrcaseError as exc:
            show_error(self, exc)
            return None
        # Said where it went, as the dashboard's exports do: after the file dialog closed nothing showed that
        # anything had been written.
        self._say(_("Written to %(path)s.") % {"path": path})
        return path

    def _say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` above the list (a refusal in red, a file written in the ordinary colour); ``""`` hides it."""
        self.message.setStyleSheet(palette.ERROR_TEXT_STYLE if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def fit_columns(self) -> None:
        """Size the columns to their contents, then narrow the longest texts (a project's name) until the last
        column is in view: on a laptop the budget's "Used" was off to the right."""
        header = self.table.horizontalHeader()
        # The last column fills what is left, but where nothing is left Qt gives it its default 100 pixels, not
        # its contents: "36%", right-aligned in them, was drawn off to the right. It is measured unstretched.
        header.setStretchLastSection(False)
        # Each column as wide as its cells or its header, the sort arrow's room only where it is drawn (fitted again
        # when it moves), not Qt's roomier header hint: in Russian at 1024 pixels the budget's "Used" was off to the
        # right, and the cases due for monitoring scrolled sideways.
        for column in range(header.count()):
            header.resizeSection(column, max(self.table.sizeHintForColumn(column), header_width(header, column)))
        texts = [index for index, column in enumerate(self.model.columns) if not column.numeric and not column.whole]
        narrow_to_fit(self.table, texts, least_ems=self.least_ems, whole_words=self.table.wordWrap(),
                      spare=self.spare_columns)
        header.setStretchLastSection(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._sized:  # the window changed: fit again (a column the person dragged is sized anew)
            self.fit_columns()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.table.selected() is not None and hasattr(self.table.selected(), "case_id"))
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def _on_export_button_clicked(self) -> None:
        self.export_csv()

    def _on_open_button_clicked(self) -> None:
        row = self.table.selected()
        if row is not None and hasattr(row, "case_id"):
            self.open_requested.emit(row.case_id)

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._on_open_button_clicked()

    def _on_bus_data_changed(self, _kind: str, _ids: list) -> None:
        if self.isVisible():
            self.refresh()


class AllowancesDueView(WorkListView):
    """Departures in the next days whose allowance is neither planned nor paid."""

    row_type = AllowanceDueRow
    export_name = "allowances-due.csv"

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ops, bus, columns.ALLOWANCES_DUE, parent)

    def add_filters(self, row: QHBoxLayout) -> None:
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(14)
        row.addWidget(QLabel(_("Departing within:")))
        row.addWidget(self.days)
        row.addWidget(QLabel(_("days")))
        self.days.valueChanged.connect(self.refresh)

    def fetch(self, project_id: int | None, country: str) -> list:
        return self._ops.read(work_lists.allowances_due, days=self.days.value(), project_id=project_id,
                              country=country)


class OverdueItemsView(WorkListView):
    """Plan items late for delivery or verification."""

    row_type = OverdueItemRow
    export_name, spare_columns = "plan-items-overdue.csv", (7,)  # "Provider" (then in the tooltip of "Support")

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ops, bus, columns.OVERDUE_ITEMS, parent)

    def add_filters(self, row: QHBoxLayout) -> None:
        self.category = narrow(VocabularyCombo(ItemCategory, empty_text=_("All categories")))
        row.addWidget(QLabel(_("Category:")))
        row.addWidget(self.category)
        self.category.currentIndexChanged.connect(self.refresh)

    def fetch(self, project_id: int | None, country: str) -> list:
        return self._ops.read(work_lists.overdue_items, project_id=project_id, category=self.category.value(),
                              country=country)


class MonitoringDueView(WorkListView):
    """Returned cases whose monitoring checkpoint (3, 6, 12 months) passed without a contact."""

    row_type = MonitoringDueRow
    export_name, spare_columns = "monitoring-due.csv", (7, 6)  # "Months since return", "Returned": in the tooltip

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ops, bus, columns.MONITORING_DUE, parent)

    def add_filters(self, row: QHBoxLayout) -> None:
        self.min_months = QSpinBox()
        self.max_months = QSpinBox()
        for box, value in ((self.min_months, 0), (self.max_months, 24)):
            box.setRange(0, 120)
            box.setValue(value)
            box.valueChanged.connect(self.refresh)
        row.addWidget(QLabel(_("Returned:")))
        row.addWidget(self.min_months)
        row.addWidget(QLabel(_("to")))
        row.addWidget(self.max_months)
        row.addWidget(QLabel(_("months ago")))

    def fetch(self, project_id: int | None, country: str) -> list:
        return self._ops.read(work_lists.monitoring_due, min_months=self.min_months.value(),
                              max_months=self.max_months.value(), project_id=project_id, country=country)


class AwaitingApprovalView(WorkListView):
    """A manager's decisions waiting: reintegration plans to approve and allowance overrides to decide."""

    row_type = ApprovalDueRow
    export_name = "awaiting-approval.csv"

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ops, bus, columns.AWAITING_APPROVAL, parent)

    def fetch(self, project_id: int | None, country: str) -> list:
        return self._ops.read(work_lists.awaiting_approval, project_id=project_id, country=country)


class BudgetView(WorkListView):
    """Committed, spent and remaining per budget line of every project (for managers and finance)."""

    row_type = BudgetLineRow
    export_name, least_ems = "budget.csv", 4
    spare_columns = (2,)  # "For": a line's name says it too, as do its tooltip and the filter (at 1024 px in Russian)

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(ops, bus, columns.BUDGET, parent)
        self.country.setVisible(False)  # budgets are per project, not per country
        # A few lines, each read whole: a name narrowed to fit the amounts wraps onto more lines ("Įsikūrimo iš…").
        self.table.wrap_rows()
        self.open_button.setVisible(False)
        # The totals of the lines shown, under the table (not a row in it: sorting would move it).
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setObjectName("budget_totals")
        self.layout().insertWidget(self.layout().indexOf(self.table) + 1, self.totals)

    def refresh(self, *_args) -> None:
        super().refresh()
        self.totals.setText(budget_totals_html(self.model.rows))

    def add_filters(self, row: QHBoxLayout) -> None:
        self.kind = narrow(VocabularyCombo(LineKind, empty_text=_("All lines")))
        row.addWidget(QLabel(_("For:")))
        row.addWidget(self.kind)
        self.kind.currentIndexChanged.connect(self.refresh)

    def fetch(self, project_id: int | None, country: str) -> list:
        return self._ops.read(projects.budget_lines, project_id=project_id, kind=self.kind.value())


def budget_totals_html(rows: Sequence[BudgetLineRow]) -> str:
    """One bold line per currency: budget, committed, spent and remaining of ``rows`` added up."""
    lines = []
    for currency in sorted({row.amount.currency for row in rows}):
        mine = [row for row in rows if row.amount.currency == currency]
        total = {name: Money.total((getattr(row, name) for row in mine), currency).format()
                 for name in ("amount", "committed", "spent", "remaining")}
        lines.append("<b>" + escape(_("Total: budget %(amount)s · committed %(committed)s · spent %(spent)s · "
                                      "remaining %(remaining)s") % total) + "</b>")
    return "<br>".join(lines)


class WorkListsView(QTabWidget):
    """The work lists on tabs (a manager's decisions waiting first); ``open_requested(case_id)`` from any."""

    open_requested = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.allowances_due = AllowancesDueView(ops, bus)
        self.overdue_items = OverdueItemsView(ops, bus)
        self.monitoring_due = MonitoringDueView(ops, bus)
        tabs = [(self.allowances_due, _("A&llowances due")), (self.overdue_items, _("&Plan items overdue")),
                (self.monitoring_due, _("&Monitoring due"))]
        self.awaiting_approval: AwaitingApprovalView | None = None
        if ops.may(Permission.REINTEGRATION_APPROVE) or ops.may(Permission.ALLOWANCE_APPROVE):
            self.awaiting_approval = AwaitingApprovalView(ops, bus)
            tabs.insert(0, (self.awaiting_approval, _("&Waiting for your approval")))
        for view, title in tabs:
            self.addTab(view, title)
            view.open_requested.connect(self.open_requested)
        if ops.may(Permission.REINTEGRATION_EDIT) and not ops.may(Permission.ALLOWANCE_PAY):
            self.setCurrentWidget(self.overdue_items)  # a reintegration officer starts on the plans, not allowances
        switch_tabs_with_keys(self)  # from the navigation too, while the work lists are shown
        self.currentChanged.connect(lambda _index: self.currentWidget().refresh())

    def refresh(self) -> None:
        """Reload the projects and the list shown."""
        for index in range(self.count()):
            self.widget(index).load_projects()
        self.currentWidget().refresh()
