"""On PostgreSQL, the columns of a case that the dashboard's figures read, in an index by case id (issue #14).

The returns by country and the days from registration to departure look up a year's 16,000 departed cases for
their country of return or registration day. PostgreSQL read the whole ``cases`` table for it (11,184 pages at
100,000 cases: the search text and the rest of each row come with it, 30-35 ms of the server's CPU for each of
the two figures); from this index (``id`` with the few columns the figures read, 549 pages) it reads only the
index (a figure in half the time). SQLite keeps its table ordered by id already and gets nothing.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 16:10:00
"""
from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

#: The index, and the columns it carries beside the id (``store.server_indexes``).
INDEX = 'ix_cases_figures'
CARRIED = ['registered_on', 'country_of_return', 'stage', 'principal_id', 'project']


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index(INDEX, 'cases', ['id'], postgresql_include=CARRIED)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index(INDEX, table_name='cases')
