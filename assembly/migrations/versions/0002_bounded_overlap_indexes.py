"""bounded overlap reads at a place; no index that repeats a unique constraint's first column

The bookings of a place (every precheck and filing) were read by the notices that end
after the new one starts: on a busy place, most of its future. They are now read in two
bounded parts (services.bookings): notices of a day or less by their start, from a day
before the new one; longer notices from a partial index of their own. The columns the
overlap is decided on ride along in both indexes. The go-ahead conflicts (every approval)
keep their partial index, with the start added. Two indexes that only repeated the first
column of a unique constraint go (owner_id of notices, notice_id of notice_events): every
filing wrote them for nothing.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# As in assembly.models.notice.LONG_NOTICE_SQL (a migration keeps its own copy).
LONG_NOTICE_SQL = {
    "sqlite": "julianday(ends_at) - julianday(starts_at) > 1",
    "postgresql": "ends_at - starts_at > interval '1 day'",
}


def upgrade() -> None:
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.drop_index('ix_notice_events_notice_id')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_owner_id')
        batch_op.drop_index('ix_notices_place_ends')
        batch_op.drop_index('ix_notices_go_ahead_place_ends')
        batch_op.create_index('ix_notices_place_starts_ends_status',
                              ['place_id', 'starts_at', 'ends_at', 'status'], unique=False)
        batch_op.create_index('ix_notices_long_place_ends_starts_status',
                              ['place_id', 'ends_at', 'starts_at', 'status'], unique=False,
                              sqlite_where=sa.text(LONG_NOTICE_SQL['sqlite']),
                              postgresql_where=sa.text(LONG_NOTICE_SQL['postgresql']))
        batch_op.create_index('ix_notices_go_ahead_place_ends_starts',
                              ['place_id', 'ends_at', 'starts_at'], unique=False,
                              sqlite_where=sa.text('go_ahead IS 1'),
                              postgresql_where=sa.text('go_ahead IS true'))


def downgrade() -> None:
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_go_ahead_place_ends_starts')
        batch_op.drop_index('ix_notices_long_place_ends_starts_status')
        batch_op.drop_index('ix_notices_place_starts_ends_status')
        batch_op.create_index('ix_notices_go_ahead_place_ends', ['place_id', 'ends_at'],
                              unique=False, sqlite_where=sa.text('go_ahead IS 1'),
                              postgresql_where=sa.text('go_ahead IS true'))
        batch_op.create_index('ix_notices_place_ends', ['place_id', 'ends_at'], unique=False)
        batch_op.create_index('ix_notices_owner_id', ['owner_id'], unique=False)
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.create_index('ix_notice_events_notice_id', ['notice_id'], unique=False)
