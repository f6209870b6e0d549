"""A closed case with a unique name and something in every kind of record, for the data-protection tests."""

from __future__ import annotations

import datetime as dt

from avrcase.domain.codes import ClosureReason, ConsultationMode, Vulnerability
from avrcase.domain.stages import Stage, StageMove
from avrcase.services.cases import case_file, counselling
from avrcase.services.cases import stages as case_stages
from avrcase.services.documents import register as documents
from avrcase.services.dto import ConsultationForm, VulnerabilityForm
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.support.clock import FIXED_NOW

FAMILY, GIVEN = "Zviadauri", "Tamariko"
ORIGINAL = "ზვიადაური"
PDF_SCAN = b"%PDF-1.4\n% Zviadauri signed copy\n%%EOF\n"
PATH_TO_CLOSED = (Stage.APPLICATION_SIGNED, Stage.ELIGIBILITY_APPROVED,
                  Stage.TRAVEL_PREPARATION, Stage.DEPARTURE_SCHEDULED, Stage.DEPARTED)


def closed_case(engine, actor, make_case, *, close: bool = True):
    """A household (mother Zviadauri and a child) with a consultation, documents and a scan, then closed."""
    detail = make_case(principal=make_person(family_name=FAMILY, given_names=GIVEN, family_name_original=ORIGINAL,
                                             patronymic=f"{GIVEN}vna",  # the anonymised store must lose it too
                                             document_number="ZV998877", phone="+370 600 99999",
                                             address=f"Flat 3, {FAMILY} house", date_of_birth=dt.date(1990, 5, 17)),
                       members=1, vulnerabilities=(VulnerabilityForm(Vulnerability.SINGLE_PARENT_OR_LARGE_FAMILY,
                                                                     f"{GIVEN} cares alone"),),
                       notes=f"{FAMILY} asked for a female counsellor")
    with unit_of_work(engine) as session:
        counselling.record_consultation(session, actor, detail.id, ConsultationForm(
            held_at=FIXED_NOW, mode=ConsultationMode.IN_PERSON,
            notes=f"{GIVEN} {FAMILY} explained her options."))
        documents.issue_document(session, actor, "case-summary", detail.id, "en")
        documents.attach_scan(session, actor, detail.id, f"{FAMILY}.pdf", PDF_SCAN)
    with unit_of_work(engine) as session:
        detail = case_file.get_case(session, actor, detail.id)
        for stage in PATH_TO_CLOSED + ((Stage.CLOSED,) if close else ()):
            reason = ClosureReason.OTHER if stage is Stage.CLOSED else None
            detail = case_stages.change_stage(session, actor, detail.id, detail.version,
                                        StageMove(stage, f"moved for {FAMILY}", reason))
    return detail
