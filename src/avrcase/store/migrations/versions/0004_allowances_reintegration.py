"""Projects, allowances, payments, reintegration plans and monitoring (issue #5).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 11:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('funder', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('per_adult_minor', sa.BigInteger(), nullable=False),
    sa.Column('per_child_minor', sa.BigInteger(), nullable=False),
    sa.Column('per_vulnerable_minor', sa.BigInteger(), nullable=False),
    sa.Column('household_cap_minor', sa.BigInteger(), nullable=True),
    sa.Column('reintegration_per_person_minor', sa.BigInteger(), nullable=True),
    sa.Column('reintegration_per_household_minor', sa.BigInteger(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects')),
    sa.UniqueConstraint('name', name=op.f('uq_projects_name'))
    )
    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_budget_lines_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines')),
    sa.UniqueConstraint('project_id', 'name', name='uq_budget_lines_project_name')
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index('ix_budget_lines_project_kind', ['project_id', 'kind'], unique=False)

    op.create_table('allowance_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('budget_line_id', sa.Integer(), nullable=True),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('paid_by_id', sa.Integer(), nullable=True),
    sa.Column('receipt_signed', sa.Boolean(), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['budget_line_id'], ['budget_lines.id'], name=op.f('fk_allowance_payments_budget_line_id_budget_lines')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_allowance_payments_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_allowance_payments_created_by_id_users')),
    sa.ForeignKeyConstraint(['paid_by_id'], ['users.id'], name=op.f('fk_allowance_payments_paid_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_allowance_payments_project_id_projects')),
    sa.ForeignKeyConstraint(['reverses_id'], ['allowance_payments.id'], name=op.f('fk_allowance_payments_reverses_id_allowance_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_payments'))
    )
    with op.batch_alter_table('allowance_payments', schema=None) as batch_op:
        batch_op.create_index('ix_allowance_payments_budget_line_id', ['budget_line_id'], unique=False)
        batch_op.create_index('ix_allowance_payments_case_id', ['case_id'], unique=False)
        batch_op.create_index('ix_allowance_payments_status_planned', ['status', 'planned_on'], unique=False)

    op.create_table('entitlement_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('approved', sa.Boolean(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_entitlement_overrides_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_entitlement_overrides_decided_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_entitlement_overrides_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entitlement_overrides'))
    )
    with op.batch_alter_table('entitlement_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entitlement_overrides_case_id'), ['case_id'], unique=False)

    op.create_table('monitoring_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('contacted_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('conducted_by', sa.String(length=200), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_monitoring_contacts_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_monitoring_contacts_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_contacts'))
    )
    with op.batch_alter_table('monitoring_contacts', schema=None) as batch_op:
        batch_op.create_index('ix_monitoring_contacts_case_on', ['case_id', 'contacted_on'], unique=False)

    op.create_table('needs_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('economic_need', sa.String(length=10), nullable=False),
    sa.Column('social_need', sa.String(length=10), nullable=False),
    sa.Column('psychosocial_need', sa.String(length=10), nullable=False),
    sa.Column('economic_notes', sa.Text(), nullable=False),
    sa.Column('social_notes', sa.Text(), nullable=False),
    sa.Column('psychosocial_notes', sa.Text(), nullable=False),
    sa.Column('skills', sa.Text(), nullable=False),
    sa.Column('plans', sa.Text(), nullable=False),
    sa.Column('referral_needs', sa.String(length=400), nullable=False),
    sa.Column('referral_notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['users.id'], name=op.f('fk_needs_assessments_assessed_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_needs_assessments_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_assessments')),
    sa.UniqueConstraint('case_id', name=op.f('uq_needs_assessments_case_id'))
    )
    op.create_table('project_cases',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_project_cases_assigned_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_project_cases_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_cases_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_project_cases'))
    )
    with op.batch_alter_table('project_cases', schema=None) as batch_op:
        batch_op.create_index('ix_project_cases_project_id', ['project_id'], unique=False)

    op.create_table('reintegration_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('budget_line_id', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['budget_line_id'], ['budget_lines.id'], name=op.f('fk_reintegration_plans_budget_line_id_budget_lines')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_reintegration_plans_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_reintegration_plans_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reintegration_plans')),
    sa.UniqueConstraint('case_id', name=op.f('uq_reintegration_plans_case_id'))
    )
    op.create_table('sustainability_surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('surveyed_on', sa.Date(), nullable=False),
    sa.Column('definition_name', sa.String(length=200), nullable=False),
    sa.Column('economic', sa.Float(), nullable=True),
    sa.Column('social', sa.Float(), nullable=True),
    sa.Column('psychosocial', sa.Float(), nullable=True),
    sa.Column('composite', sa.Float(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_sustainability_surveys_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_sustainability_surveys_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sustainability_surveys'))
    )
    with op.batch_alter_table('sustainability_surveys', schema=None) as batch_op:
        batch_op.create_index('ix_sustainability_surveys_case_on', ['case_id', 'surveyed_on'], unique=False)

    op.create_table('plan_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('drafted_on', sa.Date(), nullable=False),
    sa.Column('drafted_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_plan_revisions_approved_by_id_users')),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['users.id'], name=op.f('fk_plan_revisions_drafted_by_id_users')),
    sa.ForeignKeyConstraint(['plan_id'], ['reintegration_plans.id'], name=op.f('fk_plan_revisions_plan_id_reintegration_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_revisions')),
    sa.UniqueConstraint('plan_id', 'number', name='uq_plan_revisions_plan_number')
    )
    op.create_table('survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=60), nullable=False),
    sa.Column('answer', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['sustainability_surveys.id'], name=op.f('fk_survey_answers_survey_id_sustainability_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answers')),
    sa.UniqueConstraint('survey_id', 'indicator', name='uq_survey_answers_survey_indicator')
    )
    op.create_table('plan_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('modality', sa.String(length=10), nullable=False),
    sa.Column('estimated_minor', sa.BigInteger(), nullable=False),
    sa.Column('actual_minor', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('verified_on', sa.Date(), nullable=True),
    sa.Column('proof_attachment_id', sa.Integer(), nullable=True),
    sa.Column('proof_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['proof_attachment_id'], ['attachments.id'], name=op.f('fk_plan_items_proof_attachment_id_attachments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revision_id'], ['plan_revisions.id'], name=op.f('fk_plan_items_revision_id_plan_revisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_items')),
    sa.UniqueConstraint('revision_id', 'key', name='uq_plan_items_revision_key')
    )
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.create_index('ix_plan_items_status_due', ['status', 'due_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_items_status_due')

    op.drop_table('plan_items')
    op.drop_table('survey_answers')
    op.drop_table('plan_revisions')
    with op.batch_alter_table('sustainability_surveys', schema=None) as batch_op:
        batch_op.drop_index('ix_sustainability_surveys_case_on')

    op.drop_table('sustainability_surveys')
    op.drop_table('reintegration_plans')
    with op.batch_alter_table('project_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_project_cases_project_id')

    op.drop_table('project_cases')
    op.drop_table('needs_assessments')
    with op.batch_alter_table('monitoring_contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_contacts_case_on')

    op.drop_table('monitoring_contacts')
    with op.batch_alter_table('entitlement_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entitlement_overrides_case_id'))

    op.drop_table('entitlement_overrides')
    with op.batch_alter_table('allowance_payments', schema=None) as batch_op:
        batch_op.drop_index('ix_allowance_payments_status_planned')
        batch_op.drop_index('ix_allowance_payments_case_id')
        batch_op.drop_index('ix_allowance_payments_budget_line_id')

    op.drop_table('allowance_payments')
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_budget_lines_project_kind')

    op.drop_table('budget_lines')
    op.drop_table('projects')
