"""retention: when a notice's personal data were pseudonymised, and the index the retention
job reads (notices still holding personal data, by the assembly's day)

A plain ALTER TABLE and CREATE INDEX, never a batch copy: rows point at `notices`.

Revision ID: 0006_retention
Revises: 0005_phone
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0006_retention'
down_revision = '0005_phone'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('notices', sa.Column('pseudonymised_at', sa.DateTime(timezone=True),
                                       nullable=True))
    op.create_index('ix_notices_kept_event_date', 'notices', ['event_date'], unique=False,
                    sqlite_where=sa.text('pseudonymised_at IS NULL'),
                    postgresql_where=sa.text('pseudonymised_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_notices_kept_event_date', table_name='notices',
                  sqlite_where=sa.text('pseudonymised_at IS NULL'),
                  postgresql_where=sa.text('pseudonymised_at IS NULL'))
    op.drop_column('notices', 'pseudonymised_at')
