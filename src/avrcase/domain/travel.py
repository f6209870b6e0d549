"""Travel logistics vocabularies and the arrangements around an itinerary (issue #4).

The itinerary itself (segments, connections, time zones) lives in ``avrcase.domain.itinerary``,
travel documents in ``avrcase.domain.travel_documents``, the departures-board checklist in
``avrcase.domain.readiness``. This module holds what they share: modes of travel, assistance on the
way, medical needs, excess baggage and in-land transport, and the rules for those arrangements.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from avrcase.domain.codes import Vocabulary
from avrcase.domain.errors import ValidationError
from avrcase.domain.money import Money
from avrcase.i18n import N_, _
from avrcase.i18n.format import format_date, format_number

MAX_NAME = 100
#: More excess baggage than this is a typing slip (a household's goods go as cargo, not baggage).
MAX_EXCESS_BAGGAGE_KG = Decimal(500)
#: The largest fare or travel cost: what the store keeps (ten digits before the decimal sign); more is a typing slip.
MAX_COST = Decimal("9999999999.99")


class TravelMode(Vocabulary):
    AIR = "air"
    BUS = "bus"
    TRAIN = "train"
    CAR = "car"

    @classmethod
    def _labels(cls):
        return {"air": N_("Air"), "bus": N_("Bus"), "train": N_("Train"), "car": N_("Car")}


class WheelchairCode(Vocabulary):
    """IATA special service request codes for wheelchair assistance, mildest first."""

    WCHR = "WCHR"
    WCHS = "WCHS"
    WCHC = "WCHC"

    @classmethod
    def _labels(cls):
        return {
            "WCHR": N_("WCHR: can climb stairs and walk in the cabin; wheelchair for long distances"),
            "WCHS": N_("WCHS: cannot climb stairs; can walk to the seat"),
            "WCHC": N_("WCHC: cannot walk; carried to and from the seat"),
        }


class MedicalNeed(Vocabulary):
    """Needs the carrier and the receiving office must know of, besides a wheelchair code."""

    FIT_TO_TRAVEL = "fit_to_travel"
    STRETCHER = "stretcher"
    OXYGEN = "oxygen"
    MEDICAL_ESCORT = "medical_escort"

    @classmethod
    def _labels(cls):
        return {
            "fit_to_travel": N_("Fit-to-travel certificate"),
            "stretcher": N_("Stretcher (STCR)"),
            "oxygen": N_("Medical oxygen on board"),
            "medical_escort": N_("Medical escort"),
        }


class AssistanceKind(Vocabulary):
    DEPARTURE = "departure"
    TRANSIT = "transit"
    RECEPTION = "reception"
    ESCORT_MEDICAL = "escort_medical"
    ESCORT_OPERATIONAL = "escort_operational"

    @classmethod
    def _labels(cls):
        return {
            "departure": N_("Departure assistance"),
            "transit": N_("Transit assistance"),
            "reception": N_("Reception assistance on arrival"),
            "escort_medical": N_("Medical escort"),
            "escort_operational": N_("Operational escort"),
        }

    @property
    def is_escort(self) -> bool:
        """True for the kinds where a named person travels with the returnees."""
        return self in (AssistanceKind.ESCORT_MEDICAL, AssistanceKind.ESCORT_OPERATIONAL)


@dataclass(frozen=True)
class Assistance:
    """One assistance request: where (an airport code or place), to whom it was sent, when confirmed.

    ``notified_on`` is the day the IOM office (transit or reception) was told; ``confirmed_on`` the
    day it confirmed. ``escort_name`` is required for an escort and empty otherwise.
    """

    kind: AssistanceKind
    place: str = ""
    office: str = ""
    notified_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    escort_name: str = ""

    @property
    def is_confirmed(self) -> bool:
        """True once the office or escort has confirmed."""
        return self.confirmed_on is not None


@dataclass(frozen=True)
class ExcessBaggage:
    """Extra checked baggage bought for the household: weight and what it cost."""

    kg: Decimal
    cost: Money | None = None


@dataclass(frozen=True)
class InlandTransport:
    """Onward travel from the arrival airport to the final destination."""

    mode: TravelMode
    provider: str = ""
    destination: str = ""
    cost: Money | None = None


@dataclass(frozen=True)
class TravellerNeeds:
    """What one traveller needs on the way; ``traveller`` is the person's key in the case."""

    traveller: int
    wheelchair: WheelchairCode | None = None
    medical: frozenset[MedicalNeed] = frozenset()

    @property
    def needs_fit_to_travel(self) -> bool:
        """A carrier asks for a fit-to-travel (MEDIF) certificate for a stretcher, oxygen or when asked."""
        return bool(self.medical & {MedicalNeed.FIT_TO_TRAVEL, MedicalNeed.STRETCHER, MedicalNeed.OXYGEN})


@dataclass(frozen=True)
class TravelArrangements:
    """Everything around the segments: assistance, needs per traveller, baggage, in-land transport."""

    assistance: tuple[Assistance, ...] = ()
    needs: tuple[TravellerNeeds, ...] = ()
    excess_baggage: ExcessBaggage | None = None
    inland_transport: InlandTransport | None = None


def cost_error(cost: Money | None) -> str | None:
    """The message for a negative or absurdly large fare or cost, or ``None`` when the amount is acceptable."""
    if cost is not None and cost.is_negative:
        return _("An amount cannot be negative (%(amount)s).") % {"amount": cost.format()}
    if cost is not None and cost.amount > MAX_COST:
        return too_large_text(cost.currency)
    return None


