"""The departures-board checklist: is a case ready to fly, and if not, what is missing and for whom.

A pure function of a small snapshot the travel service fills in. Items that do not apply are left
out: fit-to-travel when nobody needs a certificate, the allowance while no allowance applies
(``allowance_prepared is None``, for example before allowances are set up for the project).
``traveller_status`` and ``assistance_confirmed`` derive the snapshot from the travel domain types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from babel.lists import format_list

from avrcase.domain.codes import Vocabulary
from avrcase.domain.itinerary import Segment
from avrcase.domain.travel import Assistance, AssistanceKind, TravelMode, TravellerNeeds
from avrcase.domain.travel_documents import Traveller, best_document
from avrcase.i18n import N_, _, current_locale, ngettext
from avrcase.i18n.format import country_name


class CheckItem(Vocabulary):
    """One line of the readiness checklist, in the order the board shows them."""

    DECLARATION = "declaration"
    ELIGIBILITY = "eligibility"
    TRAVEL_DOCUMENTS = "travel_documents"
    TICKETS = "tickets"
    ROUTE = "route"
    ASSISTANCE = "assistance"
    FIT_TO_TRAVEL = "fit_to_travel"
    ALLOWANCE = "allowance"

    @classmethod
    def _labels(cls):
        return {
            "declaration": N_("Return declaration signed"),
            "eligibility": N_("Eligibility approved"),
            "travel_documents": N_("Travel documents in hand"),
            "tickets": N_("Tickets issued"),
            "route": N_("Journey booked to the country of return"),
            "assistance": N_("Assistance confirmed"),
            "fit_to_travel": N_("Fit-to-travel certificates"),
            "allowance": N_("Allowance prepared"),
        }


@dataclass(frozen=True)
class TravellerStatus:
    """What the checklist needs to know about one traveller."""

    name: str
    document_in_hand: bool
    ticket_issued: bool
    fit_to_travel_needed: bool = False
    fit_to_travel_present: bool = False


@dataclass(frozen=True)
class ReadinessInput:
    """A case's state as far as the departure is concerned; ``allowance_prepared`` None: not applicable."""

    declaration_signed: bool
    eligibility_approved: bool
    travellers: tuple[TravellerStatus, ...]
    assistance_confirmed: bool
    allowance_prepared: bool | None = None
    #: Sentences naming the assistance still to request or confirm, added to the assistance line.
    assistance_notes: tuple[str, ...] = ()
    #: Where the booked journey ends when that is known and is not the country of return (ISO codes): the
    #: last flight lands in another country and nothing is booked after it. Empty: fine, or not known.
    ends_short: tuple[str, str] | None = None


@dataclass(frozen=True)
class ReadinessItem:
    """One checklist line: done, or a sentence saying what is missing (empty when done)."""

    item: CheckItem
    done: bool
    missing: str = ""


@dataclass(frozen=True)
class Readiness:
    """The whole checklist of one case."""

    items: tuple[ReadinessItem, ...]

    @property
    def ready(self) -> bool:
        """True when every applicable item is done."""
        return all(item.done for item in self.items)

    @property
    def missing(self) -> tuple[str, ...]:
        """The sentences for what is still missing, in checklist order."""
        return tuple(item.missing for item in self.items if not item.done)

    def summary(self) -> str:
        """One line for the board or the CSV ``missing`` column: empty when ready."""
        return " ".join(self.missing)


def _names(travellers: list[TravellerStatus]) -> str:
    return format_list([t.name for t in travellers], locale=current_locale())


def _per_traveller(item: CheckItem, travellers: tuple[TravellerStatus, ...], lacking: list[TravellerStatus],
                   sentence: Callable[[int], str], nobody: str = "") -> ReadinessItem:
    # ``sentence(n)`` calls ngettext with literal strings, so that pybabel extracts the plural pair.
    if not travellers:
        return ReadinessItem(item, False, nobody)
    if not lacking:
        return ReadinessItem(item, True)
    return ReadinessItem(item, False, sentence(len(lacking)) % {"names": _names(lacking)})


