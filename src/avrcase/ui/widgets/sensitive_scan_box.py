""""Holds health or other sensitive data": the box beside **Attach signed copy…**, its default set by the role.

Ticked for everyone, it hid a finance officer's own receipt from them once attached (their role may not open a
sensitive scan). Now it is ticked for the roles that may read sensitive data (what they scan may well be a medical
certificate) and unticked for the others, whose scans are tickets and receipts; its tooltip says what ticking does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from avrcase.i18n import _


class SensitiveScanBox(QCheckBox):
    """Whether the next scan holds sensitive data; ``reset()`` puts back the role's default after an attachment."""

    def __init__(self, may_read_sensitive: bool, parent: QWidget | None = None):
        super().__init__(_("Holds &health or other sensitive data"), parent)
        self.default = may_read_sensitive
        self.setToolTip(_("Only roles that may see medical details open a sensitive attachment.") if may_read_sensitive
                        else _("Tick it only for a medical certificate or other health data: a sensitive attachment "
                               "opens only for roles that may see medical details, and yours may not, so you will "
                               "not be able to open it afterwards."))
        self.reset()

    def reset(self) -> None:
        """Ticked for a role that may read sensitive data, unticked for any other."""
        self.setChecked(self.default)
