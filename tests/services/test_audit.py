"""The audit trail: what is put on record, what is hidden, and how verify finds tampering."""

import datetime as dt
import json

import pytest
from sqlalchemy import select, update

from avrcase.domain.codes import StaffRole, Vulnerability
from avrcase.domain.forms import VulnerabilityForm
from avrcase.services import audit
from avrcase.services.cases import case_file
from avrcase.services.cases import register as cases
from avrcase.services.data_protection import audit_trail
from avrcase.services.data_protection.audit_trail import AuditQuery
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.conftest import make_case_form
from tests.support.clock import FIXED_NOW


@pytest.fixture
def manager(actor_as):
    return actor_as(StaffRole.MANAGER)


def entries(engine, manager, **query):
    with unit_of_work(engine, write=False) as session:
        return audit_trail.list_entries(session, manager, AuditQuery(**query))


def check(engine, manager):
    with unit_of_work(engine, write=False) as session:
        return audit.verify(session, manager)


@pytest.fixture
def trail(engine, actor, make_case):
    """A case registered, edited, opened and a document issued: a trail of many entries."""
    case = make_case(vulnerabilities=(VulnerabilityForm(Vulnerability.MEDICAL_CONDITION, "Insulin twice daily"),))
    with unit_of_work(engine, actor=actor) as session:
        cases.update_case(session, actor, case.id, case.version, make_case_form(final_destination="Batumi"))
    with unit_of_work(engine, write=False, actor=actor) as session:
        case_file.get_case(session, actor, case.id)
    with unit_of_work(engine, actor=actor) as session:
        documents.issue_document(session, actor, "declaration", case.id, "en")
    return case


def test_changes_are_on_record_field_by_field_with_who_and_which_case(engine, actor, manager, trail):
    rows = entries(engine, manager, case_number=trail.case_number)
    actions = [r.action for r in rows]
    assert {"create", "update", "case_opened", "document_issued"} <= set(actions)
    edit = next(r for r in rows if r.action == "update" and r.entity == "cases")
    assert edit.username == "ruta" and edit.case_number == trail.case_number
    assert edit.details["fields"]["final_destination"] == ["Kutaisi", "Batumi"]
    assert "final_destination: Kutaisi → Batumi" in edit.summary
    opened = next(r for r in rows if r.action == "case_opened")
    assert opened.entity_id == trail.id  # written although that unit of work only read


def test_sensitive_values_are_hidden_from_a_manager_reading_the_trail(engine, manager, trail):
    rows = entries(engine, manager, case_number=trail.case_number)
    vulnerability = next(r for r in rows if r.entity == "case_vulnerabilities" and r.action == "create")
    assert vulnerability.details["fields"]["details"] == [None, "hidden for your role"]  # created: nothing before
    assert vulnerability.details["fields"]["code"][1] == "medical_condition"
    # The edit left the vulnerability off the form: its removal (an orphan the flush deleted) is on record too.
    removed = next(r for r in rows if r.entity == "case_vulnerabilities" and r.action == "delete")
    assert removed.details["fields"]["details"] == ["hidden for your role", None]
    assert removed.details["fields"]["code"][0] == "medical_condition"


def test_an_administrator_reads_who_changed_what_but_no_returnees_data(engine, actor_as, trail):
    """An administrator keeps the trail but may not read cases: ``audit list`` showed them every person's name, birth
    date and document number as created. The field names and the office's own records stay readable."""
    administrator = actor_as(StaffRole.ADMINISTRATOR)
    rows = entries(engine, administrator, case_number=trail.case_number)
    person = next(r for r in rows if r.entity == "persons" and r.action == "create")
    assert {"family_name", "date_of_birth", "document_number"} <= set(person.details["fields"])
    shown = json.dumps([r.details for r in rows], ensure_ascii=False)
    assert trail.principal.family_name not in shown and trail.principal.document_number not in shown
    assert person.details["fields"]["family_name"] == [None, "hidden for your role"]
    edit = next(r for r in rows if r.action == "update" and r.entity == "cases")
    assert edit.details["fields"]["final_destination"] == ["hidden for your role"] * 2
    accounts = entries(engine, administrator, action="create")
    account = next(r for r in accounts if r.entity == "users")
    assert account.details["fields"]["username"][1] != "hidden for your role"


def test_filters_by_user_action_and_period(engine, actor, manager, trail):
    assert {r.username for r in entries(engine, manager, username="ruta")} == {"ruta"}
    assert all(r.action == "case_opened" for r in entries(engine, manager, action="case_opened"))
    today = FIXED_NOW.date()
    assert entries(engine, manager, date_from=today, date_to=today)
    assert entries(engine, manager, date_to=today - dt.timedelta(days=1)) == []


