"""Retention: old closed cases are anonymised after a manager's preview; statistics count the same."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import String, Text, select, text

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.services import audit
from avrcase.services.data_protection import retention
from avrcase.services import store_kind
from avrcase.services.demo import generate as demo
from avrcase.services.permissions import SYSTEM
from avrcase.services.statistics import counts as statistics
from avrcase.services.uow import unit_of_work
from avrcase.store.models import complete_metadata
from avrcase.store.models import Attachment, AuditEntry, IssuedDocument, Person
from tests.support.actors import MANAGER
from tests.support.clock import FIXED_TODAY
from tests.support.data_protection import FAMILY, GIVEN, ORIGINAL, closed_case

LATER = FIXED_TODAY + dt.timedelta(days=366 * 11)  # eleven years on: today's closures are due
MEASURES = ("cases", "returns", "returnees", "consultations")


@pytest.fixture
def manager(actor_as):
    return actor_as(StaffRole.MANAGER, "manager")


def _preview(engine, manager, today=LATER, years=None):
    with unit_of_work(engine, write=False) as session:
        return retention.preview(session, manager, years, today=today)


def _run(engine, manager, confirmed, today=LATER):
    with unit_of_work(engine) as session:
        return retention.run(session, manager, confirmed, today=today)


def _all_tables(engine) -> dict:
    out = {}
    with unit_of_work(engine, write=False) as session:
        for measure in MEASURES:
            for dimension in statistics.DIMENSIONS:
                query = statistics.StatisticsQuery(measure, (dimension,), dt.date(2000, 1, 1), LATER)
                out[measure, dimension] = dict(statistics.count(session, MANAGER, query).counts)
            query = statistics.StatisticsQuery(measure, ("citizenship", "sex", "age_class"), dt.date(2000, 1, 1), LATER)
            out[measure, "eurostat"] = dict(statistics.count(session, MANAGER, query).counts)
    return out


def _text_values(engine) -> list[str]:
    values = []
    with engine.connect() as connection:
        for table in complete_metadata().sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if columns:
                for row in connection.execute(select(*columns)):
                    values += [v for v in row if v]
    return values


def test_preview_lists_only_closed_cases_past_the_period(engine, actor, make_case, manager):
    old = closed_case(engine, actor, make_case)
    closed_case(engine, actor, make_case, close=False)  # departed, not closed
    assert _preview(engine, manager, today=FIXED_TODAY).cases == ()  # closed today: not due
    due = _preview(engine, manager)
    assert [c.case_number for c in due.cases] == [old.case_number]
    assert (due.people, due.documents, due.years) == (2, 2, 10)


def test_run_removes_every_name_and_keeps_the_statistics(engine, actor, actor_as, make_case, manager, db_path):
    with unit_of_work(engine) as session:  # a demo store, filled by its administrator
        store_kind.record_store_kind(session, SYSTEM, demo=True)
    with unit_of_work(engine) as session:
        demo.generate_demo(session, cases=40, today=FIXED_TODAY, actor=actor_as(StaffRole.ADMINISTRATOR))
    closed_case(engine, actor, make_case)
    before = _all_tables(engine)
    due = _preview(engine, manager)
    assert len(due.cases) >= 2  # ours and demo cases closed long enough ago

    result = _run(engine, manager, due)

    assert result.cases == len(due.cases)
    assert _all_tables(engine) == before
    leftovers = [v for v in _text_values(engine) if FAMILY.lower() in v.lower() or GIVEN in v or ORIGINAL in v]
    assert leftovers == []
    with unit_of_work(engine, write=False) as session:
        assert session.scalars(select(IssuedDocument)).all() == []
        assert session.scalars(select(Attachment)).all() == []
        ours = session.scalars(select(Person).where(Person.document_number == "ZV998877")).all()
        assert ours == []
        dates = {p.date_of_birth for p in session.scalars(select(Person).where(Person.family_name == retention.MARKER))}
        assert dt.date(1990, 4, 1) in dates  # born 17 May 1990: the first day of its quarter
        assert audit.verify(session, manager).ok
        anonymised = session.scalars(select(AuditEntry).where(AuditEntry.action == "anonymised")).all()
        assert len(anonymised) == len(due.cases)
    retention.compact_store(engine)
    wal = db_path.parent / (db_path.name + "-wal")
    raw = db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    for name in (FAMILY, GIVEN, ORIGINAL):
        assert name.encode("utf-8") not in raw
    assert _preview(engine, manager).cases == ()  # nothing left to do


def test_an_edited_redacted_entry_is_still_found(engine, actor, make_case, manager):
    due = (closed_case(engine, actor, make_case), _preview(engine, manager))[1]
    _run(engine, manager, due)
    with unit_of_work(engine) as session:
        seq = session.scalar(select(AuditEntry.seq).where(AuditEntry.details.like('{"redacted":"retention","sha256":%'))
                             .order_by(AuditEntry.seq).limit(1))
        session.execute(text("UPDATE audit_entries SET details = :d WHERE seq = :s"), {"d": '{"notes":"forged"}', "s": seq})
    with unit_of_work(engine, write=False) as session:
        check = audit.verify(session, manager)
    assert check.broken_at == seq


REDACTED_ENTRY_EDITS = {
    # Issue #21: verification skipped the whole hash of a named entry whose values merely *started with*
    # '{"redacted":', so who, what, when and which row could change freely.
    "username": "UPDATE audit_entries SET username = 'someone-else' WHERE seq = :s",
    "user_id": "UPDATE audit_entries SET user_id = 999 WHERE seq = :s",
    "action": "UPDATE audit_entries SET action = 'delete' WHERE seq = :s",
    "at": "UPDATE audit_entries SET at = '2020-01-01 00:00:00.000000' WHERE seq = :s",
    "entity_id": "UPDATE audit_entries SET entity_id = 4242 WHERE seq = :s",
    "case_id": "UPDATE audit_entries SET case_id = 4242 WHERE seq = :s",
    "prefix": """UPDATE audit_entries SET details = '{"redacted":"retention","notes":"forged"}' WHERE seq = :s""",
    "digest": """UPDATE audit_entries SET details = '{"redacted":"retention","sha256":"%s"}' WHERE seq = :s""" % ("0" * 64),
}


@pytest.mark.parametrize("edit", list(REDACTED_ENTRY_EDITS))
def test_a_redacted_entry_keeps_who_what_when_and_which_row_verified(engine, actor, make_case, manager, edit):
    due = (closed_case(engine, actor, make_case), _preview(engine, manager))[1]
    _run(engine, manager, due)
    with unit_of_work(engine, write=False) as session:
        assert audit.verify(session, manager).ok
    with unit_of_work(engine) as session:
        seq = session.scalar(select(AuditEntry.seq).where(AuditEntry.details.like('{"redacted":"retention","sha256":%'))
                             .order_by(AuditEntry.seq.desc()).limit(1))
        session.execute(text(REDACTED_ENTRY_EDITS[edit]), {"s": seq})
    with unit_of_work(engine, write=False) as session:
        check = audit.verify(session, manager)
    assert check.broken_at == seq


def test_run_refuses_when_the_due_cases_changed_since_the_preview(engine, actor, make_case, manager):
    stale = _preview(engine, manager)
    closed_case(engine, actor, make_case)
    with pytest.raises(ValidationError):
        _run(engine, manager, stale)
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(Person.family_name).where(Person.document_number == "ZV998877")) == FAMILY


@pytest.mark.parametrize("role", [StaffRole.COUNSELLOR, StaffRole.ADMINISTRATOR, StaffRole.FINANCE_OFFICER])
def test_only_a_manager_may_preview_or_run(engine, actor_as, role):
    someone = actor_as(role)
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        retention.preview(session, someone, today=LATER)


def test_the_office_sets_the_period(engine, actor, make_case, manager, actor_as):
    closed_case(engine, actor, make_case)
    with unit_of_work(engine) as session:
        retention.set_retention_years(session, actor_as(StaffRole.ADMINISTRATOR), 20)
    due = _preview(engine, manager)
    assert (due.years, due.cases) == (20, ())
    with unit_of_work(engine) as session, pytest.raises(ValidationError):
        retention.set_retention_years(session, actor_as(StaffRole.ADMINISTRATOR), 0)


def test_birth_date_keeps_the_age_class_on_every_counted_day():
    born = dt.date(2008, 2, 20)  # 18 on 20 Feb 2026: 1 January or 1 February would make them 18 sooner
    assert retention.reduced_birth_date(born, [dt.date(2026, 1, 15)]) == dt.date(2008, 2, 1)
    assert retention.reduced_birth_date(born, [dt.date(2026, 2, 10)]) == born
    assert retention.reduced_birth_date(born, [dt.date(2020, 6, 1)]) == dt.date(2008, 1, 1)


def test_a_compaction_killed_before_it_finished_is_redone_at_the_next_start(engine, db_path, actor, make_case, manager):
    """Issue #21 item 6: a kill between the run's commit and the end of VACUUM left old names in free pages."""
    from avrcase.store.schema import compaction_marker, open_store

    due = (closed_case(engine, actor, make_case), _preview(engine, manager))[1]
    _run(engine, manager, due)  # committed; the process "dies" before retention.compact_store
    marker = compaction_marker(db_path)
    assert marker.exists()
    engine.dispose()
    reopened = open_store(f"sqlite:///{db_path}")
    try:
        assert not marker.exists()
        wal = db_path.parent / (db_path.name + "-wal")
        raw = db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        for name in (FAMILY, GIVEN, ORIGINAL):
            assert name.encode("utf-8") not in raw
    finally:
        reopened.dispose()
