"""the notice counts the yearly report reads (issue 16): a small table kept exact by the
writers of notices (services.counts), filled here from the notices already stored

A new table and one INSERT … SELECT: no batch copy of `notices` or `users`.

Revision ID: 0006_scale
Revises: 0006_retention
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0006_scale'
down_revision = '0006_retention'
branch_labels = None
depends_on = None

# The key as services.counts computes it, in each database's words (frozen here).
YEAR_MONTH = {
    'postgresql': ("CAST(EXTRACT(YEAR FROM registration_date) AS INTEGER)",
                   "CAST(EXTRACT(MONTH FROM registration_date) AS INTEGER)"),
    'sqlite': ("CAST(strftime('%Y', registration_date) AS INTEGER)",
               "CAST(strftime('%m', registration_date) AS INTEGER)"),
}
FILL = """
INSERT INTO notice_counts (year, month, status, go_ahead_kind, form, place_id, on_time, n)
SELECT {year}, {month}, status, COALESCE(go_ahead_kind, ''), form, COALESCE(place_id, ''),
       CASE WHEN decided_at IS NULL THEN -1 WHEN decided_at <= decision_due THEN 1 ELSE 0 END,
       count(*)
FROM notices
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""


def upgrade() -> None:
    op.create_table(
        'notice_counts',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('go_ahead_kind', sa.String(length=20), nullable=False),
        sa.Column('form', sa.String(length=16), nullable=False),
        sa.Column('place_id', sa.String(length=64), nullable=False),
        sa.Column('on_time', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('year', 'month', 'status', 'go_ahead_kind', 'form', 'place_id',
                                'on_time', name=op.f('pk_notice_counts')),
    )
    year, month = YEAR_MONTH[op.get_bind().dialect.name]
    op.execute(FILL.format(year=year, month=month))


def downgrade() -> None:
    op.drop_table('notice_counts')
