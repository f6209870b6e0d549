"""The odds of a demo case's story: how long it stays at each stage, where it goes next, why it closes, the
quickest route to each stage, what each consultation phase is about, and the mix of legal statuses and
referrals (``story.py`` walks a case through them).
"""

from __future__ import annotations

from avrcase.domain.codes import (
    ClosureReason,
    ConsultationOutcome,
    ConsultationTopic,
    LegalStatus,
    ReferralSource,
    SharingParty,
)
from avrcase.domain.stages import Stage

S = Stage
#: Days a case usually stays at a stage (lowest, highest).
#: Reintegration is monitored for a year after return before a case closes as reintegrated (issue #5).
DWELL: dict[Stage, tuple[int, int]] = {
    S.REGISTERED: (0, 21), S.COUNSELLING: (7, 90), S.APPLICATION_SIGNED: (7, 45),
    S.ELIGIBILITY_APPROVED: (5, 30), S.ELIGIBILITY_REJECTED: (10, 60), S.TRAVEL_PREPARATION: (14, 60),
    S.DEPARTURE_SCHEDULED: (5, 30), S.DEPARTED: (7, 45), S.REINTEGRATION: (365, 450), S.WITHDRAWN: (10, 90),
    S.NO_SHOW: (14, 60), S.CANCELLED: (5, 45),
}
#: Where cases usually go next, with weights (every pair is an allowed transition).
NEXT: dict[Stage, tuple[tuple[Stage, int], ...]] = {
    S.REGISTERED: ((S.COUNSELLING, 90), (S.NO_SHOW, 6), (S.WITHDRAWN, 3), (S.CANCELLED, 1)),
    S.COUNSELLING: ((S.APPLICATION_SIGNED, 78), (S.NO_SHOW, 8), (S.WITHDRAWN, 12), (S.CANCELLED, 2)),
    S.APPLICATION_SIGNED: ((S.ELIGIBILITY_APPROVED, 86), (S.ELIGIBILITY_REJECTED, 8), (S.WITHDRAWN, 4),
                           (S.CANCELLED, 2)),
    S.ELIGIBILITY_APPROVED: ((S.TRAVEL_PREPARATION, 95), (S.WITHDRAWN, 4), (S.CANCELLED, 1)),
    S.ELIGIBILITY_REJECTED: ((S.COUNSELLING, 30), (S.CLOSED, 70)),
    S.TRAVEL_PREPARATION: ((S.DEPARTURE_SCHEDULED, 88), (S.NO_SHOW, 5), (S.WITHDRAWN, 5), (S.CANCELLED, 2)),
    S.DEPARTURE_SCHEDULED: ((S.DEPARTED, 85), (S.TRAVEL_PREPARATION, 8), (S.NO_SHOW, 5), (S.WITHDRAWN, 1),
                            (S.CANCELLED, 1)),
    S.DEPARTED: ((S.REINTEGRATION, 60), (S.CLOSED, 40)),
    S.REINTEGRATION: ((S.CLOSED, 100),),
    S.WITHDRAWN: ((S.COUNSELLING, 15), (S.CLOSED, 85)),
    S.NO_SHOW: ((S.COUNSELLING, 25), (S.TRAVEL_PREPARATION, 10), (S.CLOSED, 65)),
    S.CANCELLED: ((S.CLOSED, 100),),
}
#: Why a case is closed, by the stage it is closed from.
CLOSURE: dict[Stage, tuple[tuple[ClosureReason, int], ...]] = {
    S.DEPARTED: ((ClosureReason.RETURNED_AND_REINTEGRATED, 85), (ClosureReason.ABSCONDED, 10),
                 (ClosureReason.OTHER, 5)),
    S.REINTEGRATION: ((ClosureReason.RETURNED_AND_REINTEGRATED, 95), (ClosureReason.ABSCONDED, 5)),
    S.ELIGIBILITY_REJECTED: ((ClosureReason.INELIGIBLE, 100),),
    S.WITHDRAWN: ((ClosureReason.WITHDREW, 90), (ClosureReason.TRANSFERRED, 10)),
    S.NO_SHOW: ((ClosureReason.ABSCONDED, 100),),
    S.CANCELLED: ((ClosureReason.DUPLICATE, 30), (ClosureReason.TRANSFERRED, 30), (ClosureReason.OTHER, 40)),
}
#: The quickest way from registration to each stage, for cases made to show every stage.
ROUTES: dict[Stage, tuple[Stage, ...]] = {
    S.REGISTERED: (), S.COUNSELLING: (S.COUNSELLING,),
    S.APPLICATION_SIGNED: (S.COUNSELLING, S.APPLICATION_SIGNED),
    S.ELIGIBILITY_APPROVED: (S.COUNSELLING, S.APPLICATION_SIGNED, S.ELIGIBILITY_APPROVED),
    S.ELIGIBILITY_REJECTED: (S.COUNSELLING, S.APPLICATION_SIGNED, S.ELIGIBILITY_REJECTED),
    S.TRAVEL_PREPARATION: (S.COUNSELLING, S.APPLICATION_SIGNED, S.ELIGIBILITY_APPROVED, S.TRAVEL_PREPARATION),
    S.DEPARTURE_SCHEDULED: (S.COUNSELLING, S.APPLICATION_SIGNED, S.ELIGIBILITY_APPROVED, S.TRAVEL_PREPARATION,
                            S.DEPARTURE_SCHEDULED),
    S.DEPARTED: (S.COUNSELLING, S.APPLICATION_SIGNED, S.ELIGIBILITY_APPROVED, S.TRAVEL_PREPARATION,
                 S.DEPARTURE_SCHEDULED, S.DEPARTED),
    S.REINTEGRATION: (S.COUNSELLING, S.APPLICATION_SIGNED, S.ELIGIBILITY_APPROVED, S.TRAVEL_PREPARATION,
                      S.DEPARTURE_SCHEDULED, S.DEPARTED, S.REINTEGRATION),
    S.CLOSED: (S.COUNSELLING, S.WITHDRAWN, S.CLOSED),
    S.WITHDRAWN: (S.COUNSELLING, S.WITHDRAWN), S.NO_SHOW: (S.NO_SHOW,), S.CANCELLED: (S.COUNSELLING, S.CANCELLED),
}
#: Consultation phase (a key of ``demo_data.CONSULTATION_NOTES``): topics and likely outcomes.
PHASES: dict[str, tuple[tuple[ConsultationTopic, ...], tuple[ConsultationOutcome, ...]]] = {
    "first": ((ConsultationTopic.AVR_INFORMATION, ConsultationTopic.ELIGIBILITY),
              (ConsultationOutcome.INFORMED, ConsultationOutcome.CONSIDERING, ConsultationOutcome.FOLLOW_UP_NEEDED)),
    "deciding": ((ConsultationTopic.ELIGIBILITY, ConsultationTopic.REINTEGRATION, ConsultationTopic.FAMILY),
                 (ConsultationOutcome.CONSIDERING, ConsultationOutcome.WANTS_TO_APPLY,
                  ConsultationOutcome.FOLLOW_UP_NEEDED)),
    "signing": ((ConsultationTopic.ELIGIBILITY, ConsultationTopic.DOCUMENTS), (ConsultationOutcome.APPLIED,)),
    "travel": ((ConsultationTopic.TRAVEL, ConsultationTopic.DOCUMENTS, ConsultationTopic.HEALTH),
               (ConsultationOutcome.INFORMED, ConsultationOutcome.FOLLOW_UP_NEEDED)),
    "reintegration": ((ConsultationTopic.REINTEGRATION, ConsultationTopic.FAMILY),
                      (ConsultationOutcome.INFORMED, ConsultationOutcome.FOLLOW_UP_NEEDED)),
}
LEGAL = ((LegalStatus.REJECTED_ASYLUM_SEEKER, 30), (LegalStatus.ASYLUM_SEEKER_WITHDRAWING, 15),
          (LegalStatus.IRREGULAR_MIGRANT, 35), (LegalStatus.PROTECTION_STATUS, 3),
          (LegalStatus.VICTIM_OF_TRAFFICKING, 2), (LegalStatus.STRANDED_MIGRANT, 10), (LegalStatus.OTHER, 5))
REFERRAL = ((ReferralSource.MIGRATION_DEPARTMENT, 35), (ReferralSource.BORDER_GUARD, 20),
             (ReferralSource.RECEPTION_CENTRE, 20), (ReferralSource.NGO, 10), (ReferralSource.SELF_REFERRAL, 12),
             (ReferralSource.OTHER, 3))
ALWAYS_SHARED = (SharingParty.MIGRATION_DEPARTMENT, SharingParty.IOM_DESTINATION, SharingParty.CARRIERS)
