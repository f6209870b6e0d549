"""Vulnerabilities of one person: tick each that applies and note the details beside it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QWidget

from avrcase.domain.codes import Vulnerability
from avrcase.i18n import _
from avrcase.services.dto import VulnerabilityDetail, VulnerabilityForm
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors


class VulnerabilitiesEdit(QWidget):
    """A check box and a details line per vulnerability; errors are registered as ``vulnerabilities.<code>``."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None):
        super().__init__(parent)
        self.boxes: dict[Vulnerability, QCheckBox] = {}
        self.details: dict[Vulnerability, QLineEdit] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setColumnStretch(1, 1)
        self.error = errors.add("vulnerabilities", ErrorLabel())
        layout.addWidget(self.error, 0, 0, 1, 2)
        for index, code in enumerate(Vulnerability):
            box = QCheckBox(code.label)
            details = QLineEdit()
            details.setPlaceholderText(_("Details: what the person needs, who confirmed it"))
            details.setEnabled(False)
            box.toggled.connect(details.setEnabled)
            label = errors.add(f"vulnerabilities.{code.value}", ErrorLabel(), box)
            row = 1 + index * 2
            layout.addWidget(box, row, 0)
            layout.addWidget(details, row, 1)
            layout.addWidget(label, row + 1, 0, 1, 2)
            self.boxes[code] = box
            self.details[code] = details

    def forms(self) -> tuple[VulnerabilityForm, ...]:
        """The ticked vulnerabilities with their details, in the vocabulary's order."""
        return tuple(VulnerabilityForm(code, self.details[code].text().strip())
                     for code, box in self.boxes.items() if box.isChecked())

    def load(self, vulnerabilities: Iterable[VulnerabilityDetail]) -> None:
        """Tick the stored vulnerabilities and show their details."""
        stored = {Vulnerability(v.code): v.details for v in vulnerabilities}
        for code, box in self.boxes.items():
            box.setChecked(code in stored)
            self.details[code].setText(stored.get(code, ""))


def by_code(errors: Mapping[str, str], forms: Sequence[VulnerabilityForm],
            members: Sequence[Sequence[VulnerabilityForm]] = ()) -> dict[str, str]:
    """Rename the domain's ``vulnerabilities.N`` (position in the form) to ``vulnerabilities.<code>``, and
    ``members.M.vulnerabilities.N`` likewise with ``members[M]`` (each member's own vulnerabilities)."""
    renamed: dict[str, str] = {}
    for path, message in errors.items():
        parts = path.split(".")
        if len(parts) == 2 and parts[0] == "vulnerabilities" and parts[1].isdigit() and int(parts[1]) < len(forms):
            path = f"vulnerabilities.{forms[int(parts[1])].code.value}"
        elif (len(parts) == 4 and parts[0] == "members" and parts[2] == "vulnerabilities" and parts[1].isdigit()
              and parts[3].isdigit() and int(parts[1]) < len(members) and int(parts[3]) < len(members[int(parts[1])])):
            path = f"members.{parts[1]}.vulnerabilities.{members[int(parts[1])][int(parts[3])].code.value}"
        renamed[path] = message
    return renamed
