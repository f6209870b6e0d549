"""Data-protection duties (issue #7): the office's retention period for closed cases.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 13:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('office_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_years', sa.Integer(), nullable=False, server_default='10'))


def downgrade() -> None:
    with op.batch_alter_table('office_profile', schema=None) as batch_op:
        batch_op.drop_column('retention_years')
