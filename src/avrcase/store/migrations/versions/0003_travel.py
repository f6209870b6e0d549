"""Travel: travel documents, itineraries, segments, assistance and departures (issue #4).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('travel_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('issuing_authority', sa.String(length=200), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('handed_over_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_travel_documents_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_travel_documents'))
    )
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_travel_documents_person_id'), ['person_id'], unique=False)

    op.create_table('visas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_visas_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visas'))
    )
    with op.batch_alter_table('visas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visas_person_id'), ['person_id'], unique=False)

    op.create_table('itineraries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('departure_at', sa.DateTime(), nullable=True),
    sa.Column('departure_date', sa.Date(), nullable=True),
    sa.Column('arrival_at', sa.DateTime(), nullable=True),
    sa.Column('split_reason', sa.Text(), nullable=False),
    sa.Column('excess_baggage_kg', sa.Numeric(precision=6, scale=1), nullable=True),
    sa.Column('excess_baggage_cost', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('excess_baggage_currency', sa.String(length=3), nullable=False),
    sa.Column('inland_mode', sa.String(length=16), nullable=False),
    sa.Column('inland_provider', sa.String(length=200), nullable=False),
    sa.Column('inland_destination', sa.String(length=200), nullable=False),
    sa.Column('inland_cost', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('inland_currency', sa.String(length=3), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('departed_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_itineraries_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_itineraries_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_itineraries')),
    sa.UniqueConstraint('case_id', name=op.f('uq_itineraries_case_id'))
    )
    with op.batch_alter_table('itineraries', schema=None) as batch_op:
        batch_op.create_index('ix_itineraries_departure_date', ['departure_date'], unique=False)

    op.create_table('itinerary_assistance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('itinerary_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('office', sa.String(length=200), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=True),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.Column('escort_name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['itinerary_id'], ['itineraries.id'], name=op.f('fk_itinerary_assistance_itinerary_id_itineraries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_itinerary_assistance'))
    )
    with op.batch_alter_table('itinerary_assistance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_itinerary_assistance_itinerary_id'), ['itinerary_id'], unique=False)

    op.create_table('itinerary_segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('itinerary_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('origin', sa.String(length=200), nullable=False),
    sa.Column('destination', sa.String(length=200), nullable=False),
    sa.Column('origin_tz', sa.String(length=64), nullable=False),
    sa.Column('destination_tz', sa.String(length=64), nullable=False),
    sa.Column('zones_entered', sa.Boolean(), nullable=False),
    sa.Column('departure_at', sa.DateTime(), nullable=False),
    sa.Column('arrival_at', sa.DateTime(), nullable=False),
    sa.Column('carrier', sa.String(length=60), nullable=False),
    sa.Column('service_number', sa.String(length=12), nullable=False),
    sa.Column('booking_reference', sa.String(length=20), nullable=False),
    sa.Column('fare', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('fare_currency', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['itinerary_id'], ['itineraries.id'], name=op.f('fk_itinerary_segments_itinerary_id_itineraries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_itinerary_segments'))
    )
    with op.batch_alter_table('itinerary_segments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_itinerary_segments_itinerary_id'), ['itinerary_id'], unique=False)

    op.create_table('itinerary_travellers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('itinerary_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('wheelchair', sa.String(length=4), nullable=False),
    sa.Column('medical', sa.String(length=120), nullable=False),
    sa.Column('fit_to_travel_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['itinerary_id'], ['itineraries.id'], name=op.f('fk_itinerary_travellers_itinerary_id_itineraries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_itinerary_travellers_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_itinerary_travellers')),
    sa.UniqueConstraint('itinerary_id', 'person_id', name='uq_itinerary_travellers_itinerary_person')
    )
    op.create_table('itinerary_tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_itinerary_tickets_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['segment_id'], ['itinerary_segments.id'], name=op.f('fk_itinerary_tickets_segment_id_itinerary_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_itinerary_tickets')),
    sa.UniqueConstraint('segment_id', 'person_id', name='uq_itinerary_tickets_segment_person')
    )


def downgrade() -> None:
    op.drop_table('itinerary_tickets')
    op.drop_table('itinerary_travellers')
    with op.batch_alter_table('itinerary_segments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_itinerary_segments_itinerary_id'))

    op.drop_table('itinerary_segments')
    with op.batch_alter_table('itinerary_assistance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_itinerary_assistance_itinerary_id'))

    op.drop_table('itinerary_assistance')
    with op.batch_alter_table('itineraries', schema=None) as batch_op:
        batch_op.drop_index('ix_itineraries_departure_date')

    op.drop_table('itineraries')
    with op.batch_alter_table('visas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visas_person_id'))

    op.drop_table('visas')
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_travel_documents_person_id'))

    op.drop_table('travel_documents')
