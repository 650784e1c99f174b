"""covering indexes for the overlap queries at a place

The bookings of a place (every precheck and filing) and the go-ahead conflicts (every
approval) read the notices that end after the new one starts. The start (and, for the
bookings, the status) now ride along in the index, so that notices starting after the new
one ends are passed over in the index instead of each being read from the table.

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


def upgrade() -> None:
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_place_ends')
        batch_op.drop_index('ix_notices_go_ahead_place_ends')
        batch_op.create_index('ix_notices_place_ends_starts_status',
                              ['place_id', 'ends_at', 'starts_at', 'status'], unique=False)
        batch_op.create_index('ix_notices_go_ahead_place_ends_starts',
                              ['place_id', 'ends_at', 'starts_at'], unique=False,
                              sqlite_where=sa.text('go_ahead IS 1'),
                              postgresql_where=sa.text('go_ahead IS true'))


def downgrade() -> None:
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_go_ahead_place_ends_starts')
        batch_op.drop_index('ix_notices_place_ends_starts_status')
        batch_op.create_index('ix_notices_go_ahead_place_ends', ['place_id', 'ends_at'],
                              unique=False, sqlite_where=sa.text('go_ahead IS 1'),
                              postgresql_where=sa.text('go_ahead IS true'))
        batch_op.create_index('ix_notices_place_ends', ['place_id', 'ends_at'], unique=False)
