"""notices get a random public identifier for the occupancy calendar and its feed

The calendar's entries and ICS UIDs were a hash of the reference: anyone could compute
it for every reference of a year and so name the notice behind an entry. Each notice now
has a random identifier, stored; existing notices get one each. Plain ALTERs only: on
SQLite a batch copy of `notices` would have to drop the table its children refer to.

Revision ID: 0004_privacy
Revises: 0004_accounts
Create Date: 2026-12-04
"""

import secrets

from alembic import op
import sqlalchemy as sa


revision = '0004_privacy'
down_revision = '0004_accounts'
branch_labels = None
depends_on = None

_notices = sa.table('notices', sa.column('id', sa.Integer()),
                    sa.column('public_id', sa.String(32)))


def upgrade() -> None:
    # SQLite adds a NOT NULL column only with a default; every row gets its own just after.
    op.add_column('notices', sa.Column('public_id', sa.String(length=32), nullable=False,
                                       server_default=''))
    connection = op.get_bind()
    ids = connection.execute(sa.select(_notices.c.id)).scalars().all()
    if ids:
        connection.execute(
            sa.update(_notices).where(_notices.c.id == sa.bindparam('notice_id'))
            .values(public_id=sa.bindparam('new_id')),
            [{'notice_id': i, 'new_id': secrets.token_hex(12)} for i in ids],
        )
    if connection.dialect.name != 'sqlite':  # SQLite cannot drop a default in place
        op.alter_column('notices', 'public_id', server_default=None)
    op.create_index(op.f('ix_notices_public_id'), 'notices', ['public_id'], unique=True)


def downgrade() -> None:
    op.drop_index(op.f('ix_notices_public_id'), table_name='notices')
    op.drop_column('notices', 'public_id')
