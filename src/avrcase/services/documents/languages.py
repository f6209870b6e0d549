"""Which languages each document can be printed in, and the refusal of any other.

A document printed from a translation catalog (case summary, introduction letter, manifest) can be
printed in English and in every language with a catalog; the declaration and the bilingual documents
in every language with a wording file holding their text (shipped or the office's own). Asking for
any other language is refused with the list of those that can be printed, never silently English.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from avrcase.documents.registry import DOCUMENT_TYPES, MANIFEST
from avrcase.domain.errors import ValidationError
from avrcase.domain.wording import DECLARATION
from avrcase.i18n import _, available_locales
from avrcase.i18n.format import language_name
from avrcase.services.documents.wording import drawable
from avrcase.services.dto import Actor, OfficeProfileDetail
from avrcase.services.office import get_office_profile
from avrcase.services.permissions import Permission, require

#: Document types whose fixed text comes from a wording file, and the file's block for each.
WORDING_SECTION = {"declaration": DECLARATION, "itinerary": "itinerary", "allowance-receipt": "allowance_receipt",
                   "reintegration-plan": "reintegration_plan"}


def printable_languages(doc_type: str, office: OfficeProfileDetail) -> list[str]:
    """The languages ``doc_type`` can be printed in, the office language first when it is one.

    A language needs the document's wording (or, for the catalog documents, a catalog) and a font for
    every character of it.
    """
    section = WORDING_SECTION.get(doc_type)
    if section:
        codes = {code for code in office.wording.printable(section) if drawable(office.wording, section, code)}
    else:
        codes = set(available_locales())
    first = [office.office_language] if office.office_language in codes else []
    return first + sorted(codes - set(first))


def _named(code: str) -> str:
    name = language_name(code)
    return f"{code} ({name})" if name and name != code else code


def check_printable(doc_type: str, lang: str, office: OfficeProfileDetail) -> None:
    """``ValidationError`` (one line, naming the languages that can be printed) unless ``lang`` is one."""
    can = printable_languages(doc_type, office)
    if lang in can:
        return
    kind = DOCUMENT_TYPES.get(doc_type) or MANIFEST
    name = language_name(lang)
    asked = f"{name} ({lang})" if name and name != lang else f"“{lang}”"
    raise ValidationError({"lang": _("avrcase cannot print the %(document)s in %(language)s; it can print it in: "
                                     "%(languages)s.") % {"document": _(kind.title).lower(), "language": asked,
                                                         "languages": ", ".join(_named(c) for c in can)}})


def printable_languages_by_type(session: Session, actor: Actor | None) -> dict[str, list[str]]:
    """For the issue dialog: every document type with the languages it can be printed in."""
    require(actor, Permission.DOCUMENT_ISSUE)
    office = get_office_profile(session, actor)
    return {name: printable_languages(name, office) for name in DOCUMENT_TYPES}
