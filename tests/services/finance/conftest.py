"""The finance tests' actors: a finance officer pays, a manager sets up projects and budgets."""

import pytest

from avrcase.domain.codes import StaffRole


@pytest.fixture
def finance(actor_as):
    return actor_as(StaffRole.FINANCE_OFFICER)


@pytest.fixture
def manager(actor_as):
    return actor_as(StaffRole.MANAGER)
