"""The case file's "Subject access report…" button: ask where, then write the report as PDF or JSON.

Only roles that hold the case (``export.records``) get an enabled button; the service checks again
and puts the report on the audit trail as an export.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.services.data_protection import subject_access
from avrcase.services.permissions import Permission
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.save_location import suggested_path
from avrcase.ui.widgets import file_dialogs


def subject_access_button(view: QWidget, ops: Ops) -> QPushButton:
    """A button that writes the subject access report of ``view.case``'s principal applicant."""
    button = QPushButton(_("Su&bject access report…"))
    button.setObjectName("subject_access_button")
    button.setToolTip(_("Everything held about the person, as PDF or JSON, for their request for their data"))
    button.setEnabled(ops.may(Permission.EXPORT_RECORDS))
    button.clicked.connect(lambda _checked=False: choose_and_write(view, ops))
    return button


def choose_and_write(view: QWidget, ops: Ops) -> Path | None:
    """Ask for a .pdf or .json file and write the report there; say where it went."""
    case = getattr(view, "case", None)
    if case is None:
        return None
    path, _filter = file_dialogs.save_file_name(
        view, _("Subject access report"), suggested_path(f"{case.case_number}-subject-access.pdf"), _("PDF (*.pdf);;JSON (*.json)"))
    if not path:
        return None
    target = Path(path)
    try:
        report = ops.read(subject_access.write_report, case.case_number, target)
    except AvrcaseError as error:
        show_error(view, error)
        return None
    QMessageBox.information(view, _("Subject access report"), _("The report for %(name)s was written to %(path)s.")
                            % {"name": report.person_name, "path": target})
    return target
