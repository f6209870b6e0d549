"""Validation of what counsellors type: every problem reported, in their words."""

import datetime as dt
from dataclasses import replace

import pytest

from avrcase.domain.codes import (
    CaseKind,
    ConsentGiver,
    ConsultationMode,
    IdDocumentType,
    LegalBasis,
    Relationship,
    Vulnerability,
)
from avrcase.domain.errors import ValidationError
from avrcase.domain.forms import ConsentForm, ConsultationForm, FollowUpForm, MemberForm, VulnerabilityForm
from avrcase.domain.validation import age_on, validate_case, validate_consultation
from tests.conftest import make_case_form, make_person

TODAY = dt.date(2026, 11, 23)


def errors_of(form, today=TODAY):
    with pytest.raises(ValidationError) as err:
        validate_case(form, today)
    return err.value.errors


def test_valid_case_passes():
    validate_case(make_case_form(members=2), TODAY)


def test_all_problems_are_reported_at_once_with_field_paths():
    form = make_case_form(
        principal=make_person(family_name="", given_names="", date_of_birth=dt.date(2030, 1, 1), citizenship="QQ",
                              document_number=""),
        country_of_return="",
    )
    errors = errors_of(form)
    assert set(errors) >= {"principal.family_name", "principal.date_of_birth", "principal.citizenship",
                           "principal.document_number", "country_of_return"}
    assert "in the future" in errors["principal.date_of_birth"]
    assert "not a country code" in errors["principal.citizenship"]


def test_household_rules():
    assert "members" in errors_of(make_case_form(kind=CaseKind.HOUSEHOLD))
    member = MemberForm(make_person(given_names="Ana", date_of_birth=dt.date(2032, 1, 1)), Relationship.PRINCIPAL)
    errors = errors_of(replace(make_case_form(kind=CaseKind.HOUSEHOLD), members=(member,)))
    assert "members.0.relationship" in errors and "members.0.date_of_birth" in errors
    assert "members" in errors_of(replace(make_case_form(), members=(member,)))


def test_unaccompanied_child_must_be_a_child_and_child_consent_comes_from_a_guardian():
    adult = errors_of(make_case_form(vulnerabilities=(VulnerabilityForm(Vulnerability.UNACCOMPANIED_CHILD),)))
    assert "under 18" in adult["vulnerabilities"]
    child = make_person(date_of_birth=dt.date(2012, 1, 1))
    consent = ConsentForm(TODAY, ConsentGiver.SELF, LegalBasis.CONSENT)
    form = make_case_form(principal=child, vulnerabilities=(VulnerabilityForm(Vulnerability.UNACCOMPANIED_CHILD),))
    errors = errors_of(replace(form, consent=consent))
    assert set(errors) == {"consent.given_by"}
    guardian = ConsentForm(TODAY, ConsentGiver.PARENT_OR_GUARDIAN, LegalBasis.CONSENT)
    validate_case(replace(form, consent=guardian), TODAY)


def test_return_decision_needs_number_and_date_together_and_not_in_future():
    assert "return_decision_number" in errors_of(make_case_form(return_decision_date=dt.date(2026, 1, 1)))
    assert "return_decision_date" in errors_of(make_case_form(return_decision_number="12/3"))
    errors = errors_of(make_case_form(return_decision_number="1", return_decision_date=dt.date(2027, 1, 1)))
    assert "future" in errors["return_decision_date"]


def test_an_answer_date_needs_an_answer():
    """"Not requested yet — Nov 1, 2026" was saved: an answer dated before it was even asked for."""
    from avrcase.domain.codes import ApprovalStatus

    for status in (ApprovalStatus.NOT_REQUESTED, ApprovalStatus.REQUESTED):
        errors = errors_of(make_case_form(approval_status=status, approval_date=dt.date(2026, 11, 1)))
        assert errors == {"approval_date": "There is no answer yet: leave the answer's date empty, or choose "
                                           "“Approved” or “Refused”."}
    validate_case(make_case_form(approval_status=ApprovalStatus.APPROVED, approval_date=dt.date(2026, 11, 1)), TODAY)
    validate_case(make_case_form(approval_status=ApprovalStatus.REQUESTED), TODAY)


