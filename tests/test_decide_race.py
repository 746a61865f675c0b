"""PATCH /api/claims/<id> reads the claim before it takes the write lock, then writes with a
compare-and-set. These tests change the claim in that very window (another connection commits
just before the decision begins to write) and check that the decision is made again on the claim
as it then is: a lease taken meanwhile blocks it, a new version makes it stale, the analyst's
own lease lets it through."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, update

from service.db import db
from service.models import Claim, User, utcnow
from tests.conftest import bearer, ingested


@pytest.fixture
def claim_id(client, editor_token, seed_text):
    return ingested(client, editor_token, {"text": seed_text})["claims"][0]["id"]


def meanwhile(app, **values):
    """Commit ``values`` on the claims table from another connection just before the next
    decision begins to write (SQLite: its BEGIN IMMEDIATE; PostgreSQL: its UPDATE)."""
    with app.app_context():
        engine = db.engine
    done = []

    def interfere(_conn, _cursor, statement, *_args):
        if done or not statement.startswith(("BEGIN IMMEDIATE", "UPDATE claims SET status")):
            return
        done.append(statement)
        with engine.connect() as other:
            other.execute(update(Claim).values(**values))
            other.commit()

    event.listen(engine, "before_cursor_execute", interfere)
    return done


def decide(client, token, claim_id, status="confirmed"):
    response = client.patch(f"/api/claims/{claim_id}", json={"status": status},
                            headers={**bearer(token), "If-Match": f'"{claim_id}-1"'})
    return response, response.get_json()


def user_id(app, name):
    with app.app_context():
        return db.session.query(User.id).filter_by(name=name).scalar()


def test_a_lease_taken_meanwhile_blocks_the_decision(app, client, analyst_token, make_user, claim_id):
    make_user("bea")
    done = meanwhile(app, leased_by_id=user_id(app, "bea"), leased_until=utcnow() + timedelta(minutes=5))
    response, body = decide(client, analyst_token, claim_id)
    assert done and response.status_code == 409 and "bea" in body["message"]
    history = client.get(f"/api/claims/{claim_id}/history", headers=bearer(analyst_token)).get_json()
    assert history == []


def test_a_version_bumped_meanwhile_makes_the_decision_stale(app, client, analyst_token, claim_id):
    done = meanwhile(app, version=2)
    response, body = decide(client, analyst_token, claim_id)
    assert done and response.status_code == 412, body
    assert client.get(f"/api/claims/{claim_id}", headers=bearer(analyst_token)).get_json()["status"] == "unreviewed"


def test_a_change_meanwhile_that_allows_the_decision_lets_it_through(app, client, analyst_token, claim_id):
    # The analyst's own lease, taken after the read: the compare-and-set misses, the decision is
    # made again on the claim as it now is, and goes through (releasing the lease).
    done = meanwhile(app, leased_by_id=user_id(app, "ana"), leased_until=utcnow() + timedelta(minutes=5))
    response, body = decide(client, analyst_token, claim_id)
    assert done and response.status_code == 200 and body["version"] == 2, body
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert (claim.status, claim.leased_by_id) == ("confirmed", None)


def test_the_sqlite_write_lock_spans_the_two_writes_only(app, client, analyst_token, claim_id):
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL takes row locks, not a database write lock")
    statements = []
    record = lambda _conn, _cursor, statement, *_args: statements.append(statement.split()[0:2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    try:
        response, body = decide(client, analyst_token, claim_id)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, body
    kinds = [" ".join(words) for words in statements]
    assert kinds[-3:] == ["BEGIN IMMEDIATE", "UPDATE claims", "INSERT INTO"]
    assert all(kind.startswith("SELECT") for kind in kinds[:-3])
