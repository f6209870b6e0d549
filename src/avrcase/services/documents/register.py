"""The document register: issue a case document, reprint it byte for byte, attach scanned copies.

``issue_document`` builds the snapshot (``document_snapshots``), renders it and keeps the PDF with
its SHA-256 in the store; a reprint returns those stored bytes, never a fresh rendering.
Attachments are accepted only when their content really is a PDF, JPEG or PNG.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.documents.registry import DOCUMENT_TYPES
from avrcase.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from avrcase.domain.validation import file_name_problem, free_text_problem
from avrcase.i18n import N_, _, available_locales, ngettext
from avrcase.i18n.format import format_number
from avrcase.services import audit
from avrcase.services.cases.case_file import case_detail
from avrcase.services.clock import clock_of
from avrcase.services.documents import case_snapshots as snapshots
from avrcase.services.documents.languages import check_printable
from avrcase.services.dto import Actor
from avrcase.services.office import check_office_named, get_office_profile
from avrcase.services.permissions import Permission, allowed, require
from avrcase.store.models import Attachment, Case, IssuedDocument, User

#: Snapshot builders of the travel and finance documents: (session, actor, case, office, lang, issued_at), as
#: module and function names, imported when such a document is issued (not for a case summary, #14).
_SNAPSHOT_BUILDERS = {
    "itinerary": ("travel_snapshots", "itinerary_snapshot"),
    "introduction-letter": ("travel_snapshots", "introduction_letter_snapshot"),
    "allowance-receipt": ("finance_snapshots", "allowance_receipt_snapshot"),
    "reintegration-plan": ("finance_snapshots", "reintegration_plan_snapshot"),
}


#: Documents that print health information when their issuer may see it: an introduction letter travellers' medical
#: needs (stretcher, oxygen, a medical escort), a reintegration plan the needs assessment's psychosocial notes and
#: health referrals. Such a copy is marked sensitive and opens only for a role that may see medical details (a
#: finance officer or a manager read them in it otherwise); the value is why a copy is refused.
_MEDICAL_NEEDS_PRINTED = {
    "introduction-letter": N_("This copy holds travellers' medical needs, which your role may not see."),
    "reintegration-plan": N_("This copy holds the returnee's psychosocial notes and health referrals, which your "
                             "role may not see."),
}


def _prints_medical_needs(session: Session, actor: Actor, doc_type: str, case_id: int) -> bool:
    from avrcase.services.documents.travel_snapshots import CARRIER_NEEDS
    from avrcase.services.reintegration import plans
    from avrcase.services.travel import arrangements as travel

    if not allowed(actor.role, Permission.SENSITIVE_READ):
        return False
    if doc_type == "reintegration-plan":
        assessment = plans.get_needs_assessment(session, actor, case_id)
        return assessment is not None and bool(assessment.form.holds_health())
    return any(need in t.medical for t in travel.get_travel(session, actor, case_id).travelling for need in CARRIER_NEEDS)


def _snapshot_builder(doc_type: str):
    module, name = _SNAPSHOT_BUILDERS[doc_type]
    return getattr(importlib.import_module(f"avrcase.services.documents.{module}"), name)

#: Largest scan accepted, in bytes.
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class IssuedDocumentRow:
    """One entry of a case's document register."""

    id: int
    case_id: int
    case_number: str
    doc_type: str
    title: str
    language: str  # "lt", or "lt+ru" for a bilingual declaration
    issued_at: dt.datetime
    issued_by: str
    sha256: str
    pages: int
    size: int
    sensitive: bool
    #: For a travel paper printed before its journey changed: that, in words, with the day ("" when up to date).
    out_of_date: str = ""


@dataclass(frozen=True)
class AttachmentRow:
    """A scanned file kept with a case."""

    id: int
    case_id: int
    filename: str
    media_type: str
    description: str
    added_at: dt.datetime
    added_by: str
    sha256: str
    size: int
    #: Holds health or other sensitive data: opens only for roles that may see medical details.
    sensitive: bool = True
    #: Sensitive and the acting role may not open it: ``filename`` and ``description`` are withheld.
    hidden: bool = False

    @property
    def shown_name(self) -> str:
        """The file name, or "hidden for your role" when the acting role may not see it."""
        return _("hidden for your role") if self.hidden else self.filename


#: Why a sensitive attachment is refused to a role that may not see medical details.
ATTACHMENT_REFUSED = N_("This attachment holds health or other sensitive data, which your role may not see.")


