"""Shared by the permission-table tests: one store with an account per role, and the check of one call."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.services.accounts import users
from avrcase.services.permissions import ROLE_PERMISSIONS, SYSTEM, allowed
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store


#: Everyone the permission tests try: every role of the table (staff and ``SYSTEM``), and nobody (``None``).
ACTING = [*ROLE_PERMISSIONS, None]


def acting_id(role) -> str:
    """Test id of a role, or ``nobody``."""
    return role.value if role is not None else "nobody"


def may(role, permission) -> bool:
    """What the table says: nobody may do nothing."""
    return role is not None and allowed(role, permission)


def role_store(directory):
    """A store in ``directory`` with one account per staff role, plus ``SYSTEM`` and ``None`` (nobody);
    returns ``(engine, {role: actor})``."""
    engine = open_store(f"sqlite:///{directory / 'store.sqlite'}")
    with unit_of_work(engine) as session:
        actors = {role: users.actor_by_id(session, users.add_user(session, SYSTEM, role.value.replace("_", "-"),
                                                                  role.label, role).id) for role in StaffRole}
    return engine, {**actors, SYSTEM.role: SYSTEM, None: None}


class _Rollback(Exception):
    pass


def check_call(engine, actor, name: str, may: bool, call: Callable) -> None:
    """Run ``call(session, actor)`` and roll back: refused exactly when ``may`` is false.

    A refused call raises ``PermissionDeniedError`` naming the role, before it looks at its (dummy)
    arguments; an allowed call may fail for other reasons, never for permission.
    """
    with pytest.raises(Exception) as raised, unit_of_work(engine) as session:
        call(session, actor)
        raise _Rollback  # an allowed call that worked changes nothing
    who = actor.role.value if actor is not None else "nobody"
    if may:
        assert not isinstance(raised.value, PermissionDeniedError), f"{name} refused {who}: {raised.value}"
    else:
        assert isinstance(raised.value, PermissionDeniedError), f"{name} let {who} through ({raised.value!r})"
        if actor is None:
            assert "sign in" in str(raised.value)
        else:
            assert actor.role.label in str(raised.value)
