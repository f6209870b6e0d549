"""Render the first page of a declaration and of an itinerary for applicants who write Arabic, Armenian,
Sinhala and Georgian, and a specimen page with a sentence in every script the documents print (``docs/scripts/*.png``).

Run from a checkout: ``.venv/bin/python scripts/script_images.py [--out docs/scripts] [--keep-pdf]``. The
declaration prints in the applicant's language where a wording file for it exists (English otherwise),
with the names in their own script; the images show that each script is shaped, in order and never blank.
Needs ``pdftoppm`` (poppler-utils). Every name and number below is invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from avrcase.domain.codes import (
    CaseKind,
    ConsentGiver,
    IdDocumentType,
    LegalBasis,
    LegalStatus,
    ReferralSource,
    Relationship,
    Sex,
    SharingParty,
    StaffRole,
)
import document_images_travel_finance as travel_data  # beside this script

from avrcase.domain.travel import TravelArrangements
from avrcase.services import office
from avrcase.services.accounts import users
from avrcase.services.cases import register as cases
from avrcase.services.documents import register as documents
from avrcase.services.dto import CaseForm, ConsentForm, MemberForm, PersonForm
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.timezone.utc)
#: language -> the airport of the flight home booked for the itinerary (from Vilnius, on TRAVEL_DAY).
AIRPORTS = {"ar": ("EBL", "06:15", "12:40"), "hy": ("EVN", "07:05", "13:55"), "si": ("CMB", "06:40", "20:50"),
            "ka": ("TBS", "07:05", "13:25")}

#: language -> (country, (family, given) in Latin, (family, given) in the original script, a child's given names).
APPLICANTS = {
    "ar": ("IQ", ("Al-Rubaie", "Karim Abdullah"), ("الربيعي", "كريم عبد الله"), ("Yusuf", "يوسف")),
    "hy": ("AM", ("Khachatryan", "Anahit"), ("Խաչատրյան", "Անահիտ"), ("Davit", "Դավիթ")),
    "si": ("LK", ("Kumarasinghe", "Priyantha"), ("කුමාරසිංහ", "ප්‍රියන්ත"), ("Nimal", "නිමල්")),
    "ka": ("GE", ("Kapanadze", "Tamar"), ("კაპანაძე", "თამარ"), ("Luka", "ლუკა")),
}


def applicant_case(language: str) -> CaseForm:
    """A parent and a child from the country of ``language``, names in Latin and in their own script."""
    country, (family, given), (family_original, given_original), (child, child_original) = APPLICANTS[language]
    common = dict(citizenship=country, document_type=IdDocumentType.PASSPORT, document_issuing_country=country,
                  document_expiry=dt.date(2031, 4, 30), languages=(language,), address="Vilnius, Žirmūnų g. 1")
    principal = PersonForm(family_name=family, given_names=given, family_name_original=family_original,
                           given_names_original=given_original, sex=Sex.FEMALE if language in ("hy", "ka") else Sex.MALE,
                           date_of_birth=dt.date(1986, 3, 9), document_number="P0012345", phone="+370 600 10001",
                           **common)
    member = MemberForm(PersonForm(family_name=family, given_names=child, family_name_original=family_original,
                                   given_names_original=child_original, sex=Sex.MALE, date_of_birth=dt.date(2016, 5, 30),
                                   document_number="P0012346", **common), Relationship.CHILD)
    consent = ConsentForm(dt.date(2026, 11, 30), ConsentGiver.SELF, LegalBasis.CONSENT,
                          (SharingParty.IOM_DESTINATION, SharingParty.CARRIERS))
    return CaseForm(principal=principal, legal_status=LegalStatus.REJECTED_ASYLUM_SEEKER,
                    referral_source=ReferralSource.MIGRATION_DEPARTMENT, country_of_return=country,
                    kind=CaseKind.HOUSEHOLD, members=(member,), consent=consent, registered_on=dt.date(2026, 11, 20))


#: A sentence per script for the specimen page (a wrapped paragraph, shaped, in reading order).
SPECIMEN = (
    ("ar", "أنا الموقع أدناه أرغب في العودة طوعا إلى بلدي الأصلي، وأؤكد أن المعلومات التي قدمتها صحيحة وكاملة، "
           "وأوافق على أن يتصل بي المكتب بعد عودتي. اسمي Karim Al-Rubaie ورقم ملفي VNO-2026-00001 منذ 2026."),
    ("ckb", "ڕێبوار عەبدوڵڵا دەیەوێت بە ئارەزووی خۆی بگەڕێتەوە بۆ وڵاتەکەی."),
    ("fa", "زهرا حسینی‌نژاد می‌خواهد داوطلبانه به کشورش بازگردد."),
    ("ur", "محمد اکرم چوہدری رضاکارانہ طور پر اپنے ملک واپس جانا چاہتا ہے۔"),
    ("hy", "Ես՝ Անահիտ Խաչատրյանս, ցանկանում եմ կամավոր վերադառնալ իմ երկիր։"),
    ("si", "ප්‍රියන්ත කුමාරසිංහ ස්වේච්ඡාවෙන් තම රටට ආපසු යාමට කැමැත්තෙමි."),
    ("ta", "சுப்பிரமணியம் கிருஷ்ணன் தன் நாட்டிற்கு தன்னார்வமாக திரும்ப விரும்புகிறார்."),
    ("pa", "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ ਆਪਣੀ ਮਰਜ਼ੀ ਨਾਲ ਆਪਣੇ ਦੇਸ਼ ਵਾਪਸ ਜਾਣਾ ਚਾਹੁੰਦਾ ਹੈ।"),
    ("hi", "क्षत्रिय प्रसाद स्वेच्छा से अपने देश लौटना चाहते हैं।"),
    ("ka", "ნინო ბერიძეს სურს ნებაყოფლობით დაბრუნდეს თავის ქვეყანაში."),
    ("he", "שרה לוי רוצה לחזור לארצה מרצונה."),
    ("uk/vi/tr", "Ґалаґан Їжакевич · Nguyễn Thị Hường · Şükrü Yılmaz · Əliyev Gülşən · Țurcanu Ștefania"),
    ("lt/ru", "ŽUKAUSKAITĖ-ČIURLIONIENĖ · Профессиональное"),
)


def specimen_pdf() -> bytes:
    """One page with a sentence in each shipped script, and long names in a narrow column."""
    from reportlab.lib.units import mm

    from avrcase.documents.base import LetterheadSnapshot, PageFrame, build_pdf, data_table, para

    head = LetterheadSnapshot("Office of Returns", "Vilnius office", "", "", "", "", "", None)
    frame = PageFrame(head, "Scripts", "VNO-2026-00001", "en", NOW, "Case VNO-2026-00001", "Issued 4 Dec 2026",
                      "Page %(page)d of %(pages)d")
    story = [para("Every script the documents print", "title")]
    for language, sentence in SPECIMEN:
        story += [para(language, "label"), para(sentence)]
    story.append(data_table(["Name", "Name", "Name"], [["ŽUKAUSKAITĖ-ČIURLIONIENĖ", "Профессиональное",
                                                          "عبد الله الأحمد"]], [24 * mm] * 3, absolute=True))
    return build_pdf(frame, story).pdf


def main() -> int:
    """Make a store with one case per script, issue each declaration, and write its first page as PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/scripts"))
    parser.add_argument("--resolution", type=int, default=60)
    parser.add_argument("--keep-pdf", action="store_true", help="also write the PDFs beside the images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(f"sqlite:///{folder}/scripts.sqlite")
        pdfs = {}
        with unit_of_work(engine) as session:
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
            actor = users.actor_by_id(session, users.add_user(session, SYSTEM, "egle", "Eglė Petrauskienė",
                                                              StaffRole.COUNSELLOR).id)
            officer = travel_data._staff(session, "tomas", "Tomas Kelionis", StaffRole.TRAVEL_OFFICER)
            for language in APPLICANTS:
                case = cases.register_case(session, actor, applicant_case(language), today=NOW.date())
                row = documents.issue_document(session, actor, "declaration", case.id, language, now=NOW)
                pdfs[f"declaration-{language}"] = documents.document_bytes(session, actor, row.id)
                # The itinerary, in the office's language with the applicant's beside it.
                people = [m.person.id for m in case.members]
                airport, departs, arrives = AIRPORTS[language]
                travel_data._book(session, actor, officer, case.id, (travel_data._flight(
                    "XX", "100", "VNO", airport, departs, arrives, people, "999-"),), TravelArrangements())
                row = documents.issue_document(session, officer, "itinerary", case.id, "en", now=NOW)
                pdfs[f"itinerary-{language}"] = documents.document_bytes(session, officer, row.id)
        engine.dispose()
        pdfs["specimen"] = specimen_pdf()
        for name, pdf in pdfs.items():
            source = Path(folder) / f"{name}.pdf"
            source.write_bytes(pdf)
            if args.keep_pdf:
                (args.out / source.name).write_bytes(pdf)
            target = args.out / name
            subprocess.run(["pdftoppm", "-png", "-r", str(args.resolution), "-f", "1", "-l", "1", "-singlefile",
                            str(source), str(target)], check=True)
            print(f"{name}: {target}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