def document_types() -> list[tuple[str, str]]:
    """(name, translated title) of every document type, for pickers and ``--help``."""
    return [(t.name, _(t.title)) for t in DOCUMENT_TYPES.values()]


def document_languages(office_language: str) -> list[str]:
    """Languages an office may work in: the office language first, then those with a catalog or wording."""
    codes = {office_language, *available_locales()}
    codes |= {path.name.removesuffix(".json") for path in snapshots.declaration_files()}
    return [office_language] + sorted(codes - {office_language})


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(_("The case no longer exists."))
    return case


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user else ""


def _document_row(doc: IssuedDocument, case_number: str, issued_by: str) -> IssuedDocumentRow:
    return IssuedDocumentRow(doc.id, doc.case_id, case_number, doc.doc_type, doc.title, doc.language, doc.issued_at,
                             issued_by, doc.sha256, doc.pages, doc.size, doc.sensitive)


def _may_open(actor: Actor | None, sensitive: bool) -> bool:
    return not sensitive or (actor is not None and allowed(actor.role, Permission.SENSITIVE_READ))


def _attachment_row(session: Session, actor: Actor | None, att) -> AttachmentRow:
    """The row of an ``Attachment`` (or a row selected from its columns), withheld when ``actor`` may not open it."""
    hidden = not _may_open(actor, att.sensitive)
    return AttachmentRow(att.id, att.case_id, "" if hidden else att.filename, att.media_type,
                         "" if hidden else att.description, att.added_at, _user_name(session, att.added_by_id),
                         "" if hidden else att.sha256, att.size, att.sensitive, hidden)


def issue_document(session: Session, actor: Actor, doc_type: str, case_id: int, lang: str | None = None,
                   *, now: dt.datetime | None = None) -> IssuedDocumentRow:
    """Render ``doc_type`` for the case in ``lang`` (default: the office language) and record it."""
    require(actor, Permission.DOCUMENT_ISSUE)
    kind = DOCUMENT_TYPES.get(doc_type)
    if kind is None:
        raise ValidationError({"doc_type": _("There is no document type “%(type)s”; choose one of: %(types)s.")
                               % {"type": doc_type, "types": ", ".join(DOCUMENT_TYPES)}})
    case = case_detail(session, actor, case_id)
    office = get_office_profile(session, actor)
    check_office_named(office)
    lang = (lang or office.office_language or "en").strip()
    check_printable(doc_type, lang, office)
    issued_at = (now or clock_of(session).now()).replace(microsecond=0)
    sensitive = False
    if doc_type == "case-summary":
        sensitive = snapshots.may_see_sensitive(actor.role if actor else None)
        snapshot = snapshots.case_summary_snapshot(case, office, lang, issued_at, show_sensitive=sensitive)
        language = lang
    elif doc_type == "declaration":
        interpreter = next((c.interpreter_name for c in case.consultations if c.interpreter_name), "")
        snapshot = snapshots.declaration_snapshot(case, office, lang, issued_at, interpreter=interpreter)
        language = "+".join(t.language for t in snapshot.texts)
    else:
        snapshot = _snapshot_builder(doc_type)(session, actor, case, office, lang, issued_at)
        texts = getattr(snapshot, "texts", None)
        sensitive = doc_type in _MEDICAL_NEEDS_PRINTED and _prints_medical_needs(session, actor, doc_type, case.id)
        language = "+".join(t.language for t in texts) if texts else snapshot.frame.language
    rendered = kind.render(snapshot)
    doc = IssuedDocument(
        case_id=case.id, doc_type=doc_type, language=language, title=snapshot.frame.title, issued_at=issued_at,
        issued_by_id=actor.id if actor else None, sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        pages=rendered.pages, size=len(rendered.pdf), sensitive=sensitive, pdf=rendered.pdf,
    )
    session.add(doc)
    session.flush()
    audit.record(session, actor, audit.Action.DOCUMENT_ISSUED, entity="issued_documents", entity_id=doc.id,
                 case_id=case.id, doc_type=doc_type, language=language, sha256=doc.sha256)
    # Issued by the actor: their name as signed in, not read back from the store.
    return _document_row(doc, case.case_number, actor.display_name if actor and actor.id is not None else "")


