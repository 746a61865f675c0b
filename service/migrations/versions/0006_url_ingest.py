"""documents ingested by URL: author, final URL, fetch time and URL keys for duplicates

Revision ID: 0006_url_ingest
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_url_ingest"
down_revision = "0005_corrections"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("final_url", sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("url_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("final_url_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_documents_url_key", ["url_key"])
        batch_op.create_index("ix_documents_final_url_key", ["final_url_key"], unique=False)


def downgrade():
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_final_url_key")
        batch_op.drop_constraint("uq_documents_url_key", type_="unique")
        for column in ("final_url_key", "url_key", "fetched_at", "final_url", "author"):
            batch_op.drop_column(column)
