"""/api/queue over HTTP: lease, give back, decide under a lease, take-over, overview, bad input."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import event, update

from service.db import db
from service.ingest import ingest_text
from service.models import Claim
from tests.conftest import bearer



def lease(client, token, **body):
    return client.post("/api/queue/lease", json=body, headers=bearer(token))


def patch(client, token, claim_id, etag, **body):
    return client.patch(f"/api/claims/{claim_id}", json=body, headers={**bearer(token), "If-Match": etag})


def test_lease_gives_the_claim_as_get_shows_it_with_its_etag(client, seeded, analyst_token, app):
    response = lease(client, analyst_token)
    assert response.status_code == 200
    body = response.get_json()
    claim = client.get(f"/api/claims/{body['claim']['id']}", headers=bearer(analyst_token))
    assert body["claim"] == claim.get_json()
    assert response.headers["ETag"] == claim.headers["ETag"]
    until = datetime.fromisoformat(body["leased_until"])
    assert timedelta(seconds=590) < until - datetime.now(timezone.utc) <= timedelta(seconds=600)
    assert 590 <= body["lease_seconds"] <= 600
    again = lease(client, analyst_token)
    assert (again.status_code, again.get_json()["claim"]["id"]) == (200, body["claim"]["id"])


def test_deciding_releases_the_lease_and_the_next_lease_moves_on(client, seeded, analyst_token):
    first = lease(client, analyst_token)
    claim_id = first.get_json()["claim"]["id"]
    decided = patch(client, analyst_token, claim_id, first.headers["ETag"], status="confirmed")
    assert (decided.status_code, decided.get_json()["status"]) == (200, "confirmed")
    overview = client.get("/api/queue", headers=bearer(analyst_token)).get_json()
    assert overview["leases"] == []
    assert overview["statuses"] == {"unreviewed": seeded - 1, "confirmed": 1, "disputed": 0, "inconclusive": 0}
    assert overview["documents"][0]["decided"] == 1 and overview["documents"][0]["total"] == seeded
    following = lease(client, analyst_token).get_json()["claim"]
    assert following["id"] != claim_id and following["status"] == "unreviewed"


def test_another_analysts_patch_on_a_leased_claim_is_409(client, seeded, analyst_token, make_user):
    held = lease(client, analyst_token)
    claim_id = held.get_json()["claim"]["id"]
    _, other = make_user("olga")
    refused = patch(client, other, claim_id, held.headers["ETag"], status="confirmed")
    assert refused.status_code == 409
    assert refused.get_json()["code"] == 409 and "ana" in refused.get_json()["message"]
    overview = client.get("/api/queue", headers=bearer(other)).get_json()
    assert [(lease["claim_id"], lease["leased_by"]) for lease in overview["leases"]] == [(claim_id, "ana")]


def test_admin_takes_over_a_live_lease_and_history_says_so(client, seeded, analyst_token, admin_token):
    held = lease(client, analyst_token)
    claim_id = held.get_json()["claim"]["id"]
    taken = patch(client, admin_token, claim_id, held.headers["ETag"], status="disputed", note="wrong date")
    assert taken.status_code == 200
    history = client.get(f"/api/claims/{claim_id}/history", headers=bearer(admin_token)).get_json()
    assert [(e["action"], e["analyst"], e["to"]) for e in history] == [("takeover", "admin", "disputed")]
    assert client.get("/api/queue", headers=bearer(admin_token)).get_json()["leases"] == []


def test_expired_lease_lets_another_analyst_decide(app, client, seeded, analyst_token, make_user):
    held = lease(client, analyst_token)
    claim_id = held.get_json()["claim"]["id"]
    with app.app_context():
        db.session.execute(update(Claim).where(Claim.id == claim_id).values(
            leased_until=datetime.now(timezone.utc) - timedelta(seconds=1)))
        db.session.commit()
    _, other = make_user("olga")
    assert lease(client, other).get_json()["claim"]["id"] == claim_id  # free again, first in order
    decided = patch(client, other, claim_id, held.headers["ETag"], status="inconclusive")
    assert decided.status_code == 200
    history = client.get(f"/api/claims/{claim_id}/history", headers=bearer(other)).get_json()
    assert [(e["action"], e["analyst"]) for e in history] == [("decide", "olga")]


def test_give_back_skips_and_the_claim_goes_to_others_first(client, seeded, analyst_token, make_user):
    first = lease(client, analyst_token).get_json()["claim"]["id"]
    response = client.delete("/api/queue/lease", headers=bearer(analyst_token))
    assert (response.status_code, response.data) == (204, b"")
    assert lease(client, analyst_token).get_json()["claim"]["id"] != first
    _, other = make_user("olga")
    assert lease(client, other).get_json()["claim"]["id"] == first


def test_give_back_without_a_lease_is_404(client, seeded, analyst_token):
    response = client.delete("/api/queue/lease", headers=bearer(analyst_token))
    assert response.status_code == 404
    assert response.get_json()["message"] == "You hold no lease: it expired or the claim was decided."


def test_empty_queue_is_204(client, analyst_token):
    response = lease(client, analyst_token)
    assert (response.status_code, response.data) == (204, b"")


def test_lease_by_document_and_status(client, seeded, analyst_token, app, seed_text):
    with app.app_context():
        second = ingest_text(db.session, seed_text + "\nCopy two.", title="copy").id
        db.session.commit()
    body = lease(client, analyst_token, document_id=second).get_json()
    assert body["claim"]["document_id"] == second
    assert lease(client, analyst_token, status="disputed").status_code == 204


@pytest.mark.parametrize("body, field", [
    ({"document_id": 0}, "document_id"),
    ({"document_id": "one"}, "document_id"),
    ({"document_id": 2**40}, "document_id"),
    ({"status": "maybe"}, "status"),
    ({"status": None}, "status"),
    ({"colour": "red"}, "colour"),
])
def test_bad_lease_requests_are_422(client, analyst_token, body, field):
    response = lease(client, analyst_token, **body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize("method, path", [("GET", "/api/queue"), ("POST", "/api/queue/lease"),
                                          ("DELETE", "/api/queue/lease")])
def test_queue_needs_a_token(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 401 and response.get_json()["code"] == 401


def test_lease_without_a_body_works(client, seeded, analyst_token):
    response = client.post("/api/queue/lease", headers=bearer(analyst_token))
    assert response.status_code == 200 and response.get_json()["claim"]["status"] == "unreviewed"


def test_sqlite_lease_transaction_begins_immediate(app, client, seeded, analyst_token):
    """The lease path relies on BEGIN IMMEDIATE on SQLite; check it really is the first statement."""
    if app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("PostgreSQL locks rows with FOR UPDATE SKIP LOCKED instead")
    with app.app_context():
        engine = db.engine
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement.split()[0:2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert lease(client, analyst_token).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements[0] == ["BEGIN", "IMMEDIATE"]
    assert ["UPDATE", "claims"] in statements


def test_32_analysts_on_a_real_server_never_share_a_claim(app, live_server, seeded, make_user):
    tokens = [make_user(f"analyst{i}")[1] for i in range(32)]
    got, failures = {}, []
    start = threading.Barrier(len(tokens))

    def take(token):
        try:
            with requests.Session() as http:
                start.wait()
                response = http.post(f"{live_server}/api/queue/lease", json={}, headers=bearer(token), timeout=60)
                got[token] = response.json()["claim"]["id"] if response.status_code == 200 else response.status_code
        except Exception as error:  # kept: an assertion in a thread would be lost
            failures.append(repr(error))

    threads = [threading.Thread(target=take, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    claims = [value for value in got.values() if value != 204]
    assert len(claims) == min(32, seeded) and len(set(claims)) == len(claims)
    assert list(got.values()).count(204) == 32 - len(claims)


def test_one_analysts_concurrent_lease_requests_share_one_lease(app, live_server, seeded, analyst_token):
    got, failures = [], []
    start = threading.Barrier(8)

    def take():
        try:
            start.wait()
            response = requests.post(f"{live_server}/api/queue/lease", headers=bearer(analyst_token), timeout=60)
            got.append(response.json()["claim"]["id"])
        except Exception as error:  # kept: an assertion in a thread would be lost
            failures.append(repr(error))

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len(got) == 8 and len(set(got)) == 1
    with app.app_context():
        assert db.session.query(Claim).where(Claim.leased_by_id.is_not(None)).count() == 1


@pytest.mark.parametrize("seconds", [5, 3600])
def test_lease_length_comes_from_config(app, client, seeded, analyst_token, seconds):
    app.config["LEASE_SECONDS"] = seconds
    body = lease(client, analyst_token).get_json()
    assert seconds - 2 <= body["lease_seconds"] <= seconds
