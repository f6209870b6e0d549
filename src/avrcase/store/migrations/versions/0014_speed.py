"""Speed at 100,000 cases (issue #14): folded sort key on cases, follow-up index, trigram search index.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 15:20:00
"""
from alembic import op
import sqlalchemy as sa

from avrcase.domain.names import sort_name
from avrcase.store import search_index


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    op.add_column('cases', sa.Column('sort_name', sa.String(length=200), nullable=False, server_default=''))
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT cases.id, persons.family_name, persons.given_names FROM cases "
        "JOIN persons ON persons.id = cases.principal_id")).fetchall()
    values = [{"id": r[0], "sort_name": sort_name(r[1], r[2])} for r in rows]
    for start in range(0, len(values), _BATCH):
        connection.execute(sa.text("UPDATE cases SET sort_name = :sort_name WHERE id = :id"),
                           values[start:start + _BATCH])
    op.create_index('ix_cases_sort_name', 'cases', ['sort_name', 'id'])
    op.create_index('ix_cases_stage_sort_name', 'cases', ['stage', 'sort_name', 'id'])
    op.create_index('ix_follow_ups_consultation_id', 'follow_ups', ['consultation_id'])
    search_index.create(connection)


def downgrade() -> None:
    search_index.drop(op.get_bind())
    op.drop_index('ix_follow_ups_consultation_id', table_name='follow_ups')
    op.drop_index('ix_cases_stage_sort_name', table_name='cases')
    op.drop_index('ix_cases_sort_name', table_name='cases')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('sort_name')
