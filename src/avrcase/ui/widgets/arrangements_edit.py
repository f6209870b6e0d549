"""Inputs for the arrangements around an itinerary: assistance requests, and each traveller's needs.

Error paths are the domain's (``assistance.N.field``, ``needs.N.traveller``), so a message from
``arrangement_errors`` lands beside its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.travel import (
    Assistance,
    AssistanceKind,
    MedicalNeed,
    TravellerNeeds,
    WheelchairCode,
)
from avrcase.i18n import _
from avrcase.ui.widgets.check_list import VocabularyCheckList
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.date_edit import OptionalDateEdit
from avrcase.ui.widgets.error_label import FieldErrors, errors_by_index
from avrcase.ui.widgets.field_grid import FieldGrid


class AssistanceRowEdit(QFrame):
    """One request: what kind, where, which office, when notified and confirmed, and the escort's name."""

    removed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.errors = FieldErrors()
        self.kind = VocabularyCombo(AssistanceKind)
        # Wide enough for the longest kind ("Reception assistance on arrival" was cut off).
        self.kind.setMinimumContentsLength(max(len(kind.label) for kind in AssistanceKind))
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("Airport code or place, e.g. IST"))
        self.office = QLineEdit()
        self.office.setPlaceholderText(_("e.g. IOM Istanbul"))
        self.notified_on = OptionalDateEdit()
        self.confirmed_on = OptionalDateEdit()
        self.escort_name = QLineEdit()
        self.escort_name.setPlaceholderText(_("Name of the escort"))
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip(_("Remove this request"))
        grid = FieldGrid(self.errors, columns=3)
        grid.add(_("Assistance:"), self.kind, "kind")
        grid.add(_("Where:"), self.place, "place")
        grid.add(_("Office:"), self.office, "office")
        grid.add(_("Requested on:"), self.notified_on, "notified_on")
        grid.add(_("Confirmed on:"), self.confirmed_on, "confirmed_on")
        grid.add(_("Escort:"), self.escort_name, "escort_name")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 2, 4)
        layout.addLayout(grid, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self._on_kind_current_index_changed()

    def assistance(self) -> Assistance:
        """The request as entered."""
        kind = self.kind.value()
        return Assistance(kind, self.place.text().strip().upper() if len(self.place.text().strip()) == 3
                          else self.place.text().strip(), self.office.text().strip(), self.notified_on.date(),
                          self.confirmed_on.date(), self.escort_name.text().strip() if kind.is_escort else "")

    def set_assistance(self, item: Assistance) -> None:
        """Show ``item``."""
        self.kind.set_code(item.kind.value)
        self.place.setText(item.place)
        self.office.setText(item.office)
        self.notified_on.set_date(item.notified_on)
        self.confirmed_on.set_date(item.confirmed_on)
        self.escort_name.setText(item.escort_name)

    def _on_remove_button_clicked(self) -> None:
        self.removed.emit(self)

    def _on_kind_current_index_changed(self, *_args) -> None:
        self.escort_name.setEnabled(bool(self.kind.value() and self.kind.value().is_escort))


class AssistanceEdit(QWidget):
    """Every assistance request of the itinerary; ``add_expected`` fills in the usual ones."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[AssistanceRowEdit] = []
        self.add_button = QPushButton(_("Add &request"))
        self.add_expected_button = QPushButton(_("Add the &usual requests"))
        self.add_expected_button.setToolTip(_("Departure assistance at the first airport, transit at each "
                                              "connection and reception on arrival, as far as not listed yet"))
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.add_expected_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add_row().kind.setFocus())

    def add_row(self, item: Assistance | None = None) -> AssistanceRowEdit:
        """Append a request (empty, or showing ``item``) and return its row."""
        row = AssistanceRowEdit()
        if item is not None:
            row.set_assistance(item)
        row.removed.connect(self.remove_row)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        return row

    def remove_row(self, row: AssistanceRowEdit) -> None:
        """Drop a request."""
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.deleteLater()
        self.add_button.setFocus()

    def add_expected(self, expected: Sequence[tuple[AssistanceKind, str]]) -> int:
        """Add a row for each (kind, place) not requested yet; return how many were added."""
        present = {(row.kind.value(), row.place.text().strip().upper()) for row in self.rows}
        added = 0
        for kind, place in expected:
            if (kind, place) not in present:
                self.add_row(Assistance(kind, place))
                added += 1
        return added

    def values(self) -> tuple[Assistance, ...]:
        """Every request, in the order listed."""
        return tuple(row.assistance() for row in self.rows)

    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Show ``assistance.N.field`` messages on their rows; return the others."""
        return _show_rows(self.rows, errors, "assistance")


class NeedsRowEdit(QWidget):
    """What one traveller needs: a wheelchair service code and medical needs."""

    def __init__(self, key: int, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.errors = FieldErrors()
        self.wheelchair = VocabularyCombo(WheelchairCode, empty_text=_("No wheelchair"))
        self.wheelchair.setMinimumContentsLength(24)
        self.medical = VocabularyCheckList(MedicalNeed, columns=4)
        self.fit_to_travel_on = OptionalDateEdit()
        self.fit_to_travel_on.setToolTip(_("The day the fit-to-travel (MEDIF) certificate was issued"))
        self.name_label = QLabel(f"<b>{escape(name)}</b>")
        grid = FieldGrid(self.errors, columns=2)
        grid.add(_("Wheelchair:"), self.wheelchair, "wheelchair")
        grid.add(_("Fit to travel since:"), self.fit_to_travel_on, "fit_to_travel_on")
        grid.add(_("Medical needs:"), self.medical, "traveller", span=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name_label)
        layout.addLayout(grid)

    def needs(self) -> TravellerNeeds:
        """The needs as entered."""
        return TravellerNeeds(self.key, self.wheelchair.value(), frozenset(self.medical.values()))

    def set_needs(self, needs: TravellerNeeds, fit_to_travel_on: dt.date | None = None) -> None:
        """Show ``needs`` and the day of the fit-to-travel certificate."""
        self.wheelchair.set_code(needs.wheelchair.value if needs.wheelchair else "")
        self.medical.set_values(needs.medical)
        self.fit_to_travel_on.set_date(fit_to_travel_on)


class NeedsEdit(QWidget):
    """The needs of every traveller, one block each; ``values`` leaves out those who need nothing."""

    def __init__(self, travellers: Sequence[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = [NeedsRowEdit(key, name) for key, name in travellers]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for row in self.rows:
            layout.addWidget(row)

    def set_values(self, needs: Sequence[TravellerNeeds], certificates: Mapping[int, dt.date] | None = None) -> None:
        """Show the needs listed (by traveller key) and certificate days; everyone else needs nothing."""
        by_key = {n.traveller: n for n in needs}
        for row in self.rows:
            row.set_needs(by_key.get(row.key, TravellerNeeds(row.key)), (certificates or {}).get(row.key))

    def certificates(self) -> dict[int, dt.date]:
        """The day of each fit-to-travel certificate entered, by traveller key."""
        return {row.key: day for row in self.rows if (day := row.fit_to_travel_on.date()) is not None}

    def values(self) -> tuple[TravellerNeeds, ...]:
        """The needs of the travellers who need something."""
        return tuple(n for row in self.rows if (n := row.needs()).wheelchair or n.medical)

    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Show ``needs.N.field`` messages (N counts the travellers who need something); return the others."""
        listed = [row for row in self.rows if row.needs().wheelchair or row.needs().medical]
        left = _show_rows(listed, errors, "needs", clear=self.rows)
        for row in self.rows:
            message = left.pop(f"fit_to_travel_on.{row.key}", "")
            row.errors.label("fit_to_travel_on").show_message(message)
        return left


def _show_rows(rows, errors: Mapping[str, str], prefix: str, clear=None) -> dict[str, str]:
    by_row, others = errors_by_index(errors, prefix)
    for row in clear if clear is not None else rows:
        row.errors.clear()
    for index, row in enumerate(rows):
        left = row.errors.show(by_row.pop(index, {}))
        others.update({f"{prefix}.{index}.{key}": message for key, message in left.items()})
    for index, messages in by_row.items():
        others.update({f"{prefix}.{index}.{key}": message for key, message in messages.items()})
    return others
