"""Initial case register schema: people, cases, households, stages, counselling.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:06:12.859605
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('case_sequences',
    sa.Column('office_code', sa.String(length=6), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('office_code', 'year', name=op.f('pk_case_sequences'))
    )
    op.create_table('office_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_code', sa.String(length=6), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('office_name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('website', sa.String(length=120), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('office_language', sa.String(length=10), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('footer_note', sa.Text(), nullable=False),
    sa.Column('logo_png', sa.LargeBinary(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_profile'))
    )
    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('given_names', sa.String(length=100), nullable=False),
    sa.Column('family_name_original', sa.String(length=100), nullable=False),
    sa.Column('given_names_original', sa.String(length=100), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('dob_estimated', sa.Boolean(), nullable=False),
    sa.Column('citizenship', sa.String(length=2), nullable=False),
    sa.Column('country_of_birth', sa.String(length=2), nullable=False),
    sa.Column('languages', sa.String(length=120), nullable=False),
    sa.Column('document_type', sa.String(length=32), nullable=False),
    sa.Column('document_number', sa.String(length=40), nullable=False),
    sa.Column('document_number_norm', sa.String(length=40), nullable=False),
    sa.Column('document_issuing_country', sa.String(length=2), nullable=False),
    sa.Column('document_expiry', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index('ix_persons_date_of_birth', ['date_of_birth'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_document_number_norm'), ['document_number_norm'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_number', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('principal_id', sa.Integer(), nullable=False),
    sa.Column('legal_status', sa.String(length=40), nullable=False),
    sa.Column('referral_source', sa.String(length=40), nullable=False),
    sa.Column('country_of_return', sa.String(length=2), nullable=False),
    sa.Column('final_destination', sa.String(length=200), nullable=False),
    sa.Column('counsellor_id', sa.Integer(), nullable=True),
    sa.Column('project', sa.String(length=120), nullable=False),
    sa.Column('return_decision_number', sa.String(length=60), nullable=False),
    sa.Column('return_decision_date', sa.Date(), nullable=True),
    sa.Column('approval_status', sa.String(length=20), nullable=False),
    sa.Column('approval_date', sa.Date(), nullable=True),
    sa.Column('approval_reference', sa.String(length=60), nullable=False),
    sa.Column('consent_given_on', sa.Date(), nullable=True),
    sa.Column('consent_given_by', sa.String(length=32), nullable=True),
    sa.Column('consent_legal_basis', sa.String(length=32), nullable=True),
    sa.Column('consent_shared_with', sa.String(length=400), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=False),
    sa.Column('closure_reason', sa.String(length=32), nullable=True),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('stage_changed_at', sa.DateTime(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counsellor_id'], ['users.id'], name=op.f('fk_cases_counsellor_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_cases_created_by_id_users')),
    sa.ForeignKeyConstraint(['principal_id'], ['persons.id'], name=op.f('fk_cases_principal_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('case_number', name=op.f('uq_cases_case_number'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_counsellor_id', ['counsellor_id'], unique=False)
        batch_op.create_index('ix_cases_country_of_return', ['country_of_return'], unique=False)
        batch_op.create_index('ix_cases_registered_on', ['registered_on'], unique=False)
        batch_op.create_index('ix_cases_stage_registered', ['stage', 'registered_on'], unique=False)

    op.create_table('case_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('relationship_to_principal', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_members_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_case_members_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_members')),
    sa.UniqueConstraint('case_id', 'person_id', name='uq_case_members_case_person')
    )
    with op.batch_alter_table('case_members', schema=None) as batch_op:
        batch_op.create_index('ix_case_members_person_id', ['person_id'], unique=False)

    op.create_table('case_vulnerabilities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_vulnerabilities_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_vulnerabilities')),
    sa.UniqueConstraint('case_id', 'code', name='uq_case_vulnerabilities_case_code')
    )
    with op.batch_alter_table('case_vulnerabilities', schema=None) as batch_op:
        batch_op.create_index('ix_case_vulnerabilities_code_case', ['code', 'case_id'], unique=False)

    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=False),
    sa.Column('counsellor_id', sa.Integer(), nullable=True),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('interpreter_name', sa.String(length=120), nullable=False),
    sa.Column('interpreter_language', sa.String(length=10), nullable=False),
    sa.Column('participants', sa.Text(), nullable=False),
    sa.Column('topics', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_consultations_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['counsellor_id'], ['users.id'], name=op.f('fk_consultations_counsellor_id_users')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consultations_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index('ix_consultations_case_held', ['case_id', 'held_at'], unique=False)

    op.create_table('stage_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=32), nullable=True),
    sa.Column('to_stage', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('closure_reason', sa.String(length=32), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_stage_changes_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_stage_changes_changed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage_changes'))
    )
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_changes_case_id'), ['case_id'], unique=False)

    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_follow_ups_assigned_to_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_follow_ups_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_follow_ups_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_follow_ups_done_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_follow_ups_assignee_due', ['assigned_to_id', 'done_on', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_ups_case_id'), ['case_id'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_case_id'))
        batch_op.drop_index('ix_follow_ups_assignee_due')

    op.drop_table('follow_ups')
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_changes_case_id'))

    op.drop_table('stage_changes')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index('ix_consultations_case_held')

    op.drop_table('consultations')
    with op.batch_alter_table('case_vulnerabilities', schema=None) as batch_op:
        batch_op.drop_index('ix_case_vulnerabilities_code_case')

    op.drop_table('case_vulnerabilities')
    with op.batch_alter_table('case_members', schema=None) as batch_op:
        batch_op.drop_index('ix_case_members_person_id')

    op.drop_table('case_members')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_stage_registered')
        batch_op.drop_index('ix_cases_registered_on')
        batch_op.drop_index('ix_cases_country_of_return')
        batch_op.drop_index('ix_cases_counsellor_id')

    op.drop_table('cases')
    op.drop_table('users')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_document_number_norm'))
        batch_op.drop_index('ix_persons_date_of_birth')

    op.drop_table('persons')
    op.drop_table('office_profile')
    op.drop_table('case_sequences')

