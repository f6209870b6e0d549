"""Departures in a period found by index (issue #14): the statistics and the dashboard read confirmed
departures by ``itineraries.departed_on`` and moves to "departed" by ``stage_changes (to_stage, changed_at)``;
both scanned their whole table before.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 18:10:00
"""
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_itineraries_departed_on', 'itineraries', ['departed_on'])
    op.create_index('ix_stage_changes_to_stage_changed_at', 'stage_changes', ['to_stage', 'changed_at'])


def downgrade() -> None:
    op.drop_index('ix_stage_changes_to_stage_changed_at', table_name='stage_changes')
    op.drop_index('ix_itineraries_departed_on', table_name='itineraries')
