"""An allowance payment names who it was paid to: one person of the case's household (fix-paidto).

Until now a payment belonged to the household only, and the receipt named the principal applicant as the one
who received the money and signed. Existing payments (reversals too) are set to the case's principal applicant,
so the store says what the receipts already issued and signed say; the column stays nullable for the rows of a
case whose principal could not be found (none in a consistent store).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-08 00:40:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('allowance_payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paid_to_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_allowance_payments_paid_to_id_persons'), 'persons', ['paid_to_id'],
                                    ['id'])
        batch_op.create_index('ix_allowance_payments_paid_to_id', ['paid_to_id'], unique=False)
    op.execute("UPDATE allowance_payments SET paid_to_id = "
               "(SELECT principal_id FROM cases WHERE cases.id = allowance_payments.case_id)")


def downgrade() -> None:
    with op.batch_alter_table('allowance_payments', schema=None) as batch_op:
        batch_op.drop_index('ix_allowance_payments_paid_to_id')
        batch_op.drop_constraint(op.f('fk_allowance_payments_paid_to_id_persons'), type_='foreignkey')
        batch_op.drop_column('paid_to_id')
