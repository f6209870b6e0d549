"""The anonymised record-level export names nobody, meets k and keeps pseudonyms stable."""

from __future__ import annotations

import io
import stat
import zipfile
from collections import Counter

import pytest

from avrcase.domain.codes import Sex
from avrcase.domain.errors import ValidationError
from avrcase.domain.periods import Granularity, Period
from avrcase.exports import tables
from avrcase.services.statistics import anonymised_export
from avrcase.services.uow import unit_of_work
from tests.conftest import letters, make_person
from tests.services.statistics.test_statistics import depart
from tests.support.clock import FIXED_TODAY
from tests.support.actors import MANAGER

TODAY = FIXED_TODAY
SECRET = b"0123456789abcdef0123456789abcdef-test"
PEOPLE = (
    [("Beridze", f"Nino {letters(i)}", "GE", Sex.FEMALE, f"13GE0000{i}") for i in range(6)]
    + [("Hakobyan", f"Anahit {letters(i)}", "AM", Sex.FEMALE, f"AM00000{i}") for i in range(3)]
    + [("Hassan", "Zaurbek", "IQ", Sex.MALE, "A1234567")]
)


@pytest.fixture
def store(engine, actor, make_case):
    """Ten departed returnees: six Georgian and three Armenian women of 38, one Iraqi man."""
    numbers = []
    for family, given, country, sex, document in PEOPLE:
        person = make_person(family_name=family, given_names=given, citizenship=country, sex=sex,
                             document_number=document, document_issuing_country=country,
                             family_name_original="", given_names_original="", phone="+370 600 99999",
                             address="Secret Street 7")
        detail = make_case(principal=person, country_of_return=country)
        numbers.append(detail.case_number)
        depart(engine, actor, detail)
    return engine, numbers


MONTH_END = Period.containing(TODAY, Granularity.MONTH).last_day


def export(engine, k=5, secret=SECRET):
    """A release pseudonymised for a processor (``secret``), or anonymous with a new key (``secret=None``)."""
    with unit_of_work(engine) as session:
        return anonymised_export.export_anonymised(session, MANAGER, TODAY.replace(day=1), MONTH_END, k, secret=secret)


def written_bytes(result) -> bytes:
    """The CSV and the XLSX's XML parts, as a recipient would get them."""
    sheet = tables.Sheet("Returnees", anonymised_export.HEADER, result.rows)
    text = io.StringIO()
    tables.write_sheet_csv(text, sheet)
    book = io.BytesIO()
    notes = [("Protection", line) for line in result.report.lines()]
    tables.write_xlsx(book, [sheet], notes)
    with zipfile.ZipFile(io.BytesIO(book.getvalue())) as archive:
        xml = b"".join(archive.read(name) for name in archive.namelist())
    return text.getvalue().encode() + xml


def test_no_name_document_number_contact_or_case_number_is_written(store):
    engine, case_numbers = store
    data = written_bytes(export(engine, k=3)).lower()
    secrets_of_the_store = [v for p in PEOPLE for v in (p[0], p[1], p[4])] + case_numbers + ["99999", "secret street"]
    assert [s for s in secrets_of_the_store if s.lower().encode() in data] == []
    assert str(TODAY.year).encode() in data  # the export is not empty


def test_every_combination_appears_at_least_k_times_after_generalising_places_and_sex(store):
    result = export(store[0], k=5)
    groups = Counter(row[1:-1] for row in result.rows)
    assert groups and min(groups.values()) >= 5
    # Georgians, Armenians and the Iraqi man only reach 5 together: as Western Asia, sex not shown.
    assert set(groups) == {("M49_145", "T", "Y_GE35", "M49_145", f"{TODAY.year}-{TODAY.month:02d}")}
    report = result.report
    assert (report.returnees, report.written, report.suppressed) == (10, 10, 0)
    lines = " ".join(report.lines())
    assert "citizenship written as its UN M49 sub-region" in lines and "sex left out" in lines
    assert "0 of 10 returnees left out" in lines


def test_nothing_is_generalised_when_groups_are_large_enough(store, engine, actor, make_case):
    for i in range(2):  # two more Iraqi men: three households, enough for k = 3
        person = make_person(family_name="Hassan", given_names=f"Ali {letters(i)}", citizenship="IQ", sex=Sex.MALE,
                             document_number=f"A765432{i}", document_issuing_country="IQ",
                             family_name_original="", given_names_original="")
        depart(engine, actor, make_case(principal=person, country_of_return="IQ"))
    result = export(engine, k=3)
    assert {row[1] for row in result.rows} == {"GE", "AM", "IQ"} and {row[2] for row in result.rows} == {"F", "M"}
    assert "Nothing was generalised." in result.report.lines()


def _returnee(engine, actor, make_case, n, *, members=0, citizenship="GE", sex=Sex.FEMALE, vulnerable=None):
    from avrcase.services.dto import VulnerabilityForm

    person = make_person(family_name="Synthetic", given_names=f"Person {letters(n)}", citizenship=citizenship, sex=sex,
                         document_number=f"ZZ{n:07d}", document_issuing_country=citizenship,
                         family_name_original="", given_names_original="")
    extra = {"vulnerabilities": (VulnerabilityForm(vulnerable),)} if vulnerable else {}
    detail = make_case(principal=person, country_of_return=citizenship, members=members, **extra)
    depart(engine, actor, detail)


