"""The allowance receipt and the reintegration plan as the returnee signs them, in two languages."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from avrcase.documents import allowance_receipt, reintegration_plan
from avrcase.documents.bilingual import Signatory
from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.codes import ConsentGiver, LegalBasis, StaffRole, Vulnerability
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.domain.finance_codes import NeedLevel, Referral
from avrcase.domain.names import original_script_name
from avrcase.domain.reintegration import ItemCategory, Modality
from avrcase.domain.forms import ConsentForm, VulnerabilityForm
from avrcase.services.cases import register as cases_register
from avrcase.services.cases.case_file import get_case
from avrcase.services.documents import case_snapshots as snapshots
from avrcase.services.documents import finance_snapshots
from avrcase.services.documents import register as documents
from avrcase.services.documents import wording as document_wording
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import NeedsAssessmentForm, PaymentForm, PlanItemForm
from avrcase.services.office import IOM_VILNIUS
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form, make_person
from tests.documents.conftest import ISSUED_AT, RUSSIAN_FAMILY, RUSSIAN_GIVEN, office_calls_a_date_estimated, page_texts
from tests.documents.pdf_checks import assert_fonts_embedded, embedded_fonts, qpdf_problems
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project, walk_to_departed

CASE = "VNO-2026-00077"
VALUES = {"name": "Alyona Kuznetsova", "total": "650,00 €", "country": "Rusija",
          "organisation": "International Organization for Migration"}


def receipt_snapshot(languages=("lt", "ru"), **changes) -> allowance_receipt.AllowanceReceiptSnapshot:
    """Two payments to a mother of one, built by hand."""
    texts = document_wording.wordings("allowance_receipt", languages, VALUES)
    method = document_wording.term_in(texts, "payment_method", "cash_at_departure")
    snapshot = allowance_receipt.AllowanceReceiptSnapshot(
        frame=snapshots.page_frame(IOM_VILNIUS, texts[0].title, CASE, languages[0], ISSUED_AT), texts=texts,
        recipient=(("family_name", "KUZNETSOVA"), ("given_names", "Alyona"),
                   ("name_original", f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}"), ("date_of_birth", "1990-02-03"),
                   ("document", "Passport RU1234567"), ("case_number", CASE)),
        allowance=(("project", "Return Home"), ("adults", "1"), ("children", "1"), ("entitlement", "750,00 €")),
        payments=(allowance_receipt.PaymentLine("2026-12-01", "KUZNETSOVA Alyona", method, "R-1", "400,00 €"),
                  allowance_receipt.PaymentLine("2026-12-02", "KUZNETSOVA Alyona", document_wording.term_in(
                      texts, "payment_method", "prepaid_card"), "R-2", "250,00 €")),
        total="650,00 €",
        signatories=(Signatory("recipient_sig", "Alyona Kuznetsova"), Signatory("officer_sig", "Rūta Finansė")),
        place="Vilnius",
    )
    return dataclasses.replace(snapshot, **changes)


def plan_snapshot(languages=("lt", "ru"), items: int = 3, **changes) -> reintegration_plan.ReintegrationPlanSnapshot:
    """A small-business plan with a training course, built by hand."""
    texts = document_wording.wordings("reintegration_plan", languages, VALUES)
    lines = tuple(
        reintegration_plan.ItemLine(
            document_wording.term_in(texts, "item_category", "micro_business" if i % 2 == 0 else "vocational_training"),
            f"ITEM {i:03d}: sewing machine and fabric for a tailoring shop", "Partner NGO Tbilisi",
            document_wording.term_in(texts, "modality", "in_kind"), document_wording.term_in(texts, "item_status", "planned"),
            "500,00 €") for i in range(items))
    snapshot = reintegration_plan.ReintegrationPlanSnapshot(
        frame=snapshots.page_frame(IOM_VILNIUS, texts[0].title, CASE, languages[0], ISSUED_AT), texts=texts,
        heading=f"Alyona Kuznetsova · {CASE}",
        plan=(("case_number", CASE), ("country_of_return", "Rusija"), ("project", "Return Home"), ("revision", "2"),
              ("plan_status", "Patvirtintas"), ("approved_on", "2026-12-10")),
        needs=(reintegration_plan.NeedLine(document_wording.term_in(texts, "dimension", "economic"),
                                           "No income; worked as a tailor for eight years."),
               reintegration_plan.NeedLine(document_wording.term_in(texts, "dimension", "skills"), "Tailoring, Russian")),
        items=lines,
        totals=(("total", "1 500,00 €"), ("cap", "2 000,00 €"), ("remaining", "500,00 €")),
        signatories=(Signatory("returnee_sig", "Alyona Kuznetsova"), Signatory("officer_sig", "Reda Reintegracija"),
                     Signatory("manager_sig", "")),
        place="Vilnius",
    )
    return dataclasses.replace(snapshot, **changes)


def test_receipt_shows_who_received_what_how_and_both_signatures():
    rendered = allowance_receipt.render(receipt_snapshot())
    text = "\n".join(page_texts(rendered.pdf))
    assert "Įsikūrimo išmokos gavimo pakvitavimas" in text and "Расписка в получении пособия на обустройство" in text
    assert f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}" in text
    assert "400,00 €" in text and "250,00 €" in text and "650,00 €" in text
    assert "Grynieji išvykstant" in text and "Наличными при отъезде" in text
    assert "Aš, Alyona Kuznetsova, patvirtinu" in text and "Я, Alyona Kuznetsova, подтверждаю" in text
    assert "Gavėjas" in text and "Išmokėjęs darbuotojas" in text and "Rūta Finansė" in text
    assert rendered.pages == 1
    assert_fonts_embedded(rendered.pdf)


def test_receipt_without_payments_says_so():
    snapshot = receipt_snapshot(("en",), payments=())
    assert not snapshot.bilingual
    assert "No payment has been made yet." in page_texts(allowance_receipt.render(snapshot).pdf)[0]


def test_plan_lists_needs_items_total_against_cap_and_signatures():
    rendered = reintegration_plan.render(plan_snapshot())
    text = "\n".join(page_texts(rendered.pdf))
    assert "Reintegracijos planas" in text and "План реинтеграции" in text
    assert "No income; worked as a tailor" in text
    assert "Smulkusis verslas" in text and "Микробизнес" in text
    assert "Partner NGO Tbilisi" in text
    assert "1 500,00 €" in text and "2 000,00 €" in text
    assert "Patvirtino (vadovas)" in text
    assert_fonts_embedded(rendered.pdf)


def test_long_plan_splits_with_the_header_repeated():
    rendered = reintegration_plan.render(plan_snapshot(items=40))
    texts = page_texts(rendered.pdf)
    assert rendered.pages == len(texts) >= 2
    joined = "\n".join(texts)
    assert all(f"ITEM {i:03d}" in joined for i in range(40))
    for text in texts:
        if "ITEM" in text:
            assert "Kategorija" in text and "Aprašymas" in text
    assert f"Puslapis {len(texts)} iš {len(texts)}" in texts[-1]


def test_plan_without_needs_or_items_says_so():
    text = page_texts(reintegration_plan.render(plan_snapshot(("en",), items=0, needs=())).pdf)[0]
    assert "No needs assessment has been recorded." in text and "No support has been agreed yet." in text


def test_finance_documents_pass_qpdf(tmp_path):
    for rendered in (allowance_receipt.render(receipt_snapshot()), reintegration_plan.render(plan_snapshot())):
        problems = qpdf_problems(rendered.pdf, tmp_path)
        if problems is None:
            pytest.skip("qpdf is not installed")
        assert problems == ""


# ---------------------------------------------------------------- from the store, through the register

TODAY = FIXED_TODAY
RU_PRINCIPAL = dict(family_name="Kuznetsova", given_names="Alyona", family_name_original=RUSSIAN_FAMILY,
                    given_names_original=RUSSIAN_GIVEN, languages=("ru",), citizenship="RU")


@pytest.fixture
def manager(actor_as):
    return actor_as(StaffRole.MANAGER)


@pytest.fixture
def returnee(engine, make_case, manager, actor):
    """A departed Russian-speaking mother with one child, in Return Home."""
    project = make_project(engine, manager)
    case = make_case(members=1, principal=make_person(**RU_PRINCIPAL))
    assign(engine, manager, case.id, project.id)
    walk_to_departed(engine, actor, case.id)
    return case


def issue(engine, actor, doc_type, case_id, lang="lt"):
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, doc_type, case_id, lang)
        return row, documents.document_bytes(session, actor, row.id)


def test_no_receipt_is_issued_before_anything_was_paid(engine, actor_as, returnee):
    """A signable "I confirm I received €0.00" was issued and put on the register; a planned payment is not paid."""
    from sqlalchemy import func, select

    from avrcase.store.models import IssuedDocument

    finance = actor_as(StaffRole.FINANCE_OFFICER)
    with unit_of_work(engine) as session:
        allowances.plan_payment(session, finance, returnee.id, PaymentForm(eur(100), PaymentMethod.TRANSFER, TODAY))
    with pytest.raises(ValidationError) as refused:
        issue(engine, finance, "allowance-receipt", returnee.id)
    assert refused.value.errors["doc_type"].startswith("No allowance has been paid to case ")
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count(IssuedDocument.id))) == 0


def test_receipt_from_the_store_lists_the_paid_payments_and_the_reversal(engine, actor_as, returnee):
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    with unit_of_work(engine) as session:
        first = allowances.record_payment(session, finance, returnee.id, PaymentForm(
            eur(400), PaymentMethod.CASH_AT_DEPARTURE, TODAY, note="R-1"), paid_on=TODAY)
        allowances.record_payment(session, finance, returnee.id, PaymentForm(
            eur(250), PaymentMethod.PREPAID_CARD, TODAY, note="R-2"), paid_on=TODAY)
        allowances.reverse_payment(session, finance, first.id, "Counted twice")
        allowances.plan_payment(session, finance, returnee.id, PaymentForm(eur(100), PaymentMethod.TRANSFER, TODAY))
    row, pdf = issue(engine, finance, "allowance-receipt", returnee.id)
    assert (row.doc_type, row.language, row.pages) == ("allowance-receipt", "lt+ru", 1)
    text = "\n".join(page_texts(pdf))
    assert f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}" in text and "KUZNETSOVA" in text
    assert "400,00 €" in text and "250,00 €" in text and "-400,00 €" in text.replace("−", "-")
    assert "Pataisymas (atšaukta išmoka)" in text
    assert "Iš viso" in text and "250,00 €" in text.split("Iš viso")[1]  # paid 650, 400 reversed
    assert "100,00" not in text  # a planned payment is not received yet
    assert "Test Finance officer" in text
    assert_fonts_embedded(pdf)


def test_plan_from_the_store_prints_needs_items_total_against_the_cap(engine, actor_as, manager, returnee):
    officer = actor_as(StaffRole.REINTEGRATION_OFFICER)
    with unit_of_work(engine) as session:
        reintegration.save_needs_assessment(session, officer, returnee.id, NeedsAssessmentForm(
            TODAY, NeedLevel.HIGH, NeedLevel.LOW, NeedLevel.MEDIUM, economic_notes="No income since return",
            skills="Tailoring", referral_needs=(Referral.HEALTH,)))
        plan = reintegration.draft_plan(session, officer, returnee.id, [
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine and fabric", eur(1800), Modality.IN_KIND,
                         "NGO Moscow"),
            PlanItemForm(ItemCategory.VOCATIONAL_TRAINING, "Pattern-making course", eur(450), Modality.CASH, "College")],
            on=TODAY)
        reintegration.approve_plan(session, manager, plan.id, plan.version, on=TODAY)
    row, pdf = issue(engine, officer, "reintegration-plan", returnee.id, "en")
    assert (row.doc_type, row.language) == ("reintegration-plan", "en+ru")
    text = "\n".join(page_texts(pdf))
    assert "Reintegration plan" in text and "План реинтеграции" in text
    assert "No income since return" in text and "Tailoring" in text and "Health care" in text
    assert "NGO Moscow" in text and "Pattern-making course" in text
    assert "€2,250.00" in text and "€4,000.00" in text and "€1,750.00" in text  # total, cap 2 × 2,000, left
    assert "Test Reintegration officer" in text and "Test Manager" in text
    assert_fonts_embedded(pdf)


def test_plan_document_needs_a_plan(engine, actor_as, returnee):
    with pytest.raises(ValidationError, match="no reintegration plan"), unit_of_work(engine) as session:
        documents.issue_document(session, actor_as(StaffRole.REINTEGRATION_OFFICER), "reintegration-plan", returnee.id)


def test_finance_documents_are_refused_to_a_role_that_may_not_issue_documents(engine, manager, returnee):
    with unit_of_work(engine) as session:
        case = get_case(session, manager, returnee.id)
        for build in (finance_snapshots.allowance_receipt_snapshot, finance_snapshots.reintegration_plan_snapshot):
            with pytest.raises(PermissionDeniedError):
                build(session, manager, case, IOM_VILNIUS, "en", ISSUED_AT)


@pytest.fixture
def expired_passport_returnee(engine, make_case, manager, actor):
    """A departed returnee whose passport on the case file expired last year."""
    project = make_project(engine, manager)
    case = make_case(members=0, principal=make_person(**RU_PRINCIPAL, document_number="RU7654321",
                                                       document_expiry=TODAY.replace(year=TODAY.year - 1)))
    assign(engine, manager, case.id, project.id)
    walk_to_departed(engine, actor, case.id)
    return case


def _pay(engine, finance, case_id):
    with unit_of_work(engine) as session:
        allowances.record_payment(session, finance, case_id, PaymentForm(
            eur(400), PaymentMethod.CASH_AT_DEPARTURE, TODAY, note="R-1"), paid_on=TODAY)


def test_receipt_prints_the_travel_document_recorded_for_the_trip_not_the_expired_passport(
        engine, actor_as, expired_passport_returnee):
    from avrcase.domain.travel_documents import TravelDocument, TravelDocumentKind, TravelDocumentStatus
    from avrcase.services.travel import documents as travel_documents

    case = expired_passport_returnee
    with unit_of_work(engine) as session:
        principal = get_case(session, actor_as(StaffRole.TRAVEL_OFFICER), case.id).principal
        travel_documents.save_travel_document(session, actor_as(StaffRole.TRAVEL_OFFICER), principal.id, TravelDocument(
            TravelDocumentKind.TRAVEL_CERTIFICATE, TravelDocumentStatus.RECEIVED, "ETC-2026-991", "Embassy of Russia",
            TODAY, TODAY.replace(year=TODAY.year + 1)))
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    _pay(engine, finance, case.id)
    _row, pdf = issue(engine, finance, "allowance-receipt", case.id)
    text = "\n".join(page_texts(pdf))
    assert "ETC-2026-991" in text and "RU7654321" not in text


def test_receipt_without_a_recorded_travel_document_flags_an_expired_passport(engine, actor_as,
                                                                               expired_passport_returnee):
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    _pay(engine, finance, expired_passport_returnee.id)
    with unit_of_work(engine) as session:
        case = get_case(session, finance, expired_passport_returnee.id)
        snapshot = finance_snapshots.allowance_receipt_snapshot(session, finance, case, IOM_VILNIUS, "en", ISSUED_AT)
    document = dict(snapshot.recipient)["document"]
    assert "RU7654321" in document and "(expired on " in document


def test_the_receipt_counts_the_household_on_the_day_it_was_counted_for_the_allowance(engine, actor_as, manager, make_case):
    """The receipt counted the household on the day it was printed: a son turning 18 between that day and the
    departure was a child on the receipt and an adult in the allowance paid (another entitlement, signed for)."""
    from sqlalchemy import text

    from avrcase.services.travel import arrangements as travel
    from avrcase.services.travel.dto import ItineraryForm
    from tests.support.travel import advance, give_documents, trip

    officer, finance = actor_as(StaffRole.TRAVEL_OFFICER), actor_as(StaffRole.FINANCE_OFFICER)
    counsellor = actor_as(StaffRole.COUNSELLOR)
    case = make_case(members=1)
    son = next(m.person.id for m in case.members if m.person.id != case.principal.id)
    with unit_of_work(engine) as session:
        session.execute(text("UPDATE persons SET date_of_birth = '2008-12-07' WHERE id = :id"), {"id": son})
    project = make_project(engine, manager)
    assign(engine, manager, case.id, project.id)
    advance(engine, counsellor, case.id)
    give_documents(engine, officer, [case.principal.id, son])
    departure = FIXED_TODAY + dt.timedelta(days=6)  # the son is 18 by then, 17 today
    with unit_of_work(engine) as session:
        version = travel.get_travel(session, officer, case.id).version
        travel.save_itinerary(session, officer, case.id, version,
                              ItineraryForm(trip(departure, (case.principal.id, son))))
    with unit_of_work(engine) as session:
        counted = allowances.get_allowance(session, finance, case.id)
        allowances.record_payment(session, finance, case.id, PaymentForm(eur(100), PaymentMethod.TRANSFER, TODAY),
                                  paid_on=TODAY)
    assert (counted.household.adults, counted.household.children) == (2, 0)
    with unit_of_work(engine) as session:
        snapshot = finance_snapshots.allowance_receipt_snapshot(
            session, finance, get_case(session, finance, case.id), IOM_VILNIUS, "en", dt.datetime(
                2026, 12, 4, 10, 0, tzinfo=dt.timezone.utc))
    text = "\n".join(page_texts(allowance_receipt.render(snapshot).pdf))
    assert counted.entitlement.amount.format("en") in text


def test_the_amount_column_is_headed_on_the_right_over_its_amounts(tmp_path):
    """"Suma" stood on the left of its column, over amounts aligned on the right."""
    import re
    import subprocess

    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(allowance_receipt.render(receipt_snapshot()).pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    right = {word: float(x) for x, word in re.findall(r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)}
    assert abs(right["Suma"] - right["€"]) < 1.5, (right["Suma"], right["€"])


def test_a_lithuanian_payment_date_stays_on_one_line():
    """"2026 m. gruodžio 17 d." broke after the day in the receipt's narrow date column: "… 17" over "d."."""
    method = document_wording.term_in(document_wording.wordings("allowance_receipt", ("lt", "ar"), VALUES),
                                      "payment_method", "cash_at_departure")
    line = allowance_receipt.PaymentLine("2026 m. gruodžio 17 d.", "KUZNETSOVA Alyona", method, "Card 4000-1234",
                                         "1 250,00 €")
    text = page_texts(allowance_receipt.render(receipt_snapshot(("lt", "ar"), payments=(line,))).pdf)[0]
    assert "2026 m. gruodžio 17 d." in text, text


