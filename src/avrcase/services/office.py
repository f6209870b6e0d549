"""The office profile: letterhead details and the office code in case numbers."""

from __future__ import annotations

from dataclasses import asdict, replace

from sqlalchemy.orm import Session

from avrcase.domain.errors import ConflictError, ValidationError
from avrcase.domain.privacy import data_protection_errors
from avrcase.domain.validation import email_error
from avrcase.i18n import _
from avrcase.services.clock import forget_office_zone, is_known_zone
from avrcase.services.dto import Actor, OfficeProfileDetail
from avrcase.services.permissions import Permission, require
from avrcase.store.models import OfficeProfile

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
    controller_name="International Organization for Migration (IOM), Vilnius Office",
    dpo_email="dataprotection.vilnius@example.org",
    dpo_address="Data Protection Focal Point, Jaksto 12, LT-01105 Vilnius, Lithuania",
    data_recipients=("the Migration Department and the State Border Guard Service (travel documents and departure)\n"
                     "the embassy or consulate of the country of return (travel documents)\n"
                     "airlines and other carriers (tickets and assistance on the journey)"),
    sharing_recipients=("partner organisations that support reintegration in the country of return\n"
                        "the donor funding the programme (anonymised reports only)"),
)


def _detail(row: OfficeProfile) -> OfficeProfileDetail:
    return OfficeProfileDetail(
        row.office_code, row.organisation, row.office_name, row.address, row.phone, row.email, row.website,
        row.city, row.country, row.office_language, row.currency, row.footer_note, row.logo_png, row.version,
        row.time_zone, controller_name=row.controller_name, dpo_email=row.dpo_email, dpo_address=row.dpo_address,
        supervisory_authority=row.supervisory_authority, data_recipients=row.data_recipients,
        sharing_recipients=row.sharing_recipients, retention_years=row.retention_years,
    )


def get_office_profile(session: Session, actor: Actor | None = None) -> OfficeProfileDetail:
    """The office profile, or ``BLANK`` when none is set (open to everyone: it is printed on every letterhead)."""
    row = session.get(OfficeProfile, PROFILE_ID)
    return _detail(row) if row else BLANK


def save_office_profile(session: Session, actor: Actor | None, profile: OfficeProfileDetail) -> OfficeProfileDetail:
    """Save the profile; ``profile.version`` must be the one loaded (0 for a first save)."""
    require(actor, Permission.OFFICE_EDIT)
    errors = {}
    code = profile.office_code.strip().upper()
    if not (2 <= len(code) <= 6 and code.isalpha() and code.isascii()):
        errors["office_code"] = _("The office code has 2 to 6 Latin letters, for example VNO.")
    if not profile.organisation.strip():
        errors["organisation"] = _("Please enter the organisation's name.")
    if len(profile.currency) != 3 or not profile.currency.isalpha():
        errors["currency"] = _("The currency is a three-letter ISO code such as EUR.")
    if not is_known_zone(profile.time_zone.strip()):
        errors["time_zone"] = _("“%(zone)s” is not a time zone we know.") % {"zone": profile.time_zone}
    if email_error(profile.email):
        errors["email"] = email_error(profile.email)
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
    values = asdict(profile)
    values.pop("version")
    values.pop("retention_years")  # an administrator's setting of its own (``data_protection.retention``)
    values["office_code"] = code
    values["currency"] = profile.currency.upper()
    values["time_zone"] = profile.time_zone.strip()
    values["email"] = profile.email.strip()
    for key in ("controller_name", "dpo_email", "dpo_address", "supervisory_authority", "data_recipients",
                "sharing_recipients"):
        values[key] = values[key].strip()
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    forget_office_zone(session)
    return _detail(row)
