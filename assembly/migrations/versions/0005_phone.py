"""a citizen's IIN and address on the account, to prefill the organizer of a notice

Revision ID: 0005_phone
Revises: 0004_law
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_phone'
down_revision = '0004_law'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('iin', sa.String(length=12), nullable=True))
    op.add_column('users', sa.Column('address', sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'address')
    op.drop_column('users', 'iin')
