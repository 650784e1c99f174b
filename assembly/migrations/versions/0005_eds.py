"""EDS signatures of filings and decisions, notices received on paper, officers' IINs

A notice records its channel (electronic or paper) and the digest of its filing's EDS
signature (sealed by the audit chain); signatures keep the signed document, the CMS and
the signer's certificate; a paper filing keeps when and by whom it was received and its
scan. Plain ALTERs only on `notices` and `users`: on SQLite a batch copy of `notices`
would break the foreign keys of the rows that point at it.

Revision ID: 0005_eds
Revises: 0005_ops
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa



revision = '0005_eds'
down_revision = '0005_ops'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'signatures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=True),
        sa.Column('document', sa.Text(), nullable=False),
        sa.Column('document_sha256', sa.String(length=64), nullable=False),
        sa.Column('cms', sa.LargeBinary(), nullable=False),
        sa.Column('certificate', sa.LargeBinary(), nullable=False),
        sa.Column('signer_iin', sa.String(length=12), nullable=True),
        sa.Column('signer_bin', sa.String(length=12), nullable=True),
        sa.Column('signer_name', sa.String(length=300), nullable=False),
        sa.Column('revocation', sa.String(length=10), nullable=False),
        sa.Column('problem', sa.Text(), nullable=True),
        sa.Column('verified_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'],
                                name=op.f('fk_signatures_decision_id_decisions')),
        sa.ForeignKeyConstraint(['notice_id'], ['notices.id'],
                                name=op.f('fk_signatures_notice_id_notices')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures')),
    )
    op.create_index(op.f('ix_signatures_notice_id'), 'signatures', ['notice_id'])
    op.create_index(op.f('ix_signatures_decision_id'), 'signatures', ['decision_id'])
    op.create_table(
        'paper_filings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('received_by', sa.Integer(), nullable=False),
        sa.Column('signed_by_hand', sa.Boolean(), nullable=False),
        sa.Column('scan', sa.LargeBinary(), nullable=False),
        sa.Column('scan_type', sa.String(length=100), nullable=False),
        sa.Column('scan_name', sa.String(length=255), nullable=False),
        sa.Column('scan_sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['notice_id'], ['notices.id'],
                                name=op.f('fk_paper_filings_notice_id_notices')),
        sa.ForeignKeyConstraint(['received_by'], ['users.id'],
                                name=op.f('fk_paper_filings_received_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_filings')),
        sa.UniqueConstraint('notice_id', name=op.f('uq_paper_filings_notice_id')),
    )
    op.add_column('notices', sa.Column('channel', sa.String(length=10), nullable=False,
                                       server_default='electronic'))
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('notices', 'channel', server_default=None)
    op.add_column('notices', sa.Column('signature_digest', sa.String(length=64), nullable=True))
    op.add_column('users', sa.Column('iin', sa.String(length=12), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'iin')
    op.drop_column('notices', 'signature_digest')
    op.drop_column('notices', 'channel')
    op.drop_table('paper_filings')
    op.drop_index(op.f('ix_signatures_decision_id'), table_name='signatures')
    op.drop_index(op.f('ix_signatures_notice_id'), table_name='signatures')
    op.drop_table('signatures')
