"""``case-summary``: the case at a glance — facts, household, vulnerabilities, consent, history, consultations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from avrcase.documents.base import PageFrame, RenderedDocument, build_pdf, data_table, facts_table, para
from avrcase.i18n import N_, NP_

#: Every fixed text of the document; the service translates them into the snapshot.
LABELS = {
    "title": N_("Case summary"),
    "facts": N_("The case"),
    "household": N_("Household"),
    "name": N_("Name"),
    "original": N_("In original script"),
    "relationship": N_("Relationship"),
    "sex": N_("Sex"),
    "born": N_("Date of birth"),
    "citizenship": N_("Citizenship"),
    "document": N_("Identity document"),
    "vulnerabilities": N_("Vulnerabilities"),
    "withheld": N_("Not included in this copy: vulnerability details and consultation notes are shown "
                   "to authorised staff only."),
    "none_recorded": N_("None recorded."),
    "consent": N_("Consent to processing and sharing of personal data"),
    "no_consent": N_("No consent recorded."),
    "history": N_("Stage history"),
    "date": N_("Date"),
    "from": NP_("stage", "From"),
    "to": NP_("stage", "To"),
    "reason": N_("Reason"),
    "by": N_("By"),
    "consultations": N_("Consultations"),
    "mode": NP_("consultation", "Mode"),
    "counsellor": N_("Counsellor"),
    "topics": N_("Topics"),
    "outcome": N_("Outcome"),
    "notes": N_("Notes"),
    "no_consultations": N_("No consultations yet."),
}


@dataclass(frozen=True)
class HouseholdLine:
    """One person of the household, formatted."""

    name: str
    original: str
    relationship: str
    sex: str
    born: str
    citizenship: str
    document: str


@dataclass(frozen=True)
class HistoryLine:
    """One stage change, formatted."""

    at: str
    from_stage: str
    to_stage: str
    reason: str
    by: str


@dataclass(frozen=True)
class ConsultationLine:
    """One consultation, formatted; ``notes`` is empty when sensitive parts are left out."""

    held_at: str
    mode: str
    counsellor: str
    topics: str
    outcome: str
    notes: str


@dataclass(frozen=True)
class CaseSummarySnapshot:
    """The case summary as it will print; ``vulnerabilities`` is ``None`` when withheld."""

    frame: PageFrame
    labels: Mapping[str, str]
    heading: str  # principal's name and case number under the title
    facts: tuple[tuple[str, str], ...]
    household: tuple[HouseholdLine, ...]
    vulnerabilities: tuple[tuple[str, str], ...] | None
    consent: tuple[tuple[str, str], ...]
    history: tuple[HistoryLine, ...]
    consultations: tuple[ConsultationLine, ...]

    @property
    def sensitive_included(self) -> bool:
        """Whether vulnerability details and consultation notes are in this copy."""
        return self.vulnerabilities is not None


def render(snapshot: CaseSummarySnapshot) -> RenderedDocument:
    """The case summary as PDF."""
    t = snapshot.labels
    story = [para(t["title"], "title"), para(snapshot.heading, "subtitle"), Spacer(0, 3 * mm),
             facts_table(snapshot.facts)]

    story.append(para(t["household"], "heading"))
    story.append(data_table(
        [t["name"], t["original"], t["relationship"], t["sex"], t["born"], t["citizenship"], t["document"]],
        [(m.name, m.original, m.relationship, m.sex, m.born, m.citizenship, m.document) for m in snapshot.household],
        [2.4, 2.0, 1.3, 0.9, 1.3, 1.2, 1.8],
    ))

    story.append(para(t["vulnerabilities"], "heading"))
    if snapshot.vulnerabilities is None:
        story.append(para(t["withheld"], "muted"))
    elif snapshot.vulnerabilities:
        story.append(facts_table(snapshot.vulnerabilities, columns=1, label_weight=1, value_weight=2.6))
    else:
        story.append(para(t["none_recorded"], "body"))

    story.append(para(t["consent"], "heading"))
    story.append(facts_table(snapshot.consent, columns=1, label_weight=1, value_weight=2.6)
                 if snapshot.consent else para(t["no_consent"], "body"))

    story.append(para(t["history"], "heading"))
    story.append(data_table(
        [t["date"], t["from"], t["to"], t["reason"], t["by"]],
        [(h.at, h.from_stage, h.to_stage, h.reason, h.by) for h in snapshot.history],
        [1.5, 1.6, 1.6, 2.6, 1.4],
    ))

    story.append(para(t["consultations"], "heading"))
    if snapshot.consultations:
        story.append(data_table(
            [t["date"], t["mode"], t["counsellor"], t["topics"], t["outcome"], t["notes"]],
            [(c.held_at, c.mode, c.counsellor, c.topics, c.outcome, c.notes) for c in snapshot.consultations],
            [1.4, 0.9, 1.3, 1.7, 1.2, 2.8],
        ))
    else:
        story.append(para(t["no_consultations"], "body"))
    return build_pdf(snapshot.frame, story)