def list_documents(session: Session, actor: Actor | None, case_id: int) -> list[IssuedDocumentRow]:
    """Every document issued for the case, newest first (without the PDF bytes); a travel paper printed before
    the journey it prints changed says so (``out_of_date``)."""
    from avrcase.services.travel.journey import out_of_date_notes

    require(actor, Permission.CASE_READ)
    case = _case(session, case_id)
    columns = [c for c in IssuedDocument.__table__.columns if c.key != "pdf"]
    rows = session.execute(select(*columns).where(IssuedDocument.case_id == case_id)
                           .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())).all()
    notes = out_of_date_notes(session, case_id, [(r.doc_type, r.issued_at) for r in rows])
    return [IssuedDocumentRow(r.id, r.case_id, case.case_number, r.doc_type, r.title, r.language, r.issued_at,
                              _user_name(session, r.issued_by_id), r.sha256, r.pages, r.size, r.sensitive, note)
            for r, note in zip(rows, notes, strict=True)]


def document_bytes(session: Session, actor: Actor | None, document_id: int) -> bytes:
    """The PDF exactly as it was issued, to show or print (put on record); sensitive copies only for authorised roles."""
    require(actor, Permission.CASE_READ)
    doc = session.get(IssuedDocument, document_id)
    if doc is None:
        raise NotFoundError(_("The document is no longer in the register."))
    role = actor.role if actor else None
    if doc.sensitive and doc.doc_type in _MEDICAL_NEEDS_PRINTED and not (role is not None and allowed(role, Permission.SENSITIVE_READ)):
        raise PermissionDeniedError(_(_MEDICAL_NEEDS_PRINTED[doc.doc_type]))
    if doc.sensitive and doc.doc_type not in _MEDICAL_NEEDS_PRINTED and not snapshots.may_see_sensitive(role):
        raise PermissionDeniedError(_("This copy holds vulnerability details and counselling notes, which your role may not see."))
    audit.record(session, actor, audit.Action.DOCUMENT_OPENED, entity="issued_documents", entity_id=doc.id,
                 case_id=doc.case_id)
    return doc.pdf


def save_document_copy(session: Session, actor: Actor | None, document_id: int, path: Path) -> None:
    """Record that a copy of the issued document left the app (Save as), and write it once that commits.

    The PDF is read (and its opening recorded) in the same unit of work as the ``export`` entry; the file
    is written 0600 through a temporary file and renamed (``services.outgoing``), never if the entries
    are not committed. The entry names the document, not the path.
    """
    from avrcase.services import outgoing

    data = document_bytes(session, actor, document_id)
    doc = session.get(IssuedDocument, document_id)
    audit.record(session, actor, audit.Action.EXPORT, entity="issued_documents", entity_id=document_id,
                 case_id=doc.case_id if doc else None, kind="save_as", format="pdf")
    outgoing.deliver(session, path, data)


# ---------------------------------------------------------------- attachments

_MEDIA_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def sniff_media_type(data: bytes) -> str | None:
    """``application/pdf``, ``image/jpeg`` or ``image/png`` when ``data`` is a whole file of that kind."""
    tail = data[-2048:]
    if data.startswith(b"%PDF-") and b"%%EOF" in tail:
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and b"IEND" in data[-12:]:
        return "image/png"
    if data.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in tail:
        return "image/jpeg"
    return None


def read_scan(path: Path) -> bytes:
    """The bytes of a file to attach, read no further than one byte past the limit: a file of gigabytes, or a device
    such as ``/dev/zero`` that never ends, was read whole into memory before :func:`attach_scan` refused its size."""
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"file": _too_large(size)})
        return stream.read(MAX_ATTACHMENT_BYTES + 1)


