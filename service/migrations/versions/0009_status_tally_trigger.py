"""status tally trigger: fires on status changes only, not on leases

Revision ID: 0009_status_tally_trigger
Revises: 0008_document_deletion

On PostgreSQL the trigger of 0007 that keeps ``claim_tallies`` on UPDATE was statement-level with
transition tables, so it fired on every UPDATE of ``claims``, leases and their release included:
the server captured the old and new rows and ran the trigger's query for every lease, doubling
the cost of a lease UPDATE in the database. PostgreSQL refuses a column list (``UPDATE OF
status``) on a trigger with transition tables, so it becomes a row-level trigger ``AFTER UPDATE
OF status … WHEN (OLD.status IS DISTINCT FROM NEW.status)``: nothing runs unless a status
changes. Its two tally updates run in (status, shard) order, as before, so two opposite
decisions cannot deadlock. A statement that changes many statuses now updates the tallies once
per claim (no code of the service does; the tallies still follow it). The statement-level
function ``claims_tally_update()`` stays, unused, for the downgrade.

SQLite's trigger was already ``AFTER UPDATE OF status ON claims WHEN OLD.status IS NOT
NEW.status``: nothing to do there.
"""
from alembic import op

revision = "0009_status_tally_trigger"
down_revision = "0008_document_deletion"
branch_labels = None
depends_on = None

SHARDS = 16

_ROW_FUNCTION = f"""CREATE FUNCTION claims_tally_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- One statement, its two rows in status order (the shard is the same): the tally rows
        -- are locked in (status, shard) order, so opposite changes cannot deadlock.
        INSERT INTO claim_tallies (status, shard, claims)
        SELECT change.status, NEW.id % {SHARDS}, change.n
        FROM (VALUES (OLD.status, -1), (NEW.status, 1)) AS change (status, n) ORDER BY change.status
        ON CONFLICT (status, shard) DO UPDATE SET claims = claim_tallies.claims + EXCLUDED.claims;
        RETURN NULL;
    END $$"""
_ROW_TRIGGER = """CREATE TRIGGER claims_tally_update AFTER UPDATE OF status ON claims
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION claims_tally_status_change()"""
_STATEMENT_TRIGGER = """CREATE TRIGGER claims_tally_update AFTER UPDATE ON claims
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_tally_update()"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgres():
        op.execute("DROP TRIGGER claims_tally_update ON claims")
        op.execute(_ROW_FUNCTION)
        op.execute(_ROW_TRIGGER)


def downgrade():
    if _postgres():
        op.execute("DROP TRIGGER claims_tally_update ON claims")
        op.execute("DROP FUNCTION claims_tally_status_change()")
        op.execute(_STATEMENT_TRIGGER)
