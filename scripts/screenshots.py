"""Regenerate docs/screenshots/main-window.png and case-file.png from a temporary synthetic store.

Run from the checkout: ``.venv/bin/python scripts/screenshots.py`` (offscreen, nothing on screen).
Uses the demo generator when it is installed, else about thirty hand-made synthetic cases.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from avrcase.domain.codes import (  # noqa: E402
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
from avrcase.i18n import set_locale  # noqa: E402
from avrcase.services import cases, counselling, office, users  # noqa: E402
from avrcase.services.dto import (  # noqa: E402
    CaseForm,
    ConsentForm,
    ConsultationForm,
    FollowUpForm,
    MemberForm,
    PersonForm,
    Stage,
    StageMove,
    VulnerabilityForm,
)
from avrcase.services.uow import unit_of_work  # noqa: E402
from avrcase.store.schema import open_store  # noqa: E402
from avrcase.ui.change_bus import ChangeBus  # noqa: E402
from avrcase.ui.main_window import MainWindow  # noqa: E402
from avrcase.ui.ops import Ops  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1280, 800)
# Synthetic people: (family, given, family original, given original, sex, citizenship, language).
PEOPLE = [
    ("Beridze", "Nino", "ბერიძე", "ნინო", Sex.FEMALE, "GE", "ka"),
    ("Kovalenko", "Oleksandr", "Коваленко", "Олександр", Sex.MALE, "UA", "uk"),
    ("Nguyễn", "Thị Hương", "", "", Sex.FEMALE, "VN", "vi"),
    ("Rahimov", "Jamshid", "Рахимов", "Джамшид", Sex.MALE, "UZ", "uz"),
    ("Al-Jubouri", "Ahmed", "الجبوري", "أحمد", Sex.MALE, "IQ", "ar"),
    ("Nazarov", "Firdavs", "Назаров", "Фирдавс", Sex.MALE, "TJ", "tg"),
    ("Ivanova", "Svetlana", "Иванова", "Светлана", Sex.FEMALE, "RU", "ru"),
    ("Hüseynov", "Elçin", "", "", Sex.MALE, "AZ", "az"),
    ("Lukashevich", "Alena", "Лукашэвіч", "Алена", Sex.FEMALE, "BY", "be"),
    ("Yılmaz", "Çağrı", "", "", Sex.MALE, "TR", "tr"),
]
MOVES = [Stage.COUNSELLING, Stage.APPLICATION_SIGNED, Stage.ELIGIBILITY_APPROVED, Stage.TRAVEL_PREPARATION,
         Stage.DEPARTURE_SCHEDULED]


def _person(i: int, **overrides) -> PersonForm:
    family, given, family_o, given_o, sex, country, language = PEOPLE[i % len(PEOPLE)]
    values = dict(
        family_name=family, given_names=given, family_name_original=family_o, given_names_original=given_o,
        sex=sex, date_of_birth=dt.date(1970 + (i * 7) % 35, 1 + i % 12, 1 + (i * 3) % 27), citizenship=country,
        country_of_birth=country, languages=(language, "ru") if language != "ru" else ("ru",),
        document_type=IdDocumentType.PASSPORT, document_number=f"{country}{4_200_000 + i * 7919}",
        document_issuing_country=country, document_expiry=dt.date(2029, 6, 30), phone=f"+370 600 {10000 + i}",
        address="Pabradė Foreigners' Registration Centre" if i % 3 else "Vilnius, Naugarduko g. 3",
    )
    values.update(overrides)
    return PersonForm(**values)


def _hand_made_cases(session, actor, staff_ids: list[int], count: int = 30) -> None:
    today = dt.date.today()
    for i in range(count):
        household = i % 4 == 0
        members = tuple(
            MemberForm(_person(i, given_names=name, given_names_original="", sex=sex,
                               date_of_birth=dt.date(2012 + k, 4, 2), document_number=f"CH{i:03d}{k}"), rel)
            for k, (name, sex, rel) in enumerate([("Mariam", Sex.FEMALE, Relationship.CHILD),
                                                 ("Luka", Sex.MALE, Relationship.CHILD)])
        ) if household else ()
        form = CaseForm(
            principal=_person(i), legal_status=list(LegalStatus)[i % 4], referral_source=list(ReferralSource)[i % 5],
            country_of_return=PEOPLE[i % len(PEOPLE)][5], kind=CaseKind.HOUSEHOLD if household else CaseKind.INDIVIDUAL,
            members=members, counsellor_id=staff_ids[i % len(staff_ids)],
            vulnerabilities=(VulnerabilityForm(Vulnerability.SINGLE_PARENT_OR_LARGE_FAMILY, "Mother with two children"),)
            if household else (),
            consent=ConsentForm(today - dt.timedelta(days=i), ConsentGiver.SELF, LegalBasis.CONSENT,
                                (SharingParty.IOM_DESTINATION, SharingParty.CARRIERS)),
            registered_on=today - dt.timedelta(days=3 * i + 2), project="AVRR Lithuania 2025–2027",
        )
        case = cases.register_case(session, actor, form)
        if i % 3 == 2:
            continue
        counselling.record_consultation(session, actor, case.id, ConsultationForm(
            held_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=i, hours=2), mode=ConsultationMode.IN_PERSON,
            counsellor_id=staff_ids[i % len(staff_ids)], location="IOM Vilnius office",
            interpreter_name="Tamar K." if i % 2 == 0 else "", interpreter_language="ka" if i % 2 == 0 else "",
            participants="Principal applicant", topics=(ConsultationTopic.AVR_INFORMATION, ConsultationTopic.DOCUMENTS,
                                                        ConsultationTopic.REINTEGRATION),
            notes="Explained the programme and the documents needed for travel.",
            outcome=list(ConsultationOutcome)[0],
            follow_ups=(FollowUpForm("Request a travel document from the embassy", today + dt.timedelta(days=7 - i),
                                     staff_ids[i % len(staff_ids)]),),
        ))
        detail = cases.get_case(session, actor, case.id)
        for stage in MOVES[1: 1 + i % len(MOVES)]:
            detail = cases.change_stage(session, actor, detail.id, detail.version,
                                        StageMove(stage, "Agreed at the consultation"))


def fill_store(engine) -> tuple[int, int]:
    """Synthetic cases and staff; returns (acting user id, id of a household case worth showing)."""
    try:
        from avrcase.services.demo import generate_demo
    except ImportError:
        generate_demo = None
    with unit_of_work(engine) as session:
        office.save_office_profile(session, None, office.IOM_VILNIUS)
        if generate_demo is not None:
            generate_demo(session, cases=400, seed=1, progress=lambda done, total: True)
        else:
            staff = [users.add_user(session, None, name, display, StaffRole.COUNSELLOR)
                     for name, display in (("ruta", "Rūta Petrauskienė"), ("jonas", "Jonas Kazlauskas"))]
            _hand_made_cases(session, users.actor_by_id(session, staff[0].id), [s.id for s in staff])
    with unit_of_work(engine) as session:
        counsellors = [users.actor_by_id(session, u.id) for u in users.list_users(session, role=StaffRole.COUNSELLOR)]
        # Act as the counsellor with the most follow-ups due, so that view has something to show.
        soon = dt.date.today() + dt.timedelta(days=7)
        actor = max(counsellors, key=lambda a: len(counselling.list_follow_ups(session, a, due_by=soon)))
        rows = cases.list_cases(session, actor, cases.CaseQuery(sort="household_size", limit=60))
        details = [cases.get_case(session, actor, r.id) for r in rows if r.vulnerable] or \
            [cases.get_case(session, actor, r.id) for r in rows]
        best = max(details, key=lambda d: (d.stage.is_open and bool(d.allowed_moves), len(d.consultations) > 0,
                                           len(d.stage_history) > 3, len(d.members)))
    return actor.id, best.id


def main() -> int:
    """Build the windows on a temporary store and save their pictures."""
    set_locale("en")
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{Path(tmp) / 'store.sqlite'}")
        actor_id, case_id = fill_store(engine)
        with unit_of_work(engine) as session:
            actor = users.actor_by_id(session, actor_id)
        ops = Ops(engine, actor)
        window = MainWindow(ops, ChangeBus(), QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(*SIZE)
        window.show()
        window.case_list.table.selectRow(1)
        app.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "main-window.png"))
        case_file = window.open_case(case_id)
        case_file.resize(*SIZE)
        app.processEvents()
        case_file.grab().save(str(OUT / "case-file.png"))
        case_file.tabs.setCurrentIndex(1)
        app.processEvents()
        case_file.grab().save(str(Path(tmp) / "counselling.png"))
        if len(sys.argv) > 1:  # a folder for extra pictures to look at while working on the UI
            extra = Path(sys.argv[1])
            extra.mkdir(parents=True, exist_ok=True)
            (extra / "counselling.png").write_bytes((Path(tmp) / "counselling.png").read_bytes())
            case_file.tabs.setCurrentIndex(2)
            app.processEvents()
            case_file.grab().save(str(extra / "history.png"))
            window.navigation.setCurrentRow(1)
            app.processEvents()
            window.grab().save(str(extra / "follow-ups.png"))
        window.close()
        ops.wait_for_background()
        engine.dispose()
    print(f"saved {OUT / 'main-window.png'} and {OUT / 'case-file.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
