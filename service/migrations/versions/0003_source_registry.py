"""source registry: aliases, history, grades, merges; claim credibility

Revision ID: 0003_source_registry
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_source_registry"
down_revision = "0002_revocation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reliability_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_sources_merged_into_id"), ["merged_into_id"], unique=False)
        batch_op.create_foreign_key("fk_sources_merged_into_id", "sources", ["merged_into_id"], ["id"])

    op.create_table(
        "source_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope", "key", "name"),
    )
    with op.batch_alter_table("source_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_aliases_source_id"), ["source_id"], unique=False)

    op.create_table(
        "source_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("reverts_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["reverts_id"], ["source_events.id"]),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("source_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_events_source_id"), ["source_id"], unique=False)

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("credibility", sa.Integer(), server_default="6", nullable=False))
    with op.batch_alter_table("claim_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("credibility", sa.Integer(), nullable=True))

    # Entries made before the registry knew aliases: their own name becomes their global alias.
    op.execute(
        "INSERT INTO source_aliases (source_id, scope, key, name, origin) "
        "SELECT s.id, 'global', s.key, s.name, 'extracted' FROM sources s "
        "WHERE s.id = (SELECT MIN(t.id) FROM sources t WHERE t.key = s.key)"
    )


def downgrade():
    with op.batch_alter_table("claim_events", schema=None) as batch_op:
        batch_op.drop_column("credibility")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("credibility")
    op.drop_table("source_events")
    op.drop_table("source_aliases")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_constraint("fk_sources_merged_into_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_sources_merged_into_id"))
        for column in ("updated_at", "created_at", "merged_into_id", "version", "reliability_reason"):
            batch_op.drop_column(column)
