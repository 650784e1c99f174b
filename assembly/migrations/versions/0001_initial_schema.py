"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table('dataset_loads',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_dataset_loads'))
    )
    op.create_table('reference_counters',
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_reference_counters'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('citizen_drafts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_citizen_drafts_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_drafts'))
    )
    with op.batch_alter_table('citizen_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_drafts_owner_id'), ['owner_id'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('procedure', sa.String(length=16), nullable=False),
    sa.Column('form', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('overdue', sa.Boolean(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('place_kind', sa.String(length=8), nullable=False),
    sa.Column('place_id', sa.String(length=64), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('expected_participants', sa.Integer(), nullable=False),
    sa.Column('sound_amplification', sa.Boolean(), nullable=False),
    sa.Column('vehicles', sa.Boolean(), nullable=False),
    sa.Column('structures', sa.Boolean(), nullable=False),
    sa.Column('organizer_kind', sa.String(length=16), nullable=False),
    sa.Column('organizer_name', sa.String(length=300), nullable=False),
    sa.Column('organizer_id_number', sa.String(length=12), nullable=False),
    sa.Column('organizer_address', sa.String(length=500), nullable=False),
    sa.Column('organizer_email', sa.String(length=254), nullable=True),
    sa.Column('organizer_phone', sa.String(length=16), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('registration_date', sa.Date(), nullable=False),
    sa.Column('latest_filing_date', sa.Date(), nullable=False),
    sa.Column('decision_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rules_version', sa.String(length=100), nullable=False),
    sa.Column('go_ahead', sa.Boolean(), nullable=False),
    sa.Column('go_ahead_kind', sa.String(length=20), nullable=True),
    sa.Column('proposal_made', sa.Boolean(), nullable=False),
    sa.Column('proposal_answer_due', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawal_statement', sa.Text(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.Column('audit_hash', sa.String(length=64), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_notices_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices')),
    sa.UniqueConstraint('owner_id', 'idempotency_key', name='uq_notices_owner_idempotency'),
    sa.UniqueConstraint('reference', name=op.f('uq_notices_reference'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_go_ahead_place_ends', ['place_id', 'ends_at'], unique=False, sqlite_where=sa.text('go_ahead IS 1'), postgresql_where=sa.text('go_ahead IS true'))
        batch_op.create_index(batch_op.f('ix_notices_organizer_id_number'), ['organizer_id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_notices_place_ends', ['place_id', 'ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_registration_date'), ['registration_date'], unique=False)
        batch_op.create_index('ix_notices_status_decision_due', ['status', 'decision_due'], unique=False)
        batch_op.create_index('ix_notices_status_ends_at', ['status', 'ends_at'], unique=False)
        batch_op.create_index('ix_notices_status_registration', ['status', 'registration_date'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=True),
    sa.Column('restrictions', sa.JSON(), nullable=False),
    sa.Column('proposal', sa.JSON(), nullable=True),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_decisions_decided_by_users')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_decisions_notice_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_notice_id'), ['notice_id'], unique=False)

    op.create_table('notice_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sa.String(length=16), nullable=False),
    sa.Column('trigger', sa.String(length=32), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_notice_events_actor_id_users')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_events_notice_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_events')),
    sa.UniqueConstraint('notice_id', 'seq', name='uq_notice_events_notice_seq')
    )
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_events_notice_id'), ['notice_id'], unique=False)

    op.create_table('notice_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('article', sa.String(length=64), nullable=False),
    sa.Column('ground', sa.String(length=16), nullable=True),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_findings_notice_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_findings'))
    )
    with op.batch_alter_table('notice_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_findings_notice_id'), ['notice_id'], unique=False)

    op.create_table('unsanctioned_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('nearest_place_id', sa.String(length=64), nullable=True),
    sa.Column('nearest_place_m', sa.Double(), nullable=True),
    sa.Column('form', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('estimated_participants', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('related_notice_id', sa.Integer(), nullable=True),
    sa.Column('logged_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['logged_by'], ['users.id'], name=op.f('fk_unsanctioned_events_logged_by_users')),
    sa.ForeignKeyConstraint(['related_notice_id'], ['notices.id'], name=op.f('fk_unsanctioned_events_related_notice_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unsanctioned_events'))
    )
    with op.batch_alter_table('unsanctioned_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unsanctioned_events_occurred_on'), ['occurred_on'], unique=False)

    op.create_table('decision_grounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('registration_date', sa.Date(), nullable=False),
    sa.Column('ground', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_grounds_decision_id_decisions')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_decision_grounds_notice_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_grounds'))
    )
    with op.batch_alter_table('decision_grounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_grounds_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_grounds_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index('ix_decision_grounds_registration_ground', ['registration_date', 'ground'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('tracking_number', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_deliveries_decision_id_decisions')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_deliveries_notice_id_notices')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_deliveries_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_channel_status', ['channel', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_notice_id'), ['notice_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('delivery_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('template', sa.String(length=64), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('possible_duplicate', sa.Boolean(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id'], name=op.f('fk_outbox_delivery_id_deliveries')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_outbox_notice_id_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_dedupe_key'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index('ix_outbox_status_next', ['status', 'next_attempt_at'], unique=False)
    if postgres:
        # DESIGN.md "Booking integrity": two overlapping go-ahead notices at one place
        # are impossible; a concurrent overlapping write fails with SQLSTATE 23P01.
        op.execute(
            "ALTER TABLE notices ADD CONSTRAINT ex_notices_go_ahead_overlap EXCLUDE USING gist "
            "(place_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (go_ahead)"
        )


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_status_next')
        batch_op.drop_index(batch_op.f('ix_outbox_notice_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_delivery_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_notice_id'))
        batch_op.drop_index(batch_op.f('ix_deliveries_decision_id'))
        batch_op.drop_index('ix_deliveries_channel_status')

    op.drop_table('deliveries')
    with op.batch_alter_table('decision_grounds', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_grounds_registration_ground')
        batch_op.drop_index(batch_op.f('ix_decision_grounds_notice_id'))
        batch_op.drop_index(batch_op.f('ix_decision_grounds_decision_id'))

    op.drop_table('decision_grounds')
    with op.batch_alter_table('unsanctioned_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unsanctioned_events_occurred_on'))

    op.drop_table('unsanctioned_events')
    with op.batch_alter_table('notice_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_findings_notice_id'))

    op.drop_table('notice_findings')
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_events_notice_id'))

    op.drop_table('notice_events')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_notice_id'))

    op.drop_table('decisions')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_status_registration')
        batch_op.drop_index('ix_notices_status_ends_at')
        batch_op.drop_index('ix_notices_status_decision_due')
        batch_op.drop_index(batch_op.f('ix_notices_registration_date'))
        batch_op.drop_index('ix_notices_place_ends')
        batch_op.drop_index(batch_op.f('ix_notices_owner_id'))
        batch_op.drop_index(batch_op.f('ix_notices_organizer_id_number'))
        batch_op.drop_index('ix_notices_go_ahead_place_ends', sqlite_where=sa.text('go_ahead IS 1'), postgresql_where=sa.text('go_ahead IS true'))

    op.drop_table('notices')
    with op.batch_alter_table('citizen_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizen_drafts_owner_id'))

    op.drop_table('citizen_drafts')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('users')
    op.drop_table('reference_counters')
    op.drop_table('dataset_loads')
