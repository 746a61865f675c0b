"""scale: a queue order one index serves, list indexes, claim tallies kept by triggers

Revision ID: 0007_scale
Revises: 0006_url_ingest

- ``ix_claims_unreviewed_queue`` (partial, unreviewed claims only) serves the lease query's order
  (document, sourcing, reading order) as an index scan; ``ix_claims_status_queue`` the same order
  for leases of other statuses. Both replace ``ix_claims_queue`` (status, leased_until), which no
  query could use for its order.
- ``ix_claims_status_id`` serves keyset pages of claims filtered by status (replaces
  ``ix_claims_status``); ``ix_claims_leased_until`` the overview's live leases and
  ``ix_claims_leased_by`` an analyst's lease, both partial (only claims with a lease);
  ``ix_claims_document_id`` goes: the unique (document_id, index) serves the same lookups;
  ``ix_claim_skips_user_skipped`` an analyst's own skips, oldest first.
- ``claim_tallies``: claims per (status, shard), kept by triggers on ``claims`` so that counting
  claims per status reads at most 16 rows per status instead of the whole table, whichever code
  path inserts, changes or deletes claims. Sixteen shards (``id % 16``): concurrent decisions
  rarely update the same row, so they rarely wait for each other's commit.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_scale'
down_revision = "0006_url_ingest"
branch_labels = None
depends_on = None

SHARDS = 16

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER claims_tally_insert AFTER INSERT ON claims BEGIN
        INSERT INTO claim_tallies (status, shard, claims) VALUES (NEW.status, NEW.id % {SHARDS}, 1)
        ON CONFLICT (status, shard) DO UPDATE SET claims = claims + 1;
    END""",
    f"""CREATE TRIGGER claims_tally_delete AFTER DELETE ON claims BEGIN
        UPDATE claim_tallies SET claims = claims - 1 WHERE status = OLD.status AND shard = OLD.id % {SHARDS};
    END""",
    f"""CREATE TRIGGER claims_tally_update AFTER UPDATE OF status ON claims
    WHEN OLD.status IS NOT NEW.status BEGIN
        UPDATE claim_tallies SET claims = claims - 1 WHERE status = OLD.status AND shard = OLD.id % {SHARDS};
        INSERT INTO claim_tallies (status, shard, claims) VALUES (NEW.status, NEW.id % {SHARDS}, 1)
        ON CONFLICT (status, shard) DO UPDATE SET claims = claims + 1;
    END""",
]

# PostgreSQL: statement-level triggers (one tally update per statement and (status, shard), not
# one per row).
_PG_TRIGGERS = [
    f"""CREATE FUNCTION claims_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO claim_tallies (status, shard, claims)
        SELECT status, id % {SHARDS}, count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (status, shard) DO UPDATE SET claims = claim_tallies.claims + EXCLUDED.claims;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER claims_tally_insert AFTER INSERT ON claims
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_tally_insert()""",
    f"""CREATE FUNCTION claims_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE claim_tallies t SET claims = t.claims - d.n
        FROM (SELECT status, id % {SHARDS} AS shard, count(*) AS n FROM old_rows GROUP BY 1, 2) d
        WHERE t.status = d.status AND t.shard = d.shard;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER claims_tally_delete AFTER DELETE ON claims
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_tally_delete()""",
    f"""CREATE FUNCTION claims_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        change record;
    BEGIN
        -- One change per (status, shard) and statement, in (status, shard) order: a bulk update
        -- touches each tally row once (not once per claim, which piles up row versions within
        -- the transaction), and two opposite changes (a decision, a reopen) cannot deadlock.
        FOR change IN
            SELECT status, shard, sum(n) AS n FROM (
                SELECT o.status, o.id % {SHARDS} AS shard, -1 AS n
                FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.status IS DISTINCT FROM n.status
                UNION ALL
                SELECT n.status, n.id % {SHARDS}, 1
                FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.status IS DISTINCT FROM n.status
            ) changes GROUP BY status, shard HAVING sum(n) <> 0 ORDER BY status, shard
        LOOP
            INSERT INTO claim_tallies (status, shard, claims) VALUES (change.status, change.shard, change.n)
            ON CONFLICT (status, shard) DO UPDATE SET claims = claim_tallies.claims + EXCLUDED.claims;
        END LOOP;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER claims_tally_update AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_tally_update()""",
]


def upgrade():
    op.create_table('claim_tallies',
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('shard', sa.Integer(), nullable=False),
    sa.Column('claims', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('status', 'shard')
    )
    op.execute(
        f"INSERT INTO claim_tallies (status, shard, claims) "
        f"SELECT status, id % {SHARDS}, count(*) FROM claims GROUP BY status, id % {SHARDS}"
    )
    unreviewed = sa.text("status = 'unreviewed'")
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_queue')
        batch_op.drop_index('ix_claims_status')
        batch_op.create_index('ix_claims_unreviewed_queue', ['document_id', 'sourcing', 'index'], unique=False,
                              sqlite_where=unreviewed, postgresql_where=unreviewed)
        batch_op.create_index('ix_claims_status_queue', ['status', 'document_id', 'sourcing', 'index'], unique=False)
        batch_op.create_index('ix_claims_status_id', ['status', 'id'], unique=False)
        batch_op.drop_index('ix_claims_document_id')  # the unique (document_id, index) serves it
        batch_op.drop_index('ix_claims_leased_by_id')
        batch_op.create_index('ix_claims_leased_by', ['leased_by_id'], unique=False,
                              sqlite_where=sa.text("leased_by_id IS NOT NULL"),
                              postgresql_where=sa.text("leased_by_id IS NOT NULL"))
        batch_op.create_index('ix_claims_leased_until', ['leased_until'], unique=False,
                              sqlite_where=sa.text("leased_until IS NOT NULL"),
                              postgresql_where=sa.text("leased_until IS NOT NULL"))
    with op.batch_alter_table('claim_skips', schema=None) as batch_op:
        batch_op.create_index('ix_claim_skips_user_skipped', ['user_id', 'skipped_at'], unique=False)
    # After the batch operations: should SQLite's batch mode ever copy the claims table, the
    # triggers would go with the old one.
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _PG_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    with op.batch_alter_table('claim_skips', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_skips_user_skipped')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_leased_until')
        batch_op.drop_index('ix_claims_leased_by')
        batch_op.create_index('ix_claims_leased_by_id', ['leased_by_id'], unique=False)
        batch_op.create_index('ix_claims_document_id', ['document_id'], unique=False)
        batch_op.drop_index('ix_claims_status_id')
        batch_op.drop_index('ix_claims_status_queue')
        batch_op.drop_index('ix_claims_unreviewed_queue')
        batch_op.create_index('ix_claims_status', ['status'], unique=False)
        batch_op.create_index('ix_claims_queue', ['status', 'leased_until'], unique=False)
    for name in ('claims_tally_update', 'claims_tally_delete', 'claims_tally_insert'):
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON claims")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('claim_tallies')
