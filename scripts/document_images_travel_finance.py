"""Synthetic travel and finance data for the README images of the issue #4 and #5 documents.

Used by ``scripts/document_images.py``: books the Iraqi family and the Georgian mother on one
departure day (two different first flights, so the manifest has two groups), pays an allowance and
approves a reintegration plan. Every name and number is invented.
"""

from __future__ import annotations

import datetime as dt

from avrcase.domain.allowances import PaymentMethod
from avrcase.services.permissions import SYSTEM
from avrcase.domain.codes import StaffRole
from avrcase.domain.itinerary import Segment, Ticket
from avrcase.domain.money import Money
from avrcase.domain.reintegration import ItemCategory, Modality
from avrcase.domain.stages import Stage, StageMove
from avrcase.domain.travel import (
    Assistance,
    AssistanceKind,
    ExcessBaggage,
    InlandTransport,
    MedicalNeed,
    TravelArrangements,
    TravellerNeeds,
    TravelMode,
    WheelchairCode,
)
from avrcase.domain.travel_documents import TravelDocument, TravelDocumentKind, TravelDocumentStatus
from avrcase.domain.finance_codes import LineKind, NeedLevel, Referral
from avrcase.services.accounts import users
from avrcase.services.cases import case_file
from avrcase.services.cases import stages as case_stages
from avrcase.services.documents import register as documents
from avrcase.services.documents import manifest_issue
from avrcase.services.finance import allowances, projects
from avrcase.services.finance.dto import (
    BudgetLineForm,
    NeedsAssessmentForm,
    PaymentForm,
    PlanItemForm,
    ProjectForm,
)
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel import documents as travel_documents
from avrcase.services.travel.dto import ItineraryForm

#: The departure day of both cases on the manifest.
TRAVEL_DAY = dt.date(2026, 12, 2)
TO_TRAVEL = (Stage.COUNSELLING, Stage.APPLICATION_SIGNED, Stage.ELIGIBILITY_APPROVED, Stage.TRAVEL_PREPARATION)
TO_DEPARTED = (Stage.DEPARTURE_SCHEDULED, Stage.DEPARTED)


def _eur(amount: str) -> Money:
    return Money(amount, "EUR")


def _staff(session, username: str, name: str, role: StaffRole):
    return users.actor_by_id(session, users.add_user(session, SYSTEM, username, name, role).id)


def _walk(session, actor, case_id: int, stages) -> None:
    detail = case_file.get_case(session, actor, case_id)
    version = detail.version
    for stage in stages[stages.index(detail.stage) + 1:] if detail.stage in stages else stages:
        version = case_stages.change_stage(session, actor, case_id, version, StageMove(stage, "Synthetic example")).version


def _flight(carrier: str, number: str, origin: str, destination: str, departs: str, arrives: str, people,
            ticket_prefix: str) -> Segment:
    day = TRAVEL_DAY.isoformat()
    return Segment(TravelMode.AIR, origin, destination, dt.datetime.fromisoformat(f"{day}T{departs}"),
                   dt.datetime.fromisoformat(f"{day}T{arrives}"), carrier=carrier, service_number=number,
                   booking_reference="K7XQ2P" if carrier == "TK" else "LX4M9A",
                   tickets=tuple(Ticket(pid, f"{ticket_prefix}{pid:07d}") for pid in people))


def _book(session, counsellor, officer, case_id: int, segments, arrangements: TravelArrangements) -> None:
    _walk(session, counsellor, case_id, TO_TRAVEL)
    for member in case_file.get_case(session, counsellor, case_id).members:
        travel_documents.save_travel_document(session, officer, member.person.id, TravelDocument(
            TravelDocumentKind.PASSPORT, TravelDocumentStatus.RECEIVED, member.person.document_number,
            "Ministry of Interior", dt.date(2024, 5, 2), dt.date(2031, 4, 30)))
    saved = travel.save_itinerary(session, officer, case_id, 0, ItineraryForm(segments))
    travel.save_arrangements(session, officer, case_id, saved.detail.version, arrangements)


def book_both(session, counsellor, family_id: int, single_id: int):
    """Book both cases for ``TRAVEL_DAY``; return the travel officer."""
    officer = _staff(session, "tomas", "Tomas Kelionis", StaffRole.TRAVEL_OFFICER)
    family = [m.person.id for m in case_file.get_case(session, counsellor, family_id).members]
    confirmed = dt.date(2026, 11, 19)
    _book(session, counsellor, officer, family_id, (
        _flight("TK", "1410", "VNO", "IST", "06:15", "09:40", family, "235-"),
        _flight("TK", "218", "IST", "EBL", "12:10", "15:20", family, "235-"),
    ), TravelArrangements(
        assistance=(Assistance(AssistanceKind.DEPARTURE, "VNO", "IOM Vilnius", confirmed, confirmed),
                    Assistance(AssistanceKind.TRANSIT, "IST", "IOM Istanbul", confirmed, confirmed),
                    Assistance(AssistanceKind.RECEPTION, "EBL", "IOM Erbil", confirmed, None),
                    Assistance(AssistanceKind.ESCORT_MEDICAL, escort_name="Dr Ona Jonaitienė")),
        needs=(TravellerNeeds(family[3], WheelchairCode.WCHR, frozenset({MedicalNeed.OXYGEN})),),
        excess_baggage=ExcessBaggage(20, _eur("120.00")),
        inland_transport=InlandTransport(TravelMode.CAR, "IOM Iraq", "Erbil, Ankawa"),
    ))
    single = [m.person.id for m in case_file.get_case(session, counsellor, single_id).members]
    _book(session, counsellor, officer, single_id, (
        _flight("LO", "772", "VNO", "WAW", "07:05", "07:20", single, "080-"),
        _flight("LO", "717", "WAW", "TBS", "10:35", "16:25", single, "080-"),
    ), TravelArrangements(
        assistance=(Assistance(AssistanceKind.TRANSIT, "WAW", "IOM Warsaw", confirmed, confirmed),
                    Assistance(AssistanceKind.RECEPTION, "TBS", "IOM Tbilisi", confirmed, confirmed)),
        inland_transport=InlandTransport(TravelMode.BUS, "Georgian Bus", "Kutaisi"),
    ))
    return officer


