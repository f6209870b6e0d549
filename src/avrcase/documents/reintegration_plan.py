"""``reintegration-plan``: the needs found, the support agreed (costs and providers), its total against the cap.

Printed in the office language and the returnee's language (``resources/documents/<lang>.json``,
section ``reintegration_plan``), with signature lines for the returnee, the reintegration officer and
the manager who approves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, TableStyle

from avrcase.documents.base import ACCENT, PageFrame, RenderedDocument, build_pdf, data_table, facts_table, para
from avrcase.documents.bilingual import (
    Signatory,
    Wording,
    amount,
    both,
    facts,
    heading,
    label,
    parallel,
    signatures,
    titles,
)


@dataclass(frozen=True)
class NeedLine:
    """What the needs assessment found in one dimension (economic, social, psychosocial) or about skills."""

    dimension: tuple[str, ...]  # the dimension in each language of the document
    summary: str


@dataclass(frozen=True)
class ItemLine:
    """One agreed piece of support, formatted."""

    category: tuple[str, ...]  # in each language
    description: str
    provider: str
    modality: tuple[str, ...]  # in kind / cash, in each language
    status: tuple[str, ...]
    cost: str


@dataclass(frozen=True)
class ReintegrationPlanSnapshot:
    """The plan as it will print; every amount and date already formatted."""

    frame: PageFrame
    texts: tuple[Wording, ...]  # office language first, then the returnee's when different
    heading: str  # returnee's name and case number
    #: (label key, value): country, project, revision, approval; the status in each language (a vocabulary term)
    plan: tuple[tuple[str, str | tuple[str, ...]], ...]
    needs: tuple[NeedLine, ...]
    items: tuple[ItemLine, ...]
    totals: tuple[tuple[str, str], ...]  # (label key, formatted amount): total, cap, remaining or excess
    signatories: tuple[Signatory, ...]
    place: str

    @property
    def bilingual(self) -> bool:
        """Whether a second language is printed beside the office language."""
        return len(self.texts) > 1


def _items(snapshot: ReintegrationPlanSnapshot):
    t = snapshot.texts
    rows = [(both(i.category), i.description, i.provider, both(i.modality), both(i.status), amount(i.cost))
            for i in snapshot.items]
    return data_table(
        [label(t, k, "cell_head_amount" if k == "cost" else "cell_head")
         for k in ("category", "description", "provider", "modality", "status", "cost")],
        rows, [1.5, 2.4, 1.6, 1.05, 1.25, 1.1],
    )


def _totals(snapshot: ReintegrationPlanSnapshot):
    t = snapshot.texts
    pairs = [(label(t, key, "cell_head" if index == 0 else "label"), amount(value, total=index == 0))
             for index, (key, value) in enumerate(snapshot.totals)]
    table = facts_table(pairs, columns=1, label_weight=3.0, value_weight=1.0)
    # Set off from the items by a rule, not a gap: a gap kept together with the totals made the block a few points
    # taller than what was left under three items, and it opened the next page alone.
    table.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.7, ACCENT)]))
    return table


def render(snapshot: ReintegrationPlanSnapshot) -> RenderedDocument:
    """The reintegration plan as PDF."""
    t = snapshot.texts
    plan = [(key, both(value) if isinstance(value, tuple) else value) for key, value in snapshot.plan]
    story = titles(t) + [para(snapshot.heading, "subtitle"), Spacer(0, 3 * mm), facts(t, plan)]
    story.append(heading(t, "needs"))
    if snapshot.needs:
        story.append(facts_table([(both(n.dimension, "label"), n.summary) for n in snapshot.needs],
                                 columns=1, label_weight=1.0, value_weight=3.2))
    else:
        story.append(para(t[0].labels["no_needs"], "body"))
    story.append(heading(t, "items"))
    story.append(_items(snapshot) if snapshot.items else para(t[0].labels["no_items"], "body"))
    story.append(KeepTogether([_totals(snapshot)]))
    story += [heading(t, "agreement"), parallel(t), Spacer(0, 4 * mm)]
    story.append(KeepTogether([heading(t, "signatures"), signatures(t, snapshot.signatories, snapshot.place)]))
    return build_pdf(snapshot.frame, story)
