"""Snapshots for the document renderers, built from a ``CaseDetail`` and the office profile.

Everything a renderer prints is decided here: the language of each text, dates and country names
formatted for that language, and what is left out for staff who may not see sensitive details.
Renderers then only lay the snapshot out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import string
from collections.abc import Mapping
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from avrcase.documents import case_summary, declaration
from avrcase.documents.base import LetterheadSnapshot, PageFrame
from avrcase.domain.codes import (
    ApprovalStatus,
    CaseKind,
    ConsentGiver,
    ConsultationMode,
    ConsultationOutcome,
    ConsultationTopic,
    IdDocumentType,
    LegalBasis,
    LegalStatus,
    ReferralSource,
    Relationship,
    Sex,
    SharingParty,
    StaffRole,
    Vocabulary,
    Vulnerability,
)
from avrcase.domain.airports import city_in
from avrcase.domain.names import capitals, original_script_name
from avrcase.domain.privacy import gendered, sharing_choice_label
from avrcase.domain.stages import Stage, shown_reason
from avrcase.i18n import N_, gettext_from, load_translations
from avrcase.domain.wording import DECLARATION, DOCUMENTS, OPTIONAL_FRAME_KEYS, SHIPPED, WordingCatalog, shipped_file
from avrcase.i18n.format import country_name, document_date, document_datetime, format_number, language_name, punctuation
from avrcase.services.documents.wording import drawable
from avrcase.services.dto import CaseDetail, OfficeProfileDetail, PersonDetail
from avrcase.services.permissions import Permission, allowed

#: Roles that see vulnerability details and consultation notes on printed documents (until #7).
#: A person under this age on the day of issue needs a parent's or guardian's signature.
ADULT_AGE = 18
FALLBACK_DECLARATION_LANGUAGE = "en"

_FRAME_TEXTS = {
    "case": N_("Case %(number)s"),
    "issued": N_("Issued %(when)s"),
    "page": N_("Page %(page)d of %(pages)d"),
}
_OFFICE_COPY_NOTE = N_("Office copy. Translation not yet reviewed (draft): %(languages)s.")


@functools.cache
def _translations(lang: str):
    # translate_in() reloads the catalog on every call; documents translate dozens of strings.
    return load_translations(lang)


def tr(lang: str, message: str) -> str:
    """``message`` translated into ``lang`` regardless of the UI language."""
    return gettext_from(_translations(lang), message)


def _frame_text(data: Mapping | None, key: str) -> str | None:
    frame = data.get("frame") if data is not None else None
    text = frame.get(key) if isinstance(frame, Mapping) else None
    return text if isinstance(text, str) else None


def printed(lang: str, key: str, message: str, catalog: WordingCatalog = SHIPPED) -> str:
    """A fixed text of the documents themselves (``message``, a ``%(name)s`` template: the page footer, a note) in
    ``lang``: from the ``frame`` block of ``lang``'s documents wording file when it has one (the returnees'
    languages, which the interface is not translated into), else from the interface's catalog (en, lt, ru). An
    optional key an office's file lacks comes from the shipped file of ``lang`` first."""
    text = _frame_text(catalog.file(DOCUMENTS, lang), key)
    if text is None and key in OPTIONAL_FRAME_KEYS:  # an office's file exported before the key existed
        text = _frame_text(shipped_file(DOCUMENTS, lang), key)
    if text is None:
        return tr(lang, message)
    # The file's "{name}" placeholders (str.format, as in its statements) as the template's "%(name)s".
    return "".join(literal.replace("%", "%%") + (f"%({name})s" if name is not None else "")
                   for literal, name, _spec, _conversion in string.Formatter().parse(text))


def term(vocabulary: type[Vocabulary], value: str | None, lang: str) -> str:
    """The label of a vocabulary value in ``lang``; the raw value when unknown."""
    if not value:
        return ""
    label = vocabulary._labels().get(str(value))  # noqa: SLF001 - the vocabularies' source labels
    return tr(lang, label) if label else str(value)


def may_see_sensitive(role: StaffRole | None) -> bool:
    """Whether documents issued by someone in ``role`` include vulnerabilities and consultation notes.

    Both rights are needed: a copy holding them is opened again only by roles that may read both.
    """
    return role is not None and allowed(role, Permission.SENSITIVE_READ) and allowed(role, Permission.COUNSELLING_READ)


def office_zone(office: OfficeProfileDetail) -> dt.tzinfo:
    """The office's time zone, in which documents print the moment they were issued (UTC if unknown)."""
    try:
        return ZoneInfo(office.time_zone) if office.time_zone else dt.timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone.utc


