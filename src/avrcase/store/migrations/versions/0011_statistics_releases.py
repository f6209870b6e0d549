"""Statistics (issue #20): the release register of protected tables that left the office.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 15:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'statistics_releases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('release', sa.String(length=36), nullable=False),
        sa.Column('released_at', sa.DateTime(), nullable=False),
        sa.Column('released_by', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('measure', sa.String(length=24), nullable=False),
        sa.Column('dimensions', sa.String(length=200), nullable=False),
        sa.Column('date_from', sa.Date(), nullable=False),
        sa.Column('date_to', sa.Date(), nullable=False),
        sa.Column('project', sa.String(length=120), nullable=True),
        sa.Column('method', sa.String(length=32), nullable=False),
        sa.Column('min_cell', sa.Integer(), nullable=False),
        sa.Column('round5', sa.Boolean(), nullable=False),
        sa.Column('seed', sa.String(length=64), nullable=True),
        sa.Column('categories', sa.Text(), nullable=False),
        sa.Column('hidden', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics_releases')),
    )
    with op.batch_alter_table('statistics_releases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statistics_releases_release'), ['release'], unique=False)
        batch_op.create_index('ix_statistics_releases_measure_period', ['measure', 'date_from', 'date_to'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('statistics_releases', schema=None) as batch_op:
        batch_op.drop_index('ix_statistics_releases_measure_period')
        batch_op.drop_index(batch_op.f('ix_statistics_releases_release'))
    op.drop_table('statistics_releases')
