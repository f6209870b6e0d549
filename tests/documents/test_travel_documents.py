"""Travel paperwork (itinerary, introduction letter, manifest) as the returnee and the airline read it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pytest

from avrcase.documents import introduction_letter, itinerary, manifest
from avrcase.documents.bilingual import Wording
from avrcase.domain.codes import StaffRole, Vulnerability
from avrcase.domain.errors import NotFoundError, PermissionDeniedError
from avrcase.domain.wording import parse_wording_file
from avrcase.domain.travel import Assistance, AssistanceKind, MedicalNeed, TravellerNeeds, WheelchairCode
from avrcase.services import audit
from avrcase.services.cases.case_file import get_case as case_by_id
from avrcase.services.documents import case_snapshots as snapshots
from avrcase.services.documents import register as documents
from avrcase.services.documents import manifest_issue, travel_snapshots
from avrcase.services.documents import wording as document_wording
from avrcase.services.dto import VulnerabilityForm
from avrcase.services.office import IOM_VILNIUS
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.documents.conftest import ISSUED_AT, RUSSIAN_FAMILY, RUSSIAN_GIVEN, office_calls_a_date_estimated, page_texts
from tests.documents.pdf_checks import assert_fonts_embedded, qpdf_problems
from tests.support.clock import FIXED_TODAY
from tests.support.travel import advance, full_assistance, give_documents, trip

ARABIC_FAMILY, ARABIC_GIVEN = "الربيعي", "كريم"
CASE = "VNO-2026-00042"


def _frame(title: str, lang: str = "lt", case_number: str = CASE):
    return snapshots.page_frame(IOM_VILNIUS, title, case_number, lang, ISSUED_AT)


def itinerary_snapshot(languages=("lt", "ru")) -> itinerary.ItinerarySnapshot:
    """An Iraqi family's flight home through Istanbul, built by hand."""
    texts = document_wording.wordings("itinerary", languages)
    mode = document_wording.term_in(texts, "travel_mode", "air")
    return itinerary.ItinerarySnapshot(
        frame=_frame(texts[0].title, languages[0]), texts=texts, heading=f"Karim Al-Rubaie · {CASE}",
        journey=(("case_number", CASE), ("travel_date", "2026-12-02"), ("country_of_return", "Irakas"),
                 ("final_destination", "Erbil"), ("booking", "K7XQ2P")),
        travellers=(
            itinerary.TravellerLine("AL-RUBAIE Karim", f"{ARABIC_FAMILY} {ARABIC_GIVEN}", "1984-03-09",
                                    "Passport A1234567", "235-1234567890, 235-1234567891"),
            itinerary.TravellerLine("KUZNETSOVA Alyona", f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}", "1990-02-03",
                                    "ETC RU1234567", "235-1234567892"),
        ),
        legs=(
            itinerary.LegLine(mode, "TK 1402", "Vilnius / Вильнюс (VNO)", "2026 m. gruodžio 2 d., 06:15",
                              "Vilnius, UTC+2", "Stambulas / Стамбул (IST)", "2026 m. gruodžio 2 d., 09:40",
                              "Stambulas, UTC+3", "K7XQ2P"),
            itinerary.LegLine(mode, "TK 784", "Stambulas / Стамбул (IST)", "2026 m. gruodžio 2 d., 12:10",
                              "Stambulas, UTC+3", "Erbilis / Эрбиль (EBL)", "2026 m. gruodžio 2 d., 15:20",
                              "Erbilis, UTC+3", "K7XQ2P"),
        ),
        meetings=(
            itinerary.MeetingLine(document_wording.term_in(texts, "assistance_kind", "transit"), "IST",
                                  "IOM Istanbul", document_wording.term_in(texts, "assistance_status", "confirmed")),
            itinerary.MeetingLine(document_wording.term_in(texts, "assistance_kind", "reception"), "EBL",
                                  "IOM Erbil", document_wording.term_in(texts, "assistance_status", "requested")),
        ),
        baggage=(("baggage_allowance", "23 kg"), ("excess_baggage", "20 kg")),
        onward=(("onward_mode", "Car"), ("onward_provider", "IOM Iraq"), ("final_destination", "Erbil")),
        emergency=(("emergency_office", "IOM Vilnius Office"), ("emergency_phone", "+370 5 261 01 15")),
    )


