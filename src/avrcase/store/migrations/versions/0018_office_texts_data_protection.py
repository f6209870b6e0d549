"""The office's data-protection texts per language (issue #15): the controller, the DPO's address, the
recipients, the sharing recipients and the supervisory authority, as a declaration in that language prints
them.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 02:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

COLUMNS = ('controller_name', 'dpo_address', 'data_recipients', 'sharing_recipients', 'supervisory_authority')


def upgrade() -> None:
    with op.batch_alter_table('office_language_texts', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('office_language_texts', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