def test_members_of_one_household_count_once_towards_k(engine, actor, make_case):
    """Four children of two families are two households, not four people: with k = 3 they are left out."""
    for n in range(2):
        _returnee(engine, actor, make_case, n, members=2)
    for n in range(2, 5):
        _returnee(engine, actor, make_case, n)
    result = export(engine, k=3, secret=None)
    assert (result.report.returnees, result.report.written) == (9, 5)
    assert {row[3] for row in result.rows} == {"Y_GE35"}  # the five mothers and single women only
    lines = " ".join(result.report.lines())
    assert "4 of 9 returnees left out (groups of fewer than 3 households)" in lines
    assert "could not be met" in lines  # 44 % left out is said, not hidden


def test_a_group_that_shows_one_vulnerability_only_has_it_suppressed(engine, actor, make_case):
    """l-diversity: three Iraqi men who are all torture survivors would each be shown as one."""
    from avrcase.domain.codes import Vulnerability

    for n, vulnerable in enumerate((None, None, Vulnerability.PREGNANT)):
        _returnee(engine, actor, make_case, n, vulnerable=vulnerable)
    for n in range(3, 6):
        _returnee(engine, actor, make_case, n, citizenship="IQ", sex=Sex.MALE,
                  vulnerable=Vulnerability.TORTURE_OR_VIOLENCE_SURVIVOR)
    result = export(engine, k=3, secret=None)
    by_citizenship = {c: sorted(row[-1] for row in result.rows if row[1] == c) for c in ("GE", "IQ")}
    assert by_citizenship == {"GE": ["none", "none", "pregnant"], "IQ": ["*", "*", "*"]}
    assert "torture_violence_survivor" not in {row[-1] for row in result.rows}
    assert result.report.vulnerability_suppressed == 3
    assert any("in 3 rows it is written as *" in line for line in result.report.lines())


def test_the_risk_of_each_record_is_reported(engine, actor, make_case):
    for n in range(3):
        _returnee(engine, actor, make_case, n)
    for n in range(3, 7):
        _returnee(engine, actor, make_case, n, citizenship="IQ", sex=Sex.MALE)
    report = export(engine, k=3, secret=None).report
    # Three records in a group of three households (risk 1/3), four in a group of four (1/4).
    assert report.risk.highest == pytest.approx(1 / 3) and report.risk.at_highest == 3
    assert report.risk.expected_reidentifications == pytest.approx(2.0)
    assert report.risk.mean == pytest.approx(2 / 7)
    assert any("highest 0.33, mean 0.29" in line and "identify 2.0 records" in line for line in report.lines())


def test_pseudonyms_are_stable_and_depend_on_the_secret(store):
    engine = store[0]
    first, second = export(engine, k=3), export(engine, k=3)
    assert [r[0] for r in first.rows] == [r[0] for r in second.rows]
    assert len({r[0] for r in first.rows}) == len(first.rows) == 10
    other = export(engine, k=3, secret=b"another-secret-another-secret-another")
    assert not {r[0] for r in first.rows} & {r[0] for r in other.rows}


def test_every_anonymous_release_has_new_random_keys(store):
    """No stable pseudonyms: two releases of the same period share no key, so rows cannot be linked."""
    engine = store[0]
    first, second = export(engine, k=3, secret=None), export(engine, k=3, secret=None)
    assert len({r[0] for r in first.rows}) == len(first.rows) == 10
    assert not {r[0] for r in first.rows} & {r[0] for r in second.rows}
    assert sorted(r[1:] for r in first.rows) == sorted(r[1:] for r in second.rows)
    assert any("drawn at random" in line for line in first.report.lines())
    assert any("PSEUDONYMISED" in line for line in export(engine, k=3).report.lines())


def test_releases_are_registered_audited_and_cover_whole_months(store):
    from sqlalchemy import select

    from avrcase.store.models import AuditEntry, StatisticsRelease

    engine = store[0]
    export(engine, k=3, secret=None)
    export(engine, k=3)
    with unit_of_work(engine, write=False) as session:
        methods = [r.method for r in session.scalars(select(StatisticsRelease).where(StatisticsRelease.kind == "microdata"))]
        trail = [e.details for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == "anonymised_export"))]
    assert methods == ["k-anonymity", "pseudonymised"]
    assert ['"pseudonymised": false' in t or '"pseudonymised":false' in t for t in trail] == [True, False]
    with unit_of_work(engine) as session, pytest.raises(ValidationError):
        anonymised_export.export_anonymised(session, MANAGER, TODAY.replace(day=1), TODAY.replace(day=2), 3)


def test_k_below_3_is_refused(store):
    with pytest.raises(ValidationError):
        export(store[0], k=2)


def test_the_secret_file_is_created_private_once_and_can_be_moved(tmp_path, monkeypatch):
    monkeypatch.delenv(anonymised_export.ENV_SECRET_FILE, raising=False)
    path = anonymised_export.secret_path()
    assert str(path).startswith(str(tmp_path)) and path.name == "export-secret"
    secret = anonymised_export.installation_secret()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert anonymised_export.installation_secret() == secret
    elsewhere = tmp_path / "keys" / "office.key"
    monkeypatch.setenv(anonymised_export.ENV_SECRET_FILE, str(elsewhere))
    assert anonymised_export.installation_secret() != secret and elsewhere.exists()
