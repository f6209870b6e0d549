"""Fixtures of the allowance, reintegration and work-list screen tests: staff of each role, a household
in a project, a departed returnee. Import the ones a test module uses (pytest finds imported fixtures)."""

from __future__ import annotations

import pytest

from avrcase.domain.codes import StaffRole, Vulnerability
from avrcase.domain.forms import VulnerabilityForm
from tests.support.finance import assign, make_project, walk_to_departed


@pytest.fixture
def manager(actor_as):
    """A manager (approves overrides and plans, manages projects)."""
    return actor_as(StaffRole.MANAGER)


@pytest.fixture
def officer(actor_as):
    """A reintegration officer."""
    return actor_as(StaffRole.REINTEGRATION_OFFICER)


@pytest.fixture
def project(engine, manager):
    """Return Home: €500 per adult, €250 per child, €200 per vulnerable person; plans up to €2,000 a person."""
    return make_project(engine, manager)


@pytest.fixture
def household(engine, make_case, manager, project):
    """A mother with two children and one vulnerability in Return Home: entitled to €1,200.00."""
    case = make_case(members=2, vulnerabilities=(VulnerabilityForm(Vulnerability.SINGLE_PARENT_OR_LARGE_FAMILY, ""),))
    assign(engine, manager, case.id, project.id)
    return case


@pytest.fixture
def returnee(engine, make_case, manager, actor, project):
    """A departed individual in Return Home."""
    case = make_case()
    assign(engine, manager, case.id, project.id)
    walk_to_departed(engine, actor, case.id)
    return case