def office_city(office: OfficeProfileDetail, lang: str) -> str:
    """The office's city as a document in ``lang`` names it ("Вильнюс" for Vilnius in Russian)."""
    return city_in(office.city, office.time_zone, lang) if office.city else ""


def page_frame(office: OfficeProfileDetail, title: str, case_number: str, lang: str,
               issued_at: dt.datetime) -> PageFrame:
    """Letterhead and footer texts of a document in ``lang`` (the office's texts for that language)."""
    catalog = office.wording
    office = office.in_language(lang)
    letterhead = LetterheadSnapshot(
        organisation=office.organisation, office_name=office.office_name, address=office.address,
        phone=office.phone, email=office.email, website=office.website, footer_note=office.footer_note,
        logo_png=office.logo_png,
    )
    return PageFrame(
        letterhead=letterhead, title=title, case_number=case_number, language=lang, issued_at=issued_at,
        case_label=printed(lang, "case", _FRAME_TEXTS["case"], catalog) % {"number": case_number},
        issued_label=printed(lang, "issued", _FRAME_TEXTS["issued"], catalog) % {
            "when": document_datetime(issued_at, lang, office_zone(office))},
        page_label=printed(lang, "page", _FRAME_TEXTS["page"], catalog),
    )


def with_draft_note(frame: PageFrame, catalog: WordingCatalog, kind: str, languages: tuple[str, ...]) -> PageFrame:
    """``frame`` printing an office's copy with a note when a wording of ``languages`` is still a draft."""
    drafts = [code for code in languages if (entry := catalog.entry(kind, code)) is not None and entry.draft]
    if not drafts:
        return frame
    names = ", ".join(language_name(code, frame.language) or code for code in drafts)
    return dataclasses.replace(frame, office_copy_note=printed(frame.language, "office_copy", _OFFICE_COPY_NOTE, catalog)
                               % {"languages": names})


def _born(person: PersonDetail, lang: str, estimated_word: str) -> str:
    text = document_date(person.date_of_birth, lang)
    return f"{text} ({estimated_word})" if text and person.dob_estimated else text


def born_on(person: PersonDetail | None, lang: str, catalog: WordingCatalog) -> str:
    """A date of birth as the travel and payment papers print it, "(estimated)" after one that is (an estimated
    date is 1 January of the year a person gave; printed bare, it read as a date from their passport), in the
    office's own declaration wording where it has one."""
    if person is None:
        return ""
    data = declaration_wording(lang, catalog)  # the returnees' languages have the word in their declaration
    labels = data.get("labels") if data is not None else None
    word = labels.get("estimated") if isinstance(labels, dict) else None
    return _born(person, lang, word if isinstance(word, str) and word else tr(lang, N_("estimated")))


def _original(person: PersonDetail) -> str:
    return original_script_name(person.family_name_original, person.given_names_original)


def _document(person: PersonDetail, lang: str) -> str:
    if person.document_type in ("", IdDocumentType.NONE.value):
        return term(IdDocumentType, IdDocumentType.NONE.value, lang)
    return f"{term(IdDocumentType, person.document_type, lang)} {person.document_number}".strip()


# ---------------------------------------------------------------- case summary


