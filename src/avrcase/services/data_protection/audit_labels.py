"""What an audit entry's action and record are called on screen: "Case opened", "Case VNO-2026-00012",
"Payment", never the raw ``case_opened`` or ``allowance_payments #41``."""

from __future__ import annotations

from avrcase.domain import codes
from avrcase.domain.allowances import PaymentMethod, PaymentStatus
from avrcase.domain.finance_codes import ContactMethod, LineKind, NeedLevel, SurveyKind
from avrcase.domain.reintegration import ItemCategory, ItemStatus, Modality
from avrcase.domain.stages import Stage
from avrcase.i18n import N_, _

ACTION_LABELS = {
    "create": N_("Added"), "update": N_("Changed"), "delete": N_("Removed"), "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Sign-in refused"), "sign_out": N_("Signed out"), "unlock": N_("Unlocked"),
    "case_opened": N_("Case file opened"), "document_issued": N_("Document issued"),
    "document_opened": N_("Document opened"), "export": N_("Exported"), "demo_generated": N_("Demo data loaded"),
    "anonymised": N_("Anonymised"), "redaction": N_("Entries redacted"), "backup": N_("Backed up"),
    "restore": N_("Restored from a backup"), "import": N_("Imported"), "store_upgraded": N_("Store upgraded"),
}

RECORD_LABELS = {
    "allowance_payments": N_("Payment"), "attachment_list": N_("Attachment list"), "follow_up_list": N_("Follow-up list"), "attachments": N_("Attachment"),
    "audit_entries": N_("Audit trail"), "budget_lines": N_("Budget line"), "case_list": N_("Case list"), "case_members": N_("Household member"), "case_sequences": N_("Case numbering"),
    "case_vulnerabilities": N_("Vulnerability"), "cases": N_("Case"), "consultations": N_("Consultation"), "departures": N_("Departures"),
    "entitlement_overrides": N_("Entitlement override"), "follow_ups": N_("Follow-up action"),
    "import_mappings": N_("Import mapping"), "import_sources": N_("Imported file"),
    "issued_documents": N_("Issued document"), "itineraries": N_("Itinerary"),
    "itinerary_assistance": N_("Travel assistance"), "itinerary_segments": N_("Itinerary segment"),
    "itinerary_tickets": N_("Ticket"), "itinerary_travellers": N_("Traveller"),
    "monitoring_contacts": N_("Monitoring contact"), "needs_assessments": N_("Needs assessment"),
    "office_profile": N_("Office profile"), "person_name_keys": N_("Name search keys"), "persons": N_("Person"),
    "plan_items": N_("Plan item"), "plan_revisions": N_("Plan revision"), "project_cases": N_("Project assignment"),
    "projects": N_("Project"), "reintegration_plans": N_("Reintegration plan"), "stage_changes": N_("Stage change"),
    "statistics_releases": N_("Statistics release"), "store_info": N_("Store settings"), "store": N_("Store"),
    "survey_answers": N_("Survey answer"), "sustainability_surveys": N_("Sustainability survey"),
    "travel_documents": N_("Travel document"), "users": N_("User account"), "visas": N_("Visa"),
    "anonymised_export": N_("Anonymised export"), "first_administrator": N_("First administrator"),
    "manifest": N_("Backup manifest"), "recovery_key": N_("Recovery key"), "recovery_sheet": N_("Recovery sheet"),
    "statistics_table": N_("Statistics table"), "subject_access": N_("Subject access report"),
    "work_list": N_("Work list"),
}