def check_readiness(case: ReadinessInput) -> Readiness:
    """The readiness checklist for one case, with what is missing named per traveller."""
    travellers = case.travellers
    items = [
        ReadinessItem(CheckItem.DECLARATION, case.declaration_signed,
                      "" if case.declaration_signed else _("The return declaration is not signed.")),
        ReadinessItem(CheckItem.ELIGIBILITY, case.eligibility_approved,
                      "" if case.eligibility_approved else _("Eligibility is not approved yet.")),
        _per_traveller(CheckItem.TRAVEL_DOCUMENTS, travellers, [t for t in travellers if not t.document_in_hand],
                       lambda n: ngettext("Travel document not in hand for %(names)s.",
                                          "Travel documents not in hand for %(names)s.", n),
                       # Said of the documents, not of the booking: "Travel documents in hand: …" (#19).
                       _("Checked once the itinerary names who travels.")),
        _per_traveller(CheckItem.TICKETS, travellers, [t for t in travellers if not t.ticket_issued],
                       lambda n: ngettext("Ticket not issued for %(names)s.",
                                          "Tickets not issued for %(names)s.", n),
                       _("No tickets are issued yet.")),
    ]
    if case.ends_short is not None:
        ends_in, going_to = case.ends_short
        items.append(ReadinessItem(CheckItem.ROUTE, False, _(
            "The journey booked ends in %(ends_in)s, not in %(country)s: book it to the end.") % {
                "ends_in": country_name(ends_in), "country": country_name(going_to)}))
    items.append(ReadinessItem(CheckItem.ASSISTANCE, case.assistance_confirmed,
                               "" if case.assistance_confirmed else " ".join(
                                   (_("Assistance on the way is not confirmed."), *case.assistance_notes))))
    needing = [t for t in travellers if t.fit_to_travel_needed]
    if needing:
        items.append(_per_traveller(CheckItem.FIT_TO_TRAVEL, travellers,
                                    [t for t in needing if not t.fit_to_travel_present],
                                    lambda n: ngettext("Fit-to-travel certificate missing for %(names)s.",
                                                       "Fit-to-travel certificates missing for %(names)s.", n)))
    if case.allowance_prepared is not None:
        items.append(ReadinessItem(CheckItem.ALLOWANCE, case.allowance_prepared,
                                   "" if case.allowance_prepared else _("The allowance is not prepared.")))
    return Readiness(tuple(items))


def ends_short(segments: Sequence[Segment], country_of_return: str, country_of: Callable[[str], str]) -> tuple[
        str, str] | None:
    """(where the journey ends, the country of return) when its last segment is a flight landing, by
    ``country_of`` its airport, in another country than the country of return; ``None`` when it reaches it
    or where it ends is not known (nothing booked, a last ride by road or rail, an airport not listed)."""
    if not segments or not country_of_return or segments[-1].mode is not TravelMode.AIR:
        return None
    ends_in = country_of(segments[-1].destination)
    return (ends_in, country_of_return) if ends_in and ends_in != country_of_return.upper() else None


def traveller_status(traveller: Traveller, segments: Sequence[Segment], needs: TravellerNeeds | None = None,
                     fit_to_travel_present: bool = False) -> TravellerStatus:
    """One traveller's checklist line from their documents, visas, tickets and needs.

    A document counts when it is usable for the whole journey and in hand, with every visa recorded
    for them in hand too; tickets count when every segment but a car ride has one for them.
    """
    last_day = segments[-1].arrival.date() if segments else None
    document = best_document(traveller.documents, last_day) if last_day else None
    in_hand = document is not None and document.status.in_hand and all(v.status.in_hand for v in traveller.visas)
    ticketed = bool(segments) and all(
        any(t.traveller == traveller.key and t.number.strip() for t in segment.tickets)
        for segment in segments if segment.mode is not TravelMode.CAR)
    return TravellerStatus(traveller.name, in_hand, ticketed,
                           fit_to_travel_needed=needs is not None and needs.needs_fit_to_travel,
                           fit_to_travel_present=fit_to_travel_present)


def assistance_confirmed(assistance: Iterable[Assistance]) -> bool:
    """True when every assistance requested has been confirmed (and when none was requested)."""
    return all(item.is_confirmed for item in assistance)


def expected_assistance(segments: Sequence[Segment]) -> tuple[tuple[AssistanceKind, str], ...]:
    """The assistance an AVR movement normally has: departure at the first airport, transit at each
    airport where one flight connects to another (at both, where the connection changes airports: IST, then SAW),
    reception at the last airport, as (kind, IATA code).
    """
    flights = [s for s in segments if s.mode is TravelMode.AIR]
    if not flights:
        return ()
    expected = [(AssistanceKind.DEPARTURE, flights[0].origin.strip().upper())]
    for arriving, leaving in zip(segments, segments[1:]):
        if arriving.mode is TravelMode.AIR and leaving.mode is TravelMode.AIR:
            landed, leaves = arriving.destination.strip().upper(), leaving.origin.strip().upper()
            expected.append((AssistanceKind.TRANSIT, landed))
            if leaves != landed:
                expected.append((AssistanceKind.TRANSIT, leaves))
    expected.append((AssistanceKind.RECEPTION, flights[-1].destination.strip().upper()))
    return tuple(expected)


def unconfirmed_assistance(assistance: Iterable[Assistance]) -> tuple[str, ...]:
    """Sentences for the assistance requested but not confirmed yet, escorts by name."""
    notes = []
    for item in assistance:
        if item.is_confirmed:
            continue
        if item.kind.is_escort:
            notes.append(_("%(kind)s (%(name)s) is not confirmed.") % {"kind": item.kind.label, "name": item.escort_name})
        else:
            notes.append(_("%(kind)s at %(place)s is not confirmed.") % {"kind": item.kind.label,
                                                                       "place": item.place.strip()})
    return tuple(notes)


def missing_assistance(segments: Sequence[Segment], assistance: Iterable[Assistance]) -> tuple[str, ...]:
    """Sentences for the expected assistance nobody has requested yet (see ``expected_assistance``)."""
    requested = {(item.kind, item.place.strip().upper()) for item in assistance}
    return tuple(
        _("%(kind)s at %(place)s is not requested.") % {"kind": kind.label, "place": place}
        for kind, place in expected_assistance(segments) if (kind, place) not in requested
    )
