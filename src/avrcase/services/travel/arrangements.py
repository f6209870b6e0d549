"""Travel logistics of a case (issue #4): book the itinerary, arrange assistance, confirm the stages.

Services and what they return (DTOs in ``services.travel_dto``):

* ``get_travel(session, actor, case_id) -> TravelDetail`` (household, documents, visas, segments,
  arrangements, readiness);
* ``save_itinerary(session, actor, case_id, version, ItineraryForm) -> TravelSaved`` (detail + warnings);
* ``save_arrangements(session, actor, case_id, version, TravelArrangements, fit_to_travel_on=...)
  -> TravelDetail``;
* ``confirm_itinerary(session, actor, case_id, version) -> TravelSaved`` (case to "departure scheduled");
* ``confirm_departure(session, actor, case_id, version, departed_on) -> TravelSaved`` (case to "departed");
* documents and visas: ``services.travel_documents`` (``save_travel_document``,
  ``move_travel_document_status``, ``remove_travel_document``, ``save_visa``, ``remove_visa``);
* the board: ``services.departures.list_departures(session, actor, date_from, date_to) -> list[DepartureRow]``.

``version`` is always the itinerary's version from ``TravelDetail.version`` (0 before anything is
booked); a stale version is a ``ConflictError``. Errors are ``ValidationError`` keyed by field path
(``segments.1.departure``, ``travellers.0.documents`` with the index among the travellers,
``left_out``, ``split_reason``); warnings come back in ``TravelSaved.warnings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from sqlalchemy import exists, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from avrcase.domain.airports import shipped_airports
from avrcase.domain.errors import ConflictError, NotFoundError, ValidationError
from avrcase.domain.itinerary import Segment, journey_of, journey_times, validate_itinerary
from avrcase.domain.stages import Stage, StageMove, check_move
from avrcase.domain.travel import (
    TravelArrangements,
    TravelMode,
    validate_arrangements,
    validate_departure_confirmation,
)
from avrcase.domain.travel_documents import Traveller
from avrcase.i18n import _
from avrcase.i18n.format import format_date
from avrcase.services.cases.history import record_stage_change
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, allowed, require
from avrcase.services.travel.dto import ItineraryForm, TravelDetail, TravelSaved
from avrcase.services.travel.journey import printed_journey, stamp_if_changed
from avrcase.services.travel.read import TravelLoader
from avrcase.store.models import (
    AssistanceRecord,
    Case,
    Itinerary,
    ItineraryTraveller,
    SegmentRecord,
    StageChange,
    TicketRecord,
)

#: Stages at which the journey can no longer be rebooked or rearranged.
_FROZEN = frozenset({Stage.DEPARTED, Stage.REINTEGRATION, Stage.CLOSED, Stage.WITHDRAWN, Stage.CANCELLED})


def get_travel(session: Session, actor: Actor | None, case_id: int) -> TravelDetail:
    """The travel of one case; medical needs are left out for a role that may not see them."""
    require(actor, Permission.TRAVEL_READ)
    loader = TravelLoader(session, [case_id])
    if case_id not in loader.cases:
        raise NotFoundError(_("The case no longer exists."))
    show_medical = actor is not None and allowed(actor.role, Permission.SENSITIVE_READ)
    return loader.detail(case_id, show_medical=show_medical)


def _for_change(session: Session, case_id: int, version: int) -> tuple[Case, Itinerary | None]:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(_("The case no longer exists."))
    itinerary = session.scalar(select(Itinerary).where(Itinerary.case_id == case_id))
    if (itinerary.version if itinerary else 0) != version:
        raise _conflict(case)
    return case, itinerary


def _conflict(case: Case) -> ConflictError:
    return ConflictError(_("The travel of case %(number)s was changed by someone else after you opened it. "
                           "Nothing was saved; reopen it and try again.") % {"number": case.case_number})


def _editable(case: Case) -> None:
    if Stage(case.stage) in _FROZEN:
        raise ValidationError({"stage": _("The case is at the stage “%(stage)s”; its travel can no longer change.")
                               % {"stage": Stage(case.stage).label}})


def _travellers(session: Session, case: Case, left_out: frozenset[int]) -> tuple[Traveller, ...]:
    loader = TravelLoader(session, [case.id])
    household = loader.travellers(case.id)
    unknown = left_out - {t.person_id for t in household}
    if unknown:
        raise ValidationError({"left_out": _("Only members of this household can be left out of the journey.")})
    return tuple(t.as_traveller() for t in household if t.person_id not in left_out)


def _zone(mode: TravelMode, place: str, entered: str) -> str:
    if entered.strip():
        return entered.strip()
    airport = shipped_airports().get(place) if mode is TravelMode.AIR else None
    return airport.tz if airport else ""


def _segment_row(position: int, segment: Segment) -> SegmentRecord:
    departure_at, arrival_at = journey_times(segment)
    row = SegmentRecord(
        position=position, mode=segment.mode.value,
        origin=segment.origin.strip().upper() if segment.mode is TravelMode.AIR else segment.origin.strip(),
        destination=(segment.destination.strip().upper() if segment.mode is TravelMode.AIR
                     else segment.destination.strip()),
        origin_tz=_zone(segment.mode, segment.origin, segment.origin_tz),
        destination_tz=_zone(segment.mode, segment.destination, segment.destination_tz),
        zones_entered=bool(segment.origin_tz.strip() or segment.destination_tz.strip()),
        departure_at=departure_at, arrival_at=arrival_at, carrier=segment.carrier.strip(),
        service_number=segment.service_number.strip(), booking_reference=segment.booking_reference.strip(),
        fare=segment.fare.amount if segment.fare else None, fare_currency=segment.fare.currency if segment.fare else "")
    row.tickets = [TicketRecord(person_id=t.traveller, number=t.number.strip()) for t in segment.tickets]
    return row


def _new_itinerary(session: Session, case: Case, travellers: tuple[Traveller, ...]) -> Itinerary:
    itinerary = Itinerary(case_id=case.id)
    itinerary.travellers = [ItineraryTraveller(person_id=t.key, position=i) for i, t in enumerate(travellers)]
    session.add(itinerary)
    return itinerary


def _flush(session: Session, case: Case) -> None:
    conflict = _conflict(case)  # made now: after a failed flush the case row can no longer be read
    try:
        session.flush()
    except IntegrityError:
        # Two officers started the same case's travel at once (PostgreSQL; SQLite serialises writers).
        raise conflict from None


def save_itinerary(session: Session, actor: Actor, case_id: int, version: int, form: ItineraryForm) -> TravelSaved:
    """Book (or rebook) the whole itinerary at once; errors raise, warnings come back with the result.

    The whole household travels unless people are left out in ``form.left_out`` with a reason.
    """
    require(actor, Permission.TRAVEL_EDIT)
    case, itinerary = _for_change(session, case_id, version)
    _editable(case)
    travellers = _travellers(session, case, form.left_out)
    errors = _too_long((f"segments.{i}.tickets.{j}", t.number, 40)
                       for i, segment in enumerate(form.segments) for j, t in enumerate(segment.tickets))
    if form.left_out and not form.split_reason.strip():
        errors["split_reason"] = _("Please say why not everyone in the household travels together.")
    try:
        warnings = validate_itinerary(form.segments, registered_on=case.registered_on, travellers=travellers,
                                      today=clock_of(session).today())
    except ValidationError as exc:
        raise ValidationError({**exc.errors, **errors}) from None
    if errors:
        raise ValidationError(errors)
    printed = printed_journey(itinerary)
    unconfirmed = _unconfirm_if_changed(session, actor, case, itinerary, form, travellers)
    if unconfirmed:
        warnings = {**warnings, "confirmation": unconfirmed}
    if itinerary is None:
        itinerary = _new_itinerary(session, case, travellers)
    kept = {t.person_id: t for t in itinerary.travellers}
    itinerary.travellers = [kept.get(t.key) or ItineraryTraveller(person_id=t.key) for t in travellers]
    for position, row in enumerate(itinerary.travellers):
        row.position = position
    itinerary.segments = [_segment_row(i, s) for i, s in enumerate(form.segments)]
    first = itinerary.segments[0]
    itinerary.departure_at = first.departure_at
    itinerary.departure_date = first.departure_at.astimezone(ZoneInfo(first.origin_tz)).date()
    itinerary.arrival_at = itinerary.segments[-1].arrival_at
    itinerary.split_reason = form.split_reason.strip() if form.left_out else ""
    stamp_if_changed(session, itinerary, printed)
    _touch(session, itinerary, actor)
    _flush(session, case)
    return TravelSaved(get_travel(session, actor, case_id), dict(warnings))


def _unconfirm_if_changed(session: Session, actor: Actor, case: Case, itinerary: Itinerary | None,
                          form: ItineraryForm, travellers: tuple[Traveller, ...]) -> str:
    """A confirmed itinerary whose journey changes is no longer confirmed: the case goes back to travel
    preparation (in its history) until someone confirms it again. Returns what to tell the officer."""
    scheduled = Stage(case.stage) is Stage.DEPARTURE_SCHEDULED
    if itinerary is None or not itinerary.segments or (itinerary.confirmed_at is None and not scheduled):
        return ""
    before = get_travel(session, actor, case.id)
    if journey_of((s.as_segment() for s in before.segments), (t.person_id for t in before.travelling)) == \
            journey_of(form.segments, (t.key for t in travellers)):
        return ""
    itinerary.confirmed_at = None
    if scheduled:
        _stage_move(session, actor, case, Stage.TRAVEL_PREPARATION,
                    _("The itinerary changed after it was confirmed; it needs to be confirmed again."))
    return unconfirmed_notice(before)


def unconfirmed_notice(detail: TravelDetail) -> str:
    """What changing a confirmed itinerary means, said before the officer saves and after."""
    confirmed = detail.confirmed_at.date() if detail.confirmed_at else None
    return (_("This itinerary was confirmed on %(date)s. With this change it needs to be confirmed again: "
              "the case goes back to “Travel preparation” until someone presses “Confirm itinerary”.")
            % {"date": format_date(confirmed)} if confirmed else
            _("The departure of this case is scheduled. With this change the itinerary needs to be confirmed "
              "again: the case goes back to “Travel preparation” until someone presses “Confirm itinerary”."))


def _too_long(fields) -> dict[str, str]:
    """Errors for texts longer than their column, as (key, text, limit) the domain does not bound."""
    return {key: _("At most %(n)d characters, please.") % {"n": limit}
            for key, text, limit in fields if len(text.strip()) > limit}


def _touch(session: Session, itinerary: Itinerary, actor: Actor | None) -> None:
    # Setting a column makes the row dirty, so the version counter moves even when only children changed.
    itinerary.updated_at = clock_of(session).now()
    if inspect(itinerary).persistent:  # even when the clock shows the same instant as the last save
        flag_modified(itinerary, "updated_at")
    itinerary.updated_by_id = actor.id if actor else None


def save_arrangements(session: Session, actor: Actor, case_id: int, version: int, arrangements: TravelArrangements,
                      *, fit_to_travel_on: Mapping[int, dt.date] | None = None) -> TravelDetail:
    """Save assistance, escorts, needs per traveller, excess baggage and in-land transport together.

    ``fit_to_travel_on`` gives, per traveller (person id), the day their fit-to-travel certificate
    was issued. Before an itinerary is booked the whole household counts as travelling.
    """
    require(actor, Permission.TRAVEL_EDIT)
    case, itinerary = _for_change(session, case_id, version)
    _editable(case)
    certificates = dict(fit_to_travel_on or {})
    if itinerary is None:
        travellers = _travellers(session, case, frozenset())
        keys = frozenset(t.key for t in travellers)
    else:
        keys = frozenset(t.person_id for t in itinerary.travellers)
    inland = arrangements.inland_transport
    errors = _too_long([*((f"assistance.{i}.{name}", getattr(a, name), 200)
                          for i, a in enumerate(arrangements.assistance) for name in ("place", "office")),
                        *((f"inland_transport.{name}", getattr(inland, name), 200)
                          for name in ("provider", "destination") if inland is not None)])
    for person_id, day in certificates.items():
        if person_id not in keys:
            errors[f"fit_to_travel_on.{person_id}"] = _("This person is not travelling on this itinerary.")
        elif day > clock_of(session).today():
            errors[f"fit_to_travel_on.{person_id}"] = _("A certificate cannot be dated in the future.")
    try:
        validate_arrangements(arrangements, keys)
    except ValidationError as exc:
        errors = {**exc.errors, **errors}
    if errors:
        raise ValidationError(errors)
    printed = printed_journey(itinerary)
    if itinerary is None:
        itinerary = _new_itinerary(session, case, travellers)
    needs = {n.traveller: n for n in arrangements.needs}
    for row in itinerary.travellers:
        need = needs.get(row.person_id)
        row.wheelchair = need.wheelchair.value if need and need.wheelchair else ""
        row.medical = ",".join(sorted(m.value for m in need.medical)) if need else ""
        row.fit_to_travel_on = certificates.get(row.person_id)
    itinerary.assistance = [
        AssistanceRecord(position=i, kind=a.kind.value, place=a.place.strip(), office=a.office.strip(),
                         notified_on=a.notified_on, confirmed_on=a.confirmed_on, escort_name=a.escort_name.strip())
        for i, a in enumerate(arrangements.assistance)]
    baggage = arrangements.excess_baggage
    itinerary.excess_baggage_kg = baggage.kg if baggage else None
    itinerary.excess_baggage_cost = baggage.cost.amount if baggage and baggage.cost else None
    itinerary.excess_baggage_currency = baggage.cost.currency if baggage and baggage.cost else ""
    itinerary.inland_mode = inland.mode.value if inland else ""
    itinerary.inland_provider = inland.provider.strip() if inland else ""
    itinerary.inland_destination = inland.destination.strip() if inland else ""
    itinerary.inland_cost = inland.cost.amount if inland and inland.cost else None
    itinerary.inland_currency = inland.cost.currency if inland and inland.cost else ""
    stamp_if_changed(session, itinerary, printed)
    _touch(session, itinerary, actor)
    _flush(session, case)
    return get_travel(session, actor, case_id)


def _stage_move(session: Session, actor: Actor, case: Case, to_stage: Stage, reason: str) -> None:
    move = StageMove(to_stage, reason)
    has_departed = session.scalar(
        select(exists().where(StageChange.case_id == case.id, StageChange.to_stage == Stage.DEPARTED.value)))
    check_move(Stage(case.stage), move, has_consent=case.consent_given_on is not None, has_departed=bool(has_departed))
    record_stage_change(session, actor, case, move)


def _booked(case: Case, itinerary: Itinerary | None) -> Itinerary:
    if itinerary is None or not itinerary.segments:
        raise ValidationError({"segments": _("Case %(number)s has no itinerary booked yet.")
                               % {"number": case.case_number}})
    return itinerary


def confirm_itinerary(session: Session, actor: Actor, case_id: int, version: int) -> TravelSaved:
    """Confirm the booked itinerary: re-check it against today's documents and schedule the departure."""
    require(actor, Permission.TRAVEL_EDIT)
    require(actor, Permission.CASE_STAGE)
    case, itinerary = _for_change(session, case_id, version)
    itinerary = _booked(case, itinerary)
    detail = get_travel(session, actor, case_id)
    warnings = validate_itinerary([s.as_segment() for s in detail.segments], registered_on=case.registered_on,
                                  travellers=[t.as_traveller() for t in detail.travelling])
    _stage_move(session, actor, case, Stage.DEPARTURE_SCHEDULED,
                _("Itinerary confirmed: departure on %(date)s") % {"date": format_date(itinerary.departure_date)})
    itinerary.confirmed_at = clock_of(session).now()
    _touch(session, itinerary, actor)
    session.flush()
    return TravelSaved(get_travel(session, actor, case_id), dict(warnings))


def confirm_departure(session: Session, actor: Actor, case_id: int, version: int, departed_on: dt.date, *,
                      today: dt.date | None = None) -> TravelSaved:
    """Record that the returnees left on ``departed_on``; the case moves to "departed" (in its history)."""
    require(actor, Permission.TRAVEL_EDIT)
    require(actor, Permission.CASE_STAGE)
    case, itinerary = _for_change(session, case_id, version)
    itinerary = _booked(case, itinerary)
    warnings = validate_departure_confirmation(departed_on, today=today or clock_of(session).today(),
                                               registered_on=case.registered_on, scheduled=itinerary.departure_date)
    _stage_move(session, actor, case, Stage.DEPARTED,
                _("Departure confirmed on %(date)s") % {"date": format_date(departed_on)})
    itinerary.departed_on = departed_on
    _touch(session, itinerary, actor)
    session.flush()
    return TravelSaved(get_travel(session, actor, case_id), dict(warnings))
