"""Demo data only where it belongs (issue #12): a store records whether it was created as a demo store.

A store made before this revision is a demo store only when the demo "counsellor" account still opens
with its documented password; any other store with accounts is a real office store. A store nobody has
set up yet (no account can sign in) gets no row: its first run decides.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 15:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def _was_demo(connection) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    stored = connection.execute(sa.text(
        "SELECT password_hash FROM users WHERE username = 'counsellor' AND active = :yes"), {"yes": True}).scalar()
    if not stored:
        return False
    try:
        return PasswordHasher().verify(stored, "counsellor-demo-password")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def upgrade() -> None:
    store_info = op.create_table(
        'store_info',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('demo', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_store_info')),
    )
    connection = op.get_bind()
    set_up = connection.execute(sa.text("SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL")).scalar()
    if set_up:
        # When such a store was created is not known: created_at stays empty.
        op.bulk_insert(store_info, [{"id": 1, "demo": _was_demo(connection), "created_at": None}])


def downgrade() -> None:
    op.drop_table('store_info')
