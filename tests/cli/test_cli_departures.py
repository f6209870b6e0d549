"""``avrcase departures``: the contract CSV columns, the default period, a table, one-line errors."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.conftest import make_person
from tests.support.clock import FIXED_TODAY
from tests.support.travel import advance, full_assistance, give_documents, trip

TODAY = FIXED_TODAY


@pytest.fixture(autouse=True)
def as_travel_officer(request, monkeypatch):
    """Commands act as a travel officer in tests with a store."""
    if "engine" in request.fixturenames:
        request.getfixturevalue("actor_as")(StaffRole.TRAVEL_OFFICER, "tomas")
        monkeypatch.setenv("AVRCASE_USER", "tomas")


@pytest.fixture
def board(engine, actor, actor_as, make_case):
    """One ready case in 3 days, one not ready (no tickets) in 20 days, one in 45 days."""
    officer = actor_as(StaffRole.TRAVEL_OFFICER, "tomas")
    made = []
    for days, ready, name in ((3, True, "Beridze"), (20, False, "Ivanova"), (45, True, "Kapanadze")):
        case = make_case(principal=make_person(family_name=name, document_number=f"D{days}"),
                         final_destination="=HYPERLINK(\"http://example.org\")" if not ready else "Kutaisi")
        advance(engine, actor, case.id)
        people = [m.person.id for m in case.members]
        give_documents(engine, officer, people)
        with unit_of_work(engine) as session:
            saved = travel.save_itinerary(session, officer, case.id, 0,
                                          ItineraryForm(trip(TODAY + dt.timedelta(days=days), people, tickets=ready)))
            travel.save_arrangements(session, officer, case.id, saved.detail.version, full_assistance(TODAY))
        made.append(case)
    return made


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_has_the_contract_columns_and_the_next_30_days(capsys, db_path, board):
    code, out, err = run(capsys, "departures", "--db", str(db_path), "--format", "csv")
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith("case_number,departure_date,travellers,ready,missing")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["case_number"] for r in rows] == [board[0].case_number, board[1].case_number]
    ready, waiting = rows
    assert (ready["departure_date"], ready["travellers"], ready["ready"], ready["missing"]) == (
        (TODAY + dt.timedelta(days=3)).isoformat(), "1", "yes", "")
    assert (ready["departure_time"], ready["flight"], ready["route"]) == ("12:00", "TK 1234", "VNO → IST → TBS")
    assert waiting["ready"] == "no"
    assert waiting["missing"] == "Ticket not issued for IVANOVA Nino."
    assert waiting["final_destination"].startswith("'=HYPERLINK")  # neutralised against formula injection


def test_period_options_and_table(capsys, db_path, engine, board):
    start, end = TODAY + dt.timedelta(days=40), TODAY + dt.timedelta(days=50)
    code, out, _err = run(capsys, "departures", "--db", str(db_path), "--from", start.isoformat(),
                          "--to", end.isoformat())
    assert code == 0
    assert board[2].case_number in out and board[0].case_number not in out
    assert out.strip().endswith("1 case") and "TK 1234" in out
    with unit_of_work(engine, write=False) as session:  # the listing printed names: on the trail as an export is
        entry = session.execute(select(AuditEntry.username, AuditEntry.entity, AuditEntry.details)
                                .where(AuditEntry.action == "export")).one()
    assert entry == ("tomas", "departures", f'{{"date_from":"{start}","date_to":"{end}","format":"table","rows":1}}')


def test_bad_dates_are_one_line_errors(capsys, db_path, board):
    code, out, err = run(capsys, "departures", "--db", str(db_path), "--from", "23/11/2026")
    assert (code, out) == (1, "") and err.count("\n") == 1 and "--from needs a date like" in err
    code, _out, err = run(capsys, "departures", "--db", str(db_path), "--from", "2026-12-01", "--to", "2026-11-01")
    assert code == 1 and "ends before it begins" in err
    code, _out, err = run(capsys, "departures", "--db", str(db_path), "--format", "xlsx")
    assert code == 2 and err.count("\n") == 1


def test_a_role_without_travel_read_is_refused(capsys, db_path, engine, actor_as, monkeypatch):
    actor_as(StaffRole.ADMINISTRATOR, "admin")
    monkeypatch.setenv("AVRCASE_USER", "admin")
    code, out, err = run(capsys, "departures", "--db", str(db_path))
    assert code == 1 and out == "" and "does not allow you to see travel arrangements" in err
