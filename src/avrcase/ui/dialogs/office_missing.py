"""Why no document can be issued while the office profile names no organisation, asked before the type is.

A fresh store has no office profile: its papers would print "programme ()" and a data controller that is
nobody. The message says who fills it in and where (File › Office profile, an administrator's menu: no role
that issues documents may edit the profile, so there is no button to it here).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from avrcase.domain.errors import ValidationError
from avrcase.i18n import _
from avrcase.services.dto import OfficeProfileDetail
from avrcase.services.office import check_office_named


def refuse_unnamed_office(parent: QWidget, profile: OfficeProfileDetail) -> bool:
    """True once the person was told that the office profile must be filled in first; False when it names one."""
    try:
        check_office_named(profile)
    except ValidationError as exc:
        QMessageBox.information(parent, _("avrcase"), exc.message)
        return True
    return False