#: What a recorded field is called on screen ("Must change the password", not ``must_change_password``): the
#: columns of the stored records, by name; a form's own label where one says it (its colon is dropped).
FIELD_LABELS = {
    "action": N_("Action"), "active": N_("Active"), "actual_minor": N_("Actual cost:"), "added_at": N_("Added at"),
    "added_by_id": N_("Added by"), "address": N_("Address"), "amount_minor": N_("Amount"), "answer": N_("Answer"),
    "approval_date": N_("Approval date"), "approval_reference": N_("Approval reference"),
    "approval_status": N_("Approval status"), "approved": N_("Approved"), "approved_by_id": N_("Approved by"),
    "approved_on": N_("Approved on"), "arrival_at": N_("Arrival"), "assessed_by_id": N_("Assessed by"),
    "assessed_on": N_("Assessed on:"), "assigned_at": N_("Assigned at"), "assigned_by_id": N_("Assigned by"),
    "assigned_to_id": N_("Assigned to"), "backup_folder": N_("Backup folder"),
    "backup_keep_daily": N_("Daily backups kept"), "backup_keep_monthly": N_("Monthly backups kept"),
    "backup_keep_weekly": N_("Weekly backups kept"), "backup_max_age_days": N_("Oldest backup kept (days)"),
    "booking_reference": N_("Booking reference:"), "budget_line_id": N_("Budget line"), "carrier": N_("Carrier:"),
    "case_id": N_("Case"), "case_number": N_("Case number"), "categories": N_("Categories"),
    "category": N_("Category"), "changed_at": N_("Changed at"), "changed_by_id": N_("Changed by"),
    "citizenship": N_("Citizenship"), "city": N_("City:"), "closure_reason": N_("Closure reason"), "code": N_("Code"),
    "composite": N_("Composite"), "conducted_by": N_("Conducted by"), "confirmed_at": N_("Confirmed at"),
    "confirmed_on": N_("Confirmed on:"), "consent_given_by": N_("Consent given by"),
    "consent_given_on": N_("Consent given on"), "consent_legal_basis": N_("Legal basis of the consent"),
    "consent_shared_with": N_("Consent to share with"), "consent_sharing": N_("Consent to share"),
    "consultation_id": N_("Consultation"), "contacted_on": N_("Contacted on"), "content": N_("Content"),
    "controller_name": N_("Data controller:"), "counsellor_id": N_("Counsellor"), "country": N_("Country:"),
    "country_of_birth": N_("Country of birth"), "country_of_return": N_("Country of return"),
    "created_at": N_("Created at"), "created_by_id": N_("Created by"), "currency": N_("Currency"),
    "data_recipients": N_("Data recipients"), "date_from": N_("Period from"), "date_of_birth": N_("Date of birth"),
    "date_to": N_("Period to"), "decided_at": N_("Decided at"), "decided_by_id": N_("Decided by"),
    "definition_name": N_("Survey definition"), "delivered_on": N_("Delivered on"), "demo": N_("Demo store"),
    "departed_on": N_("Departed on"), "departure_at": N_("Departure"), "departure_date": N_("Departure date"),
    "description": N_("Description"), "destination": N_("Destination"), "destination_tz": N_("Destination time zone"),
    "details": N_("Details"), "digests_recorded": N_("Password digests recorded"), "dimensions": N_("Dimensions"), "display_name": N_("Display name"),
    "dob_estimated": N_("Date of birth estimated"), "doc_type": N_("Document type"),
    "document_expiry": N_("Document expiry"), "document_issuing_country": N_("Document issuing country"),
    "document_number": N_("Document number"), "document_type": N_("Document type"), "done_by_id": N_("Done by"),
    "done_on": N_("Done on"), "dpo_address": N_("DPO address"), "dpo_email": N_("DPO email"),
    "drafted_by_id": N_("Drafted by"), "drafted_on": N_("Drafted on"), "due_on": N_("Due on"),
    "economic": N_("Economic"), "economic_need": N_("Economic need"), "economic_notes": N_("Economic notes"),
    "email": N_("Email"), "emergency_phone": N_("Emergency phone"), "ends_on": N_("Ends on"),
    "escort_name": N_("Escort:"), "estimated_minor": N_("Estimated cost:"),
    "excess_baggage_cost": N_("Excess baggage cost"), "excess_baggage_currency": N_("Excess baggage currency"),
    "excess_baggage_kg": N_("Excess baggage (kg)"), "expires_on": N_("Expires on"),
    "failed_attempts": N_("Failed sign-in attempts"), "failures": N_("Failed sign-in attempts"),
    "family_name": N_("Family name"),
    "family_name_original": N_("Family name in the original script"), "fare": N_("Fare"),
    "fare_currency": N_("Fare currency"), "file_sha256": N_("File checksum"), "filename": N_("File name"),
    "figures": N_("Figures shown"),
    "final_destination": N_("Final destination"), "findings": N_("Findings"),
    "fit_to_travel_on": N_("Fit to travel on"), "footer_note": N_("Footer note"), "format": N_("Format"), "from_schema": N_("From schema"),
    "from_stage": N_("From stage"),
    "funder": N_("Funder"), "given_names": N_("Given names"),
    "given_names_original": N_("Given names in the original script"), "handed_over_on": N_("Handed over on"),
    "held_at": N_("Held at"), "hidden": N_("Hidden"), "id": N_("Record number"), "household_cap_minor": N_("Cap per household"),
    "household_size": N_("Household size"), "imported_at": N_("Imported at"), "indicator": N_("Indicator"),
    "inland_cost": N_("Inland travel cost"), "inland_currency": N_("Inland travel currency"),
    "inland_destination": N_("Inland destination"), "inland_mode": N_("Inland travel mode"),
    "inland_provider": N_("Inland travel provider"), "interpreter_language": N_("Interpreter's language"),
    "interpreter_name": N_("Interpreter"), "issued_at": N_("Issued at"), "issued_by_id": N_("Issued by"),
    "journey_changed_at": N_("Journey changed at"),
    "issued_on": N_("Issued on:"), "issuing_authority": N_("Issuing authority"), "itinerary_id": N_("Itinerary"),
    "kind": N_("Kind"), "language": N_("Language"), "languages": N_("Languages"),
    "last_failed_at": N_("Last failed sign-in"), "last_sign_in_at": N_("Last sign-in"),
    "last_value": N_("Last number"), "limit": N_("At most (0: all)"), "legal_status": N_("Legal status"), "location": N_("Location"),
    "locked_until": N_("Locked until"), "logo_png": N_("Logo:"), "mapping": N_("Mapping"), "measure": N_("Measure"),
    "media_type": N_("File type"), "medical": N_("Medical needs:"), "method": N_("Method"),
    "min_cell": N_("Smallest cell shown"), "modality": N_("In kind or cash"), "mode": N_("Mode"),
    "must_change_password": N_("Must change the password"), "name": N_("Name"), "note": N_("Note"),
    "notes": N_("Notes"), "notified_on": N_("Notified on"), "number": N_("Number"), "office": N_("Office:"),
    "office_code": N_("Office code:"), "office_language": N_("Office language:"), "office_name": N_("Office name"),
    "organisation": N_("Organisation"), "origin": N_("Origin"), "origin_tz": N_("Origin time zone"),
    "outcome": N_("Outcome"), "pages": N_("Pages"), "paid_by_id": N_("Paid by"), "paid_on": N_("Paid on"), "paid_to_id": N_("Paid to"),
    "participants": N_("Participants"), "password_changed_at": N_("Password changed at"),
    "patronymic": N_("Patronymic"), "per_adult_minor": N_("Per adult"), "per_child_minor": N_("Per child"),
    "per_vulnerable_minor": N_("Per vulnerable person"), "person_id": N_("Person"), "phone": N_("Phone"),
    "place": N_("Place"), "plan_id": N_("Plan"), "planned_on": N_("Planned on"), "plans": N_("Plans"),
    "position": N_("Position"), "principal_id": N_("Principal applicant"), "project": N_("Project"),
    "project_id": N_("Project"), "proof_attachment_id": N_("Proof (attachment)"), "proof_note": N_("Proof note"),
    "provider": N_("Provider"), "psychosocial": N_("Psychosocial"), "psychosocial_need": N_("Psychosocial need"),
    "psychosocial_notes": N_("Psychosocial notes"), "reason": N_("Reason"), "receipt_signed": N_("Receipt signed"),
    "received_on": N_("Received on"), "recorded_at": N_("Recorded at"), "recorded_by_id": N_("Recorded by"),
    "referral_needs": N_("Refer to"), "referral_notes": N_("Referral notes:"),
    "referral_source": N_("Referral source"), "registered_on": N_("Registered on"),
    "reintegration_per_household_minor": N_("Reintegration cap per household"),
    "reintegration_per_person_minor": N_("Reintegration cap per person"),
    "relationship_to_principal": N_("Relationship to the principal applicant"), "release": N_("Release"),
    "released_at": N_("Released at"), "released_by": N_("Released by"), "requested_at": N_("Requested at"),
    "requested_by_id": N_("Requested by"), "requested_on": N_("Requested on:"),
    "retention_years": N_("Retention (years)"), "return_decision_date": N_("Return decision date"),
    "return_decision_number": N_("Return decision number"), "reverses_id": N_("Reverses payment"),
    "reviewed_by": N_("Reviewed by:"), "reviewed_on": N_("Reviewed on:"), "reviewed_sha256": N_("Reviewed version"),
    "revision_id": N_("Revision"), "role": N_("Role"), "round5": N_("Rounded to 5"), "rows": N_("Rows"), "saved_at": N_("Saved at"),
    "searched": N_("Searched for words"), "seed": N_("Seed"), "segment_id": N_("Segment"), "sensitive": N_("Sensitive"),
    "service_number": N_("Flight or service number"), "sex": N_("Sex"), "sha256": N_("Checksum"),
    "sharing_recipients": N_("Sharing recipients"), "size": N_("Size"), "skills": N_("Skills"),
    "social": N_("Social"), "social_need": N_("Social need"), "social_notes": N_("Social notes"),
    "split_reason": N_("Reason for the split"), "stage": N_("Stage"), "stage_changed_at": N_("Stage changed at"),
    "starts_on": N_("Starts on"), "status": N_("Status"), "supervisory_authority": N_("Supervisory authority"),
    "survey_id": N_("Survey"), "surveyed_on": N_("Surveyed on"), "time_zone": N_("Time zone:"), "title": N_("Title"),
    "to_schema": N_("To schema"), "to_stage": N_("To stage"), "topics": N_("Topics"), "updated_at": N_("Updated at"),
    "updated_by_id": N_("Updated by"), "username": N_("User name"), "valid_from": N_("Valid from:"),
    "valid_until": N_("Valid until"), "verified_on": N_("Verified on"), "version": N_("Version"),
    "vulnerabilities_to_review": N_("Vulnerabilities to review"), "website": N_("Website:"),
    "wheelchair": N_("Wheelchair:"), "year": N_("Year"), "zones_entered": N_("Zones entered"),
    # What the trail records of backups, restores, keys and exports (session 28: the audit window showed these keys
    # as stored, and a store update's backup record as a Python dict).
    "accepted": N_("Accepted"), "audit_trail_broken": N_("Audit trail broken"), "backup": N_("Backup copy"),
    "cases": N_("Cases"), "closed_on": N_("Closed on"), "day": N_("Day"), "file": N_("File"), "flight": N_("Flight"),
    "from_another_store": N_("From another store"), "k": N_("Smallest group (k)"), "key_id": N_("Key"),
    "made_at": N_("Made at"), "reissued": N_("Reissued"), "safety_copy": N_("Safety copy of the replaced store"),
    "schema_revision": N_("Schema"), "seal_with": N_("Sealed with key"), "sections": N_("Sections"),
    "source_key": N_("Key in the imported file"), "store_trail_checked": N_("Checked against the store's own trail"),
    "tables": N_("Tables"), "trail_not_noted_here": N_("Trail not noted on this computer"),
    "travellers": N_("Travellers"), "years": N_("Years"),
}