def letter_snapshot(**changes) -> introduction_letter.IntroductionLetterSnapshot:
    """The letter for the same family, one of whom needs a wheelchair to the seat and an escort."""
    labels = {key: snapshots.tr("en", text) for key, text in introduction_letter.LABELS.items()}
    snapshot = introduction_letter.IntroductionLetterSnapshot(
        frame=_frame(labels["title"], "en"), labels=labels, reference=CASE, date_line="Vilnius, 23 Nov 2026",
        paragraphs=(labels["introduction"] % {"country": "Iraq", "organisation": "IOM"}, labels["request"]),
        travellers=(introduction_letter.LetterTraveller("AL-RUBAIE Karim", f"{ARABIC_FAMILY} {ARABIC_GIVEN}",
                                                        "9 Mar 1984", "Iraq", "Passport A1234567"),),
        legs=(introduction_letter.LetterLeg("TK 1402", "VNO – IST", "2 Dec 2026, 06:15", "2 Dec 2026, 09:40"),),
        assistance=(("Transit assistance", "IST · IOM Istanbul"),),
        needs=(("AL-RUBAIE Karim", "WCHC; Medical escort: Dr Ona Jonaitienė"),),
        closing=labels["closing"] % {"phone": "+370 5 261 01 15"}, signatory="Eglė Petrauskienė",
        signatory_office="IOM Vilnius Office",
    )
    return dataclasses.replace(snapshot, **changes)


def manifest_snapshot(rows_per_flight: int = 3) -> manifest.ManifestSnapshot:
    """A day with two flights."""
    labels = {key: snapshots.tr("en", text) for key, text in manifest.LABELS.items()}

    def rows(prefix: str, count: int):
        return tuple(manifest.ManifestRow(f"VNO-2026-{i:05d}", f"{prefix} TRAVELLER {i:03d}", "1990-01-01", "GE",
                                          f"Passport GE{i:07d}", "TK 1402 VNO–IST 06:15–09:40\nTK 384 IST–TBS 12:00–14:55",
                                          "WCHR" if i == 0 else "") for i in range(count))
    return manifest.ManifestSnapshot(
        frame=_frame(labels["title"], "en", ""), labels=labels, day="2 Dec 2026", flight="",
        summary=(("Cases", "2"), ("Travellers", str(2 * rows_per_flight))),
        flights=(manifest.ManifestFlight("TK 1402", "VNO – IST", "06:15", rows("FIRST", rows_per_flight)),
                 manifest.ManifestFlight("LO 772", "VNO – WAW", "09:30", rows("SECOND", rows_per_flight))),
    )


# ---------------------------------------------------------------- renderers


def test_itinerary_prints_both_languages_and_every_script():
    rendered = itinerary.render(itinerary_snapshot())
    text = "\n".join(page_texts(rendered.pdf))
    assert "Jūsų kelionės planas" in text and "Ваш план поездки" in text
    assert "Jūsų kelionė / Ваш маршрут" in text  # headings in both languages
    assert f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}" in text
    assert "TK 1402" in text and "Stambulas, UTC+3" in text
    assert "IOM Istanbul" in text and "+370 5 261 01 15" in text
    assert "Самолёт" in text  # the mode in the returnee's language under the office language's
    assert rendered.pages == len(page_texts(rendered.pdf))
    assert_fonts_embedded(rendered.pdf)


def test_itinerary_in_one_language_when_the_returnee_reads_the_office_language():
    snapshot = itinerary_snapshot(("en",))
    assert not snapshot.bilingual
    text = "\n".join(page_texts(itinerary.render(snapshot).pdf))
    assert "Your travel plan" in text and "Ваш" not in text


def test_itinerary_without_legs_says_so():
    snapshot = dataclasses.replace(itinerary_snapshot(("en",)), legs=(), meetings=())
    text = "\n".join(page_texts(itinerary.render(snapshot).pdf))
    assert "The journey has not been booked yet." in text
    assert "No assistance on the way has been arranged." in text


def test_introduction_letter_lists_travellers_needs_and_signatory():
    rendered = introduction_letter.render(letter_snapshot())
    text = "\n".join(page_texts(rendered.pdf))
    assert "Letter of introduction and request for travel assistance" in text
    assert "To whom it may concern," in text
    assert "returning voluntarily to Iraq" in text
    assert "WCHC" in text and "Dr Ona Jonaitienė" in text
    assert "Eglė Petrauskienė" in text and "Page 1 of 1" in text
    assert_fonts_embedded(rendered.pdf)


