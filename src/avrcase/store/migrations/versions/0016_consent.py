"""Data protection on the declaration (issue #15 item 5): controller, data-protection contact, recipients and
supervisory authority on the office profile; the optional sharing choice on the case; a person's patronymic.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 21:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

#: What a Lithuanian office names as the supervisory authority until it says otherwise.
_LITHUANIAN_AUTHORITY = "Valstybinė duomenų apsaugos inspekcija / State Data Protection Inspectorate"


def upgrade() -> None:
    op.add_column('office_profile', sa.Column('controller_name', sa.String(length=200), nullable=False, server_default=''))
    op.add_column('office_profile', sa.Column('dpo_email', sa.String(length=120), nullable=False, server_default=''))
    op.add_column('office_profile', sa.Column('dpo_address', sa.Text(), nullable=False, server_default=''))
    op.add_column('office_profile', sa.Column('supervisory_authority', sa.Text(), nullable=False,
                                              server_default=_LITHUANIAN_AUTHORITY))
    op.add_column('office_profile', sa.Column('data_recipients', sa.Text(), nullable=False, server_default=''))
    op.add_column('office_profile', sa.Column('sharing_recipients', sa.Text(), nullable=False, server_default=''))
    op.add_column('cases', sa.Column('consent_sharing', sa.Boolean(), nullable=True))
    op.add_column('persons', sa.Column('patronymic', sa.String(length=100), nullable=False, server_default=''))


def downgrade() -> None:
    # Without a batch rebuild of ``persons`` and ``cases`` (other tables refer to them, and a rebuild with
    # foreign keys on fails): SQLite 3.35+ drops a column itself.
    op.drop_column('persons', 'patronymic')
    op.drop_column('cases', 'consent_sharing')
    with op.batch_alter_table('office_profile', schema=None) as batch_op:
        for column in ('sharing_recipients', 'data_recipients', 'supervisory_authority', 'dpo_address', 'dpo_email',
                       'controller_name'):
            batch_op.drop_column(column)
