"""An office's own wording (issue #15 item 3): per-language letterhead texts, wording files and their
reviews in the store; the emergency phone on the office profile.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 21:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('office_profile', sa.Column('emergency_phone', sa.String(length=60), nullable=False, server_default=''))
    op.create_table(
        'office_language_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('office_name', sa.String(length=200), nullable=False),
        sa.Column('address', sa.Text(), nullable=False),
        sa.Column('footer_note', sa.Text(), nullable=False),
        sa.Column('emergency_phone', sa.String(length=60), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_office_language_texts')),
        sa.UniqueConstraint('language', name=op.f('uq_office_language_texts_language')),
    )
    op.create_table(
        'office_wordings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('content', sa.Text(), nullable=True),
        sa.Column('reviewed_by', sa.String(length=120), nullable=False),
        sa.Column('reviewed_on', sa.Date(), nullable=True),
        sa.Column('reviewed_sha256', sa.String(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_office_wordings')),
        sa.UniqueConstraint('kind', 'language', name=op.f('uq_office_wordings_kind')),
    )


def downgrade() -> None:
    op.drop_table('office_wordings')
    op.drop_table('office_language_texts')
    with op.batch_alter_table('office_profile', schema=None) as batch_op:
        batch_op.drop_column('emergency_phone')
