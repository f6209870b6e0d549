"""Every document prints wholly in the language asked for (#15): no English label or sentence is left in lt or ru.

One synthetic case goes through registration, travel, allowance and reintegration; each document is issued
in English and in the other language, and every fixed English text (catalog messages, wording files) that
the English copy shows must be gone from the other copy's text layer. The case's own data is chosen so that
no English word of it could be taken for a label.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from avrcase.documents import recovery_sheet
from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.codes import StaffRole
from avrcase.domain.finance_codes import NeedLevel
from avrcase.domain.reintegration import ItemCategory, Modality
from avrcase.i18n import current_locale, set_locale
from avrcase.services import office
from avrcase.services.documents import register as documents
from avrcase.services.documents.manifest_issue import issue_manifest
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import NeedsAssessmentForm, PaymentForm, PlanItemForm
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.documents.conftest import ISSUED_AT, RUSSIAN_FAMILY, RUSSIAN_GIVEN, page_texts
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project
from tests.support.travel import advance, full_assistance, give_documents, trip

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("lt", "ru")
CASE_DOCUMENTS = ("case-summary", "declaration", "itinerary", "introduction-letter", "allowance-receipt",
                  "reintegration-plan")
TRAVEL_DAY = FIXED_TODAY + dt.timedelta(days=9)
_JOINING = {"with", "from", "into", "than", "that", "this", "were", "have", "been", "your", "their", "before",
            "after", "none"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w+\}")


def _english_texts() -> set[str]:
    """Every fixed English text a document may print: catalog messages and the English wording files.

    A text with placeholders gives its pieces between them; a piece is kept when it has a letter in it.
    """
    with (ROOT / "resources" / "translations" / "avrcase.pot").open("rb") as fh:
        catalog = read_po(fh)
    texts = [text for m in catalog if m.id for text in (m.id if isinstance(m.id, tuple) else (m.id,))]

    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    for folder in ("documents", "declarations"):
        path = resources.files("avrcase.resources") / folder / "en.json"
        texts += [s for s in strings(json.loads(path.read_text(encoding="utf-8"))) if s != "en"]
    pieces = set()
    for text in texts:
        parts = _PLACEHOLDER.split(text)
        for piece in parts:
            piece = " ".join(piece.replace("&", "").split()).strip(" :,.;()·—-/")
            # A whole message counts at any length ("Sex"); a piece between placeholders ("Page", "of") only
            # when it is more than a joining word.
            if re.search(r"[A-Za-z]{2}", piece) and (len(parts) == 1 or len(piece.split()) > 1
                                                     or (len(piece) > 3 and piece.lower() not in _JOINING)):
                pieces.add(piece)
    return pieces


#: Names, not wording: the same in every language.
NAMES = {"avrcase", "SHA-256"}
#: Two-letter messages ("to" between two dates) are words in other languages too (Lithuanian "nuo to").
ENGLISH = {t for t in _english_texts() - NAMES if len(t) > 2}


#: The case's and the office's own data (names of people and staff, the office's letterhead): not the app's
#: wording, whatever language it is in.
DATA: list[str] = []


def _flat(pdf: bytes) -> str:
    flat = " " + " ".join(" ".join(page_texts(pdf)).split()) + " "
    for value in sorted(DATA, key=len, reverse=True):
        flat = flat.replace(value, " ¤ ")
    return flat


def _found(texts: set[str], flat: str) -> set[str]:
    return {t for t in texts if re.search(rf"(?<![\w]){re.escape(t)}(?![\w])", flat)}


def english_left(english_pdf: bytes, other_pdf: bytes) -> list[str]:
    """Fixed English texts the English copy shows that the other copy still shows."""
    shown = _found(ENGLISH, _flat(english_pdf))
    assert len(shown) > 5, "the English copy should show its labels"  # the check would prove nothing
    return sorted(_found(shown, _flat(other_pdf)))


@pytest.fixture
def travelled_case(engine, actor, actor_as, make_case):
    """A Russian-reading household booked home, paid its allowance and given an approved reintegration plan.

    Free texts are codes, not words: only the app's own texts can be in English.
    """
    manager, officer = actor_as(StaffRole.MANAGER), actor_as(StaffRole.TRAVEL_OFFICER)
    finance, reintegrator = actor_as(StaffRole.FINANCE_OFFICER), actor_as(StaffRole.REINTEGRATION_OFFICER)
    project = make_project(engine, manager, name="RX-7")
    principal = make_person(family_name="Kuznetsova", given_names="Alyona", family_name_original=RUSSIAN_FAMILY,
                            given_names_original=RUSSIAN_GIVEN, languages=(), citizenship="RU")
    detail = make_case(principal=principal, members=1)
    assign(engine, manager, detail.id, project.id)
    advance(engine, actor, detail.id)
    people = [m.person.id for m in detail.members]
    give_documents(engine, officer, people)
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, detail.id, 0, ItineraryForm(trip(TRAVEL_DAY, people)))
        travel.save_arrangements(session, officer, detail.id, saved.detail.version, full_assistance(FIXED_TODAY))
    with unit_of_work(engine) as session:
        allowances.record_payment(session, finance, detail.id, PaymentForm(
            eur(400), PaymentMethod.CASH_AT_DEPARTURE, FIXED_TODAY, note="R-1"), paid_on=FIXED_TODAY)
        reintegration.save_needs_assessment(session, reintegrator, detail.id, NeedsAssessmentForm(
            FIXED_TODAY, NeedLevel.HIGH, NeedLevel.LOW, NeedLevel.MEDIUM, economic_notes="N-1", skills="S-1"))
        plan = reintegration.draft_plan(session, reintegrator, detail.id, [
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "K-1", eur(1800), Modality.IN_KIND, "P-1")], on=FIXED_TODAY)
        reintegration.approve_plan(session, manager, plan.id, plan.version, on=FIXED_TODAY)
        profile = office.get_office_profile(session, manager)
    data = [profile.organisation, profile.office_name, profile.address, profile.footer_note, profile.city,
            *(a.display_name for a in (actor, manager, officer, finance, reintegrator, actor_as(StaffRole.COUNSELLOR)))]
    data += [name for m in detail.members for name in (m.person.given_names, m.person.family_name)]
    # The office's own data-protection texts (recipients, authority, controller) are what it typed: data.
    data += [line for text in (profile.data_recipients, profile.sharing_recipients, profile.supervisory_authority,
                               profile.controller_name, profile.dpo_address) for line in text.splitlines()]
    DATA[:] = [" ".join(d.split()) for d in data if d]
    return detail


def _issue(engine, actor, doc_type, case_id, lang) -> bytes:
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, doc_type, case_id, lang)
        return documents.document_bytes(session, actor, row.id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_case_document_prints_no_english_text(engine, actor_as, travelled_case, lang):
    issuer = actor_as(StaffRole.COUNSELLOR)
    left = {}
    for doc_type in CASE_DOCUMENTS:
        english = _issue(engine, issuer, doc_type, travelled_case.id, "en")
        other = _issue(engine, issuer, doc_type, travelled_case.id, lang)
        if found := english_left(english, other):
            left[doc_type] = found
    assert left == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_manifest_prints_no_english_text(engine, actor_as, travelled_case, lang):
    officer = actor_as(StaffRole.TRAVEL_OFFICER)
    with unit_of_work(engine) as session:
        english = issue_manifest(session, officer, TRAVEL_DAY, lang="en", now=ISSUED_AT).pdf
        other = issue_manifest(session, officer, TRAVEL_DAY, lang=lang, now=ISSUED_AT).pdf
    assert english_left(english, other) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_recovery_sheet_prints_no_english_text(lang):
    sheet = recovery_sheet.RecoverySheet("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", "office.sqlite", ISSUED_AT)
    before = current_locale()
    try:
        set_locale("en")
        english = recovery_sheet.render(sheet).pdf
        set_locale(lang)
        other = recovery_sheet.render(sheet).pdf
    finally:
        set_locale(before)
    assert english_left(english, other) == []


def test_the_check_finds_a_label_left_in_english(engine, actor_as, travelled_case, monkeypatch):
    """Proof that the check bites: with one translation blanked, the English label is found."""
    from avrcase.services.documents import case_snapshots

    issuer = actor_as(StaffRole.COUNSELLOR)
    english = _issue(engine, issuer, "case-summary", travelled_case.id, "en")
    real = case_snapshots.tr
    monkeypatch.setattr(case_snapshots, "tr", lambda lang, message: message if message == "Household" else
                        real(lang, message))
    other = _issue(engine, issuer, "case-summary", travelled_case.id, "ru")
    assert "Household" in english_left(english, other)