def test_introduction_letter_without_needs_says_none_are_needed():
    text = "\n".join(page_texts(introduction_letter.render(letter_snapshot(needs=())).pdf))
    assert "No special assistance on board is needed." in text


def test_manifest_groups_by_flight_and_repeats_headers_across_pages():
    rendered = manifest.render(manifest_snapshot(rows_per_flight=30))
    texts = page_texts(rendered.pdf)
    assert rendered.pages == len(texts) >= 2
    joined = "\n".join(texts)
    assert "TK 1402 · VNO – IST · departs 06:15" in joined and "LO 772 · VNO – WAW · departs 09:30" in joined
    assert joined.index("FIRST TRAVELLER 029") < joined.index("LO 772") < joined.index("SECOND TRAVELLER 000")
    assert all(f"SECOND TRAVELLER {i:03d}" in joined for i in range(30))
    for text in texts:
        if "TRAVELLER" in text:
            assert "Travel document" in text  # the table header on every page the list spans
    assert_fonts_embedded(rendered.pdf)


def test_a_flight_continued_on_the_next_page_repeats_its_heading():
    """Seen on a walk: the second page of a long flight listed travellers under the table's header only, with
    no word of which flight they were on."""
    texts = page_texts(manifest.render(manifest_snapshot(rows_per_flight=30)).pdf)
    for number, text in enumerate(texts, start=1):
        if "FIRST TRAVELLER" in text:
            assert "TK 1402 · VNO – IST · departs 06:15" in text, f"page {number}"
        if "SECOND TRAVELLER" in text:
            assert "LO 772 · VNO – WAW · departs 09:30" in text, f"page {number}"
    assert sum("FIRST TRAVELLER" in text for text in texts) >= 2  # the first flight does run on


def test_empty_manifest_says_nobody_leaves():
    snapshot = dataclasses.replace(manifest_snapshot(), flights=())
    assert "Nobody is booked to leave on this day." in page_texts(manifest.render(snapshot).pdf)[0]


def test_travel_documents_pass_qpdf(tmp_path):
    for rendered in (itinerary.render(itinerary_snapshot()), introduction_letter.render(letter_snapshot()),
                     manifest.render(manifest_snapshot())):
        problems = qpdf_problems(rendered.pdf, tmp_path)
        if problems is None:
            pytest.skip("qpdf is not installed")
        assert problems == ""


def test_every_wording_file_has_the_english_keys():
    english = document_wording.wording_file("en")
    for path in document_wording.wording_files():
        other = document_wording.wording_file(path.name.removesuffix(".json"))
        sections = [s for s in ("itinerary", "allowance_receipt", "reintegration_plan") if s in other]
        assert "itinerary" in sections, path.name  # a language may leave out the receipt and the plan, not the itinerary
        for section in sections:
            assert other[section]["labels"].keys() == english[section]["labels"].keys(), (path.name, section)
            assert len(other[section]["statements"]) == len(english[section]["statements"]), (path.name, section)
        assert other["common"].keys() == english["common"].keys(), path.name
        for vocabulary in ("travel_mode", "assistance_kind", "assistance_status"):
            assert other["terms"][vocabulary].keys() == english["terms"][vocabulary].keys(), (path.name, vocabulary)
        parse_wording_file(path.read_bytes())  # what an office's import demands of the same file


def test_an_office_file_exported_before_not_requested_existed_still_prints_with_the_shipped_term():
    """An office's Lithuanian file made before the term "Not requested yet" is still used, not listed as outdated; the
    term prints as the shipped Lithuanian file says it."""
    import copy
    import json

    from avrcase.domain.wording import DOCUMENTS, OfficeWording, WordingCatalog

    own = copy.deepcopy(document_wording.wording_file("lt"))
    own["itinerary"]["title"] = "Mūsų biuro kelionės planas"
    del own["terms"]["assistance_status"]["not_requested"]
    _kind, _lang, data = parse_wording_file(json.dumps(own).encode())
    catalog = WordingCatalog((OfficeWording(DOCUMENTS, "lt", data),))
    entry = catalog.entry(DOCUMENTS, "lt")
    assert entry.source == "office" and not entry.outdated
    texts = document_wording.wordings("itinerary", ("lt", "en"), catalog=catalog)
    assert texts[0].title == "Mūsų biuro kelionės planas"
    assert document_wording.term_in(texts, "assistance_status", "not_requested") == ("Dar neprašyta", "Not requested yet")


