"""The office profile: letterhead details and the office code in case numbers.

The organisation's name, letterhead lines, footer and emergency phone may also be set per language
(``save_language_texts``): a document printed in that language uses them. The profile also carries
the wording catalog (the shipped wording files with the office's own over them,
``services.documents.office_wording``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace

from babel import Locale, UnknownLocaleError
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from avrcase.domain.errors import ConflictError, ValidationError
from avrcase.domain.money import check_currency
from avrcase.domain.privacy import data_protection_errors
from avrcase.domain.validation import email_error
from avrcase.i18n import _
from avrcase.services.clock import forget_office_zone, is_known_zone, note_office_zone
from avrcase.domain import wording as w
from avrcase.services.dto import LANGUAGE_FIELDS, Actor, OfficeLanguageTextDetail, OfficeProfileDetail
from avrcase.services.permissions import Permission, require
from avrcase.store.models import OfficeLanguageText, OfficeProfile, OfficeWordingRecord

PROFILE_ID = 1

#: A profile nobody has filled in yet: letterheads say so rather than print an empty head.
BLANK = OfficeProfileDetail(
    office_code="AVR", organisation="", office_name="", address="", phone="", email="", website="",
    city="", country="", office_language="en", currency="EUR", footer_note="", logo_png=None, version=0,
)

#: The demo office (IOM Vilnius), used by demo stores.
IOM_VILNIUS = replace(
    BLANK,
    office_code="VNO",
    organisation="International Organization for Migration",
    office_name="IOM Vilnius Office",
    address="Jaksto 12, 4th floor\nLT-01105 Vilnius\nLithuania",
    phone="+370 5 261 01 15",
    email="iomvilnius@iom.int",
    website="www.iom.lt",
    city="Vilnius",
    country="LT",
    office_language="lt",
    currency="EUR",
    footer_note="IOM is committed to the principle that humane and orderly migration benefits migrants and society.",
    emergency_phone="+370 612 00115",
    controller_name="International Organization for Migration (IOM), Vilnius Office",
    dpo_email="dataprotection.vilnius@example.org",
    dpo_address="Data Protection Focal Point, Jaksto 12, LT-01105 Vilnius, Lithuania",
    data_recipients=("the Migration Department and the State Border Guard Service (travel documents and departure)\n"
                     "the embassy or consulate of the country of return (travel documents)\n"
                     "airlines and other carriers (tickets and assistance on the journey)"),
    sharing_recipients=("partner organisations that support reintegration in the country of return\n"
                        "the donor funding the programme (anonymised reports only)"),
)


#: The demo office's letterhead and data-protection texts in the languages its staff and many returnees read, so
#: that a paper printed in Lithuanian or Russian from a demo store says them in that language (#15).
IOM_VILNIUS_TEXTS = (
    OfficeLanguageTextDetail(
        "lt",
        organisation="Tarptautinė migracijos organizacija",
        office_name="TMO Vilniaus biuras",
        address="Jakšto g. 12, 4 aukštas\nLT-01105 Vilnius\nLietuva",
        footer_note="TMO laikosi principo, kad humaniška ir tvarkinga migracija naudinga migrantams ir visuomenei.",
        controller_name="Tarptautinė migracijos organizacija (TMO), Vilniaus biuras",
        dpo_address="Duomenų apsaugos kontaktinis asmuo, Jakšto g. 12, LT-01105 Vilnius, Lietuva",
        data_recipients=("Migracijos departamentas ir Valstybės sienos apsaugos tarnyba (kelionės dokumentai ir išvykimas)\n"
                         "grįžimo šalies ambasada ar konsulatas (kelionės dokumentai)\n"
                         "avialinijos ir kiti vežėjai (bilietai ir pagalba kelionėje)"),
        sharing_recipients=("partnerių organizacijos, padedančios reintegruotis grįžimo šalyje\n"
                            "programą finansuojantis donoras (tik anonimizuotos ataskaitos)"),
    ),
    OfficeLanguageTextDetail(
        "ru",
        organisation="Международная организация по миграции",
        office_name="Бюро МОМ в Вильнюсе",
        address="Jaksto 12, 4-й этаж\nLT-01105 Vilnius\nЛитва",
        footer_note="МОМ исходит из принципа, что гуманная и упорядоченная миграция выгодна мигрантам и обществу.",
        controller_name="Международная организация по миграции (МОМ), бюро в Вильнюсе",
        dpo_address="Контактное лицо по защите данных, Jaksto 12, LT-01105 Vilnius, Lithuania",
        data_recipients=("Департамент миграции и Государственная служба охраны границы (проездные документы и выезд)\n"
                         "посольство или консульство страны возвращения (проездные документы)\n"
                         "авиакомпании и другие перевозчики (билеты и помощь в пути)"),
        sharing_recipients=("партнёрские организации, помогающие реинтеграции в стране возвращения\n"
                            "донор, финансирующий программу (только обезличенные отчёты)"),
    ),
)


def _language_texts(session: Session) -> tuple[OfficeLanguageTextDetail, ...]:
    rows = session.scalars(select(OfficeLanguageText).order_by(OfficeLanguageText.language)).all()
    return tuple(OfficeLanguageTextDetail(r.language, *(getattr(r, k) for k in LANGUAGE_FIELDS)) for r in rows)


def wording_catalog(session: Session) -> w.WordingCatalog:
    """The shipped wording files with the office's own files and reviews from the store laid over them."""
    records = session.scalars(select(OfficeWordingRecord).order_by(OfficeWordingRecord.id)).all()
    own = []
    for r in records:
        try:
            data = json.loads(r.content) if r.content else None
        except ValueError:  # never stored so, but a damaged row must not stop every document
            data = None
        own.append(w.OfficeWording(r.kind, r.language, data, r.reviewed_by, r.reviewed_on, r.reviewed_sha256))
    return w.WordingCatalog(tuple(own)) if own else w.SHIPPED


