"""The permission table: each role may do its job and nothing it does not need; nobody may do nothing."""

import pytest

from avrcase.domain.codes import StaffRole, SystemRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.services.dto import Actor
from avrcase.services.permissions import (
    ROLE_PERMISSIONS,
    SYSTEM,
    Permission,
    allowed,
    describe,
    may,
    require,
    require_account,
    require_any,
)


def _actor(role):
    return Actor(1, "someone", "Some One", role)


def test_every_role_has_an_entry_and_every_permission_a_description():
    assert set(ROLE_PERMISSIONS) == {*StaffRole, SystemRole.SYSTEM}
    for permission in Permission:
        assert describe(permission)


@pytest.mark.parametrize("role, permission", [
    (StaffRole.COUNSELLOR, Permission.CASE_EDIT),
    (StaffRole.TRAVEL_OFFICER, Permission.TRAVEL_EDIT),
    (StaffRole.FINANCE_OFFICER, Permission.ALLOWANCE_PAY),
    (StaffRole.REINTEGRATION_OFFICER, Permission.REINTEGRATION_EDIT),
    (StaffRole.MANAGER, Permission.REINTEGRATION_APPROVE),
    (StaffRole.ADMINISTRATOR, Permission.USERS_MANAGE),
])
def test_each_role_may_do_its_job(role, permission):
    require(_actor(role), permission)


@pytest.mark.parametrize("role, permission", [
    (StaffRole.MANAGER, Permission.SENSITIVE_READ),
    (StaffRole.MANAGER, Permission.COUNSELLING_READ),
    (StaffRole.FINANCE_OFFICER, Permission.COUNSELLING_READ),
    (StaffRole.ADMINISTRATOR, Permission.CASE_READ),
    (StaffRole.COUNSELLOR, Permission.ALLOWANCE_PAY),
    (StaffRole.TRAVEL_OFFICER, Permission.REINTEGRATION_APPROVE),
])
def test_a_role_is_refused_what_its_job_does_not_need(role, permission):
    assert not allowed(role, permission)
    with pytest.raises(PermissionDeniedError, match=r"Your role \(.+\) does not allow you to"):
        require(_actor(role), permission)


def test_finance_officer_is_told_in_words_what_was_refused():
    with pytest.raises(PermissionDeniedError) as info:
        require(_actor(StaffRole.FINANCE_OFFICER), Permission.CASE_EDIT)
    assert str(info.value) == "Your role (Finance officer) does not allow you to register and edit cases."


@pytest.mark.parametrize("permission", list(Permission), ids=lambda p: p.value)
def test_nobody_may_do_anything(permission):
    assert not may(None, permission)
    with pytest.raises(PermissionDeniedError, match="Nobody is signed in; sign in first."):
        require(None, permission)
    with pytest.raises(PermissionDeniedError):
        require_any(None, permission)


def test_the_system_actor_may_only_set_up_a_new_store():
    """Before anyone signs in avrcase itself saves the office profile, makes the first accounts, loads demo data."""
    assert ROLE_PERMISSIONS[SystemRole.SYSTEM] == {Permission.OFFICE_EDIT, Permission.USERS_MANAGE,
                                                   Permission.STORE_MAINTAIN}
    for permission in Permission:
        assert may(SYSTEM, permission) == (permission in ROLE_PERMISSIONS[SystemRole.SYSTEM])
    with pytest.raises(PermissionDeniedError, match=r"Your role \(System \(before sign-in\)\) does not allow you"):
        require(SYSTEM, Permission.CASE_READ)


def test_only_a_person_with_an_account_acts_on_their_own_account():
    assert require_account(_actor(StaffRole.COUNSELLOR)).username == "someone"
    for nobody in (None, SYSTEM):
        with pytest.raises(PermissionDeniedError):
            require_account(nobody)
