"""Controlled vocabularies: legal status, referral, vulnerabilities, stages of life of a record.

Each vocabulary is a ``StrEnum`` whose value is what the store and CSV keep (a contract) and whose
``label`` is translated at use.
"""

from __future__ import annotations

from enum import StrEnum

from avrcase.i18n import N_, _


class Vocabulary(StrEnum):
    """A StrEnum with a translatable label per member."""

    @property
    def label(self) -> str:
        return _(self._labels()[self.value])

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, translated label) for pickers, in declaration order."""
        return [(m.value, m.label) for m in cls]


class CaseKind(Vocabulary):
    INDIVIDUAL = "individual"
    HOUSEHOLD = "household"

    @classmethod
    def _labels(cls):
        return {"individual": N_("Individual"), "household": N_("Household")}


class Sex(Vocabulary):
    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"

    @classmethod
    def _labels(cls):
        return {"F": N_("Female"), "M": N_("Male"), "U": N_("Unknown / other")}


class LegalStatus(Vocabulary):
    REJECTED_ASYLUM_SEEKER = "rejected_asylum_seeker"
    ASYLUM_SEEKER_WITHDRAWING = "asylum_seeker_withdrawing"
    IRREGULAR_MIGRANT = "irregular_migrant"
    PROTECTION_STATUS = "protection_status"
    VICTIM_OF_TRAFFICKING = "victim_of_trafficking"
    STRANDED_MIGRANT = "stranded_migrant"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            "rejected_asylum_seeker": N_("Rejected asylum seeker"),
            "asylum_seeker_withdrawing": N_("Asylum seeker withdrawing the application"),
            "irregular_migrant": N_("Irregular migrant"),
            "protection_status": N_("Person with protection status"),
            "victim_of_trafficking": N_("Victim of trafficking"),
            "stranded_migrant": N_("Stranded migrant"),
            "other": N_("Other"),
        }


class ReferralSource(Vocabulary):
    MIGRATION_DEPARTMENT = "migration_department"
    BORDER_GUARD = "border_guard"
    RECEPTION_CENTRE = "reception_centre"
    NGO = "ngo"
    SELF_REFERRAL = "self_referral"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            "migration_department": N_("Migration Department"),
            "border_guard": N_("State Border Guard Service"),
            "reception_centre": N_("Reception centre"),
            "ngo": N_("NGO"),
            "self_referral": N_("Self-referral"),
            "other": N_("Other"),
        }


class Vulnerability(Vocabulary):
    UNACCOMPANIED_CHILD = "unaccompanied_child"
    VICTIM_OF_TRAFFICKING = "victim_of_trafficking"
    MEDICAL_CONDITION = "medical_condition"
    DISABILITY = "disability"
    ELDERLY = "elderly"
    PREGNANT = "pregnant"
    SINGLE_PARENT_OR_LARGE_FAMILY = "single_parent_large_family"
    TORTURE_OR_VIOLENCE_SURVIVOR = "torture_violence_survivor"

    @classmethod
    def _labels(cls):
        return {
            "unaccompanied_child": N_("Unaccompanied or separated child"),
            "victim_of_trafficking": N_("Victim of trafficking"),
            "medical_condition": N_("Serious medical condition"),
            "disability": N_("Disability"),
            "elderly": N_("Elderly person"),
            "pregnant": N_("Pregnant woman"),
            "single_parent_large_family": N_("Single parent or large family"),
            "torture_violence_survivor": N_("Survivor of torture or violence"),
        }


class Relationship(Vocabulary):
    PRINCIPAL = "principal"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    GRANDPARENT = "grandparent"
    OTHER_RELATIVE = "other_relative"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            "principal": N_("Principal applicant"),
            "spouse": N_("Spouse or partner"),
            "child": N_("Child"),
            "parent": N_("Parent"),
            "sibling": N_("Brother or sister"),
            "grandchild": N_("Grandchild"),
            "grandparent": N_("Grandparent"),
            "other_relative": N_("Other relative"),
            "other": N_("Other"),
        }


class IdDocumentType(Vocabulary):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    TRAVEL_CERTIFICATE = "travel_certificate"
    RESIDENCE_PERMIT = "residence_permit"
    ASYLUM_SEEKER_CARD = "asylum_seeker_card"
    BIRTH_CERTIFICATE = "birth_certificate"
    NONE = "none"

    @classmethod
    def _labels(cls):
        return {
            "passport": N_("Passport"),
            "national_id": N_("National identity card"),
            "travel_certificate": N_("Emergency travel certificate / laissez-passer"),
            "residence_permit": N_("Residence permit"),
            "asylum_seeker_card": N_("Asylum seeker registration card"),
            "birth_certificate": N_("Birth certificate"),
            "none": N_("No document"),
        }


class ConsultationMode(Vocabulary):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"

    @classmethod
    def _labels(cls):
        return {"in_person": N_("In person"), "phone": N_("Phone"), "video": N_("Video call")}


class ConsultationTopic(Vocabulary):
    AVR_INFORMATION = "avr_information"
    ELIGIBILITY = "eligibility"
    DOCUMENTS = "documents"
    TRAVEL = "travel"
    REINTEGRATION = "reintegration"
    HEALTH = "health"
    FAMILY = "family"

    @classmethod
    def _labels(cls):
        return {
            "avr_information": N_("Information on assisted voluntary return"),
            "eligibility": N_("Eligibility"),
            "documents": N_("Travel and identity documents"),
            "travel": N_("Travel arrangements"),
            "reintegration": N_("Reintegration options"),
            "health": N_("Health"),
            "family": N_("Family"),
        }


class ConsultationOutcome(Vocabulary):
    INFORMED = "informed"
    CONSIDERING = "considering"
    WANTS_TO_APPLY = "wants_to_apply"
    APPLIED = "applied"
    DECLINED = "declined"
    FOLLOW_UP_NEEDED = "follow_up_needed"

    @classmethod
    def _labels(cls):
        return {
            "informed": N_("Informed, no decision yet"),
            "considering": N_("Considering return"),
            "wants_to_apply": N_("Wants to apply"),
            "applied": N_("Application signed"),
            "declined": N_("Declined assisted return"),
            "follow_up_needed": N_("Follow-up needed"),
        }


class ClosureReason(Vocabulary):
    RETURNED_AND_REINTEGRATED = "returned_reintegrated"
    WITHDREW = "withdrew"
    ABSCONDED = "absconded_lost_contact"
    INELIGIBLE = "ineligible"
    TRANSFERRED = "transferred"
    DUPLICATE = "duplicate"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            "returned_reintegrated": N_("Returned and reintegrated"),
            "withdrew": N_("Withdrew"),
            "absconded_lost_contact": N_("Absconded or lost contact"),
            "ineligible": N_("Ineligible"),
            "transferred": N_("Transferred"),
            "duplicate": N_("Duplicate"),
            "other": N_("Other"),
        }


class LegalBasis(Vocabulary):
    CONSENT = "consent"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_INTEREST = "public_interest"
    LEGAL_OBLIGATION = "legal_obligation"

    @classmethod
    def _labels(cls):
        return {
            "consent": N_("Consent of the person (GDPR Art. 6(1)(a), 9(2)(a))"),
            "vital_interests": N_("Vital interests (GDPR Art. 6(1)(d))"),
            "public_interest": N_("Task in the public interest (GDPR Art. 6(1)(e))"),
            "legal_obligation": N_("Legal obligation (GDPR Art. 6(1)(c))"),
        }


class ConsentGiver(Vocabulary):
    SELF = "self"
    PARENT_OR_GUARDIAN = "parent_guardian"
    LEGAL_REPRESENTATIVE = "legal_representative"

    @classmethod
    def _labels(cls):
        return {
            "self": N_("The person concerned"),
            "parent_guardian": N_("Parent or guardian"),
            "legal_representative": N_("Legal representative"),
        }


class SharingParty(Vocabulary):
    MIGRATION_DEPARTMENT = "migration_department"
    BORDER_GUARD = "border_guard"
    IOM_DESTINATION = "iom_destination"
    IOM_TRANSIT = "iom_transit"
    EMBASSY = "embassy"
    CARRIERS = "carriers"
    REINTEGRATION_PARTNER = "reintegration_partner"
    DONOR = "donor"

    @classmethod
    def _labels(cls):
        return {
            "migration_department": N_("Migration Department"),
            "border_guard": N_("State Border Guard Service"),
            "iom_destination": N_("Partner office in the country of return"),
            "iom_transit": N_("Partner offices in transit countries"),
            "embassy": N_("Embassy or consulate of the country of return"),
            "carriers": N_("Airlines and other carriers"),
            "reintegration_partner": N_("Reintegration partners"),
            "donor": N_("Donor (anonymised reporting)"),
        }


class StaffRole(Vocabulary):
    COUNSELLOR = "counsellor"
    TRAVEL_OFFICER = "travel_officer"
    FINANCE_OFFICER = "finance_officer"
    REINTEGRATION_OFFICER = "reintegration_officer"
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"

    @classmethod
    def _labels(cls):
        return {
            "counsellor": N_("Counsellor"),
            "travel_officer": N_("Travel officer"),
            "finance_officer": N_("Finance officer"),
            "reintegration_officer": N_("Reintegration officer"),
            "manager": N_("Manager"),
            "administrator": N_("Administrator"),
        }


class SystemRole(Vocabulary):
    """Who acts when no person does: avrcase itself, before anyone has signed in (never a staff account)."""

    SYSTEM = "system"

    @classmethod
    def _labels(cls):
        return {"system": N_("System (before sign-in)")}


class ApprovalStatus(Vocabulary):
    NOT_REQUESTED = "not_requested"
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"

    @classmethod
    def _labels(cls):
        return {
            "not_requested": N_("Not requested yet"),
            "requested": N_("Requested, awaiting answer"),
            "approved": N_("Approved"),
            "refused": N_("Refused"),
        }


#: Pseudo-country for stateless persons or an unknown citizenship (as in Eurostat's STLS/UNK).
STATELESS = "XX"
