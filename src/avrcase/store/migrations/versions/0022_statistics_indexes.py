"""Indexes for the dashboard's figures of a period (issue #14).

- Consultations by day (``held_at, case_id``): the consultations of a period were counted by reading every
  consultation of the store (59 ms for a year at 100,000 cases; 6 ms from this index).
- Confirmed departures (``itineraries (departed_on, case_id)`` in place of ``(departed_on)``) and moves to
  "departed" (``stage_changes (to_stage, changed_at, case_id)`` in place of ``(to_stage, changed_at)``) with
  their cases, from the indexes alone: three of the dashboard's figures read a year's departures (50 → 18 ms).
- Reintegration items delivered (``plan_items (status, delivered_on)``) and allowances paid
  (``allowance_payments (status, paid_on)``) in a period, not every delivered item or paid allowance.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 02:00:00
"""
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_consultations_held_case', 'consultations', ['held_at', 'case_id'])
    op.create_index('ix_itineraries_departed_case', 'itineraries', ['departed_on', 'case_id'])
    op.drop_index('ix_itineraries_departed_on', table_name='itineraries')
    op.create_index('ix_stage_changes_to_stage_changed_case', 'stage_changes', ['to_stage', 'changed_at', 'case_id'])
    op.drop_index('ix_stage_changes_to_stage_changed_at', table_name='stage_changes')
    op.create_index('ix_plan_items_status_delivered', 'plan_items', ['status', 'delivered_on'])
    op.create_index('ix_allowance_payments_status_paid', 'allowance_payments', ['status', 'paid_on'])


def downgrade() -> None:
    op.drop_index('ix_allowance_payments_status_paid', table_name='allowance_payments')
    op.drop_index('ix_plan_items_status_delivered', table_name='plan_items')
    op.create_index('ix_stage_changes_to_stage_changed_at', 'stage_changes', ['to_stage', 'changed_at'])
    op.drop_index('ix_stage_changes_to_stage_changed_case', table_name='stage_changes')
    op.create_index('ix_itineraries_departed_on', 'itineraries', ['departed_on'])
    op.drop_index('ix_itineraries_departed_case', table_name='itineraries')
    op.drop_index('ix_consultations_held_case', table_name='consultations')
