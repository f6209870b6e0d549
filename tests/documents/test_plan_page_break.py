"""The reintegration plan's totals follow its items on the page when they fit there."""

from __future__ import annotations

from avrcase.documents import reintegration_plan
from avrcase.documents.bilingual import Signatory
from avrcase.services.documents import case_snapshots as snapshots
from avrcase.services.documents import wording as document_wording
from avrcase.services.office import IOM_VILNIUS
from tests.documents.conftest import ISSUED_AT, page_texts

CASE = "VNO-2025-00019"
NAME = "ZAKHAROV Magomed"


def _both(texts, vocabulary: str, code: str):
    return document_wording.term_in(texts, vocabulary, code)


def three_item_plan() -> reintegration_plan.ReintegrationPlanSnapshot:
    """A demo store's three-item plan in Lithuanian and Russian, as the register builds it."""
    texts = document_wording.wordings("reintegration_plan", ("lt", "ru"), {
        "name": NAME, "organisation": "International Organization for Migration"})
    needs = [("economic", "Didelis — No regular income yet."), ("social", "Mažas — Lives with relatives."),
             ("psychosocial", "Mažas — Stress after return; sleeps badly."),
             ("skills", "Driver with a category B licence"), ("plans", "Open a small business near the family")]
    items = [("micro_business", "Tools and stock for a car repair workshop", "IOM mission in the country of return",
              "verified", "280,80\xa0€"),
             ("medical_care", "Specialist consultations and medication for six months", "Municipal employment office",
              "delivered", "387,60\xa0€"),
             ("medical_care", "Specialist consultations and medication for six months", "Vocational training centre",
              "verified", "475,20\xa0€")]
    return reintegration_plan.ReintegrationPlanSnapshot(
        frame=snapshots.page_frame(IOM_VILNIUS, texts[0].title, CASE, "lt", ISSUED_AT), texts=texts,
        heading=f"{NAME} · {CASE}",
        plan=(("case_number", CASE), ("country_of_return", "Rusija"), ("final_destination", "Saint Petersburg"),
              ("project", "Return Home"), ("revision", "1"), ("plan_status", _both(texts, "plan_status", "approved")),
              ("drafted_on", "2025 m. spalio 14 d."), ("approved_on", "2025 m. lapkričio 26 d.")),
        needs=tuple(reintegration_plan.NeedLine(_both(texts, "dimension", key), text) for key, text in needs),
        items=tuple(reintegration_plan.ItemLine(_both(texts, "item_category", category), description, provider,
                                                _both(texts, "modality", "in_kind"), _both(texts, "item_status", status),
                                                cost)
                    for category, description, provider, status, cost in items),
        totals=(("total", "1\xa0143,60\xa0€"), ("cap", "1\xa0500,00\xa0€"), ("remaining", "356,40\xa0€")),
        signatories=(Signatory("returnee_sig", NAME), Signatory("officer_sig", "Giedrė Vasiliauskienė"),
                     Signatory("manager_sig", "Andrius Žukauskas")),
        place="Vilnius")


def test_the_totals_of_a_three_item_plan_stay_on_the_page_of_its_items():
    """The totals block (total, cap, what is left) opened page 2 alone at its top though page 1 had room for it
    under the items: a 2 mm gap kept together with it made the block a few points too tall for what was left."""
    pages = page_texts(reintegration_plan.render(three_item_plan()).pdf)
    assert "Specialist consultations" in pages[0]
    assert "Iš viso" in pages[0] and "Dar galima skirti" in pages[0] and "356,40" in pages[0]
    assert "Iš viso" not in pages[1] and "Susitarimas" in pages[1]