def _receipt_of_someone_born_in_a_year(engine, actor, actor_as, manager, make_case) -> str:
    """The text of the allowance receipt (English) of a returnee who gave only a year of birth."""
    case = make_case(members=0, principal=make_person(family_name="Yearonly", date_of_birth=dt.date(1990, 1, 1),
                                                      dob_estimated=True))
    assign(engine, manager, case.id, make_project(engine, manager).id)
    walk_to_departed(engine, actor, case.id)
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    with unit_of_work(engine) as session:
        allowances.record_payment(session, finance, case.id, PaymentForm(eur(400), PaymentMethod.CASH_AT_DEPARTURE,
                                                                         TODAY), paid_on=TODAY)
    _row, pdf = issue(engine, finance, "allowance-receipt", case.id, "en")
    return " ".join(" ".join(page_texts(pdf)).split())  # the cell may wrap


def test_an_estimated_birth_date_says_so_on_the_receipt(engine, actor, actor_as, manager, make_case):
    assert "Jan 1, 1990 (estimated)" in _receipt_of_someone_born_in_a_year(engine, actor, actor_as, manager, make_case)


def test_the_receipt_says_estimated_in_the_offices_own_wording(engine, actor, actor_as, manager, make_case):
    office_calls_a_date_estimated(engine, actor_as(StaffRole.ADMINISTRATOR), "year of birth only")
    text = _receipt_of_someone_born_in_a_year(engine, actor, actor_as, manager, make_case)
    assert "Jan 1, 1990 (year of birth only)" in text and "(estimated)" not in text


