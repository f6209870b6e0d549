"""Buttons a role may not use are disabled, and their tooltip says which permission is missing.

The services refuse such calls anyway (``services.permissions.require``); this only spares a person a
button that can only say no.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton

from avrcase.i18n import _
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, allowed, describe

#: Where a button keeps the tooltip it has while it may be used.
_TIP = "avrcase_tip"


def may(actor: Actor | None, permission: Permission) -> bool:
    """Whether the acting user's role grants ``permission`` (nobody signed in may do nothing)."""
    return actor is not None and allowed(actor.role, permission)


def refusal(actor: Actor | None, permission: Permission) -> str:
    """Why ``actor`` may not do ``permission``, in the words the service would use; ``""`` when they may."""
    if may(actor, permission):
        return ""
    if actor is None:
        return _("Nobody is signed in; sign in first.")
    return _("Your role (%(role)s) does not allow you to %(action)s.") % {
        "role": actor.role.label, "action": describe(permission)}


def gate(button: QAbstractButton, actor: Actor | None, permission: Permission, *, applicable: bool = True,
         why_not: str = "") -> None:
    """Enable ``button`` when the role permits and the action applies; the tooltip says why it is off."""
    if button.property(_TIP) is None:
        button.setProperty(_TIP, button.toolTip())
    no = refusal(actor, permission)
    button.setEnabled(not no and applicable)
    button.setToolTip(no or (why_not if not applicable else "") or button.property(_TIP))
