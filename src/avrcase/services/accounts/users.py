"""Staff accounts: who acts, and the pickers that name them. Passwords and sign-in: ``services.accounts``."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import NotFoundError, ValidationError
from avrcase.i18n import _
from avrcase.services.dto import Actor, UserRow
from avrcase.services.permissions import Permission, require, require_actor
from avrcase.store.models import User

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, StaffRole(user.role))


def _row(user: User) -> UserRow:
    return UserRow(user.id, user.username, user.display_name, StaffRole(user.role), user.active, user.last_sign_in_at)


#: The longest name shown for a person (listings, documents and the audit trail show it in full).
MAX_DISPLAY_NAME = 120


def add_user(session: Session, actor: Actor | None, username: str, display_name: str, role: StaffRole) -> UserRow:
    """Create a staff account (without a password: see ``accounts.add_account``); user names are unique."""
    require(actor, Permission.USERS_MANAGE)
    username = username.strip().lower()
    errors = {}
    if not _USERNAME.match(username):
        errors["username"] = _("A user name starts with a letter and has 2 to 64 lower-case letters, digits, dots or dashes.")
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = _("The user name “%(name)s” is taken.") % {"name": username}
    if not display_name.strip():
        errors["display_name"] = _("Please enter the person's name.")
    elif len(display_name.strip()) > MAX_DISPLAY_NAME:
        errors["display_name"] = _("A name has at most %(max)d characters.") % {"max": MAX_DISPLAY_NAME}
    elif any(unicodedata.category(c) in ("Cc", "Cs") for c in display_name.strip()):
        errors["display_name"] = _("A name cannot hold control characters (escape, bell, line breaks, tabs).")
    if errors:
        raise ValidationError(errors)
    user = User(username=username, display_name=display_name.strip(), role=role.value, active=True)
    session.add(user)
    session.flush()
    return _row(user)


def get_actor(session: Session, username: str) -> Actor:
    """The active account with this user name."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        raise NotFoundError(_("There is no active user “%(name)s”.") % {"name": username})
    return _actor(user)


def actor_by_id(session: Session, user_id: int) -> Actor:
    """The account with this id."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(_("There is no such user."))
    return _actor(user)


def list_users(session: Session, actor: Actor | None = None, *, role: StaffRole | None = None,
               active_only: bool = True) -> list[UserRow]:
    """Staff accounts sorted by name, optionally of one role (names only: open to every signed-in user)."""
    require_actor(actor)
    stmt = select(User).order_by(User.display_name)
    if role is not None:
        stmt = stmt.where(User.role == role.value)
    if active_only:
        stmt = stmt.where(User.active.is_(True))
    return [_row(u) for u in session.scalars(stmt)]