def test_the_plans_status_reads_in_the_returnees_language_too(engine, actor_as, manager, returnee):
    """The plan's status printed only in the office language ("Approved") while each item's status read in both:
    a returnee who reads only Russian could not tell whether the plan was approved or still a draft."""
    officer = actor_as(StaffRole.REINTEGRATION_OFFICER)
    with unit_of_work(engine) as session:
        plan = reintegration.draft_plan(session, officer, returnee.id, [
            PlanItemForm(ItemCategory.HOUSING, "Rent for three months", eur(900), Modality.CASH, "Landlord")], on=TODAY)
    _row, pdf = issue(engine, officer, "reintegration-plan", returnee.id, "en")
    assert "Черновик" in page_texts(pdf)[0]  # the draft plan, under "Draft"
    with unit_of_work(engine) as session:
        reintegration.approve_plan(session, manager, plan.id, plan.version, on=TODAY)
    _row, pdf = issue(engine, officer, "reintegration-plan", returnee.id, "en")
    assert "Утверждён" in page_texts(pdf)[0]


@pytest.mark.parametrize(("family", "given", "font"), [
    ("ბერიძე", "ნინო", "NotoSansGeorgian"), ("王", "小明", "DroidSansFallback"), ("Հակոբյան", "Անի", "NotoSansArmenian"),
])
def test_plan_prints_the_returnees_name_in_its_own_script(engine, actor_as, manager, make_case, family, given, font):
    """The returnee signs the plan, and it was the one paper they sign that gave their name only in Latin letters:
    the heading now names them as the receipt and the declaration do, in the script recorded (fix-accept13)."""
    project = make_project(engine, manager)
    case = make_case(members=1, principal=make_person(family_name="Latin", given_names="Name", family_name_original=family,
                                                      given_names_original=given))
    assign(engine, manager, case.id, project.id)
    walk_to_departed(engine, actor_as(StaffRole.COUNSELLOR), case.id)
    officer = actor_as(StaffRole.REINTEGRATION_OFFICER)
    with unit_of_work(engine) as session:
        plan = reintegration.draft_plan(session, officer, case.id, [
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "Tools", eur(300), Modality.IN_KIND, "NGO")], on=TODAY)
        reintegration.approve_plan(session, manager, plan.id, plan.version, on=TODAY)
    _, pdf = issue(engine, officer, "reintegration-plan", case.id, "en")
    first_page = page_texts(pdf)[0]
    assert f"LATIN Name · {original_script_name(family, given)} · {case.case_number}" in first_page
    assert any(font in name for name in embedded_fonts(pdf))


