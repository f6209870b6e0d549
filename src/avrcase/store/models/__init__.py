"""The models, one module per area, each imported when one of its names is first asked for.

``from avrcase.store.models import Case`` declares the cases' models (and the people and users they point to),
not the travel, finance and reintegration ones: a command that reads two tables no longer declares and configures
forty mappers (#14). What needs every table (Alembic, erasure, a full export) asks ``complete_metadata()``, never
``Base.metadata`` itself, which holds only the models imported so far.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import MetaData

    from avrcase.store.models.allowances import AllowancePayment, EntitlementOverride
    from avrcase.store.models.audit import AuditEntry
    from avrcase.store.models.cases import Case, CaseMember, CaseSequence, CaseVulnerability, StageChange
    from avrcase.store.models.counselling import Consultation, FollowUp
    from avrcase.store.models.documents import Attachment, IssuedDocument
    from avrcase.store.models.imports import ImportMapping, ImportSource
    from avrcase.store.models.office import OfficeProfile, StoreInfo
    from avrcase.store.models.people import Person, PersonNameKey
    from avrcase.store.models.projects import BudgetLine, Project, ProjectCase
    from avrcase.store.models.reintegration import MonitoringContact, NeedsAssessment, PlanItemRecord
    from avrcase.store.models.reintegration import PlanRevisionRecord, ReintegrationPlanRecord
    from avrcase.store.models.reintegration import SurveyAnswer, SustainabilitySurvey
    from avrcase.store.models.statistics import StatisticsRelease
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

#: Each module of the package and the models it declares.
MODULES: dict[str, tuple[str, ...]] = {
    "allowances": ("AllowancePayment", "EntitlementOverride"),
    "audit": ("AuditEntry",),
    "cases": ("Case", "CaseMember", "CaseSequence", "CaseVulnerability", "StageChange"),
    "counselling": ("Consultation", "FollowUp"),
    "documents": ("Attachment", "IssuedDocument"),
    "imports": ("ImportMapping", "ImportSource"),
    "office": ("OfficeProfile", "StoreInfo"),
    "people": ("Person", "PersonNameKey"),
    "projects": ("BudgetLine", "Project", "ProjectCase"),
    "reintegration": ("MonitoringContact", "NeedsAssessment", "PlanItemRecord", "PlanRevisionRecord",
                      "ReintegrationPlanRecord", "SurveyAnswer", "SustainabilitySurvey"),
    "statistics": ("StatisticsRelease",),
    "travel": ("AssistanceRecord", "Itinerary", "ItineraryTraveller", "SegmentRecord", "TicketRecord",
               "TravelDocumentRecord", "VisaRecord"),
    "users": ("User",),
    "wording": ("OfficeLanguageText", "OfficeWordingRecord"),
}
_MODULE_OF = {name: module for module, names in MODULES.items() for name in names}

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


def __getattr__(name: str) -> Any:
    """A model, its module imported now (PEP 562); kept, so the next look-up is a plain one."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def complete_metadata() -> MetaData:
    """``Base.metadata`` with every model's table in it (all modules imported): for Alembic, for erasing or
    exporting a case or a store, for anything that walks the tables."""
    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")
    from avrcase.store.base import Base

    return Base.metadata
