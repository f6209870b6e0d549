"""Travel papers after the journey changes (fix-journey): a plan printed before the flight moved is listed as out of
date; a plan for a case with nothing booked is refused; a document only requested reads "Not in hand yet"; the issue
dialog proposes the language of the returnee who carries a one-language paper."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from alembic import command
from sqlalchemy import select, text

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ValidationError
from avrcase.services.documents import register as documents
from avrcase.services.documents.languages import default_language, issue_defaults
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, IssuedDocument, Itinerary
from avrcase.store.schema import alembic_config, open_store
from tests.cli.test_cli import signed_in_as_the_counsellor  # noqa: F401  (autouse fixture)
from tests.conftest import make_person
from tests.documents.conftest import page_texts
from tests.documents.test_travel_documents import book, book_with_a_passport_only_requested, issue
from tests.support.travel import full_assistance

STALE = "Printed before the journey changed on Dec 5, 2026 — print it again."


@pytest.fixture
def officer(actor_as):
    """A travel officer (the test store's office is IOM Vilnius)."""
    return actor_as(StaffRole.TRAVEL_OFFICER)


def register(engine, actor, case_id):
    with unit_of_work(engine, write=False) as session:
        return {row.doc_type: row for row in documents.list_documents(session, actor, case_id)}


def changed_at(engine, case_id):
    with unit_of_work(engine, write=False) as session:
        return session.scalar(select(Itinerary.journey_changed_at).where(Itinerary.case_id == case_id))


def rebook(engine, officer, case_id, change):
    """Save the booked itinerary again with ``change`` applied to its segments."""
    with unit_of_work(engine) as session:
        detail = travel.get_travel(session, officer, case_id)
        segments = change(tuple(s.as_segment() for s in detail.segments))
        travel.save_itinerary(session, officer, case_id, detail.version, ItineraryForm(segments))


def later_flight(segments):
    first, second = segments
    hour = dt.timedelta(hours=1)
    return (dataclasses.replace(first, service_number="1402", departure=first.departure + hour,
                                arrival=first.arrival + hour),
            dataclasses.replace(second, departure=second.departure + hour, arrival=second.arrival + hour))


def test_a_paper_printed_before_the_flight_changed_is_listed_as_out_of_date(engine, actor, officer, make_case, clock):
    case = book(engine, actor, officer, make_case)
    stamped_at_booking = changed_at(engine, case.id)
    issue(engine, officer, "itinerary", case.id)
    issue(engine, officer, "introduction-letter", case.id)
    issue(engine, officer, "case-summary", case.id)
    assert all(row.out_of_date == "" for row in register(engine, officer, case.id).values())

    clock.advance(dt.timedelta(days=1))  # the airline moves the flight the next day
    rebook(engine, officer, case.id, later_flight)
    assert changed_at(engine, case.id) == clock.now() != stamped_at_booking
    rows = register(engine, officer, case.id)
    assert rows["itinerary"].out_of_date == STALE and rows["introduction-letter"].out_of_date == STALE
    assert rows["case-summary"].out_of_date == ""  # it prints no flight
    with unit_of_work(engine, write=False) as session:  # on the trail, as any change of the itinerary
        entries = session.scalars(select(AuditEntry.details).where(AuditEntry.entity == "itineraries",
                                                                   AuditEntry.action == "update")).all()
    assert any("journey_changed_at" in str(details) for details in entries)

    clock.advance(dt.timedelta(minutes=5))
    issue(engine, officer, "itinerary", case.id)  # printed again: the new copy is up to date, the old one stays listed
    with unit_of_work(engine, write=False) as session:
        listed = documents.list_documents(session, officer, case.id)
    assert [(r.doc_type, bool(r.out_of_date)) for r in listed] == [
        ("itinerary", False), ("case-summary", False), ("introduction-letter", True), ("itinerary", True)]


def test_changes_the_papers_do_not_print_leave_them_up_to_date(engine, actor, officer, make_case, clock):
    """A fare, an assistance confirmed after printing: the printed journey is still right (no warning to ignore)."""
    case = book(engine, actor, officer, make_case)
    issue(engine, officer, "itinerary", case.id)
    before = changed_at(engine, case.id)
    clock.advance(dt.timedelta(days=1))
    rebook(engine, officer, case.id, lambda segments: (dataclasses.replace(segments[0], fare=None), segments[1]))
    with unit_of_work(engine) as session:
        version = travel.get_travel(session, officer, case.id).version
        travel.save_arrangements(session, officer, case.id, version, full_assistance(clock.today()))
    assert changed_at(engine, case.id) == before
    assert register(engine, officer, case.id)["itinerary"].out_of_date == ""


def test_an_escort_added_after_printing_makes_the_papers_out_of_date(engine, actor, officer, make_case, clock):
    from avrcase.domain.travel import Assistance, AssistanceKind

    case = book(engine, actor, officer, make_case)
    issue(engine, officer, "introduction-letter", case.id)
    clock.advance(dt.timedelta(days=1))
    arrangements = full_assistance(clock.today())
    with unit_of_work(engine) as session:
        version = travel.get_travel(session, officer, case.id).version
        travel.save_arrangements(session, officer, case.id, version, dataclasses.replace(
            arrangements, assistance=arrangements.assistance + (
                Assistance(AssistanceKind.ESCORT_MEDICAL, escort_name="Dr Ona Jonaitienė"),)))
    assert register(engine, officer, case.id)["introduction-letter"].out_of_date == STALE


def test_papers_of_a_store_upgraded_from_0026_are_not_flagged_until_the_journey_changes(
        engine, db_path, actor, officer, make_case, clock):
    case = book(engine, actor, officer, make_case)
    issue(engine, officer, "itinerary", case.id)
    config = alembic_config()
    with engine.connect() as connection:
        # As the app migrates: foreign keys off, or rebuilding the table empties its segments (ON DELETE CASCADE).
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # outside a transaction
        config.attributes["connection"] = connection
        command.downgrade(config, "0026")
        connection.commit()
        assert "journey_changed_at" not in {row[1] for row in connection.execute(text("PRAGMA table_info(itineraries)"))}
    engine.dispose()

    upgraded = open_store(f"sqlite:///{db_path}", backup_first=False, clock=clock)
    try:
        with upgraded.connect() as connection:
            assert connection.execute(text("SELECT journey_changed_at FROM itineraries")).all() == [(None,)]
            assert connection.execute(text("SELECT count(*) FROM issued_documents")).scalar() == 1
            assert connection.execute(text("SELECT count(*) FROM itinerary_segments")).scalar() == 2
        assert register(upgraded, officer, case.id)["itinerary"].out_of_date == ""
        clock.advance(dt.timedelta(days=1))
        rebook(upgraded, officer, case.id, later_flight)
        assert register(upgraded, officer, case.id)["itinerary"].out_of_date == STALE
    finally:
        upgraded.dispose()


def test_the_itinerary_says_a_document_only_requested_is_not_in_hand_yet(engine, actor, officer, make_case, tmp_path):
    """The travel plan left the child's travel-document cell empty; it now says what the letter says."""
    case_id, principal = book_with_a_passport_only_requested(engine, actor, officer, make_case)
    for lang, not_in_hand in (("en", "Not in hand yet"), ("lt", "Dar negautas")):
        _row, pdf = issue(engine, officer, "itinerary", case_id, lang)
        (tmp_path / f"itinerary-{lang}.pdf").write_bytes(pdf)  # looked at as PNG (pdftoppm -r 60) while written
        text_ = " ".join("\n".join(page_texts(pdf)).split())
        # Once in each copy the paper holds (the returnee's, the office's), where the passport number stood empty.
        assert text_.count(not_in_hand) == text_.count(f"P{principal:07d}") >= 1, lang


NO_BOOKING = ("has no journey booked yet, so there is no travel plan to print: book the itinerary on the case's "
              "Travel tab first (“Book itinerary…”). Nothing was printed.")


def test_no_travel_plan_is_printed_for_a_case_with_nothing_booked(capsys, monkeypatch, db_path, engine, actor,
                                                                  make_case, tmp_path):
    case = make_case()
    monkeypatch.setenv("AVRCASE_USER", actor.username)
    with unit_of_work(engine, write=False) as session:
        entries_before = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    out_file = tmp_path / "plan.pdf"
    code = main(["document", "itinerary", "--case", case.case_number, "--lang", "en", "--out", str(out_file),
                 "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == f"avrcase: Case {case.case_number} {NO_BOOKING}\n"
    assert not out_file.exists()
    with unit_of_work(engine, write=False) as session:
        assert session.scalars(select(IssuedDocument.id)).all() == []
        issued = session.scalars(select(AuditEntry.action).where(AuditEntry.seq > entries_before)).all()
    assert "document_issued" not in issued
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as refused:  # the service, as the tab calls it
        documents.issue_document(session, actor, "itinerary", case.id, "lt")
    assert str(refused.value).endswith("Nothing was printed.")


def test_the_one_language_papers_are_proposed_in_the_returnees_language():
    printable = {"itinerary": ["lt", "en", "fa", "ru"], "introduction-letter": ["lt", "en", "ru"]}

    def proposed(doc_type, spoken, window="en"):
        return default_language(doc_type, printable[doc_type], spoken=spoken, window=window, office_language="lt")

    assert proposed("itinerary", ["fa"]) == "lt"  # the returnee's language is printed beside the office's
    assert proposed("introduction-letter", ["ka", "ru"]) == "ru"  # the first they read that the letter exists in
    assert proposed("introduction-letter", ["fa"]) == "en"  # none: the window's
    assert proposed("introduction-letter", ["fa"], window="de") == "lt"  # nor that: the office's
    assert default_language("introduction-letter", [], spoken=["ru"], window="en", office_language="lt") == ""


def test_the_issue_dialog_proposes_the_returnees_language_in_an_english_window(qtbot, engine, actor, officer,
                                                                                make_case):
    from avrcase.services.documents.languages import printable_languages_by_type
    from avrcase.ui.views.documents_tab import IssueDocumentDialog

    case = make_case(principal=make_person(languages=("ru",)))
    with unit_of_work(engine, write=False) as session:
        languages = printable_languages_by_type(session, officer)
        defaults = issue_defaults(session, officer, case.id)
    dialog = IssueDocumentDialog("lt", languages=languages, defaults=defaults)
    qtbot.addWidget(dialog)
    chosen = {}
    for doc_type in ("introduction-letter", "itinerary", "case-summary"):
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(doc_type))
        chosen[doc_type] = dialog.choice[1]
    assert chosen == {"introduction-letter": "ru", "itinerary": "lt", "case-summary": "ru"}
    english = dialog.language_combo.findData("en")  # chosen by hand: kept when the type changes
    dialog.language_combo.setCurrentIndex(english)
    dialog.language_combo.activated.emit(english)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("introduction-letter"))
    assert dialog.choice == ("introduction-letter", "en")


def test_the_documents_tab_says_which_papers_to_print_again(qtbot, monkeypatch, engine, actor, officer, make_case,
                                                           clock, tmp_path):
    from PySide6.QtCore import Qt

    from avrcase.ui.ops import Ops
    from avrcase.ui.views import documents_tab as tab_module
    from avrcase.ui.views.documents_tab import COL_DOCUMENT, COL_STATUS, CaseDocumentsTab

    case = book(engine, actor, officer, make_case)
    issue(engine, officer, "itinerary", case.id)
    clock.advance(dt.timedelta(days=1))
    rebook(engine, officer, case.id, later_flight)
    tab = CaseDocumentsTab(Ops(engine, officer), case.id)
    qtbot.addWidget(tab)
    tab.resize(1100, 420)
    model = tab.documents_model
    assert model.headerData(COL_STATUS, Qt.Orientation.Horizontal) == "Status"
    assert model.index(0, COL_STATUS).data() == STALE
    assert STALE in model.index(0, COL_DOCUMENT).data(Qt.ItemDataRole.ToolTipRole)
    tab.grab().save(str(tmp_path / "documents_tab.png"))

    nothing = make_case()
    shown = []
    monkeypatch.setattr(tab_module, "show_error", lambda _parent, error: shown.append(str(error)))
    bare = CaseDocumentsTab(Ops(engine, officer), nothing.id)
    qtbot.addWidget(bare)
    assert bare.issue("itinerary", "lt") is None
    assert shown == [f"Case {nothing.case_number} {NO_BOOKING}"]
    assert bare.documents_model.rowCount() == 0
