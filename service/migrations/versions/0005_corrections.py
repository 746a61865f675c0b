"""analysts correct attributions: provenance, checked claims, the extractor used, edit history

Revision ID: 0005_corrections
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_corrections"
down_revision = "0004_corroboration"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("extractor", sa.String(length=200), nullable=True))
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("checked_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_claims_checked_by_id_users", "users", ["checked_by_id"], ["id"])
        batch.create_index("ix_claims_checked", ["document_id", "checked_at"])
    with op.batch_alter_table("attributions") as batch:
        batch.add_column(sa.Column("origin", sa.String(length=20), nullable=False, server_default="extracted"))
        batch.add_column(sa.Column("changed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("antecedent_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("antecedent_end", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_attributions_changed_by_id_users", "users", ["changed_by_id"], ["id"])
    with op.batch_alter_table("claim_events") as batch:
        batch.add_column(sa.Column("change", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("claim_events") as batch:
        batch.drop_column("change")
    with op.batch_alter_table("attributions") as batch:
        batch.drop_constraint("fk_attributions_changed_by_id_users", type_="foreignkey")
        batch.drop_column("antecedent_end")
        batch.drop_column("antecedent_start")
        batch.drop_column("changed_at")
        batch.drop_column("changed_by_id")
        batch.drop_column("origin")
    with op.batch_alter_table("claims") as batch:
        batch.drop_index("ix_claims_checked")
        batch.drop_constraint("fk_claims_checked_by_id_users", type_="foreignkey")
        batch.drop_column("checked_by_id")
        batch.drop_column("checked_at")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("extractor")
