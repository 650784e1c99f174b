"""pages that stay fast at millions of notices: the indexes their plans need (issue 16)

- ix_notices_filed_id (filed_at, id): the API's listing, latest filed first, read
  backwards from the index instead of sorting the table;
- ix_notices_organizer_filed_id (organizer_id_number, filed_at, id): the organizer's
  earlier notices on the officer's notice page; it replaces ix_notices_organizer_id_number
  (its first column);
- ix_notices_owner_filed_id (owner_id, filed_at, id): a citizen's own notices;
- ix_notices_placed_event_date_starts (event_date, starts_at) WHERE place_id IS NOT NULL:
  the published occupancy's period of event dates at the special places.

Indexes only: no batch copy of `notices` (rows point at it).

Revision ID: 0005_scale
Revises: 0005_letters
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_scale'
down_revision = '0005_letters'
branch_labels = None
depends_on = None

PLACED = 'place_id IS NOT NULL'


def upgrade() -> None:
    op.create_index('ix_notices_filed_id', 'notices', ['filed_at', 'id'], unique=False)
    op.create_index('ix_notices_organizer_filed_id', 'notices',
                    ['organizer_id_number', 'filed_at', 'id'], unique=False)
    op.drop_index('ix_notices_organizer_id_number', table_name='notices')
    op.create_index('ix_notices_owner_filed_id', 'notices', ['owner_id', 'filed_at', 'id'],
                    unique=False)
    op.create_index('ix_notices_placed_event_date_starts', 'notices',
                    ['event_date', 'starts_at'], unique=False,
                    sqlite_where=sa.text(PLACED), postgresql_where=sa.text(PLACED))


def downgrade() -> None:
    op.drop_index('ix_notices_placed_event_date_starts', table_name='notices')
    op.drop_index('ix_notices_owner_filed_id', table_name='notices')
    op.create_index('ix_notices_organizer_id_number', 'notices', ['organizer_id_number'],
                    unique=False)
    op.drop_index('ix_notices_organizer_filed_id', table_name='notices')
    op.drop_index('ix_notices_filed_id', table_name='notices')