def test_document_languages_pick_the_returnees_language_with_a_wording():
    assert document_wording.document_languages("lt", ("yo", "ru", "en")) == ("lt", "ru")  # no Yoruba wording
    assert document_wording.document_languages("lt", ("ar", "ru", "en")) == ("lt", "ar")  # every document, drafts
    assert document_wording.document_languages("lt", ("lt", "ru")) == ("lt",)
    assert document_wording.document_languages("xx", ("ka",)) == ("en", "ka")  # no wording in "xx": English first


def test_wording_is_a_frozen_value():
    text = document_wording.wording("itinerary", "en")
    assert isinstance(text, Wording)
    with pytest.raises(dataclasses.FrozenInstanceError):
        text.title = "x"  # type: ignore[misc]


# ---------------------------------------------------------------- from the store, through the register

TRAVEL_DAY = FIXED_TODAY + dt.timedelta(days=9)


@pytest.fixture
def officer(actor_as):
    """A travel officer (the test store's office is IOM Vilnius)."""
    return actor_as(StaffRole.TRAVEL_OFFICER)


def book(engine, actor, officer, make_case, *, wheelchair=None, escort="", day=TRAVEL_DAY, **case):
    """A case booked VNO-IST-TBS on ``day`` with documents, tickets and assistance; the principal's needs."""
    detail = make_case(**case)
    advance(engine, actor, detail.id)
    people = [m.person.id for m in detail.members]
    give_documents(engine, officer, people)
    assistance = full_assistance(FIXED_TODAY)
    if escort:
        assistance = dataclasses.replace(assistance, assistance=assistance.assistance + (
            Assistance(AssistanceKind.ESCORT_MEDICAL, escort_name=escort),))
    if wheelchair:
        assistance = dataclasses.replace(assistance, needs=(
            TravellerNeeds(people[0], wheelchair, frozenset({MedicalNeed.OXYGEN})),))
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, detail.id, 0, ItineraryForm(trip(day, people)))
        travel.save_arrangements(session, officer, detail.id, saved.detail.version, assistance)
    return detail


def issue(engine, actor, doc_type, case_id, lang="en"):
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, doc_type, case_id, lang)
        return row, documents.document_bytes(session, actor, row.id)


RU_PRINCIPAL = dict(family_name="Kuznetsova", given_names="Alyona", family_name_original=RUSSIAN_FAMILY,
                    given_names_original=RUSSIAN_GIVEN, languages=("ru",), citizenship="RU")


def test_itinerary_from_the_store_is_in_the_register_in_both_languages(engine, actor, officer, make_case):
    case = book(engine, actor, officer, make_case, principal=make_person(**RU_PRINCIPAL), members=1)
    row, pdf = issue(engine, officer, "itinerary", case.id, "lt")
    assert (row.doc_type, row.language, row.pages) == ("itinerary", "lt+ru", len(page_texts(pdf)))
    assert row.sha256 == hashlib.sha256(pdf).hexdigest()
    text = "\n".join(page_texts(pdf))
    assert "Jūsų kelionės planas" in text and "Ваш план поездки" in text
    assert f"{RUSSIAN_FAMILY} {RUSSIAN_GIVEN}" in text
    assert "TK 1234" in text and "TK 378" in text and "Stambulas / Стамбул" in text and "(IST)" in text
    assert "Vilnius, UTC+2" in text and "12:00" in text  # the local time at Vilnius, as booked
    assert "235-" in text  # ticket numbers
    assert f"Telefonas\nТелефон\n{IOM_VILNIUS.phone}" in text or IOM_VILNIUS.phone in text.split("Skubiu")[1]
    assert_fonts_embedded(pdf)


def test_introduction_letter_names_wheelchair_code_and_escort_but_no_diagnosis(engine, actor, officer, make_case):
    case = book(engine, actor, officer, make_case, wheelchair=WheelchairCode.WCHC, escort="Dr Ona Jonaitienė",
                vulnerabilities=(VulnerabilityForm(Vulnerability.MEDICAL_CONDITION, "Insulin-dependent diabetes"),))
    row, pdf = issue(engine, officer, "introduction-letter", case.id)
    text = "\n".join(page_texts(pdf))
    assert row.language == "en" and row.sensitive  # it prints oxygen: opened only by roles that see medical needs
    assert "WCHC" in text and "Medical oxygen on board" in text and "Dr Ona Jonaitienė" in text
    assert "BERIDZE Nino" in text and "P" in text and "Test Travel officer" in text
    assert "diabetes" not in text.lower()


