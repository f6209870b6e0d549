"""Small synthetic inputs shared by the main window, case list, case file and follow-up tests."""

from __future__ import annotations

import datetime as dt

from avrcase.domain.codes import ConsultationMode, ConsultationTopic
from avrcase.services.dto import ConsultationForm
from tests.support.clock import FIXED_NOW


def consultation_form(*, days_ago: int = 0, follow_ups=(), mode=ConsultationMode.IN_PERSON) -> ConsultationForm:
    """A valid consultation held ``days_ago`` days ago (a minute ago for 0) with the given follow-ups."""
    held_at = FIXED_NOW - dt.timedelta(days=days_ago, minutes=1)
    return ConsultationForm(held_at=held_at, mode=mode, location="IOM Vilnius office",
                            topics=(ConsultationTopic.AVR_INFORMATION, ConsultationTopic.DOCUMENTS),
                            notes="Explained the programme.", follow_ups=tuple(follow_ups))
