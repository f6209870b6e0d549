"""One clock (issue #12): the office's time zone, which decides what day "today" is.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 15:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('office_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=False,
                                      server_default='Europe/Vilnius'))


def downgrade() -> None:
    with op.batch_alter_table('office_profile', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
