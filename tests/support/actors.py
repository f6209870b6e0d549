"""Actors for tests of services that only look at the role: a member of staff without an account."""

from __future__ import annotations

from avrcase.domain.codes import StaffRole
from avrcase.services.dto import Actor


def staff(role: StaffRole) -> Actor:
    """Someone in ``role`` acting without a stored account (the audit trail names them by user name only)."""
    return Actor(None, role.value.replace("_", "-"), f"Test {role.label}", role)


#: Reads statistics and anonymised exports.
MANAGER = staff(StaffRole.MANAGER)
#: Reads case files and lists.
COUNSELLOR = staff(StaffRole.COUNSELLOR)
