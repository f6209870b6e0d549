"""The document types the app can issue, by the contract name offices script against.

Adding a type is a module beside this one (a snapshot dataclass and ``render``) plus an entry here
and a snapshot builder in ``avrcase.services.documents``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from avrcase.i18n import N_

if TYPE_CHECKING:
    from avrcase.documents.base import RenderedDocument


@dataclass(frozen=True)
class DocumentType:
    """A kind of document: its stable name, its title (translate at use) and the module beside this one that
    renders it (``render``)."""

    name: str
    title: str
    module: str
    bilingual: bool  # printed in the office language and, where it exists, the applicant's

    @property
    def render(self) -> Callable[[object], RenderedDocument]:
        """The module's ``render``, imported when a document of this type is first made: ``avrcase document
        case-summary`` imported the five other papers' modules too (#14)."""
        return importlib.import_module(f"avrcase.documents.{self.module}").render  # type: ignore[no-any-return]


DOCUMENT_TYPES: dict[str, DocumentType] = {
    "case-summary": DocumentType("case-summary", N_("Case summary"), "case_summary", bilingual=False),
    "declaration": DocumentType(
        "declaration", N_("Application and declaration of voluntary return"), "declaration", bilingual=True,
    ),
    "itinerary": DocumentType("itinerary", N_("Travel plan (itinerary)"), "itinerary", bilingual=True),
    "introduction-letter": DocumentType(
        "introduction-letter", N_("Letter of introduction and request for travel assistance"),
        "introduction_letter", bilingual=False,
    ),
    "allowance-receipt": DocumentType(
        "allowance-receipt", N_("Receipt for the reinstallation allowance"), "allowance_receipt", bilingual=True,
    ),
    "reintegration-plan": DocumentType(
        "reintegration-plan", N_("Reintegration plan"), "reintegration_plan", bilingual=True,
    ),
}

#: Documents that belong to a day, not to a case (``avrcase manifest``); not in a case's register.
MANIFEST = DocumentType("manifest", N_("Movement manifest"), "manifest", bilingual=False)