def test_an_untouched_chain_verifies(engine, manager, trail):
    result = check(engine, manager)
    assert result.ok and result.entries > 10


def _tamper(engine, statement):
    with engine.begin() as connection:
        connection.execute(statement)


def test_an_edited_entry_is_named(engine, manager, trail):
    with unit_of_work(engine, write=False) as session:
        target = session.scalar(select(AuditEntry.seq).where(AuditEntry.action == "case_opened"))
    _tamper(engine, update(AuditEntry).where(AuditEntry.seq == target)
            .values(username="someone-else"))
    result = check(engine, manager)
    assert result.broken_at == target and "edited" in result.problem


def test_a_removed_entry_is_found_where_the_chain_breaks(engine, manager, trail):
    _tamper(engine, AuditEntry.__table__.delete().where(AuditEntry.seq == 5))
    result = check(engine, manager)
    assert result.broken_at == 6 and "removed" in result.problem


def test_a_removed_entry_with_renumbered_successors_is_found(engine, manager, trail):
    with engine.begin() as connection:
        connection.execute(AuditEntry.__table__.delete().where(AuditEntry.seq == 5))
        connection.execute(update(AuditEntry).where(AuditEntry.seq > 5).values(seq=AuditEntry.seq - 1))
    result = check(engine, manager)
    assert result.broken_at == 5 and not result.ok


def test_reordered_entries_are_found(engine, manager, trail):
    with engine.begin() as connection:  # swap the places of entries 3 and 4
        connection.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(seq=-3))
        connection.execute(update(AuditEntry).where(AuditEntry.seq == 4).values(seq=3))
        connection.execute(update(AuditEntry).where(AuditEntry.seq == -3).values(seq=4))
    result = check(engine, manager)
    assert result.broken_at == 3 and not result.ok


def test_entries_are_chained_by_sha256_over_the_previous_hash(engine, trail):
    with unit_of_work(engine, write=False) as session:
        first, second = session.scalars(select(AuditEntry).order_by(AuditEntry.seq).limit(2)).all()
        assert first.prev_hash == audit.GENESIS and second.prev_hash == first.hash
        assert audit.entry_hash(first.hash, second) == second.hash
        assert json.loads(second.details)  # canonical JSON


def test_a_counsellor_may_not_read_or_verify_the_trail(engine, actor):
    from avrcase.domain.errors import PermissionDeniedError

    with unit_of_work(engine, write=False) as session, pytest.raises(PermissionDeniedError):
        audit.verify(session, actor)


def test_a_created_row_is_on_record_with_its_own_id(engine, manager, trail):
    """The entry of a new case names that case's row, so the trail can be followed back to it."""
    created = [r for r in entries(engine, manager, case_number=trail.case_number)
               if r.action == "create" and r.entity == "cases"]
    assert [r.entity_id for r in created] == [trail.id]


def test_changes_to_the_people_of_a_case_are_listed_with_that_case(engine, actor, manager, make_case):
    """A person row has no case_id, so their entries carried none: ``audit list --case`` (and the audit view's
    case filter) left out who was added to a household, renamed, given another date of birth or removed."""
    from tests.conftest import make_person

    other = make_case()
    case = make_case(members=1)
    principal = make_person(family_name="Beridze-Kapanadze", date_of_birth=dt.date(1987, 5, 17))
    with unit_of_work(engine, actor=actor) as session:  # the child's form has no person id: replaced by a new one
        cases.update_case(session, actor, case.id, case.version, make_case_form(members=1, principal=principal))
    people = [r for r in entries(engine, manager, case_number=case.case_number) if r.entity == "persons"]
    created = sorted(r.entity_id for r in people if r.action == "create")
    assert len(created) == 3 and [r.action for r in people].count("delete") == 1
    renamed = next(r for r in people if r.action == "update")
    assert renamed.details["fields"]["family_name"] == ["Beridze", "Beridze-Kapanadze"]
    assert renamed.details["fields"]["date_of_birth"] == ["1988-05-17", "1987-05-17"]
    removed = next(r for r in people if r.action == "delete")
    assert removed.entity_id in created[:2] and {r.case_number for r in people} == {case.case_number}
    elsewhere = [r for r in entries(engine, manager, case_number=other.case_number) if r.entity == "persons"]
    assert len(elsewhere) == 1 and elsewhere[0].entity_id not in created
    assert check(engine, manager).ok
