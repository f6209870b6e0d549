"""The household members of a case: a list to add, pick and remove members, and the picked one's fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.codes import Relationship
from avrcase.domain.capitals import capitals
from avrcase.i18n import _
from avrcase.services.dto import MemberDetail, MemberForm, PersonForm
from avrcase.ui import palette
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.date_edit import set_today
from avrcase.ui.widgets.dialog_buttons import ask
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors, errors_by_index
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.person_fields import PersonFields
from avrcase.ui.widgets.vulnerabilities_edit import VulnerabilitiesEdit
from avrcase.ui.widgets.title_label import make_room_for_marks

_INVALID = QBrush(QColor(palette.ERROR))


class MemberPage(QWidget):
    """One member: relationship to the principal applicant and every personal field."""

    def __init__(self, person_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.person_id = person_id
        self.errors = FieldErrors()
        self.relationship = VocabularyCombo(
            Relationship, empty_text="—", members=[r for r in Relationship if r != Relationship.PRINCIPAL])
        top = FieldGrid(self.errors)
        top.add(_("Relationship to the principal applicant:"), self.relationship, "relationship")
        self.person = PersonFields(self.errors)
        #: This member's own vulnerabilities (the principal applicant's are on the case's own tab).
        self.vulnerabilities = VulnerabilitiesEdit(self.errors)
        vulnerable = QGroupBox(_("Vulnerabilities of this person (tick all that apply)"))
        QVBoxLayout(vulnerable).addWidget(self.vulnerabilities)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.person)
        layout.addWidget(vulnerable)
        layout.addStretch(1)

    def title(self) -> str:
        """How the member is listed: name, then relationship."""
        name = " ".join(p for p in (capitals(self.person.family_name.text().strip(), self.person.citizenship.code()),
                                    self.person.given_names.text().strip()) if p) or _("(no name yet)")
        relationship = self.relationship.value()
        if relationship is None:
            return name
        return _("%(name)s — %(relationship)s") % {"name": name, "relationship": relationship.label}

    def spoken_name(self) -> str:
        """The member's name as a question says it, given names first ("Olena HNATIUK"); empty while none."""
        return " ".join(p for p in (self.person.given_names.text().strip(),
                                    capitals(self.person.family_name.text().strip(), self.person.citizenship.code()))
                        if p)

    def input_errors(self) -> dict[str, str]:
        """Problems the domain never sees, keyed without the member's index."""
        errors = self.person.input_errors()
        if self.relationship.value() is None:
            errors["relationship"] = _("Please choose how this person is related to the principal applicant.")
        return errors

    def form(self) -> MemberForm:
        """The member as entered (relationship ``Other`` stands in while none is chosen)."""
        return MemberForm(self.person.form(), self.relationship.value() or Relationship.OTHER, self.person_id,
                          self.vulnerabilities.forms())


