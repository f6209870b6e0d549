"""The day's movement manifest, issued: rendered, on the audit trail, its bytes handed back (no case keeps it).

A day or a flight nobody leaves on is refused in one sentence naming them (and the day's flights), with nothing
rendered or recorded: an empty sheet printed for a mistyped flight said nothing of the mistake.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from sqlalchemy.orm import Session

from avrcase.documents.registry import MANIFEST
from avrcase.domain.errors import NotFoundError
from avrcase.i18n import _
from avrcase.services import audit
from avrcase.services.clock import clock_of
from avrcase.services.documents.languages import check_printable
from avrcase.services.documents.travel_snapshots import manifest_snapshot
from avrcase.services.dto import Actor, OfficeProfileDetail
from avrcase.services.office import check_office_named, get_office_profile
from avrcase.services.permissions import Permission, require


def _nobody_leaving(session: Session, actor: Actor | None, office: OfficeProfileDetail, day: dt.date, lang: str,
                    issued_at: dt.datetime, flight: str) -> str:
    """Why there is no manifest to print: nobody leaves on ``day``, or not on ``flight`` (then the day's flights)."""
    values = {"day": day.isoformat(), "flight": flight}
    if not flight:
        return _("Nobody is booked to leave on %(day)s; no manifest was written.") % values
    day_flights = [f.service for f in manifest_snapshot(session, actor, office, day, lang, issued_at).flights]
    if not day_flights:
        return _("Nobody is booked on %(flight)s on %(day)s, nor on any other flight that day; no manifest was "
                 "written.") % values
    return _("Nobody is booked on %(flight)s on %(day)s (flights that day: %(flights)s); no manifest was written.") % {
        **values, "flights": ", ".join(day_flights)}


@dataclasses.dataclass(frozen=True)
class ManifestIssued:
    """A rendered manifest: not kept in a case register (it belongs to a day), so the bytes come back."""

    pdf: bytes
    pages: int
    sha256: str
    title: str
    travellers: int


def issue_manifest(session: Session, actor: Actor | None, day: dt.date, *, flight: str = "", lang: str | None = None,
                   now: dt.datetime | None = None) -> ManifestIssued:
    """Render the manifest of ``day`` (optionally one flight) in ``lang`` (default: the office language)."""
    require(actor, Permission.DOCUMENT_ISSUE)
    office = get_office_profile(session, actor)
    check_office_named(office)
    lang = (lang or office.office_language or "en").strip()
    check_printable(MANIFEST.name, lang, office)
    issued_at = (now or clock_of(session).now()).replace(microsecond=0)
    snapshot = manifest_snapshot(session, actor, office, day, lang, issued_at, flight=flight)
    if not snapshot.flights:  # a mistyped flight or day: an empty sheet to print would say nothing of it
        raise NotFoundError(_nobody_leaving(session, actor, office, day, lang, issued_at, snapshot.flight))
    rendered = MANIFEST.render(snapshot)
    issued = ManifestIssued(rendered.pdf, rendered.pages, hashlib.sha256(rendered.pdf).hexdigest(),
                            snapshot.frame.title, sum(len(f.rows) for f in snapshot.flights))
    # Personal data of everyone leaving that day: on record, though the PDF itself is not kept.
    audit.record(session, actor, audit.Action.DOCUMENT_ISSUED, entity="manifest", doc_type="manifest",
                 day=day, flight=snapshot.flight, language=lang, pages=issued.pages, sha256=issued.sha256,
                 travellers=issued.travellers)
    return issued
