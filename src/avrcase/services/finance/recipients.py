"""Who an allowance payment is paid to: the household's members a payment may go to, their names as documents print
them, and the check of a chosen recipient on the day of payment (``domain.payment_recipients``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from avrcase.domain.codes import Vulnerability
from avrcase.domain.names import display_name
from avrcase.domain.payment_recipients import Recipient, check_recipient
from avrcase.services.finance.dto import RecipientRow
from avrcase.store.models import Case, CaseMember, CaseVulnerability, Person


def person_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    """Each person's name as documents print it ("BERIDZE Nino"), by id."""
    wanted = sorted(i for i in ids if i is not None)
    if not wanted:
        return {}
    return {pid: display_name(family, given, citizenship) for pid, family, given, citizenship in session.execute(
        select(Person.id, Person.family_name, Person.given_names, Person.citizenship).where(Person.id.in_(wanted)))}


def recipients_of(session: Session, case_id: int) -> tuple[RecipientRow, ...]:
    """The household's members a payment may be paid to, the principal applicant first."""
    rows = session.execute(
        select(Person.id, Person.family_name, Person.given_names, Person.citizenship, Person.date_of_birth,
               CaseMember.position)
        .join(CaseMember, CaseMember.person_id == Person.id).where(CaseMember.case_id == case_id)
        .order_by(CaseMember.position, Person.id)).all()
    return tuple(RecipientRow(pid, display_name(family, given, citizenship), position == 0, born)
                 for pid, family, given, citizenship, born, position in rows)


def paid_to_checked(session: Session, case_id: int, person_id: int | None, on: dt.date) -> int:
    """The person paid (None: the case's principal applicant), checked on day ``on``; their id."""
    from avrcase.services.data_protection.retention import MARKER  # only here: retention is a large module

    if person_id is None:
        person_id = session.scalar(select(Case.principal_id).where(Case.id == case_id))
    row = session.execute(
        select(Person.family_name, Person.given_names, Person.citizenship, Person.date_of_birth, CaseMember.id)
        .outerjoin(CaseMember, (CaseMember.person_id == Person.id) & (CaseMember.case_id == case_id))
        .where(Person.id == person_id)).first() if person_id is not None else None
    recipient = None
    if row is not None:
        family, given, citizenship, born, member_id = row
        recipient = Recipient(display_name(family, given, citizenship), born, member_id is not None,
                              erased=MARKER in (family, given))
    unaccompanied = bool(session.scalar(select(func.count()).select_from(CaseVulnerability).where(
        CaseVulnerability.case_id == case_id, CaseVulnerability.code == Vulnerability.UNACCOMPANIED_CHILD.value)))
    check_recipient(recipient, on, unaccompanied_child=unaccompanied)
    assert person_id is not None  # check_recipient refused a missing person
    return person_id
