"""The Travel tab of a case file: is the case ready to fly, who travels on which documents, the
itinerary, and what is arranged on the way; buttons to book, arrange and confirm.

Buttons a role may not use are disabled with a tooltip saying why (the services refuse them anyway).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError, PermissionDeniedError
from avrcase.domain.itinerary import fare_totals
from avrcase.domain.stages import Stage, allowed_moves
from avrcase.i18n import _, pgettext
from avrcase.i18n.format import format_date
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, allowed, describe
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import TravelDetail
from avrcase.ui import palette
from avrcase.ui.change_bus import CASES, ChangeBus
from avrcase.ui.dialogs.arrangements_dialog import ArrangementsDialog
from avrcase.ui.dialogs.departure_dialog import DepartureDialog, booked_day
from avrcase.ui.dialogs.itinerary_dialog import ItineraryDialog
from avrcase.ui.models.row_table import TextTableModel
from avrcase.ui.models.travel_text import (
    arrangements_html,
    local_time,
    readiness_html,
    segment_rows,
)
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.views.travel_documents_panel import TravelDocumentsPanel
from avrcase.ui.widgets.changed_banner import watch_record
from avrcase.ui.widgets.compact_table import compact_table, fit_height
from avrcase.ui.widgets.error_label import ErrorLabel


def refusal(actor: Actor | None, *permissions: Permission) -> str:
    """Why ``actor`` may not do something that needs ``permissions`` (``""`` when they may)."""
    if actor is None:
        return ""
    for permission in permissions:
        if not allowed(actor.role, permission):
            return _("Your role (%(role)s) does not allow you to %(action)s.") % {
                "role": actor.role.label, "action": describe(permission)}
    return ""


class TravelTab(QWidget):
    """The travel of one case; it reads the case again after every change on the bus."""

    def __init__(self, ops: Ops, bus: ChangeBus, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.case_id = case_id
        self.detail: TravelDetail | None = None

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.itinerary_button = QPushButton(_("Book iti&nerary…"))
        self.arrangements_button = QPushButton(_("A&ssistance && needs…"))
        self.confirm_itinerary_button = QPushButton(_("Con&firm itinerary"))
        self.confirm_departure_button = QPushButton(_("C&onfirm departure…"))
        self.notice = ErrorLabel()
        self.notice.setStyleSheet(palette.CAUTION_TEXT_STYLE)
        self.readiness = QLabel()
        self.readiness.setTextFormat(Qt.TextFormat.RichText)
        self.readiness.setWordWrap(True)

        self.documents = TravelDocumentsPanel(ops, bus)
        self.segments_model = TextTableModel([_("#"), pgettext("travel", "Mode"), _("Service"), pgettext("route", "From"), _("Departs (local)"),
                                              pgettext("route", "To"), _("Arrives (local)"), _("Booking"), _("Tickets"),
                                              _("Fare")], self)
        self.segments = compact_table(self.segments_model, give_way=(1, 2))  # the mode ("Воздушный транспорт"), the service
        self.fares = QLabel()
        self.arrangements = QLabel()
        self.arrangements.setTextFormat(Qt.TextFormat.RichText)
        self.arrangements.setWordWrap(True)

        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.itinerary_button, self.arrangements_button, self.confirm_itinerary_button,
                       self.confirm_departure_button):
            actions.addWidget(button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addWidget(_section(_("Ready to fly?"), self.readiness))
        layout.addWidget(_section(_("Travellers and travel documents"), self.documents))
        layout.addWidget(_section(_("Itinerary"), self.segments, self.fares))
        layout.addWidget(_section(_("Assistance, needs, baggage and onward travel"), self.arrangements))
        layout.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: the keyboard went there, unseen
        # The page fits the window's width (long sentences wrap); only its length scrolls.
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area)

        self.itinerary_button.clicked.connect(self.edit_itinerary)
        self.arrangements_button.clicked.connect(self.edit_arrangements)
        self.confirm_itinerary_button.clicked.connect(self.confirm_itinerary)
        self.confirm_departure_button.clicked.connect(self.confirm_departure)
        bus.data_changed.connect(self._on_bus_data_changed)
        self.reload()

    # ------------------------------------------------------------ showing

    def reload(self) -> None:
        """Read the case's travel again and show it."""
        try:
            self.detail = self._ops.read(travel.get_travel, self.case_id)
        except PermissionDeniedError as exc:
            self.detail = None
            self.status.setText(escape(exc.message))
            self.documents.set_detail(None, exc.message)
            self._update_buttons()
            return
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        detail = self.detail
        self.status.setText(_status_html(detail))
        self.readiness.setText(readiness_html(detail.readiness))
        self.documents.set_detail(detail, refusal(self._ops.actor, Permission.TRAVEL_EDIT))
        self.segments_model.set_rows(segment_rows(detail))
        fit_height(self.segments)
        totals = fare_totals(s.as_segment() for s in detail.segments)
        self.fares.setText(_("Fares: %(total)s") % {"total": ", ".join(m.format() for m in totals)}
                           if totals else "")
        self.fares.setVisible(bool(totals))
        self.arrangements.setText(arrangements_html(detail))
        self.itinerary_button.setText(_("Edit iti&nerary…") if detail.segments else _("Book iti&nerary…"))
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        detail, actor = self.detail, self._ops.actor
        edit = refusal(actor, Permission.TRAVEL_EDIT)
        stage = refusal(actor, Permission.TRAVEL_EDIT, Permission.CASE_STAGE)
        frozen = detail is None or detail.stage in (Stage.DEPARTED, Stage.REINTEGRATION, Stage.CLOSED) \
            or not detail.stage.is_open
        booked = detail is not None and bool(detail.segments)
        can_schedule = booked and Stage.DEPARTURE_SCHEDULED in allowed_moves(detail.stage)
        can_depart = booked and Stage.DEPARTED in allowed_moves(detail.stage)
        why_frozen = _("The journey of a case at this stage can no longer change.")
        for button, ok, why in (
                (self.itinerary_button, not frozen, why_frozen),
                (self.arrangements_button, not frozen, why_frozen),
                (self.confirm_itinerary_button, can_schedule, _why_not_confirm_itinerary(detail, booked)),
                (self.confirm_departure_button, can_depart, _why_not_confirm_departure(detail, booked))):
            refused = stage if button in (self.confirm_itinerary_button, self.confirm_departure_button) else edit
            button.setEnabled(ok and not refused)
            button.setToolTip(refused or ("" if ok else why))

    # ------------------------------------------------------------ actions

    def edit_itinerary(self) -> ItineraryDialog | None:
        """Open the itinerary dialog; returns it."""
        if self.detail is None:
            return None
        dialog = ItineraryDialog(self._ops, self._bus, self.detail, self)
        self._watch(dialog, self.edit_itinerary)
        dialog.open()
        return dialog

    def edit_arrangements(self) -> ArrangementsDialog | None:
        """Open the assistance and needs dialog; returns it."""
        if self.detail is None:
            return None
        dialog = ArrangementsDialog(self._ops, self._bus, self.detail, self)
        self._watch(dialog, self.edit_arrangements)
        dialog.open()
        return dialog

    def confirm_itinerary(self) -> bool:
        """Ask, then confirm the booked itinerary (the case moves to "departure scheduled")."""
        detail = self.detail
        if detail is None:
            return False
        answer = QMessageBox.question(self, _("Confirm itinerary"), _(
            "Confirm the itinerary of case %(number)s, leaving on %(date)s? The case moves to the stage "
            "“Departure scheduled”.") % {"number": detail.case_number, "date": format_date(booked_day(detail))})
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            saved = self._ops.write(travel.confirm_itinerary, detail.case_id, detail.version, changed=detail.case_id)
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        self.notice.show_message("\n".join(saved.warnings.values()))
        return True

    def confirm_departure(self) -> DepartureDialog | None:
        """Open the dialog that confirms the departure; returns it."""
        if self.detail is None:
            return None
        dialog = DepartureDialog(self._ops, self._bus, self.detail, self)
        self._watch(dialog, self.confirm_departure)
        dialog.open()
        return dialog

    def _watch(self, dialog, reopen) -> None:
        """Tell ``dialog`` when someone else changes this case's travel while it is open."""
        case_id = self.detail.case_id
        watch_record(dialog, self._ops, self._bus, case_id, self.detail.version,
                     lambda session, actor: travel.get_travel(session, actor, case_id).version, reopen)

    # ------------------------------------------------------------ slots

    def _on_bus_data_changed(self, kind: str, ids: list) -> None:
        if kind == CASES and (not ids or self.case_id in ids):
            self.reload()


