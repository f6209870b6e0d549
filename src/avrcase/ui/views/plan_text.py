"""What the Reintegration tab says about a plan in words and colour: the approval question, each item's
progress, the columns of the plan's items, the needs assessment and the plan's state with its total against
the cap (``reintegration_tab.py`` shows them).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from avrcase.domain.reintegration import ItemStatus
from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import format_date, format_money
from avrcase.services.finance.dto import NeedsAssessmentDetail, PlanDetail, PlanItemRow
from avrcase.ui import palette
from avrcase.ui.dialogs.needs_assessment_dialog import DIMENSIONS
from avrcase.ui.models.row_table import MUTED, Column


def approval_question(plan: PlanDetail, today: dt.date, assessed: bool = True) -> str:
    """What approving commits: the amount, the case's move to reintegration, delivery dates already past, and
    (``assessed`` False) that no needs assessment is recorded, though the plan and its printout say it rests on one."""
    live = [item for item in plan.items if item.status is not ItemStatus.CANCELLED]
    text = ngettext("Approving commits %(amount)s for %(n)d item of case %(case)s, and the case moves to "
                    "reintegration.", "Approving commits %(amount)s for %(n)d items of case %(case)s, and the case "
                    "moves to reintegration.", len(live)) % {
        "amount": format_money(plan.total.amount, plan.total.currency), "n": len(live), "case": plan.case_number}
    past = [item for item in live if item.due_on is not None and item.due_on < today]
    if past:
        text += "\n\n" + ngettext("The delivery date of %(n)d item is already past: %(items)s.",
                                   "The delivery dates of %(n)d items are already past: %(items)s.", len(past)) % {
            "n": len(past), "items": "; ".join(
                _("%(item)s (%(date)s)") % {"item": item.description, "date": format_date(item.due_on)} for item in past)}
    if not assessed:
        text += "\n\n" + _("No needs assessment is recorded for this case, though the plan and its printout say "
                            "that it was drawn up on the basis of one. Ask the reintegration officer to record it first.")
    return text


def item_colour(item: PlanItemRow):
    return MUTED if item.status is ItemStatus.CANCELLED else None


def progress_text(item: PlanItemRow) -> str:
    steps = [(_("approved %(date)s"), item.approved_on), (_("delivered %(date)s"), item.delivered_on),
             (_("verified %(date)s"), item.verified_on)]
    return ", ".join(text % {"date": format_date(day)} for text, day in steps if day)


ITEM_COLUMNS = (
    Column(N_("Category"), lambda i: i.category.label, colour=item_colour),
    Column(N_("Support"), lambda i: i.description, colour=item_colour),
    Column(N_("Provider"), lambda i: i.provider, colour=item_colour),
    Column(N_("In kind or cash"), lambda i: i.modality.label, colour=item_colour),
    Column(N_("Estimated"), lambda i: i.estimated_cost.format(), sort=lambda i: i.estimated_cost.to_minor_units(),
           numeric=True, colour=item_colour),
    Column(N_("Actual"), lambda i: i.actual_cost.format() if i.actual_cost else "—",
           sort=lambda i: i.actual_cost.to_minor_units() if i.actual_cost else -1, numeric=True,
           colour=item_colour),
    Column(N_("Status"), lambda i: i.status.label, colour=item_colour,
           tooltip=lambda i: progress_text(i) or i.status.label),
    Column(N_("Deliver by"), lambda i: format_date(i.due_on), sort=lambda i: i.due_on.isoformat() if i.due_on else "",
           colour=item_colour),
)


def needs_html(assessment: NeedsAssessmentDetail | None) -> str:
    """The assessment in a few lines: the need per dimension with its notes, skills, plans, referrals."""
    if assessment is None:
        return escape(_("No needs assessment yet."))
    form = assessment.form
    # Health information (psychosocial notes, health referrals) left out for the reader's role, said so in place.
    withheld = escape(_("hidden for your role"))
    def hidden(where: str) -> str:
        return f" <i style='color:{palette.SECONDARY}'>{withheld}</i>" if where in assessment.health_hidden else ""
    rows = []
    for key, title, _hint in DIMENSIONS:
        level, notes = getattr(form, f"{key}_need"), getattr(form, f"{key}_notes")
        rows.append((_(title), f"<b>{escape(level.label)}</b> {escape(notes)}" + hidden(key)))
    referrals = "; ".join(r.label for r in form.referral_needs)
    rows += [(_("Skills"), escape(form.skills)), (_("Plans"), escape(form.plans)),
             (_("Refer to"), escape(referrals or ("" if hidden("referrals") else "—")) + hidden("referrals"))]
    head = escape(_("Assessed on %(date)s by %(who)s") % {"date": format_date(form.assessed_on),
                                                         "who": assessment.assessed_by})
    cells = "".join(f"<tr><td style='color:{palette.SECONDARY}; padding-right:{palette.CELL_GAP}px'>{escape(k)}</td>"
                    f"<td align='{palette.start_side()}'>{v or '—'}</td></tr>" for k, v in rows)
    return f"<p style='color:{palette.SECONDARY}'>{head}</p><table cellspacing='1'>{cells}</table>"


def plan_state_html(plan: PlanDetail | None) -> str:
    """Which revision is shown and where it stands, and its total against the cap (red above it)."""
    if plan is None:
        return escape(_("No plan yet. Add the first item to start a draft."))
    current = plan.current
    if current.approved_on is not None:
        state = _("Revision %(n)d, approved on %(date)s by %(who)s") % {
            "n": current.number, "date": format_date(current.approved_on), "who": current.approved_by}
    else:
        state = _("Revision %(n)d, a draft waiting for a manager's approval") % {"n": current.number}
    if current.reason:
        state += " — " + current.reason
    total, over = _("Total %(total)s (no cap)") % {"total": plan.total.format()}, False
    if plan.cap is not None:
        total = ngettext("Total %(total)s of the cap of %(cap)s for %(n)d person",
                         "Total %(total)s of the cap of %(cap)s for %(n)d persons", plan.persons) % {
            "total": plan.total.format(), "cap": plan.cap.format(), "n": plan.persons}
        over = plan.total > plan.cap
    colour = palette.ERROR if over else palette.DONE
    return f"{escape(state)}<br><b style='color:{colour}'>{escape(total)}</b>"
