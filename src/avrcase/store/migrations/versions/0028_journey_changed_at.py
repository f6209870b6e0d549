"""Itineraries remember when the journey a travel paper prints last changed (fix-journey).

A flight moved after the travel plan or the letter of introduction was printed left nothing to show that the
printed paper was out of date, and staff handed a returnee a plan with the old flight. ``journey_changed_at`` is the
instant (UTC) the printed journey last changed: its legs, times, flights, bookings and tickets, who travels, the
assistance and escorts on the way, the carrier's needs, the transport onward. A paper issued before it is out of
date. Itineraries stored before this migration have none (``NULL``): their papers are not flagged, since nobody
knows whether they changed after printing.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-08 00:30:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('itineraries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('journey_changed_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('itineraries', schema=None) as batch_op:
        batch_op.drop_column('journey_changed_at')
