"""What an audit entry's action and record are called on screen: "Case opened", "Case VNO-2026-00012",
"Payment", never the raw ``case_opened`` or ``allowance_payments #41``."""

from __future__ import annotations

from avrcase.i18n import N_, _

ACTION_LABELS = {
    "create": N_("Added"), "update": N_("Changed"), "delete": N_("Removed"), "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Sign-in refused"), "sign_out": N_("Signed out"), "unlock": N_("Unlocked"),
    "case_opened": N_("Case file opened"), "document_issued": N_("Document issued"),
    "document_opened": N_("Document opened"), "export": N_("Exported"), "demo_generated": N_("Demo data loaded"),
    "anonymised": N_("Anonymised"), "redaction": N_("Entries redacted"), "backup": N_("Backed up"),
    "restore": N_("Restored from a backup"), "import": N_("Imported"),
}

RECORD_LABELS = {
    "allowance_payments": N_("Payment"), "attachments": N_("Attachment"), "audit_entries": N_("Audit trail"),
    "budget_lines": N_("Budget line"), "case_members": N_("Household member"), "case_sequences": N_("Case numbering"),
    "case_vulnerabilities": N_("Vulnerability"), "cases": N_("Case"), "consultations": N_("Consultation"),
    "entitlement_overrides": N_("Entitlement override"), "follow_ups": N_("Follow-up action"),
    "import_mappings": N_("Import mapping"), "import_sources": N_("Imported file"),
    "issued_documents": N_("Issued document"), "itineraries": N_("Itinerary"),
    "itinerary_assistance": N_("Travel assistance"), "itinerary_segments": N_("Itinerary segment"),
    "itinerary_tickets": N_("Ticket"), "itinerary_travellers": N_("Traveller"),
    "monitoring_contacts": N_("Monitoring contact"), "needs_assessments": N_("Needs assessment"),
    "office_profile": N_("Office profile"), "person_name_keys": N_("Name search keys"), "persons": N_("Person"),
    "plan_items": N_("Plan item"), "plan_revisions": N_("Plan revision"), "project_cases": N_("Project assignment"),
    "projects": N_("Project"), "reintegration_plans": N_("Reintegration plan"), "stage_changes": N_("Stage change"),
    "statistics_releases": N_("Statistics release"), "store_info": N_("Store settings"),
    "survey_answers": N_("Survey answer"), "sustainability_surveys": N_("Sustainability survey"),
    "travel_documents": N_("Travel document"), "users": N_("User account"), "visas": N_("Visa"),
    "anonymised_export": N_("Anonymised export"), "first_administrator": N_("First administrator"),
    "manifest": N_("Backup manifest"), "recovery_key": N_("Recovery key"), "recovery_sheet": N_("Recovery sheet"),
    "statistics_table": N_("Statistics table"), "subject_access": N_("Subject access report"),
    "work_list": N_("Work list"),
}


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
