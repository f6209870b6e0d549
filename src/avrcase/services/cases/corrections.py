"""Small corrections to a registered case, one field each, for the command line: the optional sharing
choice as the applicant ticked it on the signed declaration, and a household member's patronymic.

The case dialog edits the same fields; these save one field without a whole case form. The audit trail
records both (``services.audit`` reads the attribute history), and the case's version moves on, so a
dialog opened before one of them refuses its stale save.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from avrcase.domain.errors import NotFoundError, ValidationError
from avrcase.domain.names import composed_name
from avrcase.domain.validation import name_problem
from avrcase.i18n import _, ngettext
from avrcase.services.clock import clock_of
from avrcase.services.cases.case_file import case_detail
from avrcase.services.dto import Actor, CaseDetail
from avrcase.services.permissions import Permission, require
from avrcase.store.models import Case


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(_("The case no longer exists."))
    return case


def record_sharing_choice(session: Session, actor: Actor | None, case_id: int, sharing: bool | None) -> CaseDetail:
    """Record the optional sharing choice (True yes, False no, None not asked); consent must be recorded first."""
    require(actor, Permission.CASE_EDIT)
    case = _case(session, case_id)
    if case.consent_given_on is None:
        raise ValidationError({"consent.sharing": _(
            "Case %(number)s has no consent recorded yet; record the consent (when and by whom it was given) "
            "first.") % {"number": case.case_number}})
    case.consent_sharing = sharing
    session.flush()
    return case_detail(session, actor, case.id)


def set_patronymic(session: Session, actor: Actor | None, case_id: int, member: int, patronymic: str) -> CaseDetail:
    """Set (or, with ``""``, clear) the patronymic of household member ``member`` (1 = the principal applicant)."""
    require(actor, Permission.CASE_EDIT)
    case = _case(session, case_id)
    members = sorted(case.members, key=lambda m: m.position)
    if not 1 <= member <= len(members):
        raise ValidationError({"member": ngettext(
            "Case %(number)s has %(n)d person; give a member number from 1 to %(n)d.",
            "Case %(number)s has %(n)d people; give a member number from 1 to %(n)d.",
            len(members)) % {"number": case.case_number, "n": len(members)}})
    value = composed_name(patronymic)
    problem = name_problem(value)
    if problem:
        raise ValidationError({"patronymic": problem})
    members[member - 1].person.patronymic = value
    case.updated_at = clock_of(session).now()
    flag_modified(case, "updated_at")  # the person changed: the case's version moves on with it
    session.flush()
    return case_detail(session, actor, case.id)
