"""Migration 0024: attachments stored before they carried a sensitive flag are sensitive.

Before 7 December a medical certificate attached to a case opened for a finance officer; a stored attachment has
no kind that tells it from a signed letter, so upgrading the store marks every one sensitive.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import alembic_config, open_store
from tests.services.documents.test_documents import PDF, PNG


def test_attachments_stored_before_the_flag_are_sensitive(engine, db_path, actor, actor_as, make_case):
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    case = make_case()
    with unit_of_work(engine) as session:
        medical = documents.attach_scan(session, actor, case.id, "scan.pdf", PDF, sensitive=False).id
        letter = documents.attach_scan(session, actor, case.id, "letter.png", PNG, sensitive=False).id
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0023")
        connection.commit()
        assert "sensitive" not in {row[1] for row in connection.execute(text("PRAGMA table_info(attachments)"))}
    engine.dispose()

    upgraded = open_store(f"sqlite:///{db_path}", backup_first=False)
    try:
        with upgraded.connect() as connection:
            flags = dict(connection.execute(text("SELECT id, sensitive FROM attachments")).all())
        assert flags == {medical: True, letter: True}
        with unit_of_work(upgraded) as session, pytest.raises(PermissionDeniedError, match="your role may not see"):
            documents.attachment_bytes(session, finance, medical)
        with unit_of_work(upgraded, write=False) as session:
            assert documents.attachment_bytes(session, actor, medical) == PDF
    finally:
        upgraded.dispose()