def test_a_split_allowance_names_each_person_paid_and_each_signs(engine, actor, actor_as, manager):
    """Nino and her husband Giorgi each took half: the lines say who took which, both sign under their names in Latin
    letters and in Georgian script, and the statement names both."""
    from tests.services.finance.test_paid_to import couple_form

    with unit_of_work(engine, actor=actor) as session:
        case = cases_register.register_case(session, actor, couple_form())
    assign(engine, manager, case.id, make_project(engine, manager).id)
    nino, giorgi, _luka = (m.person.id for m in case.members)
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    with unit_of_work(engine) as session:
        for person, note in ((nino, "R-1"), (giorgi, "R-2")):
            allowances.record_payment(session, finance, case.id, PaymentForm(
                eur(625), PaymentMethod.CASH_AT_DEPARTURE, TODAY, note=note, paid_to_id=person), paid_on=TODAY)
    row, pdf = issue(engine, finance, "allowance-receipt", case.id, "en")
    text = " ".join(" ".join(page_texts(pdf)).split())
    # The returnee's copy and the office's (the Georgian wording is a draft): one page each, signatures included.
    assert (row.language, row.pages) == ("en+ka", 2) and "Page 1 of 1" in text and "of 2" not in text
    assert "Paid to" in text and "Guardian" not in text
    table = text.split("Paid to", 1)[1].split("Total", 1)[0]  # the payments, line by line
    assert table.index("BERIDZE Nino") < table.index("R-1") < table.index("BERIDZE Giorgi") < table.index("R-2")
    assert "I, BERIDZE Nino / BERIDZE Giorgi, confirm that I have received" in text
    # The signature lines: each name in Latin letters and in the script recorded.
    assert "BERIDZE Nino · ბერიძე ნინო" in text and "BERIDZE Giorgi · ბერიძე გიორგი" in text
    assert "Passport 13AB00002" in table and "Feb 9, 1984" in table  # Giorgi's own document and birth date
    assert_fonts_embedded(pdf)
    assert any("Georgian" in font for font in embedded_fonts(pdf))