def case_summary_snapshot(case: CaseDetail, office: OfficeProfileDetail, lang: str, issued_at: dt.datetime,
                          *, show_sensitive: bool) -> case_summary.CaseSummarySnapshot:
    """The case summary in ``lang``; vulnerabilities and notes only when ``show_sensitive``."""
    t = {key: tr(lang, text) for key, text in case_summary.LABELS.items()}
    estimated = tr(lang, N_("estimated"))
    principal = case.principal
    decision = " · ".join(x for x in (case.return_decision_number, document_date(case.return_decision_date, lang)) if x)
    facts = (
        (tr(lang, N_("Case number")), case.case_number),
        (tr(lang, N_("Stage")), term(Stage, case.stage.value, lang)),
        (tr(lang, N_("Kind")), term(CaseKind, case.kind, lang)),
        (tr(lang, N_("Registered on")), document_date(case.registered_on, lang)),
        (tr(lang, N_("Legal status")), term(LegalStatus, case.legal_status, lang)),
        (tr(lang, N_("Referred by")), term(ReferralSource, case.referral_source, lang)),
        (tr(lang, N_("Country of return")), country_name(case.country_of_return, lang)),
        (tr(lang, N_("Final destination")), case.final_destination),
        (tr(lang, N_("Counsellor")), case.counsellor_name),
        (tr(lang, N_("Project")), case.project),
        (tr(lang, N_("Return decision")), decision),
        (tr(lang, N_("Approval")), term(ApprovalStatus, case.approval_status, lang)),
    )
    household = tuple(
        case_summary.HouseholdLine(
            name=m.person.formal_name, original=_original(m.person), relationship=term(Relationship, m.relationship, lang),
            sex=term(Sex, m.person.sex, lang), born=_born(m.person, lang, estimated),
            citizenship=country_name(m.person.citizenship, lang), document=_document(m.person, lang),
        ) for m in case.members
    )
    vulnerabilities = None
    if show_sensitive:
        household_case = len(case.members) > 1  # whose vulnerability it is, when there is more than one person
        vulnerabilities = tuple((term(Vulnerability, v.code, lang), " — ".join(
            part for part in ((case.person_name(v.person_id) if household_case else ""), v.details or "") if part))
            for v in case.vulnerabilities)
    consent: tuple[tuple[str, str], ...] = ()
    if case.consent is not None:
        consent = (
            (tr(lang, N_("Given on")), document_date(case.consent.given_on, lang)),
            (tr(lang, N_("Given by")), term(ConsentGiver, case.consent.given_by, lang)),
            (tr(lang, N_("Legal basis")), term(LegalBasis, case.consent.legal_basis, lang)),
            (tr(lang, N_("Shared with")), ", ".join(term(SharingParty, s, lang) for s in case.consent.shared_with)),
            (tr(lang, N_("Optional sharing with third parties")), tr(lang, sharing_choice_label(case.consent.sharing))),
        )
    history = tuple(
        case_summary.HistoryLine(
            at=document_datetime(s.changed_at, lang, office_zone(office)),
            from_stage=term(Stage, s.from_stage.value, lang) if s.from_stage else "—",
            to_stage=term(Stage, s.to_stage.value, lang), reason=shown_reason(s.reason, lang), by=s.changed_by,
        ) for s in case.stage_history
    )
    consultations = tuple(
        case_summary.ConsultationLine(
            held_at=document_datetime(c.held_at, lang, office_zone(office)), mode=term(ConsultationMode, c.mode, lang),
            counsellor=c.counsellor, topics=", ".join(term(ConsultationTopic, x, lang) for x in c.topics),
            outcome=term(ConsultationOutcome, c.outcome, lang), notes=(c.notes or "") if show_sensitive else "",
        ) for c in sorted(case.consultations, key=lambda c: c.held_at)
    )
    heading = f"{principal.formal_name} · {case.case_number}"
    return case_summary.CaseSummarySnapshot(
        frame=page_frame(office, t["title"], case.case_number, lang, issued_at), labels=t, heading=heading,
        facts=facts, household=household, vulnerabilities=vulnerabilities, consent=consent, history=history,
        consultations=consultations,
    )


# ---------------------------------------------------------------- declaration


def declaration_files() -> list:
    """The shipped declaration wordings, one ``<lang>.json`` each."""
    folder = resources.files("avrcase.resources") / "declarations"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)


def declaration_wording(lang: str, catalog: WordingCatalog = SHIPPED) -> dict | None:
    """The declaration's wording in ``lang`` (the office's own file or the shipped one), or ``None``."""
    return catalog.file(DECLARATION, lang)


def declaration_languages(case: CaseDetail, lang: str, catalog: WordingCatalog = SHIPPED) -> tuple[str, ...]:
    """``lang`` (or English when it has no wording), then the first applicant language that has one."""
    first = lang if drawable(catalog, DECLARATION, lang) else FALLBACK_DECLARATION_LANGUAGE
    for spoken in case.principal.languages:
        if spoken != first and drawable(catalog, DECLARATION, spoken):
            return first, spoken
        if spoken == first:
            break  # the applicant reads the office language: one column is enough
    return (first,)


def _age_on(person: PersonDetail, day: dt.date) -> int | None:
    born = person.date_of_birth
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


#: The data-protection paragraphs of a wording, in the order they print.
DATA_PROTECTION_PARAGRAPHS = ("controller", "purposes", "legal_basis", "recipients", "retention", "rights", "complaint")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def counted(wording: dict, key: str, n: int, lang: str) -> str:
    """The phrase ``counted[key]`` for the number ``n``, in the plural category ``lang`` uses for it."""
    variants = wording["counted"][key]
    try:
        category = Locale.parse(lang).plural_form(n)
    except (UnknownLocaleError, ValueError):
        category = "other"
    return (variants.get(category) or variants["other"]).format(n=format_number(n, lang))


