"""The document types the app can issue, by the contract name offices script against.

Adding a type is a module beside this one (a snapshot dataclass and ``render``) plus an entry here
and a snapshot builder in ``avrcase.services.documents``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from avrcase.documents import case_summary, declaration
from avrcase.documents import allowance_receipt, introduction_letter, itinerary, manifest, reintegration_plan
from avrcase.documents.base import RenderedDocument
from avrcase.i18n import N_


@dataclass(frozen=True)
class DocumentType:
    """A kind of document: its stable name, its title (translate at use) and its renderer."""

    name: str
    title: str
    render: Callable[[object], RenderedDocument]
    bilingual: bool  # printed in the office language and, where it exists, the applicant's


DOCUMENT_TYPES: dict[str, DocumentType] = {
    "case-summary": DocumentType("case-summary", N_("Case summary"), case_summary.render, bilingual=False),
    "declaration": DocumentType(
        "declaration", N_("Application and declaration of voluntary return"), declaration.render, bilingual=True,
    ),
    "itinerary": DocumentType("itinerary", N_("Travel plan (itinerary)"), itinerary.render, bilingual=True),
    "introduction-letter": DocumentType(
        "introduction-letter", N_("Letter of introduction and request for travel assistance"),
        introduction_letter.render, bilingual=False,
    ),
    "allowance-receipt": DocumentType(
        "allowance-receipt", N_("Receipt for the reinstallation allowance"), allowance_receipt.render, bilingual=True,
    ),
    "reintegration-plan": DocumentType(
        "reintegration-plan", N_("Reintegration plan"), reintegration_plan.render, bilingual=True,
    ),
}

#: Documents that belong to a day, not to a case (``avrcase manifest``); not in a case's register.
MANIFEST = DocumentType("manifest", N_("Movement manifest"), manifest.render, bilingual=False)
