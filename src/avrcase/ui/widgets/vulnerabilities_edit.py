"""Vulnerabilities of a case: tick each that applies and note the details beside it."""

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


def by_code(errors: Mapping[str, str], forms: Sequence[VulnerabilityForm]) -> dict[str, str]:
    """Rename the domain's ``vulnerabilities.N`` (position in the form) to ``vulnerabilities.<code>``."""
    renamed: dict[str, str] = {}
    for path, message in errors.items():
        head, _dot, index = path.partition(".")
        if head == "vulnerabilities" and index.isdigit() and int(index) < len(forms):
            path = f"vulnerabilities.{forms[int(index)].code.value}"
        renamed[path] = message
    return renamed