class HouseholdEdit(QWidget):
    """Members besides the principal applicant; error paths are ``members.N.field`` as the domain names them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        #: The office's day, for the empty date fields of the member pages (``date_edit.set_today``).
        self.today: dt.date | None = None
        #: Called for the details a new member starts with (citizenship and address of the principal).
        self.prefill: Callable[[], PersonForm | None] = lambda: None
        self.list = QListWidget()
        # The list sits above the member's fields, which need the whole width of a laptop screen.
        self.list.setFixedHeight(self.list.fontMetrics().height() * 5 + 8)
        self.pages = QStackedWidget()
        self.empty_hint = QLabel(_("Only the principal applicant so far. Use “Add member” for each other person "
                                   "returning with them."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.pages.addWidget(self.empty_hint)
        self.principal_label = QLabel()
        self.principal_label.setTextFormat(Qt.TextFormat.PlainText)
        make_room_for_marks(self.principal_label)  # the name's capitals keep their marks (NGUYỄN)
        self.set_principal_name("")
        self.add_button = QPushButton(_("&Add member"))
        self.remove_button = QPushButton(_("&Remove member"))
        self.error = ErrorLabel()
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.principal_label)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.pages, 1)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self._update_buttons()

    # ------------------------------------------------------------ members

    def set_principal_name(self, name: str) -> None:
        """Say who the members relate to (the principal applicant is edited on their own tab)."""
        self.principal_label.setText(
            _("Returning with the principal applicant %(name)s:") % {"name": name or _("(no name yet)")})

    def member_pages(self) -> list[MemberPage]:
        """The member pages in household order."""
        return [self.pages.widget(i + 1) for i in range(self.list.count())]

    def add_member(self, person: PersonForm | MemberDetail | None = None,
                   relationship: Relationship | None = None, person_id: int | None = None) -> MemberPage:
        """Append a member (empty, or filled from a form) and show it."""
        page = MemberPage(person_id)
        if self.today is not None:
            set_today(page, self.today)
        if person is not None:
            page.person.load(person)
        if relationship is not None:
            page.relationship.set_code(relationship.value)
        self.pages.addWidget(page)
        self.list.addItem(page.title())
        for signal in (page.person.family_name.textChanged, page.person.given_names.textChanged,
                       page.relationship.currentIndexChanged):
            signal.connect(self._refresh_titles)
        self.list.setCurrentRow(self.list.count() - 1)
        self._update_buttons()
        return page

    def remove_member(self, index: int) -> None:
        """Drop the member at ``index`` (counted from 0, principal not included)."""
        page = self.member_pages()[index]
        self.list.takeItem(index)
        self.pages.removeWidget(page)
        page.deleteLater()
        self._on_list_current_row_changed(self.list.currentRow())
        self._update_buttons()

    def load(self, members: Sequence[MemberDetail]) -> None:
        """Show stored members (the principal applicant excluded)."""
        for index in reversed(range(self.list.count())):
            self.remove_member(index)
        for member in members:
            self.add_member(member.person, Relationship(member.relationship), member.person.id)
        if members:
            self.list.setCurrentRow(0)

    def forms(self) -> tuple[MemberForm, ...]:
        """The members as entered, in order."""
        return tuple(page.form() for page in self.member_pages())

    def input_errors(self) -> dict[str, str]:
        """Problems the domain never sees, as ``members.N.field`` paths."""
        return {f"members.{i}.{key}": message
                for i, page in enumerate(self.member_pages()) for key, message in page.input_errors().items()}

    # ------------------------------------------------------------ errors

    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Show ``members…`` messages on their members; mark members with problems red; return the rest."""
        rows, others = errors_by_index(errors, "members")
        self.error.show_message(others.pop("members", ""))
        for index, page in enumerate(self.member_pages()):
            left = page.errors.show(rows.get(index, {}))
            others.update({f"members.{index}.{key}": message for key, message in left.items()})
            item = self.list.item(index)
            item.setForeground(_INVALID if index in rows else QBrush())
        return others

    def first_invalid(self) -> QWidget | None:
        """The first field with a message, after showing its member."""
        if self.error.message:
            return self.add_button
        for index, page in enumerate(self.member_pages()):
            field = page.errors.first_invalid()
            if field is not None:
                self.list.setCurrentRow(index)
                return field
        return None

    # ------------------------------------------------------------ slots

    def _on_add_button_clicked(self) -> None:
        page = self.add_member(self.prefill())
        page.person.sex.set_code("")  # never guess a person's sex from the principal's
        page.relationship.setFocus()

    def _on_remove_button_clicked(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        # What was typed for the member goes with them and the dialog has no undo: ask, No by default.
        name = self.member_pages()[row].spoken_name()
        question = (_("Remove %(name)s from this household?") % {"name": name} if name
                    else _("Remove this person (no name yet) from this household?"))
        if not ask(self, _("Remove member"), question):
            return
        self.remove_member(row)
        # The keyboard was in the removed page: Qt gave it to the next member's fields (a birthday, selected).
        (self.list if self.list.count() else self.add_button).setFocus()

    def _on_list_current_row_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row + 1 if row >= 0 else 0)
        self._update_buttons()

    def _refresh_titles(self) -> None:
        for index, page in enumerate(self.member_pages()):
            self.list.item(index).setText(page.title())

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.list.currentRow() >= 0)