#: Why a sign-in was refused, as the trail records it (in English, for good) and as the viewer says it.
SIGN_IN_REFUSALS = {
    "wrong password": N_("wrong password"), "locked": N_("account locked after failed attempts"),
    "unknown or inactive account": N_("unknown or inactive account"),
    "role changed outside avrcase": N_("role changed outside avrcase"),
    "password set by an administrator not changed yet": N_("password set by an administrator not changed yet"),
}
#: Added to a refusal counted while an encrypted store was still locked.
BEFORE_UNLOCK = " (encrypted store, before unlock)"


def refusal_label(reason: str) -> str:
    """A recorded reason for a refused sign-in in words of the screen's language (an unknown one as stored):
    "Причина: wrong password" was English in a Russian viewer."""
    base, locked = (reason[: -len(BEFORE_UNLOCK)], True) if reason.endswith(BEFORE_UNLOCK) else (reason, False)
    label = SIGN_IN_REFUSALS.get(base)
    if label is None:
        return reason
    return _("%(reason)s (encrypted store, before unlock)") % {"reason": _(label)} if locked else _(label)


#: The vocabulary a recorded code belongs to, by field ("status" of a plan item) or by record and field where a
#: name means two things ("method" of a payment or of a monitoring contact).
_CODES_BY_FIELD: dict[str, type[codes.Vocabulary]] = {
    "stage": Stage, "from_stage": Stage, "to_stage": Stage, "closure_reason": codes.ClosureReason,
    "sex": codes.Sex, "legal_status": codes.LegalStatus, "referral_source": codes.ReferralSource,
    "relationship_to_principal": codes.Relationship, "role": codes.StaffRole, "document_type": codes.IdDocumentType,
    "approval_status": codes.ApprovalStatus, "consent_given_by": codes.ConsentGiver,
    "consent_legal_basis": codes.LegalBasis, "category": ItemCategory, "modality": Modality,
    "economic_need": NeedLevel, "social_need": NeedLevel, "psychosocial_need": NeedLevel,
}
_CODES_BY_RECORD: dict[tuple[str, str], type[codes.Vocabulary]] = {
    ("plan_items", "status"): ItemStatus, ("allowance_payments", "status"): PaymentStatus,
    ("allowance_payments", "method"): PaymentMethod, ("monitoring_contacts", "method"): ContactMethod,
    ("sustainability_surveys", "kind"): SurveyKind, ("cases", "kind"): codes.CaseKind,
    ("budget_lines", "kind"): LineKind, ("consultations", "mode"): codes.ConsultationMode,
    ("consultations", "outcome"): codes.ConsultationOutcome,
}


def code_label(entity: str, name: str, value: str) -> str | None:
    """A recorded code in words of the screen's language ("Status: Approved → Delivered", not "approved →
    delivered", which a Russian or Lithuanian viewer read in English); None for anything else."""
    vocabulary = _CODES_BY_RECORD.get((entity, name)) or _CODES_BY_FIELD.get(name)
    if vocabulary is None:
        return None
    try:
        return vocabulary(value).label
    except ValueError:
        return None


def action_label(action: str) -> str:
    """The action in words of the screen's language (an unknown one as stored)."""
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


def record_label(entity: str, case_number: str = "") -> str:
    """What the entry is about: "Case VNO-2026-00012" for a case, "Payment" for a payment (its case is in the
    Case column), the stored name for anything not known here."""
    label = RECORD_LABELS.get(entity)
    if label is None:
        return entity.replace("_", " ").capitalize()
    if entity == "cases" and case_number:
        return _("Case %(number)s") % {"number": case_number}
    return _(label)


def field_label(name: str) -> str:
    """A recorded field in words of the screen's language (an unknown one as stored)."""
    label = FIELD_LABELS.get(name)
    return _(label).strip().rstrip(":：").strip() if label else name