def test_document_number_without_type_and_bad_phone():
    errors = errors_of(make_case_form(principal=make_person(document_type=IdDocumentType.NONE, phone="call me")))
    assert set(errors) == {"principal.document_type", "principal.phone"}


def test_stateless_is_a_valid_citizenship():
    validate_case(make_case_form(principal=make_person(citizenship="XX")), TODAY)


def test_age_on_birthday_boundaries():
    assert age_on(dt.date(2008, 11, 23), TODAY) == 18
    assert age_on(dt.date(2008, 11, 24), TODAY) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17


NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def test_consultation_rules():
    ok = ConsultationForm(NOW - dt.timedelta(hours=2), ConsultationMode.PHONE, notes="called")
    validate_consultation(ok, NOW, dt.date(2026, 1, 1))
    cases = {
        "held_at": ConsultationForm(NOW + dt.timedelta(days=1), ConsultationMode.PHONE, notes="x"),
        "topics": ConsultationForm(NOW, ConsultationMode.PHONE),
        "interpreter_language": ConsultationForm(NOW, ConsultationMode.PHONE, notes="x", interpreter_name="A. B."),
        "follow_ups.0.due_on": ConsultationForm(NOW, ConsultationMode.PHONE, notes="x",
                                                follow_ups=(FollowUpForm("call", dt.date(2026, 1, 1)),)),
    }
    for field, form in cases.items():
        with pytest.raises(ValidationError) as err:
            validate_consultation(form, NOW, dt.date(2026, 1, 1))
        assert field in err.value.errors, field
    with pytest.raises(ValidationError, match="before the case was registered"):
        validate_consultation(ok, NOW, dt.date(2026, 11, 24))


@pytest.mark.parametrize("born", [dt.date(2026, 6, 1), dt.date(2021, 3, 1), dt.date(2009, 1, 1)])
def test_a_child_principal_applicant_is_questioned_unless_unaccompanied_or_separated(born):
    """A baby or a child was accepted as the principal applicant with nothing said: a child returning with a parent
    is a member of the parent's case; a child is the principal applicant only when unaccompanied or separated."""
    guardian = ConsentForm(TODAY, ConsentGiver.LEGAL_REPRESENTATIVE, LegalBasis.CONSENT)
    form = replace(make_case_form(principal=make_person(date_of_birth=born)), consent=guardian)
    errors = errors_of(form)
    assert set(errors) == {"vulnerabilities"}
    assert errors["vulnerabilities"].startswith("The principal applicant is under 18: tick “Unaccompanied or "
                                                "separated child”")
    validate_case(replace(form, vulnerabilities=(VulnerabilityForm(Vulnerability.UNACCOMPANIED_CHILD),)), TODAY)


def test_a_principal_applicant_of_18_needs_no_marker_and_age_counts_on_the_registration_day():
    eighteen = make_person(date_of_birth=dt.date(TODAY.year - 18, TODAY.month, TODAY.day))
    validate_case(replace(make_case_form(principal=eighteen), consent=ConsentForm(TODAY, ConsentGiver.SELF,
                                                                                   LegalBasis.CONSENT)), TODAY)
    # Registered a day before the 18th birthday: a child then, so the case still needs the marker when edited later.
    form = replace(make_case_form(principal=eighteen, registered_on=TODAY - dt.timedelta(days=1)),
                   consent=ConsentForm(TODAY - dt.timedelta(days=1), ConsentGiver.LEGAL_REPRESENTATIVE,
                                       LegalBasis.CONSENT))
    assert set(errors_of(form)) == {"vulnerabilities"}
