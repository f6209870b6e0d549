"""Shared by the permission-table tests: one store with an account per role, and the check of one call."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.services.accounts import users
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store


def role_store(directory):
    """A store in ``directory`` with one account per role; returns ``(engine, {role: actor})``."""
    engine = open_store(f"sqlite:///{directory / 'store.sqlite'}")
    with unit_of_work(engine) as session:
        actors = {role: users.actor_by_id(session, users.add_user(session, None, role.value.replace("_", "-"),
                                                                  role.label, role).id) for role in StaffRole}
    return engine, actors


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
    if may:
        assert not isinstance(raised.value, PermissionDeniedError), f"{name} refused {actor.role.value}: {raised.value}"
    else:
        assert isinstance(raised.value, PermissionDeniedError), f"{name} let {actor.role.value} through ({raised.value!r})"
        assert actor.role.label in str(raised.value)
