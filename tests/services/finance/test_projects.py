"""Projects: rates, caps and budget lines are saved and read back; names unique; stale saves conflict."""

from __future__ import annotations

import dataclasses

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from avrcase.domain.finance_codes import LineKind
from avrcase.services.finance import projects
from avrcase.services.finance.dto import BudgetLineForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case
from tests.support.clock import FIXED_TODAY
from tests.support.finance import eur, make_project


def test_a_project_keeps_its_rates_caps_and_lines_exactly(engine, actor_as):
    manager = actor_as(StaffRole.MANAGER)
    made = make_project(engine, manager, per_child=eur("249.99"))
    with unit_of_work(engine, write=False) as session:
        detail = projects.get_project(session, actor_as(StaffRole.FINANCE_OFFICER), made.id)
        listed = projects.list_projects(session, manager)
    assert detail.form.per_child == eur("249.99")
    assert detail.form.household_cap == eur(1500)
    assert [(line.kind, line.name, line.amount) for line in detail.lines] == [
        (LineKind.ALLOWANCE, "Reinstallation allowances", eur(10000)),
        (LineKind.REINTEGRATION, "Reintegration assistance", eur(50000))]
    assert all(line.remaining == line.amount for line in detail.lines)
    assert [row.name for row in listed] == ["Return Home"]


def test_names_are_unique_and_amounts_in_the_project_currency(engine, actor_as):
    manager = actor_as(StaffRole.MANAGER)
    make_project(engine, manager)
    with pytest.raises(ValidationError) as same_name:
        make_project(engine, manager, name=" Return Home ")
    assert "already called" in same_name.value.errors["name"]
    with pytest.raises(ValidationError) as wrong_currency:
        make_project(engine, manager, name="Other", lines=(BudgetLineForm(LineKind.ALLOWANCE, "A", eur(1)),),
                     currency="USD", per_adult=eur(1), per_child=eur(1), per_vulnerable=eur(1), household_cap=None,
                     reintegration_per_person=None, reintegration_per_household=None)
    assert "USD" in str(wrong_currency.value)


def test_a_stale_save_is_a_conflict(engine, actor_as):
    manager = actor_as(StaffRole.MANAGER)
    made = make_project(engine, manager)
    with unit_of_work(engine) as session:
        projects.update_project(session, manager, made.id, made.version,
                                dataclasses.replace(made.form, funder="European Union"))
    with pytest.raises(ConflictError), unit_of_work(engine) as session:
        projects.update_project(session, manager, made.id, made.version, made.form)
    with unit_of_work(engine, write=False) as session:
        assert projects.get_project(session, manager, made.id).form.funder == "European Union"


def test_assigning_a_case_sets_its_project_label(engine, actor_as, make_case):
    manager = actor_as(StaffRole.MANAGER)
    made = make_project(engine, manager)
    case = make_case()
    with unit_of_work(engine) as session:
        projects.assign_case(session, manager, case.id, made.id)
    with unit_of_work(engine, write=False) as session:
        assert projects.case_project_id(session, case.id) == made.id
        assert session.get(Case, case.id).project == "Return Home"
        assert projects.get_project(session, manager, made.id).cases == 1


def test_renaming_a_project_renames_it_on_its_cases(engine, actor_as, make_case):
    """The case file, its papers and the dashboard's project filter name a case's project alike: a rename
    left the old name on every case assigned before it. Each case's change is on record."""
    import json

    from sqlalchemy import select

    from avrcase.services.cases import case_file
    from avrcase.store.models import AuditEntry

    manager = actor_as(StaffRole.MANAGER)
    made = make_project(engine, manager)
    other = make_project(engine, manager, name="Safe Return")
    assigned, elsewhere = make_case(), make_case(project="Safe Return")
    with unit_of_work(engine) as session:
        projects.assign_case(session, manager, assigned.id, made.id)
        projects.assign_case(session, manager, elsewhere.id, other.id)
    with unit_of_work(engine, write=False) as session:
        version = case_file.get_case(session, manager, assigned.id).version
    with unit_of_work(engine) as session:
        projects.update_project(session, manager, made.id, made.version,
                                dataclasses.replace(made.form, name="Return Home 2025–2027"))
    with unit_of_work(engine, write=False) as session:
        renamed = case_file.get_case(session, manager, assigned.id)
        assert (renamed.project, session.get(Case, elsewhere.id).project) == ("Return Home 2025–2027", "Safe Return")
        assert renamed.version > version  # a form opened before the rename does not write the old name back
        changes = [json.loads(e.details).get("fields", {}) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "cases", AuditEntry.entity_id == assigned.id,
                                     AuditEntry.action == "update"))]
    assert {"project": ["Return Home", "Return Home 2025–2027"]}.items() <= changes[-1].items(), changes


def test_only_managers_and_administrators_manage_projects(engine, actor_as):
    with pytest.raises(PermissionDeniedError):
        make_project(engine, actor_as(StaffRole.FINANCE_OFFICER))
    assert make_project(engine, actor_as(StaffRole.ADMINISTRATOR)).name == "Return Home"


def test_find_a_project_by_name(engine, actor_as):
    made = make_project(engine, actor_as(StaffRole.MANAGER))
    with unit_of_work(engine, write=False) as session:
        assert projects.find_project_id(session, "return home") == made.id
        with pytest.raises(NotFoundError, match="no project"):
            projects.find_project_id(session, "Nothing")



def test_budget_lines_are_edited_in_place_and_a_used_line_stays(engine, actor_as, make_case):
    from avrcase.domain.allowances import PaymentMethod
    from avrcase.services.finance import allowances
    from avrcase.services.finance.dto import PaymentForm

    manager = actor_as(StaffRole.MANAGER)
    made = make_project(engine, manager)
    allowance_line, reintegration_line = made.form.lines
    lines = (dataclasses.replace(allowance_line, amount=eur(12000)),
             BudgetLineForm(LineKind.REINTEGRATION, "Medical reintegration", eur(8000)))
    with unit_of_work(engine) as session:
        edited = projects.update_project(session, manager, made.id, made.version,
                                         dataclasses.replace(made.form, lines=lines))
    assert [(line.name, line.amount) for line in edited.lines] == [
        ("Reinstallation allowances", eur(12000)), ("Medical reintegration", eur(8000))]
    assert edited.lines[0].id == allowance_line.id
    case, finance = make_case(), actor_as(StaffRole.FINANCE_OFFICER)
    with unit_of_work(engine) as session:
        projects.assign_case(session, manager, case.id, made.id)
        allowances.plan_payment(session, finance, case.id,
                                PaymentForm(eur(100), PaymentMethod.TRANSFER, FIXED_TODAY))
    with pytest.raises(ValidationError, match="cannot be removed"), unit_of_work(engine) as session:
        projects.update_project(session, manager, made.id, edited.version,
                                dataclasses.replace(edited.form, lines=edited.form.lines[1:]))
