"""Follow-ups due for the acting counsellor: overdue first and highlighted; mark done (with a moment to undo it) or
open the case."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import format_number
from avrcase.services.cases import counselling
from avrcase.services.dto import FollowUpCount
from avrcase.services.permissions import Permission
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.models.follow_up_table import (
    COL_ACTION,
    COL_ASSIGNED,
    COL_CASE,
    COL_DUE,
    COL_PERSON,
    FollowUpTableModel,
)
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.elided_label import ElidedLabel
from avrcase.ui.widgets.header_fit import give_way, header_width
from avrcase.ui.widgets.list_table import KeyboardTable

#: The usual widths of due, case number, name and assigned to; "Action" takes the rest, at least this many "M"s.
COLUMN_WIDTHS = (190, 140, 220, 0, 190)
ACTION_EMS = 20

# Labels used inside f-strings: marked here (Babel cannot see into f-strings), translated at use.
L_FOR_NAME_S = N_("For %(name)s")

#: "Due" means within this many days from today, unless all upcoming ones are asked for.
DUE_WITHIN_DAYS = 7
#: How long "Undo" stays offered after "Mark done" (a follow-up marked done by mistake could not be reopened).
UNDO_SECONDS = 15


class FollowUpsView(QWidget):
    """What the acting counsellor promised to do, due within a week (or all upcoming)."""

    open_requested = Signal(int)
    #: How many follow-ups are due (or upcoming) in all, after a count or a refresh (for the navigation).
    counted = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.model = FollowUpTableModel(self)
        self._listed = False  # the list is read when first shown; until then only counted
        self.title = QLabel()
        self.show_all = QCheckBox(_("Show all upcoming"))
        self.mark_done_button = QPushButton(_("&Mark done"))
        self.open_button = QPushButton(_("&Open case"))
        # "Marked done: …" beside "Undo", for UNDO_SECONDS after "Mark done"; a long action elided, not the buttons
        self.done_label = ElidedLabel(wants_room=True)
        self.undo_button = QPushButton(_("&Undo"))
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_SECONDS * 1000)
        self._undone: tuple[int, int] | None = None  # the follow-up last marked done and its case
        self._hide_undo()
        self.table = KeyboardTable()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (rows are chosen with the arrow keys)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.show_all)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done_label)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.mark_done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.show_all.toggled.connect(self.refresh)
        self.mark_done_button.clicked.connect(self._on_mark_done_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self._undo_timer.timeout.connect(self._hide_undo)
        self.table.activated.connect(self._on_table_double_clicked)  # Enter too, as in the case list
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        bus.data_changed.connect(self._on_bus_data_changed)

    def refresh(self) -> None:
        """Ask the store again for the acting counsellor's open follow-ups (and how many there are in all)."""
        if self._readable():
            self.model.set_rows(self._ops.read(counselling.list_follow_ups, due_by=self._due_by()), self._ops.today())
        else:
            self.model.set_rows([], self._ops.today())
        self._listed = True
        self._fit_columns()  # the case numbers now listed set their column's width
        self.count()

    def count(self) -> None:
        """Count the follow-ups (for the title and the navigation) without listing them: the list is read when the
        page is shown (``refresh``), so the main window does not wait for it at start (issue #14)."""
        counts = (self._ops.read(counselling.count_follow_ups, due_by=self._due_by()) if self._readable()
                  else FollowUpCount(0, 0))
        if self.show_all.isChecked():
            text = ngettext("%(n)s open follow-up", "%(n)s open follow-ups", counts.total) % {"n": format_number(counts.total)}
        else:
            text = ngettext("%(n)s follow-up due within %(days)d days", "%(n)s follow-ups due within %(days)d days",
                            counts.total) % {"n": format_number(counts.total), "days": DUE_WITHIN_DAYS}
        if counts.overdue:
            text += " — " + ngettext("%(n)s overdue", "%(n)s overdue", counts.overdue) % {
                "n": format_number(counts.overdue)}
        if self._listed and self.model.rowCount() < counts.total:
            shown = self.model.rowCount()
            text += " — " + ngettext("the first %(n)s is listed", "the first %(n)s are listed", shown) % {
                "n": format_number(shown)}
        who = self._ops.actor.display_name if self._ops.actor else _("nobody")
        self.title.setText(f"<b>{escape(text)}</b><br>{escape(_(L_FOR_NAME_S) % {'name': who})}")
        self._update_buttons()
        self.counted.emit(counts.total)

    def _readable(self) -> bool:
        return self._ops.actor is not None and self._ops.may(Permission.CASE_READ)

    def _due_by(self) -> dt.date | None:
        return None if self.show_all.isChecked() else self._ops.today() + dt.timedelta(days=DUE_WITHIN_DAYS)

    def _selected_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() and self.table.selectionModel().hasSelection() else None

    def _update_buttons(self) -> None:
        selected = self._selected_row() is not None
        self.mark_done_button.setEnabled(selected)
        self.open_button.setEnabled(selected)

    def _on_mark_done_button_clicked(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        item = self.model.follow_up(row)
        try:
            self._ops.write(counselling.complete_follow_up, item.id, changed=item.case_id)  # the list re-reads
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        self._undone = (item.id, item.case_id)
        self.done_label.set_full_text(_("Marked done: %(action)s (%(case)s).") % {"action": item.action,
                                                                           "case": item.case_number})
        self.done_label.show()
        self.undo_button.show()
        self._undo_timer.start()
        if self.model.rowCount():  # the next one is chosen, ready to open or mark (nothing was, Mark done went off)
            self.table.selectRow(min(row, self.model.rowCount() - 1))

    def _on_undo_button_clicked(self) -> None:
        """Open again the follow-up just marked done, and choose it in the list."""
        if self._undone is None:
            return
        follow_up_id, case_id = self._undone
        self._hide_undo()
        try:
            self._ops.write(counselling.reopen_follow_up, follow_up_id, changed=case_id)  # the list re-reads
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        rows = [r for r in range(self.model.rowCount()) if self.model.follow_up(r).id == follow_up_id]
        if rows:
            self.table.selectRow(rows[0])

    def _hide_undo(self) -> None:
        self._undo_timer.stop()
        self._undone = None
        self.done_label.hide()
        self.undo_button.hide()

    def _on_open_button_clicked(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.open_requested.emit(self.model.follow_up(row).case_id)

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.follow_up(index.row()).case_id)

    def reload(self) -> None:
        """Read again what was read: the list once it has been shown, else the count only."""
        if self._listed or self.isVisible():
            self.refresh()
        else:
            self.count()

    def _fit_columns(self) -> None:
        """The columns at their usual widths where there is room; narrower on a small screen (never below their
        header), so that "Action" keeps room for a line of what to do. Who it is assigned to (the acting counsellor,
        or no one) gives way first: in Russian at 1024 px "Назначено" kept 160 px while the action read
        "Book an interp…"."""
        header = self.table.horizontalHeader()
        em = self.table.fontMetrics().horizontalAdvance("M")
        # The case number is never cut ("VNO-2026-0…" named no case in Russian at 1024 px): the others give way.
        case_width = max(header_width(header, COL_CASE), self.table.sizeHintForColumn(COL_CASE),
                         COLUMN_WIDTHS[COL_CASE] if self.table.viewport().width() > sum(COLUMN_WIDTHS) else 0)
        header.resizeSection(COL_CASE, case_width)
        room = self.table.viewport().width() - max(header_width(header, COL_ACTION), ACTION_EMS * em) - case_width
        widths = {column: width for column, width in enumerate(COLUMN_WIDTHS) if width and column != COL_CASE}
        floors = {column: header_width(header, column) for column in widths}
        for giving in ((COL_ASSIGNED,), (COL_DUE, COL_PERSON)):
            excess = sum(widths.values()) - room
            if excess > 0:
                widths.update(give_way({c: widths[c] for c in giving}, {c: floors[c] for c in giving}, excess))
        for column, width in widths.items():
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_columns()

    def _on_bus_data_changed(self, _kind: str, _ids: list) -> None:
        self.reload()
