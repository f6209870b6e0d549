"""Attachments carry a sensitive flag; those stored before it are sensitive.

Until 7 December 2026 a scan attached to a case (a signed letter, a passport copy, a medical certificate, a
psychosocial report) opened for every role that reads cases: a finance officer or a manager opened a medical
certificate from the case file. Since then whoever attaches a scan says whether it holds health or other sensitive
data, and a sensitive one opens only for roles that may see medical details (``services.documents.register``).
A stored attachment has no kind, only the file name and description typed by whoever added it, which do not tell a
medical certificate from a signed letter ("scan-0001.pdf"), so every stored attachment is marked sensitive: the roles
that see health data still open them all, and one of them can mark a scan that holds none as not sensitive.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 09:30:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attachments') as batch_op:
        batch_op.add_column(sa.Column('sensitive', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('attachments') as batch_op:
        batch_op.drop_column('sensitive')
