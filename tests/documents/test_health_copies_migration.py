"""Migration 0023: letters of introduction and reintegration plans stored before their health data was guarded.

Before 7 December a travel officer's letter printed "Medical oxygen on board" (a reintegration officer's plan the
psychosocial notes) and was stored as not sensitive; upgrading the store marks such copies sensitive, so a finance
officer or a manager no longer opens them from the document register.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.domain.travel import WheelchairCode
from avrcase.services.accounts import accounts
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import alembic_config, open_store
from tests.documents.conftest import page_texts
from tests.documents.test_travel_documents import book, issue


def test_copies_stored_before_the_fix_are_marked_sensitive_unless_their_issuer_never_saw_health_data(
        engine, db_path, actor, actor_as, make_case):
    officer, finance = actor_as(StaffRole.TRAVEL_OFFICER), actor_as(StaffRole.FINANCE_OFFICER)
    moved = actor_as(StaffRole.TRAVEL_OFFICER, "moved-to-finance")
    admin = actor_as(StaffRole.ADMINISTRATOR)
    case = book(engine, actor, officer, make_case, wheelchair=WheelchairCode.WCHC)
    by_officer = issue(engine, officer, "introduction-letter", case.id)[0].id
    by_finance = issue(engine, finance, "introduction-letter", case.id)[0].id
    by_moved = issue(engine, moved, "introduction-letter", case.id)[0].id
    with unit_of_work(engine) as session:
        accounts.change_role(session, admin, moved.id, StaffRole.FINANCE_OFFICER)
    with engine.begin() as connection:  # as the copies were stored before the fix (a plan like a letter)
        connection.execute(text("UPDATE issued_documents SET sensitive = 0"))
        plan = connection.execute(text(
            "INSERT INTO issued_documents (case_id, doc_type, language, title, issued_at, issued_by_id, sha256, pages, "
            "size, sensitive, pdf) SELECT case_id, 'reintegration-plan', language, title, issued_at, issued_by_id, "
            "sha256, pages, size, 0, pdf FROM issued_documents WHERE id = :id RETURNING id"), {"id": by_officer}).scalar()
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0022")
        connection.commit()
    engine.dispose()

    upgraded = open_store(f"sqlite:///{db_path}", backup_first=False)
    try:
        with upgraded.connect() as connection:
            flags = dict(connection.execute(text("SELECT id, sensitive FROM issued_documents")).all())
        assert flags == {by_officer: True, by_finance: False, by_moved: True, plan: True}
        with unit_of_work(upgraded) as session, pytest.raises(PermissionDeniedError) as refused:
            documents.document_bytes(session, finance, by_officer)
        assert str(refused.value) == "This copy holds travellers' medical needs, which your role may not see."
        with unit_of_work(upgraded) as session:
            assert "Medical oxygen on board" in "\n".join(page_texts(documents.document_bytes(session, officer, by_officer)))
            assert "oxygen" not in "\n".join(page_texts(documents.document_bytes(session, finance, by_finance)))
    finally:
        upgraded.dispose()
