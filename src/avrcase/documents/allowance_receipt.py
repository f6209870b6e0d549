"""``allowance-receipt``: who received what reinstallation allowance, how and when, signed by both sides.

Printed in the office language and the recipient's language (``resources/documents/<lang>.json``,
section ``allowance_receipt``); amounts are formatted in the office language's money format.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from avrcase.documents.base import PageFrame, RenderedDocument, build_pdf, data_table, para
from avrcase.documents.bilingual import Signatory, Wording, amount, both, facts, heading, label, parallel, signatures, titles


@dataclass(frozen=True)
class PaymentLine:
    """One payment handed over (or a reversal of one), formatted."""

    paid_on: str
    paid_to: str  # who took it (name, original script, birth, document: one a line) when several people did, else ""
    method: tuple[str, ...]  # the method in each language of the document
    reference: str
    amount: str


@dataclass(frozen=True)
class AllowanceReceiptSnapshot:
    """The receipt as it will print; every amount and date already formatted."""

    frame: PageFrame
    texts: tuple[Wording, ...]  # office language first, then the recipient's when different
    recipient: tuple[tuple[str, str], ...]  # (label key, value): the person paid (when one), the case number
    allowance: tuple[tuple[str, str], ...]  # (label key, value): project, entitlement, ...
    payments: tuple[PaymentLine, ...]
    total: str
    signatories: tuple[Signatory, ...]
    place: str

    @property
    def split(self) -> bool:
        """Whether the allowance was paid to more than one person: the lines then say who took each."""
        return any(p.paid_to for p in self.payments)

    @property
    def bilingual(self) -> bool:
        """Whether a second language is printed beside the office language."""
        return len(self.texts) > 1


def _payments(snapshot: AllowanceReceiptSnapshot):
    t = snapshot.texts
    keys: tuple[str, ...]
    rows: list[tuple[object, ...]]
    if snapshot.split:  # each line says who took it
        keys, weights = ("paid_on", "paid_to", "method", "reference", "amount"), [1.75, 2.3, 1.9, 1.05, 1.3]
        rows = [(p.paid_on, p.paid_to, both(p.method), p.reference, amount(p.amount)) for p in snapshot.payments]
        rows.append(("", "", label(t, "total", "cell_head"), "", amount(snapshot.total, total=True)))
    else:  # one recipient, named above and signing below: the columns it always had, and one page
        keys, weights = ("paid_on", "method", "reference", "amount"), [1.75, 2.25, 1.5, 1.5]
        rows = [(p.paid_on, both(p.method), p.reference, amount(p.amount)) for p in snapshot.payments]
        rows.append(("", label(t, "total", "cell_head"), "", amount(snapshot.total, total=True)))
    return data_table([label(t, k, "cell_head_amount" if k == "amount" else "cell_head") for k in keys], rows, weights)


def render(snapshot: AllowanceReceiptSnapshot) -> RenderedDocument:
    """The receipt as PDF."""
    t = snapshot.texts
    # Paid to several people, the payments name them and the facts are the case's only: no "Recipient" heading.
    story = titles(t) + [Spacer(0, 1 * mm)] + ([] if snapshot.split else [heading(t, "recipient")])
    story.append(facts(t, snapshot.recipient + snapshot.allowance))
    story += [heading(t, "payments")]
    story.append(_payments(snapshot) if snapshot.payments else para(t[0].labels["no_payments"], "body"))
    story += [Spacer(0, 5 * mm), parallel(t)]
    story.append(KeepTogether([Spacer(0, 8 * mm), signatures(t, snapshot.signatories, snapshot.place)]))
    return build_pdf(snapshot.frame, story)
