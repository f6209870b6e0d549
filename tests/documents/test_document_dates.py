"""No document writes a date in digits only ("12/4/26", "2026-12-04", "04.12.2026"): in every language
the month is named, so nobody has to guess which number is the day (issue #15, item 6)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from avrcase.documents import recovery_sheet
from avrcase.documents.registry import DOCUMENT_TYPES
from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import DisclosureRule
from avrcase.domain.finance_codes import NeedLevel
from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.reintegration import ItemCategory, Modality
from avrcase.i18n import set_locale
from avrcase.i18n.format import document_date, document_datetime
from avrcase.services.data_protection import subject_access
from avrcase.services.documents import manifest_issue
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import NeedsAssessmentForm, PaymentForm, PlanItemForm
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.statistics import dashboard
from avrcase.services.statistics import report as statistics_report
from avrcase.services.uow import unit_of_work
from tests.documents.test_finance_documents import TODAY, issue, manager, returnee  # noqa: F401  (fixtures)
from tests.documents.test_travel_documents import TRAVEL_DAY, book, officer  # noqa: F401  (fixture)
from tests.support.finance import eur

LANGUAGES = ("en", "lt", "ru")
#: Day, month and year in digits with "/", "." or "-" between them: 2026-12-04, 04.12.2026, 12/4/26.
NUMERIC_DATE = re.compile(r"(?<![\d.])(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2}))(?![\d])")


def numeric_dates(pdf: bytes) -> list[str]:
    """The digits-only dates in the text poppler reads from ``pdf`` (every page; several times faster than pypdf)."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return NUMERIC_DATE.findall(text.decode("utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_document_dates_name_the_month(lang):
    day, instant = dt.date(2026, 12, 4), dt.datetime(2026, 12, 4, 9, 41, tzinfo=dt.timezone.utc)
    for text in (document_date(day, lang), document_datetime(instant, lang, dt.timezone.utc)):
        assert not NUMERIC_DATE.search(text), text
        assert "2026" in text and re.search(r"[^\W\d_]", text)


@pytest.fixture
def papers(engine, actor, actor_as, officer, make_case, returnee, manager):  # noqa: F811
    """Every kind of document, for a booked case and a departed one with an allowance and a plan, by language."""
    booked = book(engine, actor, officer, make_case)
    finance, planner = actor_as(StaffRole.FINANCE_OFFICER), actor_as(StaffRole.REINTEGRATION_OFFICER)
    with unit_of_work(engine) as session:
        allowances.record_payment(session, finance, returnee.id, PaymentForm(
            eur(400), PaymentMethod.CASH_AT_DEPARTURE, TODAY, note="R-1"), paid_on=TODAY)
        reintegration.save_needs_assessment(session, planner, returnee.id, NeedsAssessmentForm(
            TODAY, NeedLevel.HIGH, NeedLevel.LOW, NeedLevel.MEDIUM, economic_notes="No income"))
        plan = reintegration.draft_plan(session, planner, returnee.id, [
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine", eur(1800), Modality.IN_KIND, "NGO")], on=TODAY)
        reintegration.approve_plan(session, manager, plan.id, plan.version, on=TODAY)

    def issued(lang: str) -> dict[str, bytes]:
        pdfs = {}
        for name in DOCUMENT_TYPES:
            case = returnee if name in ("allowance-receipt", "reintegration-plan") else booked
            pdfs[name] = issue(engine, planner if case is returnee else officer, name, case.id, lang)[1]
        with unit_of_work(engine) as session:
            pdfs["manifest"] = manifest_issue.issue_manifest(session, officer, TRAVEL_DAY, lang=lang).pdf
        # Reports that print in the language of the desktop app.
        set_locale(lang)
        try:
            with unit_of_work(engine) as session:
                report = subject_access.build_report(session, actor, booked.case_number)
                pdfs["subject-access"] = subject_access.report_pdf(session, report)
                query = dashboard.DashboardQuery(dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
                snapshot = dashboard.compute_dashboard(session, manager, query)
                pdfs["statistics"] = statistics_report.dashboard_report_pdf(session, manager, snapshot,
                                                                            DisclosureRule(3))
            sheet = recovery_sheet.RecoverySheet("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", "/srv/avr/store.db",
                                                 dt.datetime(2026, 12, 4, 9, 41, tzinfo=dt.timezone.utc))
            pdfs["recovery-sheet"] = recovery_sheet.render(sheet).pdf
        finally:
            set_locale("en")
        return pdfs

    return issued


def test_no_document_writes_a_date_in_digits_only(papers):
    found = {}
    for lang in LANGUAGES:
        for name, pdf in papers(lang).items():
            if dates := numeric_dates(pdf):
                found[(lang, name)] = dates
    assert found == {}
