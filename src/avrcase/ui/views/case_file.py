"""A case file in its own window: header, actions, and tabs; it re-reads the case after every change.

Own windows rather than tabs in the main window, so a counsellor can put two cases side by side
(for example a suspected duplicate) while the case list stays in view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from avrcase.domain.codes import ClosureReason, IdDocumentType
from avrcase.domain.errors import AvrcaseError, DamagedRecordError, NotFoundError
from avrcase.domain.travel_documents import travels_on_another
from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.cases import case_file, counselling
from avrcase.services.dto import CaseDetail
from avrcase.services.permissions import Permission
from avrcase.ui.change_bus import CASES, ChangeBus
from avrcase.ui.dialogs.case_dialog import CaseDialog
from avrcase.ui.dialogs.consultation_dialog import ConsultationDialog
from avrcase.ui.dialogs.stage_dialog import StageDialog
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.views.case_file_tabs import CounsellingTab, HistoryTab, HouseholdTab, label_of
from avrcase.ui.views.documents_tab import CaseDocumentsTab
from avrcase.ui.views.reintegration_tab import add_finance_tabs
from avrcase.ui.views.subject_access_action import subject_access_button
from avrcase.ui.views.travel_tab import TravelTab
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.dialog_buttons import confirm
from avrcase.ui.widgets.error_label import ErrorLabel
from avrcase.ui.widgets.tab_keys import switch_tabs_with_keys
from avrcase.ui.widgets.title_label import TitleLabel


def case_file_actions(window: QWidget) -> dict[str, QAction]:
    """The keyboard actions of a case file window (also read by Help ▸ Keyboard shortcuts).

    Ctrl+L is Log consultation here; locking the app is Ctrl+Shift+L (Account ▸ Lock now).
    """
    actions = {}
    for key, text, keys in (
            ("edit", _("Edit the case…"), [QKeySequence("Ctrl+E")]),
            ("consultation", _("Log consultation…"), [QKeySequence("Ctrl+L")]),
            ("stage", _("Change stage…"), [QKeySequence("Ctrl+Shift+S")]),
            ("close", _("Close the case file"), [QKeySequence("Ctrl+W"), QKeySequence("Esc")])):
        action = QAction(text, window)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(action)
        actions[key] = action
    return actions


def _unbroken(text: str) -> str:
    """``text`` with no-break spaces, so a wrapping line never splits it."""
    return text.replace(" ", "\u00a0")


class CaseFileView(QWidget):
    """One case: who, where it stands, what was discussed, and how it moved."""

    closed = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, case_id: int, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ops = ops
        self._bus = bus
        self.case_id = case_id
        self.case: CaseDetail | None = None
        # Tabs built when first shown or asked for (#14: the window opens with what it shows first):
        # attribute name → (the placeholder in the tab bar, its title, how to build it).
        self._later: dict[str, tuple[QWidget, str, Callable[[], QWidget]]] = {}

        # The case number and name beside the buttons; the stage line below them, the window's whole width (it
        # wrapped to three lines in the room the buttons left, "Этап: … Консультант: Rūta / Kazlauskienė · …").
        # Both wrap: a long name or stage line must not set the window's minimum width (it widened the window).
        self.title = TitleLabel()  # a name's capitals keep their marks (NGUYỄN was drawn NGUYÊN)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setWordWrap(True)
        self.warning = ErrorLabel()  # an identity document that has expired, said where the case is read
        self.edit_button = QPushButton(_("&Edit…"))
        self.consultation_button = QPushButton(_("&Log consultation…"))
        self.stage_button = QPushButton(_("&Change stage…"))
        self.actions_by_name = case_file_actions(self)
        for name, button in (("edit", self.edit_button), ("consultation", self.consultation_button),
                             ("stage", self.stage_button)):
            action = self.actions_by_name[name]
            action.triggered.connect(button.click)  # a disabled button (the role may not) does nothing
            button.setToolTip(action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        self.actions_by_name["close"].triggered.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for button in (self.edit_button, self.consultation_button, self.stage_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(subject_access_button(self, ops), 0, Qt.AlignmentFlag.AlignTop)  # data protection (#7)

        self.tabs = QTabWidget()
        switch_tabs_with_keys(self.tabs)  # from anywhere in the window, round every tab
        self.household_tab = HouseholdTab()
        self.counselling_tab = CounsellingTab()
        self.history_tab = HistoryTab()
        self.add_tab(self.household_tab, _("Person && &household"))
        self.add_tab(self.counselling_tab, _("Co&unselling"))
        self.add_tab(self.history_tab, _("Histor&y"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.warning)
        layout.addWidget(self.tabs, 1)

        self.edit_button.clicked.connect(self.edit_case)
        self.consultation_button.clicked.connect(self.log_consultation)
        self.stage_button.clicked.connect(self.change_stage)
        self.counselling_tab.mark_done_requested.connect(self._on_counselling_tab_mark_done_requested)
        bus.data_changed.connect(self._on_bus_data_changed)
        fit_to_screen(self, 1000, 720)
        self.reload()
        self.tabs.currentChanged.connect(self._on_tab_shown)
        if self.case is not None:  # a case that cannot be read needs no documents tab (it said why once)
            self.add_tab_later("documents_tab", _("&Documents"), lambda: CaseDocumentsTab(self._ops, self.case_id, self))
            # travel (#4): reloads itself on the bus
            self.add_tab_later("travel_tab", _("&Travel"), lambda: TravelTab(ops, bus, case_id, self))
            add_finance_tabs(self, ops, bus, case_id, self.case.case_number)  # allowance, reintegration (#5)

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Extension point: add a tab (e.g. documents) to the case file; returns its index."""
        return self.tabs.addTab(widget, title)

    def add_tab_later(self, name: str, title: str, build: Callable[[], QWidget]) -> None:
        """Add a tab built when it is first shown or its attribute ``name`` is first read (each tab reads the
        store when built: the window opens without waiting for the tabs it does not show)."""
        placeholder = QWidget()
        self.add_tab(placeholder, title)
        self._later[name] = (placeholder, title, build)

    def built_tab(self, name: str) -> QWidget | None:
        """The tab called ``name`` if it has been built (never builds it)."""
        return self.__dict__.get(name)

    def __getattr__(self, name: str) -> QWidget:
        later = self.__dict__.get("_later")
        if later and name in later:
            return self._build_tab(name)
        raise AttributeError(name)

    def _build_tab(self, name: str) -> QWidget:
        placeholder, title, build = self._later.pop(name)
        widget = build()
        index, current = self.tabs.indexOf(placeholder), self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, title)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        setattr(self, name, widget)
        return widget

    def _on_tab_shown(self, index: int) -> None:
        shown = self.tabs.widget(index)
        for name, (placeholder, _title, _build) in list(self._later.items()):
            if placeholder is shown:
                self._build_tab(name)

    def reload(self) -> None:
        """Read the case again and show it everywhere in the window."""
        try:
            case, today = self._ops.read_with_today(case_file.get_case, self.case_id)
        except (NotFoundError, DamagedRecordError) as exc:  # removed meanwhile, or its people missing from the store
            show_error(self.parentWidget(), exc)
            self.close()
            return
        self.case = case
        self.setWindowTitle(_("Case %(number)s — avrcase") % {"number": case.case_number})
        self.title.setText(f"{case.case_number} — {case.principal.full_name}")
        self.header.setText(
            escape(_("Stage: %(stage)s · Counsellor: %(counsellor)s · Registered on %(date)s · %(n)s") % {
                "stage": _stage_text(case), "counsellor": case.counsellor_name or _("nobody yet"),
                # A date and a count are never broken across lines ("Registered on Dec 6, / 2026").
                "date": _unbroken(format_date(case.registered_on)), "n": _unbroken(_household_size(case))})
        )
        self.warning.show_message(expired_documents_text(case, today))
        # Only what the role may do is offered (a finance officer neither edits nor counsels).
        self.edit_button.setEnabled(self._ops.may(Permission.CASE_EDIT))
        self.consultation_button.setEnabled(case.stage.is_open and self._ops.may(Permission.COUNSELLING_RECORD))
        self.stage_button.setEnabled(bool(case.allowed_moves) and self._ops.may(Permission.CASE_STAGE))
        self.household_tab.show_case(case)
        self.counselling_tab.show_case(case)
        self.history_tab.show_case(case)

    # ------------------------------------------------------------ actions

    def edit_case(self):
        """Open the case dialog on this case (non-modal); returns the dialog."""
        dialog = CaseDialog(self._ops, self._bus, case=self.case, parent=self)
        dialog.open()
        return dialog

    def log_consultation(self):
        """Open the consultation dialog for this case; returns the dialog."""
        dialog = ConsultationDialog(self._ops, self._bus, self.case, parent=self)
        dialog.open()
        return dialog

    def change_stage(self):
        """Open the stage dialog for this case; returns the dialog."""
        dialog = StageDialog(self._ops, self._bus, self.case, parent=self)
        dialog.open()
        return dialog

    def _on_counselling_tab_mark_done_requested(self, follow_up_id: int) -> None:
        try:
            self._ops.write(counselling.complete_follow_up, follow_up_id, changed=self.case_id)
        except AvrcaseError as exc:
            show_error(self, exc)

    def _on_bus_data_changed(self, kind: str, ids: list) -> None:
        if kind == CASES and (not ids or self.case_id in ids):
            self.reload()
            documents = self.built_tab("documents_tab")
            if documents is not None and hasattr(documents, "reload"):
                documents.reload()

    def open_dialogs(self) -> list[QDialog]:
        """The dialogs of this case file still open (an edit, a consultation being typed …)."""
        return [d for d in self.findChildren(QDialog) if d.isVisible()]

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing with a dialog still open asks first: what was typed there would be lost."""
        dialogs = self.open_dialogs()
        if dialogs and not confirm(self, _("Close the case file?"), _(
                "Still open: %(titles)s. What was typed there has not been saved and will be lost.") % {
                "titles": ", ".join(f"“{d.windowTitle()}”" for d in dialogs)}, _("Close without saving")):
            event.ignore()
            return
        for dialog in dialogs:
            dialog.done(QDialog.DialogCode.Rejected)  # already asked: the dialogs' own question is not asked again
        self.closed.emit(self.case_id)
        super().closeEvent(event)

    def geometry_state(self) -> QByteArray:
        """The window geometry, to remember for the next case file."""
        return self.saveGeometry()


def expired_documents_text(case: CaseDetail, today: dt.date) -> str:
    """``⚠ Passport 13AB45678 of Nino Beridze expired on 3 Mar 2026.`` for each member's expired identity
    document (a passport must not be taken for the travel document of a departure after its expiry), unless
    another document, issued or in hand and valid, is the one the member travels on."""
    lines = []
    for member in case.members:
        person = member.person
        if (person.document_number and person.document_expiry is not None and person.document_expiry < today
                and not travels_on_another(case.travel_documents.get(person.id, ()), person.document_number, today)):
            lines.append(_("⚠ %(kind)s %(number)s of %(name)s expired on %(date)s.") % {
                "kind": label_of(IdDocumentType, person.document_type) or _("Document"),
                "number": person.document_number, "name": person.full_name,
                "date": format_date(person.document_expiry)})
    return "\n".join(lines)


def _stage_text(case: CaseDetail) -> str:
    if case.closure_reason:
        return _("%(stage)s (%(reason)s)") % {"stage": case.stage.label,
                                              "reason": label_of(ClosureReason, case.closure_reason)}
    return case.stage.label


def _household_size(case: CaseDetail) -> str:
    n = len(case.members)
    return ngettext("%(n)d person", "%(n)d persons", n) % {"n": n}
