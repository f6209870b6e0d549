"""The Reintegration tab of a case file: the needs assessment, the plan (its items with statuses and the
total against the cap, approval by a manager, revisions kept as history) and, on a second page, monitoring.

A plan is changed as a draft: items are added, changed or removed until a manager approves it. An
approved plan is changed by opening a revision (a new draft with the same items, the approved one stays
in the history). Progress of an approved item (delivered, verified, cancelled) is recorded from here too.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.domain.reintegration import ItemStatus
from avrcase.i18n import N_, _
from avrcase.services.documents import register as documents
from avrcase.services.finance import projects
from avrcase.services.finance.dto import NeedsAssessmentDetail, PlanDetail, PlanItemForm
from avrcase.services.permissions import Permission
from avrcase.services.reintegration import plans as reintegration
from avrcase.ui.change_bus import CASES, ChangeBus
from avrcase.ui.dialogs.form_dialog import ReasonDialog
from avrcase.ui.dialogs.needs_assessment_dialog import NeedsAssessmentDialog
from avrcase.ui.dialogs.plan_item_dialog import PlanItemDialog
from avrcase.ui.dialogs.plan_progress_dialog import PlanProgressDialog, revise_dialog
from avrcase.ui.models.row_table import RowTableModel
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.views.allowance_tab import AllowanceTab
from avrcase.ui.views.plan_text import ITEM_COLUMNS, approval_question, needs_html, plan_state_html
from avrcase.ui.views.monitoring_panel import MonitoringPanel
from avrcase.ui.widgets.changed_banner import watch_record
from avrcase.ui.widgets.dialog_buttons import confirm
from avrcase.ui.widgets.error_label import ErrorLabel
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.permission_gate import gate
from avrcase.ui.widgets.tab_keys import into_the_tab_by_its_letter

#: The currency a first item is typed in when the case has no project yet (saving then says why it cannot).
DEFAULT_CURRENCY = "EUR"
L_NEEDS = N_("Needs assessment")
L_PLAN = N_("Reintegration plan")
COL_PROVIDER = 2
PROVIDER_WIDTH = 190  # a longer provider wraps onto a second line
GIVE_WAY = (0, COL_PROVIDER, 3)  # category, provider, in kind or cash: they wrap before "Support" is squeezed


class PlanPanel(QWidget):
    """Needs assessment and plan of one case, with the actions the acting user's role allows."""

    def __init__(self, ops: Ops, bus: ChangeBus, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.case_id = case_id
        self.case_number = ""
        self.assessment: NeedsAssessmentDetail | None = None
        self.plan: PlanDetail | None = None

        self.needs = QLabel()
        self.needs.setWordWrap(True)
        self.needs.setTextFormat(Qt.TextFormat.RichText)
        self.assess_button = QPushButton(_("A&ssess needs…"))
        needs_box = QGroupBox(_(L_NEEDS))
        needs_layout = QHBoxLayout(needs_box)
        needs_layout.addWidget(self.needs, 1)
        needs_layout.addWidget(self.assess_button, 0, Qt.AlignmentFlag.AlignTop)

        self.state = QLabel()
        self.state.setWordWrap(True)
        self.refusal = ErrorLabel()  # why an approval or a removal was refused, with the numbers
        self.revision = QComboBox()
        self.revision.setToolTip(_("Earlier revisions stay as they were approved"))
        self.items = RowTableModel(ITEM_COLUMNS, self)
        self.table = ListTable(self.items, widths=(140, 0, 190, 95, 95, 95, 85, 100), stretch=1)
        self.table.wrap_rows()  # "Equipment for a small shop…" read whole, on two lines, not cut off
        self.add_button = QPushButton(_("&Add item…"))
        self.change_button = QPushButton(_("Change &item…"))
        self.remove_button = QPushButton(_("&Remove item"))
        self.progress_button = QPushButton(_("Record &progress…"))
        self.approve_button = QPushButton(_("Appr&ove plan"))
        self.revise_button = QPushButton(_("Re&vise plan…"))
        plan_box = QGroupBox(_(L_PLAN))
        plan_layout = QVBoxLayout(plan_box)
        head = QHBoxLayout()
        head.addWidget(self.state, 1)
        head.addWidget(self.revision, 0, Qt.AlignmentFlag.AlignTop)
        plan_layout.addLayout(head)
        plan_layout.addWidget(self.refusal)
        plan_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.progress_button, self.revise_button, self.approve_button):
            buttons.addWidget(button)
        plan_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(needs_box)
        layout.addWidget(plan_box, 1)

        self.assess_button.clicked.connect(self.assess_needs)
        self.add_button.clicked.connect(self.add_item)
        self.change_button.clicked.connect(self.change_item)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.progress_button.clicked.connect(self.record_progress)
        self.approve_button.clicked.connect(self._on_approve_button_clicked)
        self.revise_button.clicked.connect(self.revise)
        self.revision.currentIndexChanged.connect(self._on_revision_current_index_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        # A double click (or Enter) on an item opens it: for editing in a draft, for its progress once approved.
        self.table.activated.connect(self._on_table_activated)

    # ------------------------------------------------------------ showing

    def reload(self) -> None:
        """Read the assessment and the plan again."""
        self.refusal.clear_message()
        try:
            self.assessment = self._ops.read(reintegration.get_needs_assessment, self.case_id)
            self.plan = self._ops.read(reintegration.get_plan, self.case_id)
        except AvrcaseError as exc:
            self.assessment = self.plan = None
            self.needs.setText(escape(exc.message))
        else:
            self.needs.setText(needs_html(self.assessment))
        self.assess_button.setText(_("Change a&ssessment…") if self.assessment else _("A&ssess needs…"))
        self.state.setText(plan_state_html(self.plan))
        self.revision.blockSignals(True)
        self.revision.clear()
        for revision in reversed(self.plan.revisions if self.plan else ()):
            text = _("Revision %(n)d") % {"n": revision.number}
            if revision.approved_on is None:
                text = _("Revision %(n)d (draft)") % {"n": revision.number}
            self.revision.addItem(text, revision.number)
        self.revision.blockSignals(False)
        self.revision.setVisible(self.revision.count() > 1)
        self._show_revision()

    def _shown_revision(self):
        if self.plan is None:
            return None
        number = self.revision.currentData()
        return next((r for r in self.plan.revisions if r.number == number), self.plan.current)

    def _show_revision(self) -> None:
        selected = self.table.selected()
        revision = self._shown_revision()
        self.items.set_rows(revision.items if revision else ())
        self.table.fit_to_contents(most={COL_PROVIDER: PROVIDER_WIDTH}, give_way=GIVE_WAY)  # the rest: "Support"
        if selected is not None:
            self.table.select_where(lambda item: item.key == selected.key)
        self._update_buttons()

    def _on_revision_current_index_changed(self, _index: int) -> None:
        self._show_revision()

    def _update_buttons(self) -> None:
        actor, plan, item = self._ops.actor, self.plan, self.table.selected()
        current = plan is None or self._shown_revision() is plan.current
        draft = plan is None or not plan.is_approved
        editable = current and draft
        why = _("The plan is approved; revise it to change it.") if current else _(
            "An earlier revision is shown; choose the latest to change the plan.")
        edit = Permission.REINTEGRATION_EDIT
        gate(self.assess_button, actor, edit)
        gate(self.add_button, actor, edit, applicable=editable, why_not=why)
        chosen = item is not None
        pick = _("Choose an item in the list first.")
        gate(self.change_button, actor, edit, applicable=editable and chosen, why_not=why if chosen else pick)
        gate(self.remove_button, actor, edit, applicable=editable and chosen, why_not=why if chosen else pick)
        moving = chosen and current and item.status in (ItemStatus.APPROVED, ItemStatus.DELIVERED)
        gate(self.progress_button, actor, edit, applicable=moving,
             why_not=_("Choose an approved or delivered item of the current revision."))
        gate(self.revise_button, actor, edit, applicable=plan is not None and plan.is_approved,
             why_not=_("Only an approved plan is revised; a draft is changed directly."))
        gate(self.approve_button, actor, Permission.REINTEGRATION_APPROVE,
             applicable=plan is not None and not plan.is_approved and bool(plan.items),
             why_not=_("There is no draft with items to approve."))

    # ------------------------------------------------------------ actions

    def _write(self, fn, *args, **kwargs):
        return self._ops.write(fn, *args, changed=self.case_id, **kwargs)

    def _save_items(self, forms: list[PlanItemForm], plan: PlanDetail | None = None):
        """Save the draft's items; ``plan`` is the plan as a dialog opened it (a stale one is refused)."""
        plan = self.plan if plan is None else plan
        if plan is None:
            return self._write(reintegration.draft_plan, self.case_id, forms)
        return self._write(reintegration.edit_plan, plan.id, plan.version, forms)

    def _current_forms(self, plan: PlanDetail | None = None) -> list[PlanItemForm]:
        plan = self.plan if plan is None else plan
        return [item.as_form() for item in plan.items] if plan else []

    def _watch_plan(self, dialog, plan: PlanDetail | None, reopen) -> None:
        """Tell ``dialog`` when someone else changes the plan it was opened on."""
        case_id = self.case_id

        def version_now(session, actor):
            now = reintegration.get_plan(session, actor, case_id)
            return now.version if now else None

        watch_record(dialog, self._ops, self._bus, case_id, plan.version if plan else None, version_now, reopen)

    def assess_needs(self) -> NeedsAssessmentDialog:
        """Open the needs assessment (the recorded one, to change it); returns the dialog."""
        current, case_id = self.assessment, self.case_id
        dialog = NeedsAssessmentDialog(self.case_number, lambda form: self._write(
            reintegration.save_needs_assessment, self.case_id, form, current.version if current else None),
            current.form if current else None, self, today=self._ops.today())

        def version_now(session, actor):
            now = reintegration.get_needs_assessment(session, actor, case_id)
            return now.version if now else None

        watch_record(dialog, self._ops, self._bus, case_id, current.version if current else None, version_now,
                     self.assess_needs)
        dialog.open()
        return dialog

    def add_item(self) -> PlanItemDialog:
        """Open the item editor for a new item of the draft; returns it."""
        plan = self.plan
        currency = plan.currency if plan else self._project_currency()
        dialog = PlanItemDialog(currency, lambda form: self._save_items([*self._current_forms(plan), form], plan),
                                parent=self, today=self._ops.today())
        self._watch_plan(dialog, plan, self.add_item)
        dialog.open()
        return dialog

    def change_item(self) -> PlanItemDialog:
        """Open the item editor on the selected item; returns it."""
        item, plan = self.table.selected(), self.plan

        def save(form: PlanItemForm):
            return self._save_items([form if f.key == item.key else f for f in self._current_forms(plan)], plan)

        dialog = PlanItemDialog(plan.currency, save, item, self, today=self._ops.today())
        self._watch_plan(dialog, plan, self.change_item)
        dialog.open()
        return dialog

    def _on_table_activated(self, _index) -> None:
        if self.change_button.isEnabled():
            self.change_item()
        elif self.progress_button.isEnabled():
            self.record_progress()

    def _act(self, action) -> None:
        """Run a change made without a dialog; a refusal shows above the items, other errors in a box."""
        self._refused(action)

    def _refused(self, action) -> bool:
        """``_act``, saying whether ``action`` was refused."""
        self.refusal.clear_message()
        try:
            action()
        except ValidationError as exc:
            self.refusal.show_message("\n".join(exc.errors.values()))
        except AvrcaseError as exc:
            show_error(self, exc)
        else:
            return False
        return True

    def _on_remove_button_clicked(self) -> None:
        item = self.table.selected()
        if item is not None and self.plan is not None:
            self._act(lambda: self._save_items([f for f in self._current_forms() if f.key != item.key]))

    def record_progress(self) -> PlanProgressDialog:
        """Open the dialog that records the selected item delivered, verified or cancelled; returns it."""
        item, plan = self.table.selected(), self.plan
        attachments = tuple(self._ops.read(documents.list_attachments, self.case_id))
        dialog = PlanProgressDialog(item, lambda to, on, cost, proof, proof_file: self._write(
            reintegration.move_item, plan.id, plan.version, item.key, to, on=on, actual_cost=cost, proof_note=proof,
            proof_attachment_id=proof_file), self, attachments=attachments, today=self._ops.today())
        self._watch_plan(dialog, plan, self.record_progress)
        dialog.open()
        return dialog

    def revise(self) -> ReasonDialog:
        """Open a revision of the approved plan (same items, a reason); returns the dialog."""
        plan = self.plan
        dialog = revise_dialog(plan.current.number, lambda reason: self._write(
            reintegration.revise_plan, plan.id, plan.version, self._current_forms(plan), reason), self)
        self._watch_plan(dialog, plan, self.revise)
        dialog.open()
        return dialog

    def _on_approve_button_clicked(self) -> None:
        plan = self.plan
        if plan is None:
            return
        if self._refused(lambda: self._ops.read(reintegration.check_approval, plan.id, plan.version)):
            return  # over the cap or the budget line: said at once, not after "Approve" was confirmed
        if confirm(self, _("Approve the plan?"), approval_question(plan, self._ops.today(), self.assessment is not None),
                                   _("&Approve plan")):
            self._act(lambda: self._write(reintegration.approve_plan, plan.id, plan.version))

    def _project_currency(self) -> str:
        """The currency of the case's project, which a first draft is in (the service refuses a case without)."""
        def read(session, actor):
            project_id = projects.case_project_id(session, self.case_id)
            return projects.get_project(session, actor, project_id).currency if project_id else None

        try:
            return self._ops.read(read) or DEFAULT_CURRENCY
        except AvrcaseError:
            return DEFAULT_CURRENCY


class ReintegrationTab(QTabWidget):
    """Two pages: needs and plan, and monitoring; both re-read when the case changes."""

    def __init__(self, ops: Ops, bus: ChangeBus, case_id: int, case_number: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.case_id = case_id
        self.setDocumentMode(True)
        self.plan_panel = PlanPanel(ops, bus, case_id)
        self.plan_panel.case_number = case_number
        self.monitoring = MonitoringPanel(ops, bus, case_id, case_number)
        self.addTab(self.plan_panel, _("&Needs and plan"))
        self.addTab(self.monitoring, _("&Monitoring"))
        into_the_tab_by_its_letter(self)
        bus.data_changed.connect(self._on_bus_data_changed)
        self.reload()

    def reload(self) -> None:
        """Read everything shown again."""
        self.plan_panel.reload()
        self.monitoring.reload()

    def _on_bus_data_changed(self, kind: str, ids: list) -> None:
        if kind == CASES and (not ids or self.case_id in ids):
            self.reload()


def add_finance_tabs(view, ops: Ops, bus: ChangeBus, case_id: int, case_number: str) -> None:
    """Add the Allowance and Reintegration tabs to a case file (through its ``add_tab``)."""
    view.add_tab_later("allowance_tab", _("Allo&wance"), lambda: AllowanceTab(ops, bus, case_id))
    view.add_tab_later("reintegration_tab", _("Reinte&gration"),
                       lambda: ReintegrationTab(ops, bus, case_id, case_number))
