"""All models, imported here so the metadata is complete for Alembic and the services."""

from avrcase.store.models.allowances import AllowancePayment, EntitlementOverride
from avrcase.store.models.audit import AuditEntry
from avrcase.store.models.cases import Case, CaseMember, CaseSequence, CaseVulnerability, StageChange
from avrcase.store.models.counselling import Consultation, FollowUp
from avrcase.store.models.documents import Attachment, IssuedDocument
from avrcase.store.models.imports import ImportMapping, ImportSource
from avrcase.store.models.office import OfficeProfile, StoreInfo
from avrcase.store.models.people import Person, PersonNameKey
from avrcase.store.models.projects import BudgetLine, Project, ProjectCase
from avrcase.store.models.statistics import StatisticsRelease
from avrcase.store.models.reintegration import (
    MonitoringContact,
    NeedsAssessment,
    PlanItemRecord,
    PlanRevisionRecord,
    ReintegrationPlanRecord,
    SurveyAnswer,
    SustainabilitySurvey,
)
from avrcase.store.models.travel import (
    AssistanceRecord,
    Itinerary,
    ItineraryTraveller,
    SegmentRecord,
    TicketRecord,
    TravelDocumentRecord,
    VisaRecord,
)
from avrcase.store.models.users import User
from avrcase.store.models.wording import OfficeLanguageText, OfficeWordingRecord

__all__ = [
    "StatisticsRelease",
    "AuditEntry",
    "Attachment",
    "Case",
    "CaseMember",
    "CaseSequence",
    "CaseVulnerability",
    "Consultation",
    "FollowUp",
    "ImportMapping",
    "ImportSource",
    "IssuedDocument",
    "OfficeProfile",
    "OfficeLanguageText",
    "OfficeWordingRecord",
    "StoreInfo",
    "Person",
    "PersonNameKey",
    "StageChange",
    "User",
    "AssistanceRecord",
    "Itinerary",
    "ItineraryTraveller",
    "SegmentRecord",
    "TicketRecord",
    "TravelDocumentRecord",
    "VisaRecord",
    "AllowancePayment",
    "BudgetLine",
    "EntitlementOverride",
    "MonitoringContact",
    "NeedsAssessment",
    "PlanItemRecord",
    "PlanRevisionRecord",
    "Project",
    "ProjectCase",
    "ReintegrationPlanRecord",
    "SurveyAnswer",
    "SustainabilitySurvey",
]
