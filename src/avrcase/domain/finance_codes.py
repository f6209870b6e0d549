"""Vocabularies of finance and reintegration: budget line kinds, need levels, referrals, monitoring contacts, surveys."""

from __future__ import annotations

from avrcase.domain.codes import Vocabulary
from avrcase.i18n import N_


class LineKind(Vocabulary):
    """What a budget line pays for."""

    ALLOWANCE = "allowance"
    REINTEGRATION = "reintegration"

    @classmethod
    def _labels(cls):
        return {"allowance": N_("Reinstallation allowances"), "reintegration": N_("Reintegration support")}


class NeedLevel(Vocabulary):
    """How much support a returnee needs in one dimension."""

    UNKNOWN = "unknown"
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @classmethod
    def _labels(cls):
        return {"unknown": N_("Not assessed"), "none": N_("No need"), "low": N_("Low"),
                "medium": N_("Medium"), "high": N_("High")}


class Referral(Vocabulary):
    """A service the returnee should be referred to."""

    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    LEGAL = "legal"
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    HOUSING = "housing"
    FAMILY_TRACING = "family_tracing"
    SOCIAL_WELFARE = "social_welfare"

    @classmethod
    def _labels(cls):
        return {
            "health": N_("Health care"), "mental_health": N_("Mental health"), "legal": N_("Legal aid"),
            "education": N_("Education"), "employment": N_("Employment services"), "housing": N_("Housing"),
            "family_tracing": N_("Family tracing"), "social_welfare": N_("Social welfare"),
        }


class ContactMethod(Vocabulary):
    """How a monitoring contact was made."""

    HOME_VISIT = "home_visit"
    OFFICE_VISIT = "office_visit"
    PHONE = "phone"
    VIDEO_CALL = "video_call"
    MESSAGE = "message"
    PARTNER_REPORT = "partner_report"

    @classmethod
    def _labels(cls):
        return {
            "home_visit": N_("Home visit"), "office_visit": N_("Visit at the partner's office"),
            "phone": N_("Telephone"), "video_call": N_("Video call"), "message": N_("Message or e-mail"),
            "partner_report": N_("Partner's report"),
        }


class SurveyKind(Vocabulary):
    """When a sustainability survey was taken."""

    BASELINE = "baseline"
    FOLLOW_UP = "follow_up"

    @classmethod
    def _labels(cls):
        return {"baseline": N_("Baseline"), "follow_up": N_("Follow-up")}
