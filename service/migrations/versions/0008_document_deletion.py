"""document deletions: the audit record of deleted documents

Revision ID: 0008_document_deletion
Revises: 0007_scale
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_document_deletion'
down_revision = "0007_scale"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_deletions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('claim_count', sa.Integer(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.Column('deleted_by_id', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['deleted_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_document_deletions_document_id'), 'document_deletions', ['document_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_document_deletions_document_id'), table_name='document_deletions')
    op.drop_table('document_deletions')
