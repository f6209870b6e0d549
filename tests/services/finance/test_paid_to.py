"""Who an allowance was paid to: one person of the case's household, an adult on the day of payment (the child
in an unaccompanied child's case), never someone erased or from another case; a split between two adults; the
reversal keeps the recipient; a paid member stays in the household; stores from before name the principal."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import replace

import pytest
from alembic import command
from sqlalchemy import func, select, text, update

from avrcase.domain.allowances import PaymentMethod, PaymentStatus
from avrcase.domain.codes import CaseKind, ConsentGiver, LegalBasis, Relationship, Sex, StaffRole, Vulnerability
from avrcase.domain.errors import ValidationError
from avrcase.domain.forms import ConsentForm, MemberForm, VulnerabilityForm
from avrcase.services.cases import case_file
from avrcase.services.cases import register as cases
from avrcase.services.data_protection.retention import MARKER
from avrcase.services.dto import CaseForm
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import PaymentForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AllowancePayment, AuditEntry, CaseMember, Person
from avrcase.store.schema import alembic_config
from tests.conftest import make_case_form, make_person
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project

TODAY = FIXED_TODAY


def couple_form() -> CaseForm:
    """Nino (the principal applicant), her husband Giorgi and their son Luka (born 2015)."""
    giorgi = MemberForm(make_person(given_names="Giorgi", given_names_original="გიორგი", sex=Sex.MALE,
                                    date_of_birth=dt.date(1984, 2, 9), document_number="13AB00002"),
                        Relationship.SPOUSE)
    luka = MemberForm(make_person(given_names="Luka", given_names_original="", sex=Sex.MALE,
                                  date_of_birth=dt.date(2015, 3, 1), document_number="13CH00001"), Relationship.CHILD)
    return replace(make_case_form(), kind=CaseKind.HOUSEHOLD, members=(giorgi, luka))


@pytest.fixture
def project(engine, manager):
    return make_project(engine, manager)


@pytest.fixture
def couple(engine, actor, manager, project):
    with unit_of_work(engine, actor=actor) as session:
        case = cases.register_case(session, actor, couple_form())
    assign(engine, manager, case.id, project.id)
    return case


def _ids(case):
    """(Nino, Giorgi, Luka)."""
    return tuple(m.person.id for m in case.members)  # the principal applicant is the first member


def _pay(engine, actor, case_id, amount, paid_to_id=None, *, paid_on=TODAY):
    with unit_of_work(engine) as session:
        return allowances.record_payment(session, actor, case_id, PaymentForm(
            eur(amount), PaymentMethod.CASH_AT_DEPARTURE, TODAY, paid_to_id=paid_to_id), paid_on=paid_on)


def _stored(engine):
    """Every payment row as the store holds it: (amount, status, paid_to_id, reverses_id)."""
    with unit_of_work(engine, write=False) as session:
        return session.execute(select(AllowancePayment.amount_minor, AllowancePayment.status,
                                      AllowancePayment.paid_to_id, AllowancePayment.reverses_id)
                               .order_by(AllowancePayment.id)).all()


def test_a_payment_goes_to_the_principal_applicant_unless_someone_else_is_chosen(engine, finance, couple):
    nino, giorgi, _luka = _ids(couple)
    first = _pay(engine, finance, couple.id, 300)
    assert (first.paid_to_id, first.paid_to) == (nino, "BERIDZE Nino")
    second = _pay(engine, finance, couple.id, 200, giorgi)
    assert (second.paid_to_id, second.paid_to) == (giorgi, "BERIDZE Giorgi")
    assert [row.paid_to_id for row in _stored(engine)] == [nino, giorgi]


def test_a_household_allowance_split_between_two_adults_keeps_the_figures_right(engine, finance, couple):
    nino, giorgi, _luka = _ids(couple)
    with unit_of_work(engine, write=False) as session:
        detail = allowances.get_allowance(session, finance, couple.id)
    assert detail.entitlement.amount == eur(1250)  # 2 adults × 500 + 1 child × 250
    assert [(r.person_id, r.principal) for r in detail.recipients] == [(nino, True), (giorgi, False),
                                                                          (_ids(couple)[2], False)]
    _pay(engine, finance, couple.id, 625, nino)
    _pay(engine, finance, couple.id, 625, giorgi)
    with unit_of_work(engine, write=False) as session:
        detail = allowances.get_allowance(session, finance, couple.id)
    assert (detail.position.paid, detail.position.remaining) == (eur(1250), eur(0))
    assert [(p.amount, p.paid_to) for p in detail.payments] == [(eur(625), "BERIDZE Nino"), (eur(625), "BERIDZE Giorgi")]
    with pytest.raises(ValidationError):  # nothing remains for a third payment, to anyone
        _pay(engine, finance, couple.id, 1, giorgi)
    assert len(_stored(engine)) == 2


def test_a_child_of_the_household_is_refused_and_nothing_is_written(engine, finance, couple):
    _nino, _giorgi, luka = _ids(couple)
    for pay in (lambda: _pay(engine, finance, couple.id, 100, luka),
                lambda: allowances.plan_payment(session, finance, couple.id, PaymentForm(
                    eur(100), PaymentMethod.TRANSFER, TODAY, paid_to_id=luka))):
        with pytest.raises(ValidationError) as refused, unit_of_work(engine) as session:
            pay()
        assert set(refused.value.errors) == {"paid_to"}
        assert refused.value.errors["paid_to"] == ("BERIDZE Luka is under 18 on the day of the payment: the allowance "
                                                   "is paid to an adult of the household, who signs the receipt.")
    assert _stored(engine) == []


def test_someone_outside_the_household_is_refused(engine, finance, couple, make_case):
    stranger = make_case(principal=make_person(given_names="Eka", document_number="13AB99999")).principal.id
    with pytest.raises(ValidationError) as refused:
        _pay(engine, finance, couple.id, 100, stranger)
    assert "Choose a person of this case's household" in refused.value.errors["paid_to"]
    with pytest.raises(ValidationError):
        _pay(engine, finance, couple.id, 100, 987654)  # no such person at all
    assert _stored(engine) == []


def test_an_erased_person_is_refused(engine, finance, couple):
    _nino, giorgi, _luka = _ids(couple)
    with unit_of_work(engine) as session:
        session.execute(update(Person).where(Person.id == giorgi).values(family_name=MARKER, given_names=MARKER))
    with pytest.raises(ValidationError) as refused:
        _pay(engine, finance, couple.id, 100, giorgi)
    assert refused.value.errors["paid_to"] == ("This person's record has been erased: choose another member of the "
                                               "household.")
    assert _stored(engine) == []


def test_the_recipient_is_checked_on_the_day_paid_and_may_change_when_paying(engine, finance, couple):
    nino, giorgi, luka = _ids(couple)
    with unit_of_work(engine) as session:
        planned = allowances.plan_payment(session, finance, couple.id, PaymentForm(eur(400), PaymentMethod.TRANSFER,
                                                                                   TODAY))
    with pytest.raises(ValidationError) as refused, unit_of_work(engine) as session:
        allowances.pay_payment(session, finance, planned.id, planned.version, paid_on=TODAY, paid_to_id=luka)
    assert set(refused.value.errors) == {"paid_to"}
    assert _stored(engine) == [(40000, "planned", nino, None)]  # still planned, still Nino's
    with unit_of_work(engine) as session:
        paid = allowances.pay_payment(session, finance, planned.id, planned.version, paid_on=TODAY,
                                      paid_to_id=giorgi)
    assert (paid.status, paid.paid_to) == (PaymentStatus.PAID, "BERIDZE Giorgi")


def test_a_reversal_keeps_the_recipient_of_the_payment_it_cancels(engine, finance, couple):
    _nino, giorgi, _luka = _ids(couple)
    paid = _pay(engine, finance, couple.id, 500, giorgi)
    with unit_of_work(engine) as session:
        reversal = allowances.reverse_payment(session, finance, paid.id, "Counted twice")
    assert (reversal.paid_to_id, reversal.paid_to) == (giorgi, "BERIDZE Giorgi")
    assert _stored(engine) == [(50000, "paid", giorgi, None), (50000, "paid", giorgi, paid.id)]


def test_an_unaccompanied_child_may_be_paid(engine, actor, finance, manager, project):
    child = make_person(given_names="Mari", date_of_birth=TODAY - dt.timedelta(days=16 * 365), document_number="13BB1")
    form = replace(make_case_form(principal=child),
                   consent=ConsentForm(TODAY, ConsentGiver.LEGAL_REPRESENTATIVE, LegalBasis.CONSENT),
                   vulnerabilities=(VulnerabilityForm(Vulnerability.UNACCOMPANIED_CHILD, "Found alone"),))
    with unit_of_work(engine, actor=actor) as session:
        case = cases.register_case(session, actor, form)
    assign(engine, manager, case.id, project.id)
    paid = _pay(engine, finance, case.id, 300)
    assert (paid.paid_to_id, paid.status) == (case.principal.id, PaymentStatus.PAID)


def test_a_member_who_was_paid_stays_in_the_household(engine, actor, finance, couple):
    _nino, giorgi, luka = _ids(couple)
    _pay(engine, finance, couple.id, 500, giorgi)
    with unit_of_work(engine, write=False) as session:
        version = case_file.get_case(session, actor, couple.id).version
    form = couple_form()
    without = replace(form, members=(replace(form.members[1], person_id=luka),))  # Giorgi left out
    with pytest.raises(ValidationError) as refused, unit_of_work(engine, actor=actor) as session:
        cases.update_case(session, actor, couple.id, version, without)
    assert refused.value.errors["members"].startswith("BERIDZE Giorgi is named as the recipient of an allowance payment")
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(CaseMember).where(CaseMember.case_id == couple.id)) == 3


def test_the_audit_trail_records_the_recipient_by_number_not_by_name(engine, finance, couple):
    _nino, giorgi, _luka = _ids(couple)
    _pay(engine, finance, couple.id, 500, giorgi)
    with unit_of_work(engine, write=False) as session:
        recorded = " ".join(session.scalars(select(AuditEntry.details)
                                            .where(AuditEntry.entity == "allowance_payments")))
    assert "paid_to_id" in recorded and str(giorgi) in recorded
    assert "Giorgi" not in recorded


def test_payments_of_a_store_from_before_name_the_principal_applicant(engine, finance, couple):
    """Downgraded to 0026 (no recipient) with payments, then upgraded: each names the principal, as the receipts did."""
    nino, giorgi, _luka = _ids(couple)
    paid = _pay(engine, finance, couple.id, 400, giorgi)
    with unit_of_work(engine) as session:
        allowances.reverse_payment(session, finance, paid.id, "Wrong person")
    _pay(engine, finance, couple.id, 300)
    config = alembic_config()
    with engine.connect() as connection:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # as store.schema migrates
        config.attributes["connection"] = connection
        command.downgrade(config, "0026")
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(allowance_payments)"))]
        assert "paid_to_id" not in columns and connection.execute(
            text("SELECT count(*) FROM allowance_payments")).scalar() == 3
        command.upgrade(config, "head")
        connection.commit()
    assert [row.paid_to_id for row in _stored(engine)] == [nino, nino, nino]
    with unit_of_work(engine, write=False) as session:
        assert [p.paid_to for p in allowances.get_allowance(session, finance, couple.id).payments] == ["BERIDZE Nino"] * 3


def test_the_full_export_says_who_was_paid_and_the_anonymised_files_do_not(engine, finance, couple, actor_as, tmp_path):
    """``tables/allowance_payments.csv`` and ``.json`` carry ``paid_to_id``, documented in ``schema.json`` as a
    reference to ``persons.id``, and the person it names is in ``tables/persons.csv``: the export alone says who took
    the money. The anonymised and processor files have no such column."""
    from avrcase.services.backup.export_all import export_all
    from avrcase.services.statistics.anonymised_export import HEADER, PROCESSOR_HEADER

    _nino, giorgi, _luka = _ids(couple)
    _pay(engine, finance, couple.id, 500, giorgi)
    out = tmp_path / "everything"
    with unit_of_work(engine) as session:
        export_all(session, actor_as(StaffRole.ADMINISTRATOR, "aiste"), out,
                   now=dt.datetime(2026, 12, 4, 15, tzinfo=dt.timezone.utc))
    schema = json.loads((out / "schema.json").read_text())
    payments = next(t for t in schema["tables"] if t["name"] == "allowance_payments")
    column = next(c for c in payments["columns"] if c["name"] == "paid_to_id")
    assert (column["references"], column["nullable"]) == ("persons.id", True)
    with (out / "tables" / "allowance_payments.csv").open(encoding="utf-8", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["paid_to_id"] == str(giorgi)
    assert json.loads((out / "tables" / "allowance_payments.json").read_text())[0]["paid_to_id"] == giorgi
    with (out / "tables" / "persons.csv").open(encoding="utf-8", newline="") as fh:
        person = next(p for p in csv.DictReader(fh) if p["id"] == row["paid_to_id"])
    assert (person["family_name"], person["given_names"]) == ("Beridze", "Giorgi")
    assert not any("paid" in name for name in (*HEADER, *PROCESSOR_HEADER))
