"""Three indexes for issue #14.

- Cases by project: the dashboard's project filter lists the projects cases are registered under, which read
  every case (30 ms at 100,000 cases) each time a manager's home page opened.
- A person's name keys from the index alone (``person_id, key`` in place of ``person_id``): a search word's
  spelling-alike lookup reads the keys of every person sharing its consonant skeleton (1,683 people for
  "Khutsishvili" at 100,000 cases), one table row each before.
- A person's cases from the index alone (``person_id, case_id`` in place of ``person_id``): every name-key
  condition of a search goes from keys to people to their cases.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 23:30:00
"""
from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_cases_project', 'cases', ['project'])
    op.create_index('ix_person_name_keys_person_key', 'person_name_keys', ['person_id', 'key'])
    op.drop_index('ix_person_name_keys_person_id', table_name='person_name_keys')
    op.create_index('ix_case_members_person_case', 'case_members', ['person_id', 'case_id'])
    op.drop_index('ix_case_members_person_id', table_name='case_members')


def downgrade() -> None:
    op.create_index('ix_case_members_person_id', 'case_members', ['person_id'])
    op.drop_index('ix_case_members_person_case', table_name='case_members')
    op.create_index('ix_person_name_keys_person_id', 'person_name_keys', ['person_id'])
    op.drop_index('ix_person_name_keys_person_key', table_name='person_name_keys')
    op.drop_index('ix_cases_project', table_name='cases')
