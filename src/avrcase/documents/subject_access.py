"""``subject-access``: everything held about one person, section by section, and who accessed the case.

The service turns the records into labelled text (``SubjectAccessSnapshot``); this module only lays
them out: one heading per kind of record, one label/value table per row, the access log as a list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from avrcase.documents.base import PageFrame, RenderedDocument, build_pdf, data_table, facts_table, para
from avrcase.i18n import N_

#: Every fixed text of the document; the service translates them into the snapshot.
LABELS = {
    "title": N_("Subject access report"),
    "intro": N_("Everything this office holds about the person named below, as recorded on the date of "
                "this report. Issued documents and attachments are listed, not included."),
    "access": N_("Who accessed or changed the case"),
    "when": N_("When"),
    "who": N_("Staff account"),
    "action": N_("Action"),
    "record": N_("Record"),
    "no_access": N_("No access on record."),
}


@dataclass(frozen=True)
class SnapshotSection:
    """One kind of record: a translated title and its rows of (label, value) pairs."""

    title: str
    rows: tuple[tuple[tuple[str, str], ...], ...]


@dataclass(frozen=True)
class SubjectAccessSnapshot:
    """The report as text, ready to lay out."""

    labels: Mapping[str, str]
    heading: str
    sections: tuple[SnapshotSection, ...]
    accesses: tuple[tuple[str, str, str, str], ...]


def render(frame: PageFrame, snapshot: SubjectAccessSnapshot) -> RenderedDocument:
    """The subject access report as PDF."""
    t = snapshot.labels
    story = [para(t["title"], "title"), para(snapshot.heading, "subtitle"), Spacer(0, 2 * mm),
             para(t["intro"], "body"), Spacer(0, 3 * mm)]
    for section in snapshot.sections:
        story.append(para(section.title, "heading"))
        for row in section.rows:
            story.append(facts_table(row, columns=2))
            story.append(Spacer(0, 2 * mm))
    story.append(para(t["access"], "heading"))
    if snapshot.accesses:
        story.append(data_table([t["when"], t["who"], t["action"], t["record"]], snapshot.accesses, [1.6, 1.4, 1.4, 1.8]))
    else:
        story.append(para(t["no_access"], "body"))
    return build_pdf(frame, story)
