"""Helpers for the finance tests: amounts in euro and a project with rates, caps and budget lines."""

from __future__ import annotations

import datetime as dt

from avrcase.domain.finance_codes import LineKind
from avrcase.domain.money import Money
from avrcase.services.cases import case_file
from avrcase.services.cases import stages as case_stages
from avrcase.services.finance import projects
from avrcase.services.finance.dto import BudgetLineForm, ProjectForm
from avrcase.services.uow import unit_of_work


def eur(amount: str | int) -> Money:
    """An amount in euro."""
    return Money(str(amount), "EUR")


def project_form(**overrides) -> ProjectForm:
    """Return Home: 500 per adult, 250 per child, 200 per vulnerable person, cap 1,500; plans up to 2,000
    per person and 5,000 per household; 10,000 for allowances and 50,000 for reintegration."""
    values = dict(
        name="Return Home", currency="EUR", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2027, 12, 31),
        funder="Asylum, Migration and Integration Fund", per_adult=eur(500), per_child=eur(250),
        per_vulnerable=eur(200), household_cap=eur(1500), reintegration_per_person=eur(2000),
        reintegration_per_household=eur(5000),
        lines=(BudgetLineForm(LineKind.ALLOWANCE, "Reinstallation allowances", eur(10000)),
               BudgetLineForm(LineKind.REINTEGRATION, "Reintegration assistance", eur(50000))),
    )
    values.update(overrides)
    return ProjectForm(**values)


def make_project(engine, manager, **overrides):
    """Create a project (as ``manager``) and return its ``ProjectDetail``."""
    with unit_of_work(engine) as session:
        return projects.create_project(session, manager, project_form(**overrides))


def assign(engine, actor, case_id: int, project_id: int) -> None:
    """Make the case a member of the project."""
    with unit_of_work(engine) as session:
        projects.assign_case(session, actor, case_id, project_id)


PATH_TO_DEPARTED = ("counselling", "application_signed", "eligibility_approved", "travel_preparation",
                    "departure_scheduled", "departed")


def walk_to_departed(engine, actor, case_id: int) -> None:
    """Move a case through the stages up to "departed" (``actor`` needs CASE_STAGE)."""
    from avrcase.domain.stages import Stage, StageMove

    with unit_of_work(engine) as session:
        version = case_file.get_case(session, actor, case_id).version
        for stage in PATH_TO_DEPARTED:
            version = case_stages.change_stage(session, actor, case_id, version, StageMove(Stage(stage), "test")).version
