"""The managers' dashboard: key figures and six charts of a period, computed on a worker thread.

Numbers on screen are exact (only staff allowed to see statistics get here); everything exported —
a panel's table as CSV, XLSX or PDF, the whole dashboard as a PDF report, the anonymised record-level
file — passes disclosure control in the services first. A change in the store (change bus) makes the
dashboard compute again when it is next shown.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, pgettext
from avrcase.i18n.format import format_date
from avrcase.services.permissions import Permission
from avrcase.services.statistics import dashboard
from avrcase.services.statistics import report as statistics_report
from avrcase.ui import palette
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import BackgroundTask, Ops, show_error
from avrcase.ui.widgets.charts import ChartWidget
from avrcase.ui.widgets.date_edit import make_date_edit
from avrcase.ui.widgets.error_label import ErrorLabel
from avrcase.ui.widgets.key_figures import KeyFiguresFrame
from avrcase.ui.widgets.save_location import suggested_path
from avrcase.ui.widgets import file_dialogs

#: Charts per row.
COLUMNS = 2
CUSTOM = "custom"


def _date(edit) -> dt.date:
    q: QDate = edit.date()
    return dt.date(q.year(), q.month(), q.day())


class DashboardView(QWidget):
    """Filters, key figures and charts; exports of protected tables and anonymised records."""

    #: A new snapshot is on screen (after each computation).
    computed = Signal(object)
    #: Key figures of the period asked for are on screen before its charts (a tuple of ``KeyFigure``: the four
    #: counts); ``computed`` follows with every figure and the charts.
    figures_shown = Signal(object)
    #: From the worker: (the request's number, the key figures counted so far); queued to the UI thread.
    _figures_counted = Signal(int, object)
    #: An export finished; carries the path written.
    exported = Signal(str)

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.snapshot: dashboard.DashboardSnapshot | None = None
        self.task: BackgroundTask | None = None
        self._stale = True
        self._request = 0  # the number of the latest computation asked for: figures of older ones are not shown
        start, end = dashboard.preset_period("this_year", ops.today())
        self.preset = QComboBox()
        for name, label in dashboard.PRESETS:
            self.preset.addItem(_(label), name)
        self.preset.addItem(_("Custom period"), CUSTOM)
        self.date_from = make_date_edit(self, value=start)
        self.date_to = make_date_edit(self, value=end)
        self.project = QComboBox()
        self.project.setMinimumContentsLength(7)
        self.project.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        # A push button with a menu keeps room for its arrow (a tool button drew it over the "…")
        self.export_table_button = QPushButton(_("Export &table…"))
        menu = QMenu(self.export_table_button)
        for definition in dashboard.PANELS:
            action = menu.addAction(_(definition.title))
            action.triggered.connect(lambda _checked=False, name=definition.name: self.choose_table_export(name))
        self.export_table_button.setMenu(menu)
        self.export_report_button = QPushButton(_("Export &report (PDF)…"))
        self.export_anonymised_button = QPushButton(_("Export a&nonymised…"))
        self.period_problem = ErrorLabel()  # dates in the wrong order, said in words
        self.refused = QLabel()
        self.refused.setWordWrap(True)
        self.refused.hide()
        #: What the last export wrote and how it was protected.
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self._exports: dict[BackgroundTask, Path] = {}

        filters = QHBoxLayout()
        # The dates read as a range after the period's name ("Last quarter  1 Jul 2026 – 30 Sep 2026"),
        # which keeps the bar narrow enough to sit beside the navigation on a small screen.
        self.date_from.setToolTip(_("First day of the period"))
        self.date_to.setToolTip(_("Last day of the period (included)"))
        self.date_from.setAccessibleName(pgettext("period", "From"))
        self.date_to.setAccessibleName(pgettext("period", "To"))
        for widget in (self.preset, self.date_from, QLabel("–"), self.date_to, QLabel(_("Project:")), self.project):
            filters.addWidget(widget)
        filters.addStretch(1)
        exports = QHBoxLayout()  # a row of its own, so the page stays narrow beside the navigation
        for button in (self.export_table_button, self.export_report_button, self.export_anonymised_button):
            exports.addWidget(button)
        exports.addWidget(self.progress)  # here, not beside the filters: the longest period name needs the room
        exports.addStretch(1)

        self.figures = KeyFiguresFrame()
        self.charts: dict[str, ChartWidget] = {}
        grid = QGridLayout()
        for i, definition in enumerate(dashboard.PANELS):
            chart = ChartWidget()
            chart.setObjectName(definition.name)
            self.charts[definition.name] = chart
            grid.addWidget(chart, i // COLUMNS, i % COLUMNS)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.figures)
        body_layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Tab stops here (the arrow keys scroll the charts): a frame shows it, for a frameless area drew none.
        scroll.setObjectName("dashboard_body")
        scroll.setStyleSheet("QScrollArea#dashboard_body { border: 2px solid transparent; }"  # the same room either way
                             "QScrollArea#dashboard_body:focus { border-color: palette(highlight); }")
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(exports)
        layout.addWidget(self.period_problem)
        layout.addWidget(self.refused)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        # Tab follows the bar as it reads: the dates (made before the rest) would otherwise come last.
        chain = (self.preset, self.date_from, self.date_to, self.project, self.export_table_button,
                 self.export_report_button, self.export_anonymised_button)
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

        self.preset.activated.connect(self._on_preset_activated)
        self.date_from.dateChanged.connect(self._on_date_changed)
        self.date_to.dateChanged.connect(self._on_date_changed)
        self.project.activated.connect(lambda _index: self.refresh())
        self.export_report_button.clicked.connect(self.choose_report_export)
        self.export_anonymised_button.clicked.connect(self.choose_anonymised_export)
        bus.data_changed.connect(self._on_bus_data_changed)
        self._figures_counted.connect(self._on_figures_counted)

    # ------------------------------------------------------------ state

    def may_view(self) -> bool:
        """Whether the acting user may see statistics (nobody signed in: no)."""
        return self._ops.may(Permission.STATISTICS_VIEW)

    def actor_changed(self) -> bool:
        """The acting user changed: recompute when shown; return whether the dashboard is open to them."""
        self._stale = True
        if self.isVisible():
            self.refresh()
        return self.may_view()

    def query(self) -> dashboard.DashboardQuery:
        """The period and project chosen in the filters."""
        return dashboard.DashboardQuery(_date(self.date_from), _date(self.date_to), self.project.currentData())

    def _load_projects(self) -> None:
        chosen = self.project.currentData()
        try:
            names = self._ops.read(dashboard.list_projects)
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        self.project.clear()
        self.project.addItem(_("All projects"), None)
        for name in names:
            self.project.addItem(name, name)
        index = self.project.findData(chosen) if chosen is not None else 0
        self.project.setCurrentIndex(max(index, 0))

    def refresh(self) -> BackgroundTask | None:
        """Compute the dashboard for the filters on a worker thread (a newer request replaces an older one)."""
        self._request += 1  # figures still on their way from an earlier request are not shown
        allowed_here = self.may_view()
        self.refused.setVisible(not allowed_here)
        for widget in (self.preset, self.date_from, self.date_to, self.project, self.export_table_button,
                       self.export_report_button):
            widget.setEnabled(allowed_here)
        actor = self._ops.actor
        self.export_anonymised_button.setEnabled(self._ops.may(Permission.EXPORT_ANONYMISED))
        if not allowed_here:
            self.refused.setText(_("Your role does not allow you to see statistics."))
            self._show(None)
            return None
        if self.project.count() == 0:
            self._load_projects()
        if self.task is not None:
            self.task.cancel()
            self.task = None
        query = self.query()
        if self._period_refused(query):
            return None
        self._stale = False
        request, counted = self._request, self._figures_counted

        def compute(session, report):  # on the worker: the figures travel to the UI thread by a queued signal
            return dashboard.compute_dashboard(session, actor, query, report,
                                               lambda figures: counted.emit(request, figures))

        task = self._start(compute, self._on_task_finished, self._on_task_failed, self._on_task_progressed)
        self.task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        return task

    def _period_refused(self, query: dashboard.DashboardQuery) -> bool:
        """Say so when the period ends before it begins, and show and export nothing until it is put right: the
        figures of the last period in order stayed on screen (and went into exports) under dates that were not
        theirs, with only a red date to tell."""
        wrong = query.date_to < query.date_from
        self.date_to.setStyleSheet(palette.ERROR_TEXT_STYLE if wrong else "")
        self.period_problem.show_message(_(
            "The period ends before it begins: choose a last day on or after %(day)s.") % {
            "day": format_date(query.date_from)} if wrong else "")
        if wrong:
            self.progress.hide()
            self._show(None)
            for button in (self.export_table_button, self.export_report_button, self.export_anonymised_button):
                button.setEnabled(False)
        return wrong

    def _show(self, snapshot: dashboard.DashboardSnapshot | None) -> None:
        self.snapshot = snapshot
        for definition in dashboard.PANELS:
            self.charts[definition.name].set_chart(snapshot.panel(definition.name).chart if snapshot else None)
        self.figures.show_figures(snapshot.figures if snapshot is not None else ())

    # ------------------------------------------------------------ slots

    def _on_figures_counted(self, request: int, figures) -> None:
        if request != self._request or self.task is None:
            return  # an older request's, or one cancelled since
        if self.snapshot is not None and self.snapshot.query == self.query():
            # The same period counted again after a change: its whole screen stays until the new one is whole,
            # rather than the charts blanking at every change another desk makes.
            return
        if self.snapshot is not None:
            # The charts and exports of the period shown before are not this period's: cleared with its figures.
            self._show(None)
        self.figures.show_figures(figures)
        self.figures_shown.emit(figures)

    def _on_task_progressed(self, done: int, total: int) -> None:
        if self.sender() is self.task:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _on_task_finished(self, snapshot: dashboard.DashboardSnapshot) -> None:
        if self.sender() is not self.task:
            return  # an older request, overtaken by a newer one
        self.task = None
        self.progress.hide()
        self._show(snapshot)
        self.computed.emit(snapshot)

    def _on_task_failed(self, error: BaseException) -> None:
        if self.sender() is not self.task:
            return
        self.task = None
        self.progress.hide()
        show_error(self, error)

    def _on_preset_activated(self, _index: int) -> None:
        name = self.preset.currentData()
        if name == CUSTOM:
            return
        start, end = dashboard.preset_period(name, self._ops.today())
        for edit, day in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self.refresh()

    def _on_date_changed(self, _date: QDate) -> None:
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        self.refresh()

    def _on_bus_data_changed(self, _kind: str, _ids: list) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            if self.may_view():
                self._load_projects()
            self.refresh()

    # ------------------------------------------------------------ exports

    def choose_table_export(self, panel: str) -> None:
        """Ask where to write one panel's protected table (CSV, XLSX or PDF by the name given)."""
        if self.snapshot is None:
            return
        title = _(dashboard.panel_definition(panel).title)
        path, _filter = file_dialogs.save_file_name(
            self, _("Export table"), suggested_path(f"{panel}.csv"), _("CSV (*.csv);;Excel workbook (*.xlsx);;PDF report (*.pdf)"))
        if path:
            self.export_table(panel, Path(path), title)

    def export_table(self, panel: str, path: Path, title: str | None = None) -> BackgroundTask | None:
        """Write the panel's table, protected, to ``path`` on a worker thread."""
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in statistics_report.TABLE_FORMATS or self.snapshot is None:
            show_error(self, AvrcaseError(_("Write a .csv, .xlsx or .pdf file.")))
            return None
        snapshot = self.snapshot
        title = title or _(dashboard.panel_definition(panel).title)
        actor = self._ops.actor

        return self._export(lambda session, _report: statistics_report.export_dashboard_table(
            session, actor, snapshot, panel, path, fmt, title), path)

    def choose_report_export(self) -> None:
        """Ask where to write the whole dashboard as a protected PDF report."""
        if self.snapshot is None:
            return
        path, _filter = file_dialogs.save_file_name(self, _("Export report"), suggested_path("statistics.pdf"), _("PDF report (*.pdf)"))
        if path:
            self.export_report(Path(path))

    def export_report(self, path: Path) -> BackgroundTask | None:
        """Write the dashboard as a PDF report (protected tables and charts) on a worker thread."""
        snapshot, actor = self.snapshot, self._ops.actor
        if snapshot is None:
            return None

        return self._export(lambda session, _report: statistics_report.export_dashboard_report(
            session, actor, snapshot, path), path)

    def choose_anonymised_export(self) -> None:
        """Ask where to write the anonymised record-level file of the period's returnees."""
        path, _filter = file_dialogs.save_file_name(self, _("Export anonymised returnees"), suggested_path("returnees.csv"),
                                                    _("CSV (*.csv);;Excel workbook (*.xlsx)"))
        if path:
            self.export_anonymised(Path(path))

    def export_anonymised(self, path: Path) -> BackgroundTask | None:
        """Write the pseudonymised, k-anonymous returnees of the period to ``path`` on a worker thread."""
        query, actor = self.query(), self._ops.actor
        # Anonymised releases cover whole months (as the protected tables) and get a new random key.
        start, end = dashboard.release_period(query.date_from, query.date_to)
        return self._export(lambda session, _report: statistics_report.write_anonymised(
            session, actor, start, end, path), path)

    def _start(self, job, finished, failed, progressed=None) -> BackgroundTask:
        """Run ``job`` on the pool with our slots (bound methods: queued to the UI thread)."""
        return self._ops.run_in_background(job, finished=finished, failed=failed, progressed=progressed)

    def _export(self, job, path: Path) -> BackgroundTask:
        task = self._start(job, self._on_export_finished, self._on_export_failed)
        self._exports[task] = path
        return task

    def _on_export_finished(self, result: object) -> None:
        path = self._exports.pop(self.sender(), None)
        if path is None:
            return
        lines = [_("Written to %(path)s.") % {"path": path}]
        if isinstance(result, tuple):  # what was generalised or suppressed, or the release period used
            lines += [str(line) for line in result]
        self.message.setText("\n".join(lines))
        self.message.show()
        self.exported.emit(str(path))

    def _on_export_failed(self, error: BaseException) -> None:
        self._exports.pop(self.sender(), None)
        show_error(self, error)
