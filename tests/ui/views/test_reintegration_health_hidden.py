"""The Reintegration tab shows the needs assessment's health information (psychosocial notes, referrals to health
services) only to roles that may see medical details; the others read "hidden for your role" in its place."""

from __future__ import annotations

from avrcase.domain.codes import StaffRole
from avrcase.domain.finance_codes import NeedLevel, Referral
from avrcase.services.finance.dto import NeedsAssessmentForm
from avrcase.services.reintegration import plans as reintegration
from avrcase.ui.views.reintegration_tab import ReintegrationTab
from tests.support.clock import FIXED_TODAY
from tests.ui.finance_setup import manager, officer, project, returnee  # noqa: F401 - fixtures

NOTES = "Stress after return and sleeps badly"


def test_finance_officer_and_manager_read_hidden_for_your_role_instead_of_psychosocial_notes(
        qtbot, returnee, ops, officer, manager, actor_as, bus):
    """A finance officer and a manager read the returnee's psychosocial notes and mental-health referral."""
    ops.actor = officer
    ops.write(reintegration.save_needs_assessment, returnee.id, NeedsAssessmentForm(
        FIXED_TODAY, NeedLevel.HIGH, NeedLevel.LOW, NeedLevel.HIGH, economic_notes="No income since return",
        psychosocial_notes=NOTES, referral_needs=(Referral.MENTAL_HEALTH, Referral.EMPLOYMENT)))
    for reader, sees in ((officer, True), (actor_as(StaffRole.FINANCE_OFFICER), False), (manager, False)):
        ops.actor = reader
        tab = ReintegrationTab(ops, bus, returnee.id, returnee.case_number)
        qtbot.addWidget(tab)
        tab.show()
        text = tab.plan_panel.needs.text()
        assert "No income since return" in text and "Employment services" in text
        assert (NOTES in text, "Mental health" in text, "hidden for your role" in text) == (sees, sees, not sees), \
            reader.role
