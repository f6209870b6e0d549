"""Reintegration plans: item statuses, the cap, manager approval and revisions that keep history."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.errors import ValidationError
from avrcase.domain.money import Money
from avrcase.domain.reintegration import (
    ITEM_TRANSITIONS,
    ItemCategory,
    ItemStatus,
    Modality,
    PlanItem,
    ReintegrationCap,
    ReintegrationPlan,
    approve_plan,
    cap_excess,
    check_plan_total,
    edit_draft,
    move_item,
    move_plan_item,
    plan_total,
    revise_plan,
)

DAY = dt.date(2026, 11, 23)
CAP = ReintegrationCap(per_person=Money(1500, "EUR"), per_household=Money(4000, "EUR"))


def eur(value) -> Money:
    return Money(str(value), "EUR")


def item(key="shop", cost=1000, **kwargs) -> PlanItem:
    defaults = dict(
        category=ItemCategory.MICRO_BUSINESS, description=f"Support: {key}", provider="Partner NGO",
        estimated_cost=eur(cost),
    )
    defaults.update(kwargs)
    return PlanItem(key, **defaults)


def approved_plan(*items: PlanItem) -> ReintegrationPlan:
    plan = ReintegrationPlan.draft(items or (item(),), "EUR", DAY)
    return approve_plan(plan, DAY, by_manager=True, cap=CAP, persons=1)


def test_item_moves_follow_the_allowed_path():
    assert ITEM_TRANSITIONS[ItemStatus.PLANNED] == (ItemStatus.APPROVED, ItemStatus.CANCELLED)
    with pytest.raises(ValidationError, match="“Planned” cannot become “Delivered”"):
        move_item(item(), ItemStatus.DELIVERED, on=DAY, actual_cost=eur(900))
    approved = move_item(item(), ItemStatus.APPROVED, on=DAY)
    delivered = move_item(approved, ItemStatus.DELIVERED, on=DAY + dt.timedelta(days=30), actual_cost=eur(950))
    assert delivered.cost == eur(950) and delivered.delivered_on == DAY + dt.timedelta(days=30)
    verified = move_item(delivered, ItemStatus.VERIFIED, on=DAY + dt.timedelta(days=40), proof="invoice 17")
    assert verified.status is ItemStatus.VERIFIED and verified.proof == "invoice 17"
    with pytest.raises(ValidationError):
        move_item(verified, ItemStatus.CANCELLED, on=DAY)


def test_delivery_needs_the_actual_cost_and_verification_needs_proof_in_order():
    approved = move_item(item(), ItemStatus.APPROVED, on=DAY)
    with pytest.raises(ValidationError) as err:
        move_item(approved, ItemStatus.DELIVERED, on=DAY - dt.timedelta(days=1))
    assert set(err.value.errors) == {"actual_cost", "delivered_on"}
    delivered = move_item(approved, ItemStatus.DELIVERED, on=DAY, actual_cost=eur(10))
    with pytest.raises(ValidationError) as err:
        move_item(delivered, ItemStatus.VERIFIED, on=DAY - dt.timedelta(days=1), proof=" ")
    assert set(err.value.errors) == {"proof", "verified_on"}


def test_cap_is_the_lower_of_per_person_times_size_and_household():
    assert CAP.limit(1) == eur(1500)
    assert CAP.limit(2) == eur(3000)
    assert CAP.limit(5) == eur(4000)
    assert ReintegrationCap().limit(3) is None


def test_plan_above_the_cap_is_refused_with_the_numbers():
    items = [item("shop", 1200), item("course", 500, category=ItemCategory.VOCATIONAL_TRAINING)]
    with pytest.raises(ValidationError) as err:
        check_plan_total(items, "EUR", CAP, persons=1)
    assert err.value.errors["items"] == (
        "The plan's total of €1,700.00 is €200.00 above its cap of €1,500.00 (1 person × €1,500.00)."
    )
    with pytest.raises(ValidationError, match="household cap"):
        check_plan_total([item(cost=4500)], "EUR", CAP, persons=4)
    check_plan_total(items, "EUR", CAP, persons=2)


def test_a_delivery_above_the_estimate_can_push_an_approved_plan_over_its_cap():
    plan = approved_plan(item("shop", 1500))
    assert not cap_excess(plan.current.items, "EUR", CAP, 1)
    plan = move_plan_item(plan, "shop", ItemStatus.DELIVERED, on=DAY, actual_cost=eur(1620))
    assert cap_excess(plan.current.items, "EUR", CAP, 1) == eur(120)


def test_cancelled_items_do_not_count_and_delivered_items_count_at_actual_cost():
    cancelled = replace(item("a", 700), status=ItemStatus.CANCELLED)
    delivered = replace(item("b", 700), status=ItemStatus.DELIVERED, actual_cost=eur(650))
    assert plan_total([cancelled, delivered, item("c", 100)], "EUR") == eur(750)


def test_approval_needs_a_manager_items_and_the_cap():
    plan = ReintegrationPlan.draft([item(cost=2000)], "EUR", DAY)
    with pytest.raises(ValidationError) as err:
        approve_plan(plan, DAY, by_manager=False, cap=CAP, persons=1)
    assert set(err.value.errors) == {"approved_by", "items"}
    empty = ReintegrationPlan.draft([], "EUR", DAY)
    with pytest.raises(ValidationError, match="at least one item"):
        approve_plan(empty, DAY, by_manager=True, cap=CAP, persons=1)
    approved = approve_plan(plan, DAY, by_manager=True, cap=CAP, persons=2)
    assert approved.current.is_approved and approved.item("shop").status is ItemStatus.APPROVED
    with pytest.raises(ValidationError, match="already approved"):
        approve_plan(approved, DAY, by_manager=True, cap=CAP, persons=2)


def test_draft_items_are_checked_and_an_approved_plan_is_not_edited():
    with pytest.raises(ValidationError) as err:
        ReintegrationPlan.draft([item("a", description=" "), item("b", estimated_cost=Money(5, "USD"))], "EUR", DAY)
    assert set(err.value.errors) == {"items.0.description", "items.1.estimated_cost"}
    with pytest.raises(ValidationError, match="same identifier"):
        ReintegrationPlan.draft([item("a"), item("a")], "EUR", DAY)
    with pytest.raises(ValidationError, match="revise it"):
        edit_draft(approved_plan(), [item()])


def test_an_edit_cannot_skip_the_statuses():
    plan = ReintegrationPlan.draft([item()], "EUR", DAY)
    edited = edit_draft(plan, [replace(item(), status=ItemStatus.VERIFIED), item("new", 200)])
    assert [i.status for i in edited.current.items] == [ItemStatus.PLANNED, ItemStatus.PLANNED]
    assert len(edited.revisions) == 1


def test_revision_keeps_history_and_protects_what_was_delivered():
    plan = approved_plan(item("shop", 800), item("rent", 300, category=ItemCategory.HOUSING))
    plan = move_plan_item(plan, "shop", ItemStatus.DELIVERED, on=DAY, actual_cost=eur(790))
    with pytest.raises(ValidationError, match="already delivered"):
        revise_plan(plan, [item("rent", 300, category=ItemCategory.HOUSING)], "shop closed", DAY)
    with pytest.raises(ValidationError, match="say why"):
        revise_plan(plan, plan.current.items, " ", DAY)

    revised = revise_plan(plan, [plan.item("shop"), item("rent", 450, category=ItemCategory.HOUSING)], "rent rose", DAY)
    assert [r.number for r in revised.revisions] == [1, 2]
    assert revised.revisions[0] == plan.current  # what was agreed stays as it was
    assert revised.in_force == plan.current and not revised.current.is_approved
    assert revised.item("shop").status is ItemStatus.DELIVERED
    assert revised.item("rent").status is ItemStatus.PLANNED and revised.total == eur(1240)

    reapproved = approve_plan(revised, DAY, by_manager=True, cap=CAP, persons=1)
    assert reapproved.in_force == reapproved.current and reapproved.item("rent").status is ItemStatus.APPROVED


def test_revising_a_draft_is_refused():
    with pytest.raises(ValidationError, match="not approved yet"):
        revise_plan(ReintegrationPlan.draft([item()], "EUR", DAY), [item()], "why", DAY)


def test_plan_is_verified_when_every_remaining_item_is_verified():
    plan = approved_plan(item("a", 100), item("b", 100))
    plan = move_plan_item(plan, "b", ItemStatus.CANCELLED, on=DAY)
    assert not plan.is_verified
    plan = move_plan_item(plan, "a", ItemStatus.DELIVERED, on=DAY, actual_cost=eur(100))
    plan = move_plan_item(plan, "a", ItemStatus.VERIFIED, on=DAY, proof="photo")
    assert plan.is_verified
    with pytest.raises(ValidationError, match="approves the plan"):
        move_plan_item(plan, "b", ItemStatus.APPROVED, on=DAY)
    with pytest.raises(ValidationError, match="no such item"):
        move_plan_item(plan, "zzz", ItemStatus.CANCELLED, on=DAY)


# No deadline: a slow CI machine must not turn a correct example into a failure.
@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=6), st.integers(1, 6))
def test_an_approved_plan_is_always_within_its_cap(costs, persons):
    items = [item(f"i{n}", cost, modality=Modality.CASH) for n, cost in enumerate(costs)]
    plan = ReintegrationPlan.draft(items, "EUR", DAY)
    try:
        approved = approve_plan(plan, DAY, by_manager=True, cap=CAP, persons=persons)
    except ValidationError:
        assert plan.total > CAP.limit(persons)
    else:
        assert approved.total <= CAP.limit(persons)
