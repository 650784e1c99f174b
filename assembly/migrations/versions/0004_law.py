"""the law read again: closures of special places, and a filing's missing signature

Officers record closures of special places and routes (works, another official event),
which the precheck finds (`place_closed`, Art. 14(1)(10), works limb); a notice records
whether a required signature was missing (`signature_missing`, Art. 14(1)(5)).

Revision ID: 0004_law
Revises: 0004_privacy
Create Date: 2026-12-10
"""

from alembic import op
import sqlalchemy as sa


revision = '0004_law'
down_revision = '0004_privacy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'closures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('place_id', sa.String(length=64), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('recorded_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['recorded_by'], ['users.id'],
                                name=op.f('fk_closures_recorded_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_closures')),
        sa.UniqueConstraint('key', name=op.f('uq_closures_key')),
    )
    with op.batch_alter_table('closures', schema=None) as batch_op:
        batch_op.create_index('ix_closures_place_starts_ends',
                              ['place_id', 'starts_at', 'ends_at'], unique=False)
        batch_op.create_index('ix_closures_starts_at', ['starts_at'], unique=False)
    # Plain ALTER TABLE statements, never a batch copy of `notices`: rebuilding it on
    # SQLite would break the foreign keys of the rows (events, bookings) that point at it.
    op.add_column('notices', sa.Column('signature_missing', sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('notices', 'signature_missing', server_default=None)


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite >= 3.35), not a batch copy of `notices`, whose
    # rebuild would break the foreign keys of the rows that point at it.
    op.drop_column('notices', 'signature_missing')
    with op.batch_alter_table('closures', schema=None) as batch_op:
        batch_op.drop_index('ix_closures_starts_at')
        batch_op.drop_index('ix_closures_place_starts_ends')
    op.drop_table('closures')
