"""The case dialog's facts in a sheet: vulnerabilities with details, counsellor, project, return decision, the
authorities' approval and consent sharing — headers in lt/ru, values in en/lt/ru, every wrong value reported."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from avrcase.domain.codes import ApprovalStatus, SharingParty, StaffRole, Vulnerability
from avrcase.domain.errors import ValidationError
from avrcase.services.imports import run
from avrcase.services.imports.template import write_report, write_template
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, CaseVulnerability, Person, User
from tests.services.imports.office_sheets import dry_run as _plan
from tests.services.imports.office_sheets import write_sheet

TODAY = dt.date(2026, 12, 4)
NOW = dt.datetime(2026, 12, 4, 15, tzinfo=dt.UTC)

HEADERS = ["Bylos Nr. ", "Pavardė", "Vardas", "Lytis", "Gimimo data", "Pilietybė", "Ryšys", "Registracijos data",
           "Sutikimo data", "Pažeidžiamumas", "Pažeidžiamumo aprašymas", "Консультант", "Projektas", "Sprendimo Nr.",
           "Дата решения", "Pritarimas", "Pritarimo data", "Rašto Nr.", "Kam teikiami duomenys"]


def _row(key, family, given, born="1988-05-17", *, relationship="", consent="2026-11-02", vulnerable="", details="",
         counsellor="", project="", decision="", decided="", approval="", answered="", reference="", shared=""):
    return [key, family, given, "F", born, "Gruzija", relationship, "2026-11-01", consent, vulnerable, details,
            counsellor, project, decision, decided, approval, answered, reference, shared]


GOOD = [
    # Lithuanian labels and a code, `;` between them, details labelled per vulnerability; user name in other case
    _row("F-1", "Beridze", "Nino", vulnerable="Nėščia moteris; disability", details="pregnant: 7 months; "
         "Negalia: uses a wheelchair; ramp needed", counsellor=" RUTA ", project="AVRR-LT 2026 ", decision="RD-1",
         decided="20.10.2026", approval="Patvirtinta", answered="12.11.2026", reference="MD-55",
         shared="Partner office in the country of return, carriers"),
    # Russian labels separated by `,`; one vulnerability, whole cell its details (a colon inside is no label)
    _row("F-2", "Ivanova", "Olga", born="1950-01-02", vulnerable="Пожилая", details="Diabetes: insulin twice a day",
         approval="запрошено"),
    # nothing of the new columns: defaults
    _row("F-3", "Karimova", "Dilnoza"),
    # a household: the member row repeats the principal's project (same value is fine)
    _row("F-4", "Tsiklauri", "Giorgi", relationship="principal", project="AVRR", vulnerable="Одинокий родитель"),
    _row("F-4", "Tsiklauri", "Ana", born="2016-04-04", relationship="child", project="avrr"),
]
BAD = [
    _row("B-1", "Bad", "Vulnerability", vulnerable="pregnant; flying carpet"),  # unknown vulnerability
    _row("B-2", "Bad", "Counsellor", counsellor="nobody"),  # no such user
    _row("B-3", "Bad", "Role", counsellor="tomas"),  # a travel officer
    _row("B-4", "Bad", "Left", counsellor="egle"),  # deactivated counsellor
    _row("B-5", "Bad", "Decision", decision="RD-9", decided="32.13.2026"),  # not a date
    _row("B-6", "Bad", "Future", decision="RD-9", decided="2027-01-05"),  # in the future
    _row("B-7", "Bad", "Approval", approval="maybe"),  # unknown approval
    _row("B-8", "Bad", "Answer", approval="approved"),  # approved without the answer's date
    _row("B-9", "Bad", "Details", vulnerable="elderly, disability", details="needs help"),  # whose details?
    _row("B-10", "Bad", "Orphan", details="fragile"),  # details without a vulnerability
    _row("B-11", "Bad", "Twice", vulnerable="disability; Negalia"),  # listed twice
    _row("B-12", "Bad", "Child", born="1980-01-01", vulnerable="UAM"),  # an adult as unaccompanied child
    _row("B-13", "Bad", "Sharing", shared="the press"),  # unknown sharing party
    _row("B-14", "Bad", "Nodate", consent="", shared="carriers"),  # sharing without consent
    _row("B-15", "Bad", "Principal", relationship="principal", project="AVRR"),  # member contradicts the principal
    _row("B-15", "Bad", "Member", born="2016-04-04", relationship="child", project="Other project"),
    _row("B-16", "Bad", "Wrong label", vulnerable="elderly", details="pregnant: 3 months"),  # details of another one
]


@pytest.fixture
def staff(engine, actor, actor_as):
    actor_as(StaffRole.TRAVEL_OFFICER, "tomas")
    actor_as(StaffRole.COUNSELLOR, "egle")
    with unit_of_work(engine) as session:
        session.execute(update(User).where(User.username == "egle").values(active=False))
    return actor


def _sheet(path, rows):
    return write_sheet(path, HEADERS, rows, title="Bylos, 2026 m.")


def test_new_columns_are_guessed_from_lithuanian_and_russian_headers(engine, staff, tmp_path):
    plan = _plan(engine, staff, _sheet(tmp_path / "s.xlsx", GOOD))
    assert {plan.mapping[h] for h in HEADERS[9:]} == {
        "vulnerabilities", "vulnerability_details", "counsellor", "project", "return_decision_number",
        "return_decision_date", "approval_status", "approval_date", "approval_reference", "consent_shared_with"}


def test_good_values_in_any_language_become_the_case_dialog_fields(engine, staff, tmp_path):
    plan = _plan(engine, staff, _sheet(tmp_path / "s.xlsx", GOOD))
    assert plan.problems == ()
    forms = {c.source_key: c.form for c in plan.cases}
    one = forms["F-1"]
    assert [(v.code, v.details) for v in one.vulnerabilities] == [
        (Vulnerability.PREGNANT, "7 months"), (Vulnerability.DISABILITY, "uses a wheelchair; ramp needed")]
    with unit_of_work(engine, write=False) as session:
        ruta = session.scalar(select(User.id).where(User.username == "ruta"))
    assert one.counsellor_id == ruta and one.project == "AVRR-LT 2026"
    assert one.return_decision_number == "RD-1" and one.return_decision_date == dt.date(2026, 10, 20)
    assert one.approval_status == ApprovalStatus.APPROVED and one.approval_date == dt.date(2026, 11, 12)
    assert one.approval_reference == "MD-55"
    assert one.consent is not None
    assert one.consent.shared_with == (SharingParty.IOM_DESTINATION, SharingParty.CARRIERS)
    two = forms["F-2"]
    assert [(v.code, v.details) for v in two.vulnerabilities] == [(Vulnerability.ELDERLY, "Diabetes: insulin twice a day")]
    assert two.approval_status == ApprovalStatus.REQUESTED and two.counsellor_id is None
    three = forms["F-3"]
    assert three.vulnerabilities == () and three.approval_status == ApprovalStatus.NOT_REQUESTED and three.project == ""
    assert [v.code for v in forms["F-4"].vulnerabilities] == [Vulnerability.SINGLE_PARENT_OR_LARGE_FAMILY]

    with unit_of_work(engine) as session:
        run.import_cases(session, staff, plan, today=TODAY, now=NOW)
    with unit_of_work(engine, write=False) as session:
        case = session.scalars(select(Case).join(Person, Person.id == Case.principal_id)
                               .where(Person.family_name == "Beridze")).one()
        assert case.counsellor_id == ruta and case.approval_status == "approved" and case.project == "AVRR-LT 2026"
        assert sorted((v.code, v.details) for v in case.vulnerabilities) == [
            ("disability", "uses a wheelchair; ramp needed"), ("pregnant", "7 months")]
        assert case.consent_shared_with == "iom_destination,carriers"


def test_every_wrong_value_is_named_in_the_report_and_nothing_of_those_rows_is_saved(engine, staff, tmp_path):
    path = _sheet(tmp_path / "s.xlsx", GOOD + BAD)
    plan = _plan(engine, staff, path)
    assert {c.source_key for c in plan.cases} == {"F-1", "F-2", "F-3", "F-4"}
    first_bad = 3 + len(GOOD)  # title row, header row, then the rows (sheet numbering)
    by_row: dict[int, list[tuple[str, str, str]]] = {}
    for p in plan.problems:
        by_row.setdefault(p.row - first_bad, []).append((p.column, p.value, p.message))

    def only(index, column):
        found = [(value, message) for col, value, message in by_row[index] if col == column]
        assert found, (index, column, by_row.get(index))
        return found[0]

    value, message = only(0, "Pažeidžiamumas")
    assert value == "pregnant; flying carpet" and "“flying carpet”" in message and "Pregnant woman" in message
    assert "“nobody” is not a user of avrcase" in only(1, "Консультант")[1]
    assert "account tomas has the role “Travel officer”, not counsellor" in only(2, "Консультант")[1]
    assert "egle's account is deactivated" in only(3, "Консультант")[1]
    assert only(4, "Дата решения") == ("32.13.2026", "“32.13.2026” is not a date; write it as 2026-12-24 or 24.12.2026.")
    assert "future" in only(5, "Дата решения")[1]
    assert "“maybe”" in only(6, "Pritarimas")[1] and "Approved (approved)" in only(6, "Pritarimas")[1]
    assert "date of the authorities' answer" in only(7, "Pritarimo data")[1]
    assert "start each one's details with its code or name" in only(8, "Pažeidžiamumo aprašymas")[1]
    assert "no vulnerability" in only(9, "Pažeidžiamumo aprašymas")[1]
    assert "listed twice" in only(10, "Pažeidžiamumas")[1]
    assert "under 18" in only(11, "Pažeidžiamumas")[1]
    assert "“the press”" in only(12, "Kam teikiami duomenys")[1]
    assert "day consent was given" in only(13, "Kam teikiami duomenys")[1]
    assert "says “AVRR”" in only(15, "Projektas")[1]
    assert "“Pregnant woman” has details but is not in the vulnerabilities column" in only(16, "Pažeidžiamumo aprašymas")[1]
    # every bad row, and no good row, is reported (B-15's principal row is fine, its member row is not)
    assert set(by_row) == set(range(len(BAD))) - {14}

    report = tmp_path / "report.xlsx"
    write_report(plan, report)
    rows = list(load_workbook(report).worksheets[0].iter_rows(values_only=True))
    assert (plan.problems[0].sheet, first_bad + 1, "Консультант", "nobody") in {r[:4] for r in rows}

    with pytest.raises(ValidationError), unit_of_work(engine) as session:
        run.import_cases(session, staff, plan, today=TODAY, now=NOW, all_or_nothing=True)
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0
    with unit_of_work(engine) as session:
        result = run.import_cases(session, staff, plan, today=TODAY, now=NOW)
    assert len(result.case_numbers) == 4
    with unit_of_work(engine, write=False) as session:
        names = set(session.scalars(select(Person.family_name)))
        assert "Bad" not in names  # no bad row half-saved
        assert session.scalar(select(func.count()).select_from(CaseVulnerability)) == 4


def test_template_lists_the_new_columns_with_their_allowed_values(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    header = [c.value for c in book["Cases"][1]]
    for key in ("vulnerabilities", "vulnerability_details", "counsellor", "project", "return_decision_number",
                "return_decision_date", "approval_status", "approval_date", "approval_reference", "consent_shared_with"):
        assert key in header
    allowed = {row[0]: row[3] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert "unaccompanied_child (Unaccompanied or separated child)" in allowed["vulnerabilities"]
    assert "separated by ; or ," in allowed["vulnerabilities"]
    assert "counsellor role" in allowed["counsellor"]
    assert "approved (Approved)" in allowed["approval_status"] and "refused (Refused)" in allowed["approval_status"]
    assert "a date" in allowed["return_decision_date"] and "disability: uses a wheelchair" in allowed["vulnerability_details"]


def test_each_persons_vulnerabilities_are_read_from_their_own_row(engine, staff, tmp_path):
    """#20: a member's row names the member's own vulnerabilities; a member row that only repeats the
    principal applicant's cells (the old one-per-case layout) leaves them with the principal."""
    rows = [
        _row("H-1", "Beridze", "Nino", relationship="principal", vulnerable="pregnant", details="7 months"),
        _row("H-1", "Beridze", "Luka", born="2016-04-04", relationship="child", vulnerable="Negalia",
             details="uses a wheelchair"),
        _row("H-2", "Tsiklauri", "Giorgi", relationship="principal", vulnerable="Одинокий родитель"),
        _row("H-2", "Tsiklauri", "Ana", born="2016-04-04", relationship="child", vulnerable="одинокий родитель"),
    ]
    plan = _plan(engine, staff, _sheet(tmp_path / "s.xlsx", rows))
    assert plan.problems == ()
    forms = {c.source_key: c.form for c in plan.cases}
    assert [v.code for v in forms["H-1"].vulnerabilities] == [Vulnerability.PREGNANT]
    assert [(v.code, v.details) for v in forms["H-1"].members[0].vulnerabilities] == [
        (Vulnerability.DISABILITY, "uses a wheelchair")]
    assert [v.code for v in forms["H-2"].vulnerabilities] == [Vulnerability.SINGLE_PARENT_OR_LARGE_FAMILY]
    assert forms["H-2"].members[0].vulnerabilities == ()

    with unit_of_work(engine) as session:
        run.import_cases(session, staff, plan, today=TODAY, now=NOW)
    with unit_of_work(engine, write=False) as session:
        owners = sorted(session.execute(select(Person.given_names, CaseVulnerability.code)
                                        .join(Person, Person.id == CaseVulnerability.person_id)).all())
    assert owners == [("Giorgi", "single_parent_large_family"), ("Luka", "disability"), ("Nino", "pregnant")]
