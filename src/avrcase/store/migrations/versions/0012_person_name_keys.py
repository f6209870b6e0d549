"""Name matching across scripts (issue #16): phonetic name keys per person, backfilled in batches.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 15:20:00
"""
import sqlalchemy as sa
from alembic import op

from avrcase.store.name_key_backfill import backfill_all

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'person_name_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_name_keys_person_id_persons'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_name_keys')),
    )
    with op.batch_alter_table('person_name_keys', schema=None) as batch_op:
        batch_op.create_index('ix_person_name_keys_key_person', ['key', 'person_id'], unique=False)
        batch_op.create_index('ix_person_name_keys_person_id', ['person_id'], unique=False)
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_keys_version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index('ix_persons_name_keys_version', ['name_keys_version'], unique=False)
    # Existing people get their keys (and look-alike-folded document numbers) in batches of 500.
    backfill_all(op.get_bind())


def downgrade() -> None:
    # The keys go first: rebuilding ``persons`` while they still refer to it fails with foreign keys on.
    with op.batch_alter_table('person_name_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_person_name_keys_person_id')
        batch_op.drop_index('ix_person_name_keys_key_person')
    op.drop_table('person_name_keys')
    # Without a batch rebuild of ``persons`` (other tables refer to it): SQLite 3.35+ drops a column itself.
    op.drop_index('ix_persons_name_keys_version', table_name='persons')
    op.drop_column('persons', 'name_keys_version')
