"""Backups (issue #17): the office's backup folder, its rotation and the age that raises a warning.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 15:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('office_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('backup_folder', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('backup_keep_daily', sa.Integer(), nullable=False, server_default='7'))
        batch_op.add_column(sa.Column('backup_keep_weekly', sa.Integer(), nullable=False, server_default='4'))
        batch_op.add_column(sa.Column('backup_keep_monthly', sa.Integer(), nullable=False, server_default='12'))
        batch_op.add_column(sa.Column('backup_max_age_days', sa.Integer(), nullable=False, server_default='2'))


def downgrade() -> None:
    with op.batch_alter_table('office_profile', schema=None) as batch_op:
        for name in ('backup_max_age_days', 'backup_keep_monthly', 'backup_keep_weekly', 'backup_keep_daily',
                     'backup_folder'):
            batch_op.drop_column(name)
