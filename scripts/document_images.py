"""Render the README images of each document type from synthetic cases (``docs/documents/*.png``).

Run from a checkout: ``.venv/bin/python scripts/document_images.py [--out docs/documents] [--keep-pdf]``.
Needs ``pdftoppm`` (poppler-utils). Every name and number below is invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

import document_images_travel_finance  # noqa: E402 - beside this script

from avrcase.domain.codes import (
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
    Vulnerability,
)
from avrcase.services import office
from avrcase.services.accounts import users
from avrcase.services.cases import counselling
from avrcase.services.cases import register as cases
from avrcase.services.documents import register as documents
from avrcase.services.dto import CaseForm, ConsentForm, ConsultationForm, MemberForm, PersonForm, VulnerabilityForm
from avrcase.services.uow import unit_of_work
from avrcase.services.permissions import SYSTEM
from avrcase.store.schema import open_store

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone.utc)


def _person(**values) -> PersonForm:
    base = dict(sex=Sex.MALE, citizenship="IQ", document_type=IdDocumentType.PASSPORT, document_issuing_country="IQ",
                document_expiry=dt.date(2031, 4, 30), languages=("ar",), address="Pabradė Foreigners' Registration Centre")
    base.update(values)
    return PersonForm(**base)


def household_case() -> CaseForm:
    """An Iraqi family of four with Arabic names in the original script."""
    consent = ConsentForm(dt.date(2026, 11, 12), ConsentGiver.SELF, LegalBasis.CONSENT,
                          (SharingParty.IOM_DESTINATION, SharingParty.CARRIERS, SharingParty.MIGRATION_DEPARTMENT))
    principal = _person(family_name="Al-Rubaie", given_names="Karim", family_name_original="الربيعي",
                        given_names_original="كريم", date_of_birth=dt.date(1984, 3, 9), document_number="A1234567",
                        phone="+370 600 10001", languages=("ar", "en"))
    members = (
        MemberForm(_person(family_name="Al-Rubaie", given_names="Zainab", family_name_original="الربيعي",
                           given_names_original="زينب", sex=Sex.FEMALE, date_of_birth=dt.date(1988, 7, 21),
                           document_number="A1234568"), Relationship.SPOUSE),
        MemberForm(_person(family_name="Al-Rubaie", given_names="Yusuf", family_name_original="الربيعي",
                           given_names_original="يوسف", date_of_birth=dt.date(2014, 1, 15), document_number="A1234569"),
                   Relationship.CHILD),
        MemberForm(_person(family_name="Al-Rubaie", given_names="Maryam", family_name_original="الربيعي",
                           given_names_original="مريم", sex=Sex.FEMALE, date_of_birth=dt.date(2019, 10, 2),
                           document_number="A1234570"), Relationship.CHILD),
    )
    return CaseForm(principal=principal, legal_status=LegalStatus.REJECTED_ASYLUM_SEEKER,
                    referral_source=ReferralSource.MIGRATION_DEPARTMENT, country_of_return="IQ", kind=CaseKind.HOUSEHOLD,
                    members=members, final_destination="Erbil", project="AVRR Lithuania 2026",
                    vulnerabilities=(VulnerabilityForm(Vulnerability.MEDICAL_CONDITION,
                                                       "Maryam: asthma, inhaler during the flight"),),
                    consent=consent, registered_on=dt.date(2026, 11, 3))


def georgian_case() -> CaseForm:
    """A Georgian woman who reads Russian, with a child: the declaration prints in two languages."""
    principal = _person(family_name="Kapanadze", given_names="Tamar", family_name_original="კაპანაძე",
                        given_names_original="თამარ", sex=Sex.FEMALE, citizenship="GE", document_issuing_country="GE",
                        date_of_birth=dt.date(1991, 12, 4), document_number="19GE55621", languages=("ka", "ru"),
                        phone="+370 600 20002", address="Vilnius, Žirmūnų g. 1")
    child = MemberForm(_person(family_name="Kapanadze", given_names="Luka", family_name_original="კაპანაძე",
                               given_names_original="ლუკა", citizenship="GE", document_issuing_country="GE",
                               date_of_birth=dt.date(2017, 5, 30), document_number="19GE55622", languages=("ka",)),
                       Relationship.CHILD)
    consent = ConsentForm(dt.date(2026, 11, 18), ConsentGiver.SELF, LegalBasis.CONSENT,
                          (SharingParty.IOM_DESTINATION, SharingParty.BORDER_GUARD))
    return CaseForm(principal=principal, legal_status=LegalStatus.IRREGULAR_MIGRANT,
                    referral_source=ReferralSource.BORDER_GUARD, country_of_return="GE", kind=CaseKind.HOUSEHOLD,
                    members=(child,), final_destination="Kutaisi", consent=consent, registered_on=dt.date(2026, 11, 10))


def main() -> int:
    """Make the store, the cases and the documents, then the PNGs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder of the images (default: docs/documents, or "
                                                     "docs/documents/<lang> for another language)")
    parser.add_argument("--lang", default="en", help="issue every document in this language (default: en)")
    parser.add_argument("--resolution", type=int, default=60)
    parser.add_argument("--keep-pdf", action="store_true", help="also write the PDFs beside the images")
    args = parser.parse_args()
    lang = args.lang
    args.out = args.out or (Path("docs/documents") if lang == "en" else Path("docs/documents") / lang)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(f"sqlite:///{folder}/images.sqlite")
        with unit_of_work(engine) as session:
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
            actor = users.actor_by_id(session, users.add_user(session, SYSTEM, "egle", "Eglė Petrauskienė",
                                                              StaffRole.COUNSELLOR).id)
            family = cases.register_case(session, actor, household_case(), today=NOW.date())
            counselling.record_consultation(session, actor, family.id, ConsultationForm(
                NOW - dt.timedelta(days=8), ConsultationMode.IN_PERSON, location="IOM Vilnius",
                interpreter_name="Omar Haddad", interpreter_language="ar", participants="Karim, Zainab",
                topics=(ConsultationTopic.AVR_INFORMATION, ConsultationTopic.REINTEGRATION),
                notes="Family considers return to Erbil; brother can host them.",
                outcome=ConsultationOutcome.CONSIDERING), now=NOW)
            counselling.record_consultation(session, actor, family.id, ConsultationForm(
                NOW - dt.timedelta(days=2), ConsultationMode.PHONE, interpreter_name="Omar Haddad",
                interpreter_language="ar", topics=(ConsultationTopic.HEALTH, ConsultationTopic.TRAVEL),
                notes="Asked about medicine for Maryam during travel.", outcome=ConsultationOutcome.WANTS_TO_APPLY), now=NOW)
            single = cases.register_case(session, actor, georgian_case(), today=NOW.date())
            issued = {
                "case-summary": documents.issue_document(session, actor, "case-summary", family.id, lang, now=NOW),
                "declaration": documents.issue_document(session, actor, "declaration", single.id, lang, now=NOW),
            }
            pdfs = {name: documents.document_bytes(session, actor, row.id) for name, row in issued.items()}
            pdfs.update(document_images_travel_finance.issue_all(session, actor, family.id, single.id, NOW, lang))
        engine.dispose()
        for name, pdf in pdfs.items():
            source = Path(folder) / f"{name}.pdf"
            source.write_bytes(pdf)
            if args.keep_pdf:
                (args.out / f"{name}.pdf").write_bytes(pdf)
            for old in args.out.glob(f"{name}*.png"):
                old.unlink()
            # Another language: the first page of each is enough to read it by (and keeps the repository small).
            first_only = ["-f", "1", "-l", "1"] if lang != "en" else []
            subprocess.run(["pdftoppm", "-png", "-r", str(args.resolution), *first_only, str(source), str(args.out / name)],
                           check=True)
            pages = sorted(args.out.glob(f"{name}-*.png"))
            # pdftoppm numbers pages (name-1.png); the first page is the README's name.png.
            for index, page in enumerate(pages, start=1):
                page.rename(args.out / (f"{name}.png" if index == 1 else f"{name}-page{index}.png"))
            print(f"{name}: {len(pages)} page(s) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
