"""audit events cover what was decided, sealed with a key kept outside the database

Each event names the decision it records (its content is hashed with the event), keeps
the digest of the notice's legally relevant fields as they stood after it, and names the
audit key that sealed it (an HMAC; the keys live in the instance folder). Events written
before this revision were hashed without a key: `assembly audit verify` reports them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_id', sa.Integer(), nullable=True))
        # Older events: no digest, and the name of no key (verify reports them).
        batch_op.add_column(sa.Column('record_digest', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('key_id', sa.String(length=16), nullable=False,
                                      server_default='none'))
        batch_op.create_foreign_key(batch_op.f('fk_notice_events_decision_id_decisions'),
                                    'decisions', ['decision_id'], ['id'])
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.alter_column('record_digest', server_default=None)
        batch_op.alter_column('key_id', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notice_events_decision_id_decisions'),
                                 type_='foreignkey')
        batch_op.drop_column('key_id')
        batch_op.drop_column('record_digest')
        batch_op.drop_column('decision_id')
