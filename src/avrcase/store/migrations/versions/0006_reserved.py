"""Released empty: stores are stamped with this revision, so it must stay empty for ever.

Never fill it in (a store already at 0006 would never run what was added): a schema change is always a
new migration after the head. ``tests/services/test_store_fixtures.py`` freezes this file.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 13:15:00
"""


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
