"""service.prepared: a statement run on the driver's cursor gives what ``Connection.execute``
gives (values of every kind a column holds, after bind and result processing), counts rows,
begins the transaction as SQLAlchemy would, shows itself to ``before_cursor_execute`` listeners,
and raises SQLAlchemy's errors."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from service.claim_views import read_claim
from service.db import db
from service.models import Attribution, Claim, ClaimEvent, User, utcnow
from service.prepared import Prepared

_events = ClaimEvent.__table__
AT = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)
EVENT_COLUMNS = ("claim_id", "version", "actor_id", "at", "action", "from_status", "to_status", "note",
                 "evidence", "credibility")
RECORD = Prepared(insert(_events).values({name: bindparam(name) for name in EVENT_COLUMNS}))
EVENTS = Prepared(select(*(_events.c[name] for name in ("id", *EVENT_COLUMNS, "change")))
                  .where(_events.c.claim_id == bindparam("claim_id")).order_by(_events.c.id))
ATTRIBUTIONS = select(Attribution.id, Attribution.confidence, Attribution.source_named, Attribution.changed_at,
                      Attribution.content).where(Attribution.claim_id == bindparam("claim_id")).order_by(Attribution.id)
RENAME = Prepared(update(User.__table__).where(User.__table__.c.id == bindparam("user_id"))
                  .values(name=bindparam("new_name")))


@pytest.fixture
def claim_id(app, seeded):
    with app.app_context():
        return db.session.scalar(select(Claim.id).join(Attribution).order_by(Claim.id).limit(1))


def event_row(claim_id: int, **changes) -> dict:
    row = {"claim_id": claim_id, "version": 2, "actor_id": None, "at": AT, "action": "decide",
           "from_status": "unreviewed", "to_status": "disputed", "note": "Ünïcode — note",
           "evidence": ["https://example.org/a", "b"], "credibility": 4}
    return {**row, **changes}


def test_values_go_in_and_come_out_as_through_sqlalchemy(app, claim_id):
    with app.app_context():
        connection = db.connection()
        assert RECORD.rowcount(connection, event_row(claim_id)) == 1
        assert RECORD.rowcount(connection, event_row(claim_id, note=None, evidence=[], credibility=None)) == 1
        mine = EVENTS.rows(connection, {"claim_id": claim_id})
        theirs = [tuple(row) for row in connection.execute(EVENTS.statement, {"claim_id": claim_id})]
        assert mine == theirs and len(mine) == 2
        assert mine[0][4].replace(tzinfo=timezone.utc) == AT and mine[0][9] == ["https://example.org/a", "b"]
        assert mine[1][8:] == (None, [], None, None)
        # floats (psycopg's numeric result processors depend on the driver's type code), booleans
        prepared = Prepared(ATTRIBUTIONS)
        assert prepared.rows(connection, {"claim_id": claim_id}) == \
            [tuple(row) for row in connection.execute(ATTRIBUTIONS, {"claim_id": claim_id})]
        db.commit()


def test_first_scalar_and_no_rows(app, claim_id):
    with app.app_context():
        connection = db.connection()
        assert EVENTS.first(connection, {"claim_id": claim_id}) is None
        assert EVENTS.scalar(connection, {"claim_id": claim_id}) is None
        assert EVENTS.rows(connection, {"claim_id": 10**9}) == []
        RECORD.rowcount(connection, event_row(claim_id))
        assert EVENTS.scalar(connection, {"claim_id": claim_id}) == EVENTS.first(connection, {"claim_id": claim_id})[0]


def test_rowcount_counts_matched_rows_and_the_change_is_committed(app, make_user):
    user_id = None
    make_user("ana")
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.name == "ana"))
    with app.app_context():
        connection = db.connection()
        assert RENAME.rowcount(connection, {"user_id": user_id, "new_name": "bea"}) == 1
        assert RENAME.rowcount(connection, {"user_id": 10**9, "new_name": "cy"}) == 0
        db.commit()
    with app.app_context():
        assert db.session.scalar(select(User.name).where(User.id == user_id)) == "bea"


def test_uncommitted_work_is_rolled_back_with_the_request(app, claim_id):
    with app.app_context():
        RECORD.rowcount(db.connection(), event_row(claim_id))
    with app.app_context():
        assert EVENTS.rows(db.connection(), {"claim_id": claim_id}) == []


def test_listeners_see_each_statement_and_sqlite_begins_first(app, claim_id):
    seen = []
    with app.app_context():
        engine = db.engine
        record = lambda _conn, _cursor, statement, *_args: seen.append(statement)  # noqa: E731
        event.listen(engine, "before_cursor_execute", record)
        try:
            RECORD.rowcount(db.connection(), event_row(claim_id))
            db.commit()
        finally:
            event.remove(engine, "before_cursor_execute", record)
    inserts = [statement for statement in seen if statement.startswith("INSERT INTO claim_events")]
    assert len(inserts) == 1
    if engine.dialect.name == "sqlite":  # a transaction, not one autocommitted statement
        with app.app_context():
            assert len(EVENTS.rows(db.connection(), {"claim_id": claim_id})) == 1


def test_driver_errors_become_sqlalchemy_errors_and_the_connection_stays_usable(app, claim_id):
    with app.app_context():
        connection = db.connection()
        with pytest.raises(IntegrityError):
            RECORD.rowcount(connection, event_row(10**9))  # no such claim: a foreign key
        connection.rollback()
        assert RECORD.rowcount(connection, event_row(claim_id)) == 1
        db.commit()


def test_the_hot_path_reads_a_claim_with_its_lease_as_written(app, claim_id, make_user):
    make_user("ana")
    until = utcnow() + timedelta(minutes=5)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.name == "ana"))
        db.session.execute(update(Claim).where(Claim.id == claim_id).values(leased_by_id=user_id, leased_until=until))
        db.session.commit()
    with app.app_context():
        claim = read_claim(db.connection(), claim_id)
        assert claim.leased_by.name == "ana" and claim.leased_until.replace(tzinfo=timezone.utc) == until
        assert claim.attributions and all(isinstance(a.confidence, float) for a in claim.attributions)


def test_parameters_expanded_at_execution_are_refused(app):
    with app.app_context():
        prepared = Prepared(select(User.id).where(User.id.in_(bindparam("ids", expanding=True))))
        with pytest.raises(TypeError, match="expanded"):
            prepared.rows(db.connection(), {"ids": [1, 2]})
