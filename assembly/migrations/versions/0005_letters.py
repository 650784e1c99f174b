"""decision letters: the random id of each decision's public check page, officers'
positions, and the outbox's channel (e-mail or SMS)

Each decision gets a random `check_id` that its letter's QR code opens (`/verify/<id>`,
never derived from the reference); an officer's `position` is printed under their name
on the letters they sign; an outbox message goes by e-mail or SMS (Art. 11(2)(4)-(5)).

Revision ID: 0005_letters
Revises: 0005_eds
Create Date: 2026-12-03
"""

import secrets

from alembic import op
import sqlalchemy as sa


revision = '0005_letters'
down_revision = '0005_eds'
branch_labels = None
depends_on = None

_decisions = sa.table('decisions', sa.column('id', sa.Integer()),
                      sa.column('check_id', sa.String(32)))


def upgrade() -> None:
    # Plain ALTER TABLE statements, never a batch copy: rows point at decisions and at
    # the outbox. SQLite adds a NOT NULL column only with a default; every existing
    # decision gets its own random id just after.
    op.add_column('decisions', sa.Column('check_id', sa.String(length=32), nullable=False,
                                         server_default=''))
    connection = op.get_bind()
    ids = connection.execute(sa.select(_decisions.c.id)).scalars().all()
    if ids:
        connection.execute(
            sa.update(_decisions).where(_decisions.c.id == sa.bindparam('decision_id'))
            .values(check_id=sa.bindparam('new_id')),
            [{'decision_id': i, 'new_id': secrets.token_hex(12)} for i in ids],
        )
    op.add_column('outbox', sa.Column('channel', sa.String(length=8), nullable=False,
                                      server_default='email'))
    if connection.dialect.name != 'sqlite':  # SQLite cannot drop a default in place
        op.alter_column('decisions', 'check_id', server_default=None)
        op.alter_column('outbox', 'channel', server_default=None)
    op.create_index(op.f('ix_decisions_check_id'), 'decisions', ['check_id'], unique=True)
    op.add_column('users', sa.Column('position', sa.String(length=300), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'position')
    op.drop_index(op.f('ix_decisions_check_id'), table_name='decisions')
    op.drop_column('outbox', 'channel')
    op.drop_column('decisions', 'check_id')