def test_an_unaccompanied_childs_receipt_has_a_line_for_the_guardian(engine, actor, actor_as, manager):
    child = make_person(given_names="Mari", date_of_birth=TODAY - dt.timedelta(days=16 * 365), document_number="13BB1")
    form = dataclasses.replace(cases_register_form(child), vulnerabilities=(
        VulnerabilityForm(Vulnerability.UNACCOMPANIED_CHILD, "Found alone"),))
    with unit_of_work(engine, actor=actor) as session:
        case = cases_register.register_case(session, actor, form)
    assign(engine, manager, case.id, make_project(engine, manager).id)
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    with unit_of_work(engine) as session:
        allowances.record_payment(session, finance, case.id, PaymentForm(eur(300), PaymentMethod.CASH_AT_DEPARTURE,
                                                                         TODAY), paid_on=TODAY)
    _row, pdf = issue(engine, finance, "allowance-receipt", case.id, "en")
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Guardian or legal representative" in text and "BERIDZE Mari" in text
    assert "Paid to" not in text  # one recipient: named above, no column


def cases_register_form(principal):
    """A case of one child alone, consent given by a legal representative."""
    return dataclasses.replace(make_case_form(principal=principal),
                               consent=ConsentForm(TODAY, ConsentGiver.LEGAL_REPRESENTATIVE, LegalBasis.CONSENT))