def _detail(row: OfficeProfile, session: Session) -> OfficeProfileDetail:
    return OfficeProfileDetail(
        row.office_code, row.organisation, row.office_name, row.address, row.phone, row.email, row.website,
        row.city, row.country, row.office_language, row.currency, row.footer_note, row.logo_png, row.version,
        row.time_zone, emergency_phone=row.emergency_phone, languages=_language_texts(session),
        wording=wording_catalog(session), controller_name=row.controller_name, dpo_email=row.dpo_email,
        dpo_address=row.dpo_address, supervisory_authority=row.supervisory_authority,
        data_recipients=row.data_recipients, sharing_recipients=row.sharing_recipients,
        retention_years=row.retention_years,
    )


def get_office_profile(session: Session, actor: Actor | None = None) -> OfficeProfileDetail:
    """The office profile, or ``BLANK`` when none is set (open to everyone: it is printed on every letterhead)."""
    row = session.get(OfficeProfile, PROFILE_ID)
    if row is None:
        return replace(BLANK, languages=_language_texts(session), wording=wording_catalog(session))
    if not inspect(row).modified:  # as stored: the unit of work's clock need not ask for the zone again
        note_office_zone(session, row.time_zone)
    return _detail(row, session)


def check_office_named(office: OfficeProfileDetail) -> None:
    """Refuse a document that would name nobody as responsible: a fresh store has no office profile yet, and its
    declaration read "under the programme ()" and "is responsible for your personal data" with no one before it."""
    if not (office.organisation.strip() or office.office_name.strip()):
        raise ValidationError({"office_profile": _(
            "The office profile is not filled in yet: a document would name nobody as responsible for the person's "
            "data, so nothing was issued. An administrator fills it in under File ▸ Office profile… (or with “avrcase "
            "office set”).")})


def office_country(session: Session, actor: Actor | None = None) -> str:
    """The office's country (ISO code; ``""`` when no profile is set), open to everyone as the profile is: the
    app types dates as that country writes them."""
    return session.scalar(select(OfficeProfile.country).where(OfficeProfile.id == PROFILE_ID)) or ""


def is_known_language(code: str) -> bool:
    """True for a language code Babel can format dates and names in (``en``, ``lt``, ``ckb``…)."""
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _check_texts(errors: dict[str, str], texts: OfficeLanguageTextDetail | OfficeProfileDetail) -> None:
    """The limits that keep the letterhead and footer on the page (``domain.wording``), measured in the font."""
    # ReportLab only when a profile is saved, not for every command that reads the office code (#14).
    from avrcase.documents.base import LETTERHEAD_CONTACT_WIDTH, printed_lines

    w.check_line(errors, "organisation", texts.organisation, w.ORGANISATION_MAX_CHARS)
    w.check_line(errors, "office_name", texts.office_name, w.ORGANISATION_MAX_CHARS)
    w.check_lines(errors, "address", texts.address, w.LETTERHEAD_MAX_LINES, w.LETTERHEAD_MAX_CHARS)
    if "address" not in errors and printed_lines(texts.address, "letterhead_contact", LETTERHEAD_CONTACT_WIDTH) > w.LETTERHEAD_MAX_LINES:
        errors["address"] = _("The letterhead's address takes more than %(lines)d printed lines: shorten a line so "
                              "nothing falls off the page.") % {"lines": w.LETTERHEAD_MAX_LINES}
    w.check_lines(errors, "footer_note", texts.footer_note, w.FOOTER_MAX_LINES, w.FOOTER_MAX_CHARS)
    if "footer_note" not in errors and printed_lines(texts.footer_note, "muted") > w.FOOTER_MAX_LINES:
        errors["footer_note"] = _("The footer takes more than %(lines)d printed lines: shorten it so nothing falls "
                                  "off the page.") % {"lines": w.FOOTER_MAX_LINES}
    w.check_line(errors, "emergency_phone", texts.emergency_phone, w.PHONE_MAX_CHARS)