def _section(title: str, *parts) -> QGroupBox:
    box = QGroupBox(title)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    layout = QVBoxLayout(box)
    for part in parts:
        if isinstance(part, QWidget):
            layout.addWidget(part)
        else:
            layout.addLayout(part)
    return box


def _status_html(detail: TravelDetail) -> str:
    if detail.departed_on is not None:
        text = _("Departed on %(date)s.") % {"date": format_date(detail.departed_on)}
    elif not detail.segments:
        text = _("No itinerary is booked yet.")
    else:
        first = detail.segments[0]
        text = _("Leaves %(when)s (local time) from %(place)s.") % {
            "when": local_time(first.departure_at, first.origin_tz), "place": first.origin}
        if detail.confirmed_at is not None:
            text += " " + _("Itinerary confirmed on %(date)s.") % {"date": format_date(detail.confirmed_at.date())}
        else:
            text += " " + _("The itinerary is not confirmed yet.")
    notes = [_("Stage: %(stage)s") % {"stage": detail.stage.label}]
    left_out = [t.name for t in detail.travellers if not t.travelling]
    if detail.segments and left_out:
        notes.append(_("Not travelling: %(names)s (%(reason)s)") % {
            "names": ", ".join(left_out), "reason": detail.split_reason or _("no reason given")})
    return f"<b>{escape(text)}</b><br><span style='color:{palette.SECONDARY}'>{escape(' · '.join(notes))}</span>"


def _why_not_confirm_itinerary(detail: TravelDetail | None, booked: bool) -> str:
    """Why "Confirm itinerary" cannot be pressed now, for the state the case is really in."""
    if not booked:
        return _("Book the itinerary first.")
    if detail.stage == Stage.DEPARTURE_SCHEDULED:
        return _("The itinerary is confirmed: the departure is scheduled.")
    return _("An itinerary is confirmed while the case is in travel preparation; this case is at “%(stage)s”.") % {
        "stage": detail.stage.label}


def _why_not_confirm_departure(detail: TravelDetail | None, booked: bool) -> str:
    """Why "Confirm departure" cannot be pressed now."""
    if not booked:
        return _("Book the itinerary first.")
    return _("A departure is confirmed once the itinerary is confirmed (departure scheduled).")