def pay_and_plan(session, counsellor, case_id: int, paid_on: dt.date):
    """Return Home for the case: an allowance paid in two parts and an approved plan; return (finance, reintegration)."""
    manager = _staff(session, "vadove", "Daiva Vadovė", StaffRole.MANAGER)
    finance = _staff(session, "ruta-f", "Rūta Finansininkė", StaffRole.FINANCE_OFFICER)
    officer = _staff(session, "reda", "Reda Reintegracija", StaffRole.REINTEGRATION_OFFICER)
    project = projects.create_project(session, manager, ProjectForm(
        name="Return Home", currency="EUR", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2027, 12, 31),
        funder="Asylum, Migration and Integration Fund", per_adult=_eur("500"), per_child=_eur("250"),
        per_vulnerable=_eur("200"), household_cap=_eur("1500"), reintegration_per_person=_eur("2000"),
        reintegration_per_household=_eur("5000"),
        lines=(BudgetLineForm(LineKind.ALLOWANCE, "Reinstallation allowances", _eur("20000")),
               BudgetLineForm(LineKind.REINTEGRATION, "Reintegration assistance", _eur("80000")))))
    projects.assign_case(session, manager, case_id, project.id)
    allowances.record_payment(session, finance, case_id, PaymentForm(
        _eur("400"), PaymentMethod.CASH_AT_DEPARTURE, paid_on, note="Cash book 2026/311"), paid_on=paid_on)
    allowances.record_payment(session, finance, case_id, PaymentForm(
        _eur("350"), PaymentMethod.PREPAID_CARD, paid_on, note="Card •• 4417"), paid_on=paid_on)
    _walk(session, counsellor, case_id, TO_DEPARTED)
    reintegration.save_needs_assessment(session, officer, case_id, NeedsAssessmentForm(
        paid_on, NeedLevel.HIGH, NeedLevel.MEDIUM, NeedLevel.LOW,
        economic_notes="No income; she sewed clothes for neighbours before leaving.",
        social_notes="Lives with her mother in Kutaisi; the son starts school in January.",
        skills="Tailoring, some accounting", plans="A small tailoring shop at home",
        referral_needs=(Referral.EDUCATION,), referral_notes="School enrolment for Luka"))
    plan = reintegration.draft_plan(session, officer, case_id, [
        PlanItemForm(ItemCategory.MICRO_BUSINESS, "Industrial sewing machine, overlocker and fabric", _eur("1650"),
                     Modality.IN_KIND, "Partner NGO Imereti"),
        PlanItemForm(ItemCategory.VOCATIONAL_TRAINING, "Pattern-making course (3 months)", _eur("420"),
                     Modality.CASH, "Kutaisi Vocational College"),
        PlanItemForm(ItemCategory.EDUCATION, "School uniform and books for Luka", _eur("180"), Modality.IN_KIND,
                     "Partner NGO Imereti")], on=paid_on)
    reintegration.approve_plan(session, manager, plan.id, plan.version, on=paid_on)
    return finance, officer


def issue_all(session, counsellor, family_id: int, single_id: int, now: dt.datetime,
              lang: str = "en") -> dict[str, bytes]:
    """Book, pay and plan, then issue the five documents in ``lang``; PDF bytes by document name."""
    officer = book_both(session, counsellor, family_id, single_id)
    pdfs = {}
    for name, case_id in (("itinerary", single_id), ("introduction-letter", family_id)):
        row = documents.issue_document(session, officer, name, case_id, lang, now=now)
        pdfs[name] = documents.document_bytes(session, officer, row.id)
    pdfs["manifest"] = manifest_issue.issue_manifest(session, officer, TRAVEL_DAY, lang=lang, now=now).pdf
    finance, reintegration_officer = pay_and_plan(session, counsellor, single_id, now.date())
    for name, actor in (("allowance-receipt", finance), ("reintegration-plan", reintegration_officer)):
        row = documents.issue_document(session, actor, name, single_id, lang, now=now)
        pdfs[name] = documents.document_bytes(session, actor, row.id)
    return pdfs