def test_a_letter_printing_medical_needs_opens_only_for_roles_that_may_see_them(engine, actor, officer, make_case,
                                                                               actor_as):
    """The travel officer's letter printed "Medical oxygen on board" and was stored as not sensitive: a finance officer
    or a manager (who see no medical needs in the travel tab, nor in a letter they issue) opened it from the case's
    document register and read them there."""
    case = book(engine, actor, officer, make_case, wheelchair=WheelchairCode.WCHC)
    row, _pdf = issue(engine, officer, "introduction-letter", case.id)
    finance, manager = actor_as(StaffRole.FINANCE_OFFICER), actor_as(StaffRole.MANAGER)
    for role in (finance, manager):
        with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError) as refused:
            documents.document_bytes(session, role, row.id)
        assert str(refused.value) == "This copy holds travellers' medical needs, which your role may not see."
    for role in (officer, actor):  # the travel officer and the counsellor see medical needs
        with unit_of_work(engine) as session:
            assert "Medical oxygen on board" in "\n".join(page_texts(documents.document_bytes(session, role, row.id)))
    own, pdf = issue(engine, finance, "introduction-letter", case.id)  # the finance officer's own copy: no needs
    assert not own.sensitive and "oxygen" not in "\n".join(page_texts(pdf)) and "WCHC" in "\n".join(page_texts(pdf))


def test_the_audit_trail_hides_travellers_medical_needs_from_a_manager(engine, actor, officer, make_case, actor_as):
    """The travel tab hides a traveller's medical needs from a manager; the audit trail showed them ("oxygen") as the
    itinerary traveller's recorded values."""
    from avrcase.services.data_protection import audit_trail

    book(engine, actor, officer, make_case, wheelchair=WheelchairCode.WCHC)
    with unit_of_work(engine, write=False) as session:
        rows = audit_trail.list_entries(session, actor_as(StaffRole.MANAGER), audit_trail.AuditQuery(limit=1000))
    [needs] = [r.details["fields"]["medical"] for r in rows if r.entity == "itinerary_travellers"
               and r.details["fields"].get("wheelchair", [None, ""])[-1] == "WCHC"]
    assert needs[-1] == "hidden for your role"
    assert "oxygen" not in "\n".join(r.summary for r in rows)


def test_the_case_s_audit_trail_holds_its_journey_papers_and_needs(engine, actor, officer, make_case, actor_as):
    """``audit list --case`` (and the viewer's case filter) left out the itinerary's travellers, flights, assistance
    and tickets, the travel documents and visas: they name no case, and were put on record with none."""
    from avrcase.services.data_protection import audit_trail

    case = book(engine, actor, officer, make_case, wheelchair=WheelchairCode.WCHC, members=1)
    other = book(engine, actor, officer, make_case, principal=make_person(family_name="Otherday"))
    with unit_of_work(engine, write=False) as session:
        manager = actor_as(StaffRole.MANAGER)
        rows = audit_trail.list_entries(session, manager, audit_trail.AuditQuery(case_number=case.case_number,
                                                                                 limit=1000))
        everything = audit_trail.list_entries(session, manager, audit_trail.AuditQuery(limit=1000))
    entities = {r.entity for r in rows}
    assert {"itineraries", "itinerary_travellers", "itinerary_segments", "itinerary_assistance", "itinerary_tickets",
            "travel_documents"} <= entities
    assert len([r for r in rows if r.entity == "itinerary_travellers" and r.action == "create"]) == 2  # not the other case's
    unplaced = [r.entity for r in everything if r.case_number in ("", None) and r.entity.startswith(("itinerary", "travel"))]
    assert unplaced == [] and other.case_number != case.case_number


def test_travel_documents_are_refused_to_a_role_that_may_not_issue_documents(engine, actor, officer, make_case,
                                                                             actor_as):
    case = book(engine, actor, officer, make_case)
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        travel_snapshots.itinerary_snapshot(session, actor_as(StaffRole.MANAGER), case_by_id(session, actor, case.id),
                                            IOM_VILNIUS, "en", ISSUED_AT)
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        manifest_issue.issue_manifest(session, actor_as(StaffRole.MANAGER), TRAVEL_DAY)


