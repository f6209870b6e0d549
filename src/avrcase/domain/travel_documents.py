"""Travel documents per traveller: kinds, the steps from "needed" to "handed over", and validity.

Decisions (issue #4):

* Status moves go forward and may skip steps (a returnee's own valid passport goes straight from
  "needed" to "received"); the only move back is to "needed", when a document is lost, withdrawn or
  found unusable.
* For booking, a traveller needs a document that is at least *requested*: embassies issue an
  emergency travel certificate only once the flight is known, so a pending request is accepted
  and the departures board shows it as missing until it is in hand.
* A document that has an expiry date must be valid beyond the last day of travel (an error). An
  expiry closer to travel than the policy's margin (three months for a passport, by default, as many
  carriers and transit countries ask) is a warning the travel officer can accept: the returnee goes
  home to their own country, which does not refuse its citizens for a short passport.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from avrcase.domain.codes import IdDocumentType, Vocabulary
from avrcase.domain.errors import ValidationError
from avrcase.i18n import N_, _
from avrcase.i18n.format import country_name, format_date


class TravelDocumentKind(Vocabulary):
    """The document a returnee travels on; values match ``IdDocumentType`` for the same kinds."""

    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    TRAVEL_CERTIFICATE = "travel_certificate"

    @classmethod
    def _labels(cls):
        # Same kinds, same wording as the identity document on the case register.
        labels = IdDocumentType._labels()
        return {kind.value: labels[kind.value] for kind in cls}


class TravelDocumentStatus(Vocabulary):
    """Where a travel document is, in the order it normally goes."""

    NEEDED = "needed"
    REQUESTED = "requested"
    ISSUED = "issued"
    RECEIVED = "received"
    HANDED_OVER = "handed_over"

    @classmethod
    def _labels(cls):
        return {
            "needed": N_("Needed"),
            "requested": N_("Requested from the embassy or consulate"),
            "issued": N_("Issued"),
            "received": N_("Received by the office"),
            "handed_over": N_("Handed over to the returnee"),
        }

    @property
    def rank(self) -> int:
        """Position in the normal order, from 0 (needed) to 4 (handed over)."""
        return _STATUS_RANKS[self]

    @property
    def in_hand(self) -> bool:
        """True once the office or the returnee holds the document."""
        return self.rank >= TravelDocumentStatus.RECEIVED.rank


#: Computed once: the departures board asks for ranks thousands of times.
_STATUS_RANKS = {status: index for index, status in enumerate(TravelDocumentStatus)}


def can_move_status(current: TravelDocumentStatus, new: TravelDocumentStatus) -> bool:
    """True when a document may go from ``current`` to ``new`` (forward, or back to needed)."""
    return new.rank > current.rank or (new is TravelDocumentStatus.NEEDED and current is not new)


def check_status_move(current: TravelDocumentStatus, new: TravelDocumentStatus) -> None:
    """Raise ``ValidationError`` on ``status`` when the move is not allowed."""
    if not can_move_status(current, new):
        raise ValidationError({"status": _("A document that is “%(current)s” cannot go back to “%(new)s”.") % {
            "current": current.label, "new": new.label}})


@dataclass(frozen=True)
class TravelDocument:
    """One travel document of one traveller; dates are ``None`` until known."""

    kind: TravelDocumentKind
    status: TravelDocumentStatus = TravelDocumentStatus.NEEDED
    number: str = ""
    issuing_authority: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


@dataclass(frozen=True)
class Visa:
    """A visa a traveller needs for a transit country (ISO 3166 alpha-2), recorded by the officer.

    Whether a visa is needed depends on nationality and route; the officer decides and records it
    here, the itinerary check makes sure its dates cover the days the journey passes through.
    """

    country: str
    status: TravelDocumentStatus = TravelDocumentStatus.NEEDED
    number: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class Traveller:
    """A person on an itinerary: their key in the case, their name as shown, their documents and visas."""

    key: int
    name: str
    documents: tuple[TravelDocument, ...] = ()
    visas: tuple[Visa, ...] = ()


_DEFAULT_MARGINS = MappingProxyType({
    TravelDocumentKind.PASSPORT: dt.timedelta(days=90),
    TravelDocumentKind.NATIONAL_ID: dt.timedelta(0),
    TravelDocumentKind.TRAVEL_CERTIFICATE: dt.timedelta(0),
})


@dataclass(frozen=True)
class ValidityPolicy:
    """How long beyond the last day of travel a document should still be valid, by kind (a warning)."""

    margins: Mapping[TravelDocumentKind, dt.timedelta] = field(default_factory=lambda: _DEFAULT_MARGINS)

    def margin(self, kind: TravelDocumentKind) -> dt.timedelta:
        """The margin for one kind of document; none when the policy does not name it."""
        return self.margins.get(kind, dt.timedelta(0))


def travel_document_errors(document: TravelDocument, today: dt.date, prefix: str = "") -> dict[str, str]:
    """Problems with one document as entered, keyed by ``prefix`` + field name."""
    errors: dict[str, str] = {}
    issued = document.status.rank >= TravelDocumentStatus.ISSUED.rank
    if issued and not document.number.strip():
        errors[prefix + "number"] = _("Please enter the document number once the document is issued.")
    if len(document.number) > 40:
        errors[prefix + "number"] = _("A document number has at most 40 characters.")
    if document.issued_on and document.issued_on > today:
        errors[prefix + "issued_on"] = _("A document cannot be issued in the future.")
    if document.issued_on and document.expires_on and document.expires_on <= document.issued_on:
        errors[prefix + "expires_on"] = _("The document expires before it was issued.")
    return errors


def _usable(document: TravelDocument, last_day: dt.date) -> bool:
    if document.status.rank < TravelDocumentStatus.REQUESTED.rank:
        return False
    return document.expires_on is None or document.expires_on > last_day


def best_document(documents: tuple[TravelDocument, ...], last_day: dt.date) -> TravelDocument | None:
    """The document a traveller will travel on: usable beyond ``last_day``, furthest along, longest valid."""
    usable = [d for d in documents if _usable(d, last_day)]
    if not usable:
        return None
    return max(usable, key=lambda d: (d.status.rank, d.expires_on or dt.date.max))


def travels_on_another(documents: tuple[TravelDocument, ...], number: str, today: dt.date) -> bool:
    """True when a traveller holds a document other than the one numbered ``number``, issued or in hand and valid
    beyond ``today``, that she would travel on: an expired identity document is then no longer worth a warning."""
    chosen = best_document(tuple(d for d in documents if d.status.rank >= TravelDocumentStatus.ISSUED.rank), today)
    return chosen is not None and chosen.number.strip().upper() != number.strip().upper()


def document_problems(
    traveller: Traveller, last_day: dt.date, policy: ValidityPolicy = ValidityPolicy()
) -> tuple[str | None, str | None]:
    """(error, warning) about a traveller's travel document for a journey ending on ``last_day``."""
    chosen = best_document(traveller.documents, last_day)
    if chosen is None:
        expired = [d for d in traveller.documents if d.expires_on is not None and d.expires_on <= last_day]
        if expired:
            latest = max(expired, key=lambda d: d.expires_on or dt.date.min)
            return _("%(name)s: %(kind)s valid only until %(expiry)s, before the end of the journey (%(day)s).") % {
                "name": traveller.name, "kind": latest.kind.label,
                "expiry": format_date(latest.expires_on), "day": format_date(last_day)}, None
        return _("%(name)s has no travel document; request one before booking.") % {"name": traveller.name}, None
    if chosen.expires_on is None:
        if chosen.status.rank >= TravelDocumentStatus.ISSUED.rank:
            return None, _("%(name)s: %(kind)s without a recorded expiry date.") % {
                "name": traveller.name, "kind": chosen.kind.label}
        return None, None
    margin = policy.margin(chosen.kind)
    if chosen.expires_on <= last_day + margin:
        return None, _("%(name)s: %(kind)s valid only until %(expiry)s, soon after travel; "
                       "check that the carriers and transit countries accept it.") % {
            "name": traveller.name, "kind": chosen.kind.label, "expiry": format_date(chosen.expires_on)}
    return None, None


def visa_problems(traveller: Traveller, passages: Mapping[str, tuple[dt.date, dt.date]]) -> dict[int, str]:
    """Errors per visa index: a visa whose dates do not cover the days the journey is in its country.

    ``passages`` maps a transit country to the first and last local day spent there. A visa still
    needed or requested, or without dates, is not an error here: the departures board shows it.
    """
    problems: dict[int, str] = {}
    for index, visa in enumerate(traveller.visas):
        passage = passages.get(visa.country.upper())
        if passage is None or visa.status.rank < TravelDocumentStatus.ISSUED.rank:
            continue
        first, last = passage
        if (visa.valid_from and visa.valid_from > first) or (visa.valid_until and visa.valid_until < last):
            problems[index] = _("%(name)s: the visa for %(country)s is valid %(start)s to %(end)s, "
                                "but the journey is there on %(day)s.") % {
                "name": traveller.name, "country": country_name(visa.country),
                "start": format_date(visa.valid_from) or "…", "end": format_date(visa.valid_until) or "…",
                "day": format_date(first)}
    return problems
