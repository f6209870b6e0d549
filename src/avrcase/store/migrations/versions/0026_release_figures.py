"""The release register keeps the figures each release showed (session 28's attack).

Until now the register kept which cells of a table were hidden, and a later release counted the earlier tables as
they stand today: a departure recorded late (into a period already published) changed a published total by two,
and the next release of that period gave those two returnees away by difference. ``figures`` holds the JSON list of
the table's figures in table order (``null`` where hidden; for a record-level file, its returnees by month): counts
of codes, never a person. Rows written before this migration have none (``NULL``) and are counted as before.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 19:30:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('statistics_releases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('statistics_releases', schema=None) as batch_op:
        batch_op.drop_column('figures')
