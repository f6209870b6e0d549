"""Which languages each document can be printed in, and the refusal of any other.

A document printed from a translation catalog (case summary, introduction letter, manifest) can be
printed in English and in every language with a catalog; the declaration and the bilingual documents
in every language with a wording file holding their text (shipped or the office's own). Asking for
any other language is refused with the list of those that can be printed, never silently English.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.documents.registry import DOCUMENT_TYPES, MANIFEST
from avrcase.domain.errors import ValidationError
from avrcase.domain.wording import DECLARATION
from avrcase.i18n import _, available_locales, current_locale
from avrcase.i18n.format import language_name
from avrcase.services.documents.wording import drawable
from avrcase.services.dto import Actor, OfficeProfileDetail
from avrcase.services.office import get_office_profile
from avrcase.services.permissions import Permission, require
from avrcase.store.models import Case, Person

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


def default_language(doc_type: str, printable: Sequence[str], *, spoken: Sequence[str], window: str,
                     office_language: str) -> str:
    """The language the issue dialog proposes for ``doc_type`` (one of ``printable``); "" when none can be printed.

    A paper printed in two languages keeps the office language first: the returnee's language is printed beside it
    by itself, and a paper in the returnee's language alone would leave the office a signed copy it cannot read. A
    paper in one language (the letter of introduction, the case summary) is for the returnee who carries it: in the
    first language they read that it exists in, else in the window's language (whoever issues it reads it), else the
    office language.
    """
    kind = DOCUMENT_TYPES.get(doc_type)
    order = [office_language] if kind is not None and kind.bilingual else [*spoken, window, office_language]
    return next((code for code in order if code in printable), printable[0] if printable else "")


def issue_defaults(session: Session, actor: Actor | None, case_id: int) -> dict[str, str]:
    """For the issue dialog: the language each document type is proposed in for this case (``default_language``)."""
    require(actor, Permission.DOCUMENT_ISSUE)
    office = get_office_profile(session, actor)
    spoken = session.scalar(select(Person.languages).join(Case, Case.principal_id == Person.id)
                            .where(Case.id == case_id)) or ""
    codes = [code.strip() for code in spoken.split(",") if code.strip()]
    return {name: default_language(name, printable_languages(name, office), spoken=codes, window=current_locale(),
                                   office_language=office.office_language)
            for name in DOCUMENT_TYPES}
