"""The document types the app can issue, by the contract name offices script against.

Adding a type is a module beside this one (a snapshot dataclass and ``render``) plus an entry here
and a snapshot builder in ``avrcase.services.documents``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from avrcase.documents import case_summary, declaration
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
}
