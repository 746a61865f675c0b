"""corroboration: candidate index, origins and cluster summaries, claim links and their history

Revision ID: 0004_corroboration
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_corroboration"
down_revision = "0003_source_registry"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "claim_bands",
        sa.Column("key", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "claim_id"),
    )
    op.create_index("ix_claim_bands_claim_id", "claim_bands", ["claim_id"])
    op.create_table(
        "claim_corroboration",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("origin_key", sa.String(length=300), nullable=False),
        sa.Column("origin_name", sa.String(length=300), nullable=False),
        sa.Column("words", sa.Text(), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("independent_origins", sa.Integer(), nullable=False),
        sa.Column("circular", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    op.create_index("ix_claim_corroboration_origin_key", "claim_corroboration", ["origin_key"])
    op.create_index("ix_claim_corroboration_independent_origins", "claim_corroboration", ["independent_origins"])
    op.create_index("ix_claim_corroboration_circular", "claim_corroboration", ["circular"])
    op.create_table(
        "claim_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=False),
        sa.Column("claim_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["claim_a_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["claim_b_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_a_id", "claim_b_id"),
    )
    op.create_index("ix_claim_links_claim_b_id", "claim_links", ["claim_b_id"])
    op.create_table(
        "claim_link_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["link_id"], ["claim_links.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claim_link_events_link_id", "claim_link_events", ["link_id"])


def downgrade():
    op.drop_table("claim_link_events")
    op.drop_table("claim_links")
    op.drop_table("claim_corroboration")
    op.drop_table("claim_bands")