def too_large_text(currency: str) -> str:
    """Why a fare or cost above ``MAX_COST`` is refused, with the largest one accepted."""
    return _("This amount is too large: at most %(amount)s.") % {"amount": Money(MAX_COST, currency).format()}


def arrangement_errors(arrangements: TravelArrangements, travellers: frozenset[int] | None = None) -> dict[str, str]:
    """All problems with the arrangements, keyed by field path (``assistance.2.escort_name``).

    ``travellers`` are the keys of the people travelling; needs for anyone else are refused.
    """
    errors: dict[str, str] = {}
    for index, item in enumerate(arrangements.assistance):
        key = f"assistance.{index}."
        if item.kind.is_escort and not item.escort_name.strip():
            errors[key + "escort_name"] = _("Please enter the name of the escort.")
        elif len(item.escort_name) > MAX_NAME:
            errors[key + "escort_name"] = _("A name can have at most %(n)d characters.") % {"n": MAX_NAME}
        if item.kind in (AssistanceKind.TRANSIT, AssistanceKind.RECEPTION) and not item.place.strip():
            errors[key + "place"] = _("Please say at which airport or place the assistance is needed.")
        if item.notified_on and item.confirmed_on and item.confirmed_on < item.notified_on:
            errors[key + "confirmed_on"] = _("Assistance cannot be confirmed before it was requested.")
    seen: set[int] = set()
    for index, needs in enumerate(arrangements.needs):
        if travellers is not None and needs.traveller not in travellers:
            errors[f"needs.{index}.traveller"] = _("This person is not travelling on this itinerary.")
        elif needs.traveller in seen:
            errors[f"needs.{index}.traveller"] = _("The needs of this person are listed twice.")
        seen.add(needs.traveller)
    baggage = arrangements.excess_baggage
    if baggage is not None:
        if baggage.kg <= 0:
            errors["excess_baggage.kg"] = _("Excess baggage is a positive weight in kilograms.")
        elif baggage.kg > MAX_EXCESS_BAGGAGE_KG:
            errors["excess_baggage.kg"] = _("At most %(kg)s kg of excess baggage can be booked.") % {
                "kg": format_number(MAX_EXCESS_BAGGAGE_KG)
            }
        if message := cost_error(baggage.cost):
            errors["excess_baggage.cost"] = message
    transport = arrangements.inland_transport
    if transport is not None:
        if not transport.destination.strip():
            errors["inland_transport.destination"] = _("Please enter where the in-land transport goes.")
        if message := cost_error(transport.cost):
            errors["inland_transport.cost"] = message
    return errors


def validate_arrangements(arrangements: TravelArrangements, travellers: frozenset[int] | None = None) -> None:
    """Raise ``ValidationError`` listing every problem with the travel arrangements."""
    errors = arrangement_errors(arrangements, travellers)
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class ManifestEntry:
    """One traveller on one departing service, as the operations team's manifest lists them.

    ``departure`` is the local time at the place of departure; ``service`` the carrier and number
    (``TK 1234``), or a place-to-place label for a bus or train.
    """

    case_number: str
    traveller: str
    departure: dt.datetime
    service: str
    document: str = ""
    special_needs: str = ""


@dataclass(frozen=True)
class ManifestGroup:
    """Everyone leaving on one service on one day."""

    departure_date: dt.date
    service: str
    entries: tuple[ManifestEntry, ...]


def group_manifest(entries: Iterable[ManifestEntry]) -> tuple[ManifestGroup, ...]:
    """Travellers grouped by departure day and service, earliest first; cases kept together within, each
    household in the order given (the principal applicant first, as on the itinerary and the letter): sorted
    by name, a Vietnamese father "NGUYỄN Đức Anh" came after his children ("Đ" sorts after "T" by code
    point) and the escort noted on the first traveller landed on a child's row."""
    groups: dict[tuple[dt.date, str], list[ManifestEntry]] = defaultdict(list)
    for entry in entries:
        groups[(entry.departure.date(), entry.service.strip())].append(entry)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][0], min(e.departure for e in kv[1]), kv[0][1]))
    return tuple(
        ManifestGroup(day, service, tuple(sorted(members, key=lambda e: e.case_number)))  # stable: household order
        for (day, service), members in ordered
    )


def validate_departure_confirmation(
    actual: dt.date, *, today: dt.date, registered_on: dt.date, scheduled: dt.date | None
) -> dict[str, str]:
    """Check the actual departure date a travel officer confirms; return warnings, raise on errors.

    A departure is confirmed once it happened, so a date in the future or before the case was
    registered is refused; a day other than the booked one is only a warning (a flight can be moved).
    """
    if actual > today:
        raise ValidationError({"departed_on": _("A departure is confirmed once it has happened; "
                                                "the date is in the future.")})
    if actual < registered_on:
        raise ValidationError({"departed_on": _("The departure is dated before the case was registered (%(date)s).")
                               % {"date": format_date(registered_on)}})
    if scheduled is not None and actual != scheduled:
        return {"departed_on": _("The booked departure was on %(scheduled)s; check that the itinerary shows "
                                 "the flights actually taken.") % {"scheduled": format_date(scheduled)}}
    return {}
