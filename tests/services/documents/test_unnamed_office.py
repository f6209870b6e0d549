"""A store with no office profile issues no paper: it would name nobody as responsible for the person's data."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import delete, func, select

from avrcase.documents.registry import DOCUMENT_TYPES
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ValidationError
from avrcase.services import office
from avrcase.services.documents import register as documents
from avrcase.services.documents.manifest_issue import issue_manifest
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, IssuedDocument, OfficeProfile
from tests.documents.conftest import page_texts


@pytest.fixture
def unnamed(engine):
    """The test's store as a fresh clone leaves it: no office profile saved."""
    with unit_of_work(engine) as session:
        session.execute(delete(OfficeProfile))
    return engine


def _nothing_issued(engine) -> None:
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
        assert not session.scalars(select(AuditEntry.action).where(AuditEntry.action == "document.issued")).all()


@pytest.mark.parametrize("doc_type", list(DOCUMENT_TYPES))
def test_no_document_is_issued_without_an_office_name(unnamed, actor, make_case, doc_type):
    case = make_case(members=1)
    with pytest.raises(ValidationError) as refused, unit_of_work(unnamed) as session:
        documents.issue_document(session, actor, doc_type, case.id, "en")
    assert set(refused.value.errors) == {"office_profile"}
    assert "File ▸ Office profile" in refused.value.message and "nothing was issued" in refused.value.message
    _nothing_issued(unnamed)


def test_no_manifest_without_an_office_name(unnamed, actor_as):
    with pytest.raises(ValidationError, match="not filled in"), unit_of_work(unnamed) as session:
        issue_manifest(session, actor_as(StaffRole.TRAVEL_OFFICER), dt.date(2026, 12, 2))
    _nothing_issued(unnamed)


def test_once_the_organisation_is_set_the_declaration_names_it(unnamed, actor, make_case):
    case = make_case(members=1)
    with unit_of_work(unnamed) as session:
        office.save_office_profile(session, SYSTEM, dataclasses.replace(
            office.BLANK, organisation="Return Aid Office", dpo_email="dpo@example.org",
            supervisory_authority="The data-protection inspectorate"))
        row = documents.issue_document(session, actor, "declaration", case.id, "en")
        text = " ".join(" ".join(page_texts(documents.document_bytes(session, actor, row.id))).split())
    assert "voluntary return programme (Return Aid Office)" in text
    assert "()" not in text
    assert "Return Aid Office is responsible for your personal data" in text
