"""Seals on the audit trail (issue #21): the last entry a writer appended in a transaction carries an
HMAC of its hash under the writing computer's audit key, and that key's id; neither is part of the chain.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 05:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seal', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('seal_key', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('seal_key')
        batch_op.drop_column('seal')
