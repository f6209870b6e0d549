"""All models, imported here so the metadata is complete for Alembic and the services."""

from avrcase.store.models.cases import Case, CaseMember, CaseSequence, CaseVulnerability, StageChange
from avrcase.store.models.counselling import Consultation, FollowUp
from avrcase.store.models.documents import Attachment, IssuedDocument
from avrcase.store.models.office import OfficeProfile
from avrcase.store.models.people import Person
from avrcase.store.models.users import User

__all__ = [
    "Attachment",
    "Case",
    "CaseMember",
    "CaseSequence",
    "CaseVulnerability",
    "Consultation",
    "FollowUp",
    "IssuedDocument",
    "OfficeProfile",
    "Person",
    "StageChange",
    "User",
]
