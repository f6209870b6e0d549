"""``introduction-letter``: the office's letter of introduction and travel assistance request.

Addressed to airlines, border and immigration authorities and the partner offices in transit and on
arrival (the organisation's name comes from the office profile, never from fixed wording): it introduces the travellers (name, date of birth, travel document), their journey and the
assistance they need (wheelchair service codes and escorts, never a diagnosis), signed for the office.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from avrcase.documents.base import STYLES, PageFrame, RenderedDocument, build_pdf, data_table, facts_table, markup, para
from avrcase.documents.base import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT
from avrcase.documents.paragraphs import ScriptParagraph
from avrcase.i18n import N_, NP_

#: Every fixed text of the letter; the service translates them into the snapshot.
LABELS = {
    "title": N_("Letter of introduction and request for travel assistance"),
    "reference": N_("Our reference"),
    "date": N_("Date"),
    "to": NP_("letter", "To"),
    "addressees": N_("Airlines, border and immigration authorities, and partner offices in transit and on arrival"),
    "salutation": N_("To whom it may concern,"),
    # The organisation in brackets: a name reads right there in any language and needs no article ("of
    # International Organization for Migration" lacked "the"), nor a Russian or Lithuanian case ending.
    "introduction": N_("This is to introduce the traveller(s) listed below, who are returning voluntarily to "
                       "%(country)s under the assisted voluntary return programme (%(organisation)s)."),
    "request": N_("We kindly ask airlines, border and immigration authorities and partner organisations along "
                  "the route to facilitate their journey and to provide the assistance listed below."),
    "closing": N_("Thank you for your cooperation. For any question, please contact our office at "
                  "%(phone)s."),
    "regards": N_("Yours sincerely,"),
    "travellers": N_("Travellers"),
    "name": N_("Name"),
    "original": N_("In original script"),
    "born": N_("Date of birth"),
    "citizenship": N_("Citizenship"),
    "document": N_("Travel document"),
    "journey": N_("Journey"),
    "service": N_("Flight or service"),
    "route": N_("Route"),
    "departure": N_("Departure (local time)"),
    "arrival": N_("Arrival (local time)"),
    "assistance": N_("Assistance requested"),
    "needs": N_("Special needs"),
    "no_needs": N_("No special assistance on board is needed."),
    "signed_for": N_("For the office"),
}


@dataclass(frozen=True)
class LetterTraveller:
    """A traveller as introduced: identity and the document they travel on."""

    name: str
    original: str
    born: str
    citizenship: str
    document: str


@dataclass(frozen=True)
class LetterLeg:
    """One leg of the journey."""

    service: str
    route: str
    departure: str
    arrival: str


@dataclass(frozen=True)
class IntroductionLetterSnapshot:
    """The letter as it will print, in one language; every text already filled in."""

    frame: PageFrame
    labels: Mapping[str, str]
    reference: str
    date_line: str  # "Vilnius, 23 Nov 2026"
    paragraphs: tuple[str, ...]  # introduction and request, placeholders filled in
    travellers: tuple[LetterTraveller, ...]
    legs: tuple[LetterLeg, ...]
    assistance: tuple[tuple[str, str], ...]  # (what, where / who): departure, transit, reception, escort
    needs: tuple[tuple[str, str], ...]  # (traveller, wheelchair code or escort); no diagnoses
    closing: str
    signatory: str  # name of the officer signing
    signatory_office: str


SIGNATURE_SPACE = 16 * mm
#: The gaps of a letter that runs a little over one page, so that it fits on one: the signature's room, and the space
#: above a heading. A Russian letter for one traveller ran onto a second page that held only its last section and
#: closing (kept together), a third of page 1 left blank.
COMPACT_SIGNATURE_SPACE = 10 * mm
COMPACT_HEADING = ParagraphStyle("heading-compact", STYLES["heading"], spaceBefore=2.5 * mm, spaceAfter=1.5 * mm)


def render(snapshot: IntroductionLetterSnapshot) -> RenderedDocument:
    """The letter as PDF: on one page when tighter gaps let it fit there, never in smaller print; else with the
    journey and what follows it starting page 2 together, when that takes no more pages."""
    letter = build_pdf(snapshot.frame, _story(snapshot, compact=False))
    if letter.pages > 1:
        compact = build_pdf(snapshot.frame, _story(snapshot, compact=True))
        if compact.pages < letter.pages:
            return compact
        balanced = build_pdf(snapshot.frame, _story(snapshot, compact=False, journey_on_together=True))
        if balanced.pages == letter.pages:
            return balanced
    return letter


#: The height of a page's body, under the letterhead and above the footer.
BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM


class _RestOnOnePage(CondPageBreak):
    """A new page here unless everything after it fits below (and only when all of it fits on a page of its own):
    a household's letter then breaks after the travellers, not before the last section and the closing."""

    def __init__(self, rest: list[Flowable]):
        super().__init__(0)
        self._rest = rest

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        needed = sum(f.wrapOn(self.canv, availWidth, BODY_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                     for f in self._rest)
        self.height = needed if needed <= BODY_HEIGHT else 0
        return super().wrap(availWidth, availHeight)


def _story(snapshot: IntroductionLetterSnapshot, *, compact: bool, journey_on_together: bool = False
           ) -> list[Flowable]:
    t = snapshot.labels
    gap = 0.5 if compact else 1.0  # the spaces between the parts, halved in a compact letter

    def heading(text: str) -> Paragraph:
        return ScriptParagraph(markup(text), COMPACT_HEADING) if compact else para(text, "heading")

    story = [
        facts_table([(t["reference"], snapshot.reference), (t["date"], snapshot.date_line)]),
        Spacer(0, 2 * mm * gap),
        facts_table([(t["to"], t["addressees"])], columns=1, label_weight=0.5, value_weight=3.5),
        Spacer(0, 5 * mm * gap),
        para(t["title"], "title"),
        Spacer(0, 3 * mm * gap),
        para(t["salutation"], "body"),
        Spacer(0, 2 * mm * gap),
    ]
    for paragraph in snapshot.paragraphs:
        story += [para(paragraph, "body"), Spacer(0, 2 * mm * gap)]
    story += [heading(t["travellers"]), data_table(
        [t["name"], t["original"], t["born"], t["citizenship"], t["document"]],
        [(p.name, p.original, p.born, p.citizenship, p.document) for p in snapshot.travellers],
        [2.3, 1.9, 1.2, 1.2, 2.0],
    )]
    travellers_end = len(story)
    if snapshot.legs:
        story += [heading(t["journey"]), data_table(
            [t["service"], t["route"], t["departure"], t["arrival"]],
            [(leg.service, leg.route, leg.departure, leg.arrival) for leg in snapshot.legs],
            [1.2, 2.0, 2.2, 2.2],
        )]
    if snapshot.assistance:
        story += [heading(t["assistance"]),
                  facts_table(snapshot.assistance, columns=1, label_weight=1.3, value_weight=2.7)]
    # The last section goes with the closing and signature: kept apart, a household of five with transit
    # assistance and an escort left a second page holding the signature alone.
    last = [
        heading(t["needs"]),
        facts_table(snapshot.needs, columns=1, label_weight=1.3, value_weight=2.7)
        if snapshot.needs else para(t["no_needs"], "body"),
        Spacer(0, 5 * mm * gap), para(snapshot.closing, "body"), Spacer(0, 3 * mm * gap), para(t["regards"], "body"),
        Spacer(0, COMPACT_SIGNATURE_SPACE if compact else SIGNATURE_SPACE), para("_" * 36, "muted"),
        para(snapshot.signatory, "body"), para(f"{t['signed_for']}: {snapshot.signatory_office}", "muted"),
    ]
    if journey_on_together:  # measured as its parts: a KeepTogether asks for more than any page to be split
        story.append(_RestOnOnePage(story[travellers_end:] + last))
        story.insert(travellers_end, story.pop())
    story.append(KeepTogether(last))
    return story