def save_office_profile(session: Session, actor: Actor | None, profile: OfficeProfileDetail) -> OfficeProfileDetail:
    """Save the profile; ``profile.version`` must be the one loaded (0 for a first save)."""
    require(actor, Permission.OFFICE_EDIT)
    errors = {}
    code = profile.office_code.strip().upper()
    if not (2 <= len(code) <= 6 and code.isalpha() and code.isascii()):
        errors["office_code"] = _("The office code has 2 to 6 Latin letters, for example VNO.")
    if not profile.organisation.strip():
        errors["organisation"] = _("Please enter the organisation's name.")
    try:  # a made-up code (XYZ) was saved, and every amount then printed with it
        check_currency(profile.currency.strip().upper())
    except ValueError:
        errors["currency"] = _("“%(code)s” is not a currency we know: use its three-letter ISO code, such as EUR.") % {
            "code": profile.currency.strip()}
    if not is_known_zone(profile.time_zone.strip()):
        errors["time_zone"] = _("“%(zone)s” is not a time zone we know.") % {"zone": profile.time_zone}
    if email_error(profile.email):
        errors["email"] = email_error(profile.email)
    _check_texts(errors, profile)
    errors.update(data_protection_errors(
        controller_name=profile.controller_name, organisation=profile.organisation, dpo_email=profile.dpo_email,
        dpo_address=profile.dpo_address, supervisory_authority=profile.supervisory_authority))
    if errors:
        raise ValidationError(errors)
    row = session.get(OfficeProfile, PROFILE_ID)
    if row is None:
        if profile.version not in (0, None):
            raise ConflictError(_("The office profile was removed meanwhile; nothing was saved."))
        row = OfficeProfile(id=PROFILE_ID)
        session.add(row)
    elif row.version != profile.version:
        raise ConflictError(_("Someone else changed the office profile after you opened it. Nothing was saved."))
    values = {k: v for k, v in asdict(replace(profile, languages=(), wording=w.SHIPPED)).items()
              if k not in ("version", "languages", "wording", "retention_years")}  # retention: its own setting
    values["emergency_phone"] = profile.emergency_phone.strip()
    values["office_code"] = code
    values["currency"] = profile.currency.strip().upper()
    values["time_zone"] = profile.time_zone.strip()
    values["email"] = profile.email.strip()
    for key in ("controller_name", "dpo_email", "dpo_address", "supervisory_authority", "data_recipients",
                "sharing_recipients"):
        values[key] = values[key].strip()
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    forget_office_zone(session)
    return _detail(row, session)


def save_language_texts(session: Session, actor: Actor | None, texts: OfficeLanguageTextDetail) -> OfficeProfileDetail:
    """Set the organisation's name, letterhead lines, footer and emergency phone for one language.

    Empty fields use the profile's own; all empty removes the language's texts. Returns the profile.
    """
    require(actor, Permission.OFFICE_EDIT)
    lang = texts.language.strip()
    errors: dict[str, str] = {}
    if not is_known_language(lang):
        errors["language"] = _("“%(lang)s” is not a language code avrcase knows (for example en, lt, ka).") % {"lang": lang}
    cleaned = OfficeLanguageTextDetail(lang, *(getattr(texts, k).strip() for k in LANGUAGE_FIELDS))
    _check_texts(errors, cleaned)
    if errors:
        raise ValidationError(errors)
    row = session.scalars(select(OfficeLanguageText).where(OfficeLanguageText.language == lang)).one_or_none()
    if not any(getattr(cleaned, k) for k in LANGUAGE_FIELDS):
        if row is not None:
            session.delete(row)
    else:
        if row is None:
            row = OfficeLanguageText(language=lang)
            session.add(row)
        for key in LANGUAGE_FIELDS:
            setattr(row, key, getattr(cleaned, key))
    session.flush()
    return get_office_profile(session, actor)
