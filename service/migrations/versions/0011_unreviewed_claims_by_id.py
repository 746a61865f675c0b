"""unreviewed claims by id: a partial index for the first pages of ``status=unreviewed``

Revision ID: 0011_unreviewed_claims_by_id
Revises: 0010_claim_bands_without_rowid

``GET /api/claims?status=unreviewed`` lists claims in id order. A desk decides its oldest claims
first, so the unreviewed ones start after every decided one; PostgreSQL's planner, which reckons
the unreviewed claims spread evenly over the ids, chose to walk the primary key and filter on the
status (cheaper by its estimate than ``ix_claims_status_id``, whose leading column says nothing
about the table's order): at 1M claims, the first page read past 200,000 decided claims, 142 ms
instead of 0.1 ms (tests/benchmarks/scale.py). ``ix_claims_unreviewed_id`` holds exactly the
unreviewed claims in id order, so the page is its first entries whatever has been decided.
PostgreSQL only: SQLite's planner already reads such pages from ``ix_claims_status_id`` (a search
for the status and the id), and an index it does not use would cost every insert of a claim.
"""
from alembic import op
import sqlalchemy as sa

revision = "0011_unreviewed_claims_by_id"
down_revision = "0010_claim_bands_without_rowid"
branch_labels = None
depends_on = None


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgres():
        op.create_index("ix_claims_unreviewed_id", "claims", ["id"], unique=False,
                        postgresql_where=sa.text("status = 'unreviewed'"))


def downgrade():
    if _postgres():
        op.drop_index("ix_claims_unreviewed_id", table_name="claims")
