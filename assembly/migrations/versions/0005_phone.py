"""a citizen's address on the account, to prefill the organizer of a notice (with the IIN,
the column 0005_eds added for officers)

A plain ALTER TABLE, never a batch copy: rows point at `users`.

Revision ID: 0005_phone
Revises: 0005_scale
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_phone'
down_revision = '0005_scale'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('address', sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'address')