def _too_large(size: int) -> str:
    return _("The file is %(size)s MB; at most %(limit)s MB can be attached.") % {
        "size": format_number(round(size / 1048576, 1)), "limit": format_number(MAX_ATTACHMENT_BYTES // 1048576)}


def attach_scan(session: Session, actor: Actor, case_id: int, filename: str, data: bytes,
                description: str = "", *, sensitive: bool = True) -> AttachmentRow:
    """Keep a scanned PDF, JPEG or PNG with the case; anything else is refused and nothing is saved.

    ``sensitive``: the scan holds health or other sensitive data (a medical certificate, a psychosocial report),
    so only roles that may see medical details open it. The default protects the returnee: a scan's content is
    not read, so whoever attaches a signed letter or a ticket says that it holds none.
    """
    require(actor, Permission.DOCUMENT_ISSUE)
    case = _case(session, case_id)
    name = PurePath(filename.replace("\\", "/")).name.strip()
    if len(name) > 255:  # keep the type the name ends with
        suffix = PurePath(name).suffix[:16]
        name = name[:255 - len(suffix)] + suffix
    errors = {}
    if not data:
        errors["file"] = _("The file is empty.")
    elif len(data) > MAX_ATTACHMENT_BYTES:
        errors["file"] = _too_large(len(data))
    elif sniff_media_type(data) is None:
        errors["file"] = _("“%(name)s” is not a PDF, JPEG or PNG file, or it is damaged; nothing was attached.") % {
            "name": name or filename}
    if not name:
        errors["filename"] = _("The file needs a name.")
    elif problem := file_name_problem(name):
        errors["filename"] = problem
    if problem := free_text_problem(description):
        errors["description"] = problem
    if errors:
        raise ValidationError(errors)
    att = Attachment(case_id=case.id, filename=name, media_type=sniff_media_type(data), description=description.strip(),
                     added_by_id=actor.id if actor else None, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                     sensitive=sensitive, data=data)
    session.add(att)
    session.flush()
    return _attachment_row(session, actor, att)


def list_attachments(session: Session, actor: Actor | None, case_id: int) -> list[AttachmentRow]:
    """The case's attachments, newest first (without their bytes)."""
    require(actor, Permission.CASE_READ)
    _case(session, case_id)
    columns = [c for c in Attachment.__table__.columns if c.key != "data"]
    rows = session.execute(select(*columns).where(Attachment.case_id == case_id)
                           .order_by(Attachment.added_at.desc(), Attachment.id.desc())).all()
    return [_attachment_row(session, actor, r) for r in rows]


def _attachment(session: Session, attachment_id: int) -> Attachment:
    att = session.get(Attachment, attachment_id)
    if att is None:
        raise NotFoundError(_("The attachment is no longer with the case."))
    return att


def attachment_bytes(session: Session, actor: Actor | None, attachment_id: int) -> bytes:
    """The attached file as it was stored (put on record); a sensitive one only for roles that see medical details."""
    require(actor, Permission.CASE_READ)
    att = _attachment(session, attachment_id)
    if not _may_open(actor, att.sensitive):
        raise PermissionDeniedError(_(ATTACHMENT_REFUSED))
    audit.record(session, actor, audit.Action.DOCUMENT_OPENED, entity="attachments", entity_id=att.id, case_id=att.case_id)
    return att.data


def open_attachment_copy(session: Session, actor: Actor | None, attachment_id: int, path: Path) -> None:
    """Record the attachment's opening and write the copy for the system viewer to ``path`` once that commits.

    ``path`` lies in a private temporary folder; the copy is written 0600 through a temporary file and
    renamed (``services.outgoing``), and not at all if the entry is not committed.
    """
    from avrcase.services import outgoing

    outgoing.deliver(session, path, attachment_bytes(session, actor, attachment_id))


def save_attachment_copy(session: Session, actor: Actor | None, attachment_id: int, path: Path) -> None:
    """Record that a copy of the attachment left the app, and write it to ``path`` (0600) once that commits."""
    from avrcase.services import outgoing

    data = attachment_bytes(session, actor, attachment_id)
    audit.record(session, actor, audit.Action.EXPORT, entity="attachments", entity_id=attachment_id,
                 case_id=_attachment(session, attachment_id).case_id, kind="save_as")
    outgoing.deliver(session, path, data)


def mark_attachment_sensitive(session: Session, actor: Actor, attachment_id: int, sensitive: bool) -> AttachmentRow:
    """Say whether a stored scan holds health or other sensitive data (the change is on the audit trail).

    Only a role that attaches scans and sees medical details may change it: whoever marks a scan not
    sensitive must be able to read it first.
    """
    require(actor, Permission.DOCUMENT_ISSUE)
    require(actor, Permission.SENSITIVE_READ)
    att = _attachment(session, attachment_id)
    att.sensitive = sensitive
    session.flush()
    return _attachment_row(session, actor, att)


def media_name(media_type: str) -> str:
    """A short name for a media type (PDF, JPEG, PNG) for lists."""
    return _MEDIA_NAMES.get(media_type, media_type)


def pages_text(pages: int) -> str:
    """``1 page`` / ``3 pages`` in the UI language."""
    return ngettext("%(n)d page", "%(n)d pages", pages) % {"n": pages}