def _declaration_text(case: CaseDetail, office: OfficeProfileDetail, lang: str,
                      retention_years: int) -> declaration.DeclarationText:
    wording = declaration_wording(lang, office.wording)
    none_word = wording["labels"]["none"]
    texts = office.in_language(lang)  # the office's texts for this language where it set them, its own otherwise
    dpo = ", ".join(x for x in [office.dpo_email.strip(), *_lines(texts.dpo_address)] if x)
    semicolon = punctuation(";", lang) + " "  # "A ; B" in French
    values = {
        "name": case.principal.formal_name,
        "organisation": texts.organisation or texts.office_name,
        "country": country_name(case.country_of_return, lang),
        "controller": texts.controller,
        "dpo_contact": dpo or none_word,
        "recipients": semicolon.join(_lines(texts.data_recipients)) or none_word,
        "retention": counted(wording, "years", retention_years, lang),
        "supervisory_authority": semicolon.join(_lines(texts.supervisory_authority)) or none_word,
        "third_parties": semicolon.join(_lines(texts.sharing_recipients)),
        **gendered(wording.get("forms", {}), case.principal.sex),
    }
    statements = [s.format(**values) for s in wording["statements"]]
    if len(case.members) < 2:
        del statements[wording["household_statement"]]
    sharing = None
    if values["third_parties"]:
        asked = wording["sharing"]
        sharing = declaration.SharingText(*(asked[key].format(**values) for key in ("question", "note", "yes", "no")))
    return declaration.DeclarationText(
        language=lang, title=wording["title"], labels=wording["labels"], statements=tuple(statements),
        data_protection=tuple(wording["data_protection"][key].format(**values) for key in DATA_PROTECTION_PARAGRAPHS),
        sharing=sharing, terms=wording["terms"],
    )


def declaration_snapshot(case: CaseDetail, office: OfficeProfileDetail, lang: str, issued_at: dt.datetime,
                         *, interpreter: str = "") -> declaration.DeclarationSnapshot:
    """The declaration in ``lang`` and, where a translation exists, the applicant's language.

    The retention period printed is the office's setting (``office.retention_years``).
    """
    languages = declaration_languages(case, lang, office.wording)
    texts = tuple(_declaration_text(case, office, code, office.retention_years) for code in languages)
    first = texts[0]
    p = case.principal
    estimated = first.labels["estimated"]
    sex = first.terms["sex"]
    applicant = (
        ("family_name", capitals(p.family_name, p.citizenship)), ("given_names", p.given_names), ("patronymic", p.patronymic),
        ("name_original", _original(p)),
        ("sex", sex.get(p.sex, p.sex)), ("date_of_birth", _born(p, languages[0], estimated)),
        ("citizenship", country_name(p.citizenship, languages[0])),
        ("document", first.terms["document_type"].get(p.document_type, p.document_type)),
        ("document_number", p.document_number), ("address", p.address), ("phone", p.phone),
        ("case_number", case.case_number),
    )
    household = tuple(
        declaration.HouseholdMemberLine(
            name=m.person.formal_name, original=_original(m.person),
            relationship=first.terms["relationship"].get(m.relationship, m.relationship),
            born=_born(m.person, languages[0], estimated), citizenship=country_name(m.person.citizenship, languages[0]),
            document=" ".join(x for x in (first.terms["document_type"].get(m.person.document_type, ""),
                                          m.person.document_number) if x),
        ) for m in case.members[1:]
    )
    journey = (("country_of_return", country_name(case.country_of_return, languages[0])),
               ("final_destination", case.final_destination))
    today = issued_at.date()
    signatories = [declaration.Signatory("applicant_sig", p.formal_name)]
    for member in case.members[1:]:
        age = _age_on(member.person, today)
        if age is not None and age < ADULT_AGE:
            signatories.append(declaration.Signatory("guardian_sig", "", for_person=member.person.full_name))
    signatories.append(declaration.Signatory("counsellor_sig", case.counsellor_name))
    signatories.append(declaration.Signatory("interpreter_sig", interpreter))
    frame = page_frame(office, first.title, case.case_number, languages[0], issued_at)
    return declaration.DeclarationSnapshot(
        frame=with_draft_note(frame, office.wording, DECLARATION, languages),
        texts=texts, applicant=applicant, household=household, journey=journey, signatories=tuple(signatories),
        place=office_city(office, languages[0]),
    )