def test_manifest_lists_every_case_of_the_day_by_flight_and_can_keep_to_one_flight(engine, actor, officer, make_case):
    first = book(engine, actor, officer, make_case, wheelchair=WheelchairCode.WCHR, members=1,
                 vulnerabilities=(VulnerabilityForm(Vulnerability.MEDICAL_CONDITION, "Insulin-dependent diabetes"),))
    second = book(engine, actor, officer, make_case, principal=make_person(**RU_PRINCIPAL))
    book(engine, actor, officer, make_case, principal=make_person(family_name="Otherday"),
         day=TRAVEL_DAY + dt.timedelta(days=1))
    with unit_of_work(engine) as session:
        issued = manifest_issue.issue_manifest(session, officer, TRAVEL_DAY, lang="en")
        pending = audit.take_pending(session)
        [entry] = [e for e in pending if e["entity"] == "manifest"]
        # One batch load for the day: printing the manifest is on record, not as a case file opened per case.
        assert not [e for e in pending if e["action"] == "case_opened"]
        only = manifest_issue.issue_manifest(session, officer, TRAVEL_DAY, flight="tk 378", lang="en")
        with pytest.raises(NotFoundError) as nobody:  # a mistyped flight: said, not printed empty
            manifest_issue.issue_manifest(session, officer, TRAVEL_DAY, flight="LO 999", lang="en")
    assert entry["action"] == "document_issued" and entry["username"] == officer.username
    assert entry["details"]["sha256"] == issued.sha256 and entry["details"]["travellers"] == 3
    text = "\n".join(page_texts(issued.pdf))
    assert issued.travellers == 3 and issued.sha256 == hashlib.sha256(issued.pdf).hexdigest()
    assert first.case_number in text and second.case_number in text and "OTHERDAY" not in text
    assert "TK 1234 · VNO – IST" in text and "WCHR" in text and RUSSIAN_FAMILY in text
    assert "oxygen" in text and "diabetes" not in text.lower()
    assert "TK 378 · IST – TBS" in "\n".join(page_texts(only.pdf)) and only.travellers == 3
    assert nobody.value.message == (f"Nobody is booked on LO 999 on {TRAVEL_DAY.isoformat()} (flights that day: "
                                    "TK 1234); no manifest was written.")
    assert_fonts_embedded(issued.pdf)


