"""Who an allowance payment is paid to: one person of the case's household, an adult on the day of payment (the
child in an unaccompanied or separated child's case), never a person whose record was erased."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from avrcase.domain.errors import ValidationError
from avrcase.domain.validation import ADULT_AGE, age_on
from avrcase.i18n import _

@dataclass(frozen=True)
class Recipient:
    """A person a payment would be paid to, as the rule needs them: name, date of birth (None: not recorded,
    counted as an adult, as the household is), whether they are in the case's household and whether erased."""

    name: str
    date_of_birth: dt.date | None
    in_household: bool
    erased: bool = False


def check_recipient(recipient: Recipient | None, on: dt.date, *, unaccompanied_child: bool) -> None:
    """Refuse a recipient who is not in the household, was erased, or is under 18 on ``on`` (the day of payment).

    In an unaccompanied or separated child's case the child may be paid: the money is theirs, and the guardian or
    legal representative who accompanies them (not a household member) countersigns the receipt by hand.
    """
    if recipient is None or not recipient.in_household:
        raise ValidationError({"paid_to": _("Choose a person of this case's household: the allowance is paid to a "
                                            "member of the household who signs the receipt.")})
    if recipient.erased:
        raise ValidationError({"paid_to": _("This person's record has been erased: choose another member of the "
                                            "household.")})
    if (recipient.date_of_birth is not None and age_on(recipient.date_of_birth, on) < ADULT_AGE
            and not unaccompanied_child):
        raise ValidationError({"paid_to": _("%(name)s is under 18 on the day of the payment: the allowance is paid "
                                            "to an adult of the household, who signs the receipt.")
                               % {"name": recipient.name}})
