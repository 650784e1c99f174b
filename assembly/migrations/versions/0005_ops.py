"""operations: each scheduler job's runs and failures (job_runs); the request id of a message

What /metrics and /readyz read on every node about the one scheduler, and the id of the
request or job that queued a message, which its e-mail carries (issue 16).

Revision ID: 0005_ops
Revises: 0004_law
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_ops'
down_revision = '0004_law'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'job_runs',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('runs', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_failed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_runner', sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_job_runs')),
    )
    # A plain added column: on SQLite a batch copy of outbox is not needed for a nullable one.
    op.add_column('outbox', sa.Column('request_id', sa.String(length=80), nullable=True))


def downgrade() -> None:
    op.drop_column('outbox', 'request_id')
    op.drop_table('job_runs')