def test_itinerary_is_issued_and_previewed_from_the_documents_tab(qtbot, monkeypatch, engine, actor, officer,
                                                                   make_case):
    from PySide6.QtWidgets import QDialog

    from avrcase.ui.dialogs.pdf_preview import PdfPreviewDialog
    from avrcase.ui.ops import Ops
    from avrcase.ui.views.documents_tab import CaseDocumentsTab, IssueDocumentDialog

    case = book(engine, actor, officer, make_case)
    ops = Ops(engine, actor)
    tab = CaseDocumentsTab(ops, case.id)
    qtbot.addWidget(tab)

    def choose_itinerary(dialog):
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("itinerary"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(IssueDocumentDialog, "exec", choose_itinerary)
    opened = []
    monkeypatch.setattr(PdfPreviewDialog, "open", lambda self: opened.append(self))
    with qtbot.waitSignal(tab.document_issued):
        tab.issue_button.click()
    ops.wait_for_background()
    assert tab.selected_document.doc_type == "itinerary"
    assert len(opened) == 1 and opened[0].page_count == tab.selected_document.pages
    with unit_of_work(engine, write=False) as session:
        [row] = documents.list_documents(session, actor, case.id)
    assert row.doc_type == "itinerary" and row.issued_by == actor.display_name


def test_an_estimated_birth_date_says_so_on_the_itinerary_and_the_manifest(engine, actor, officer, make_case):
    """A date of birth the person could only give as a year (kept as 1 January, estimated) printed bare on the
    travel papers, where it read as the date in their passport; the case summary already said "(estimated)"."""
    case = book(engine, actor, officer, make_case, members=0,
                principal=make_person(family_name="Yearonly", date_of_birth=dt.date(1990, 1, 1), dob_estimated=True))
    _row, pdf = issue(engine, officer, "itinerary", case.id, "en")
    assert "Jan 1, 1990 (estimated)" in " ".join(" ".join(page_texts(pdf)).split())  # the cell may wrap
    with unit_of_work(engine) as session:
        issued = manifest_issue.issue_manifest(session, officer, TRAVEL_DAY, lang="en")
    assert "(estimated)" in "\n".join(page_texts(issued.pdf))


def test_the_travel_papers_say_estimated_in_the_offices_own_wording(engine, actor, actor_as, officer, make_case):
    """An office that reworded "estimated" in its declaration wording got its word on the declaration but the
    shipped one on the itinerary, the letter of introduction and the manifest."""
    office_calls_a_date_estimated(engine, actor_as(StaffRole.ADMINISTRATOR), "year of birth only")
    case = book(engine, actor, officer, make_case, members=0,
                principal=make_person(family_name="Yearonly", date_of_birth=dt.date(1990, 1, 1), dob_estimated=True))
    for doc_type in ("itinerary", "introduction-letter"):
        _row, pdf = issue(engine, officer, doc_type, case.id, "en")
        text = " ".join(" ".join(page_texts(pdf)).split())
        assert "Jan 1, 1990 (year of birth only)" in text and "(estimated)" not in text, doc_type
    with unit_of_work(engine) as session:
        issued = manifest_issue.issue_manifest(session, officer, TRAVEL_DAY, lang="en")
    text = " ".join(" ".join(page_texts(issued.pdf)).split())
    assert "(year of birth only)" in text and "(estimated)" not in text


def test_the_itinerary_prints_whether_each_assistance_was_requested_or_confirmed(engine, actor, officer, make_case):
    """The walk: the Travel tab said "Reception on arrival (TBS) — IOM — not confirmed yet" with no request date, and the
    itinerary printed it as "Requested"; each line now says what is true: confirmed, requested or not requested yet."""
    case = book(engine, actor, officer, make_case, principal=make_person(**RU_PRINCIPAL))
    arrangements = full_assistance(FIXED_TODAY)
    departure, transit, reception = arrangements.assistance
    arrangements = dataclasses.replace(arrangements, assistance=(
        departure, dataclasses.replace(transit, confirmed_on=None),
        dataclasses.replace(reception, notified_on=None, confirmed_on=None)))
    with unit_of_work(engine) as session:
        version = travel.get_travel(session, officer, case.id).version
        travel.save_arrangements(session, officer, case.id, version, arrangements)
    _row, pdf = issue(engine, officer, "itinerary", case.id)
    text = " ".join("\n".join(page_texts(pdf)).split())  # a status may wrap in its narrow cell
    at = [text.find(f"IOM {status} ") for status in ("Confirmed Подтверждено", "Requested Запрошено",
                                                    "Not requested yet Ещё не запрошено")]
    assert -1 not in at and at == sorted(at), at
    _row, pdf = issue(engine, officer, "itinerary", case.id, "lt")
    text = "\n".join(page_texts(pdf))
    assert "Dar neprašyta" in text and "Ещё не запрошено" in text and "Paprašyta" in text and "Запрошено" in text
    assert text.count("Paprašyta") == 1  # only the transit assistance was requested and not confirmed


def book_with_a_passport_only_requested(engine, actor, officer, make_case) -> tuple[int, int]:
    """A parent with a passport in hand and a child whose passport is only requested, booked: (case id, parent id)."""
    from avrcase.domain.travel_documents import TravelDocument, TravelDocumentKind, TravelDocumentStatus
    from avrcase.services.travel import documents as travel_documents

    detail = make_case(members=1)
    advance(engine, actor, detail.id)
    principal, child = (m.person.id for m in detail.members)
    give_documents(engine, officer, [principal])
    with unit_of_work(engine) as session:
        travel_documents.save_travel_document(session, officer, child, TravelDocument(
            TravelDocumentKind.PASSPORT, TravelDocumentStatus.REQUESTED))
        travel.save_itinerary(session, officer, detail.id, 0, ItineraryForm(trip(TRAVEL_DAY, [principal, child])))
    return detail.id, principal


def test_the_introduction_letter_says_a_document_only_requested_is_not_in_hand_yet(engine, actor, officer, make_case):
    """A child whose passport is only requested had an empty travel-document cell on the letter, where the manifest
    says "Not in hand yet"; the letter now says the same, in its language."""
    case_id, principal = book_with_a_passport_only_requested(engine, actor, officer, make_case)
    for lang, not_in_hand in (("en", "Not in hand yet"), ("lt", "Dar negautas"), ("ru", "Ещё не получен")):
        _row, pdf = issue(engine, officer, "introduction-letter", case_id, lang)
        text = " ".join("\n".join(page_texts(pdf)).split())
        assert f"P{principal:07d}" in text and text.count(not_in_hand) == 1, lang
