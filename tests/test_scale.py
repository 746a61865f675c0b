"""What keeps the service fast at a million claims, checked for what it promises: the combined
decide-and-next call, the status tallies the triggers keep, bounded documents, span texts cut
without the document's text, the overview's pages, and ingest that extracts outside any lock."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, func, select, text, update

from service import ingest, queue
from service.db import db
from service.documents import INLINE_CLAIMS
from service.models import Claim, Document, utcnow
from tests.conftest import bearer, ingested


def decide(client, token, **body):
    return client.post("/api/queue/decide", json=body, headers=bearer(token))


def leased(client, token) -> dict:
    response = client.post("/api/queue/lease", json={}, headers=bearer(token))
    assert response.status_code == 200
    return response.get_json()["claim"]


def test_decide_returns_the_decided_claim_and_leases_the_next(client, seeded, analyst_token):
    claim = leased(client, analyst_token)
    response = decide(client, analyst_token, claim_id=claim["id"], version=claim["version"],
                      status="confirmed", note="Checked", evidence=["https://example.org/a"])
    assert response.status_code == 200
    body = response.get_json()
    assert (body["decided"]["id"], body["decided"]["status"], body["decided"]["version"]) == (
        claim["id"], "confirmed", claim["version"] + 1)
    following = body["next"]
    assert following["id"] != claim["id"] and following["status"] == "unreviewed"
    assert following == client.get(f"/api/claims/{following['id']}", headers=bearer(analyst_token)).get_json()
    assert leased(client, analyst_token)["id"] == following["id"]  # the next one is this analyst's lease
    history = client.get(f"/api/claims/{claim['id']}/history", headers=bearer(analyst_token)).get_json()
    assert [(e["to"], e["note"], e["evidence"]) for e in history] == [("confirmed", "Checked", ["https://example.org/a"])]


def test_decide_records_the_check_and_the_credibility_as_the_patch_does(client, seeded, analyst_token):
    claim = leased(client, analyst_token)
    body = decide(client, analyst_token, claim_id=claim["id"], version=claim["version"],
                  status="confirmed", credibility=3).get_json()
    decided = body["decided"]
    assert (decided["credibility"], decided["checked_by"]) == (3, "ana") and decided["checked_at"]
    assert decided == client.get(f"/api/claims/{claim['id']}", headers=bearer(analyst_token)).get_json()
    history = client.get(f"/api/claims/{claim['id']}/history", headers=bearer(analyst_token)).get_json()
    assert [(e["action"], e["credibility"]) for e in history] == [("decide", 3)]
    # "uncertain" also orders the next claim of the combined call
    following = body["next"]
    again = decide(client, analyst_token, claim_id=following["id"], version=following["version"],
                   status="unreviewed", order="uncertain")
    assert again.status_code == 200 and again.get_json()["decided"]["checked_at"] is None


def test_decide_follows_the_patch_rules_and_leases_nothing_on_failure(client, seeded, analyst_token, make_user):
    claim = leased(client, analyst_token)
    stale = decide(client, analyst_token, claim_id=claim["id"], version=claim["version"] + 1, status="confirmed")
    no_note = decide(client, analyst_token, claim_id=claim["id"], version=claim["version"], status="disputed")
    other_token = make_user("bob")[1]
    held = decide(client, other_token, claim_id=claim["id"], version=claim["version"], status="confirmed")
    missing = decide(client, analyst_token, claim_id=10**6, version=1, status="confirmed")
    assert [r.status_code for r in (stale, no_note, held, missing)] == [412, 422, 409, 404]
    assert all(r.get_json()["code"] == r.status_code for r in (stale, no_note, held, missing))
    # bob's failed call leased him nothing: his lease is the next claim, not the held one
    assert leased(client, other_token)["id"] != claim["id"]


def test_decide_on_the_last_claim_returns_next_null(client, analyst_token, editor_token):
    client.post("/api/documents", json={"text": "Only one sentence here."}, headers=bearer(editor_token))
    claim = leased(client, analyst_token)
    body = decide(client, analyst_token, claim_id=claim["id"], version=1, status="inconclusive").get_json()
    assert body["decided"]["status"] == "inconclusive" and body["next"] is None


@pytest.mark.parametrize("body, field", [
    ({"version": 1, "status": "confirmed"}, "claim_id"),
    ({"claim_id": 1, "status": "confirmed"}, "version"),
    ({"claim_id": 1, "version": 1}, "status"),
    ({"claim_id": 0, "version": 1, "status": "confirmed"}, "claim_id"),
    ({"claim_id": 1, "version": "x", "status": "confirmed"}, "version"),
    ({"claim_id": 1, "version": 1, "status": "true"}, "status"),
    ({"claim_id": 1, "version": 1, "status": "confirmed", "note": "a\x00b"}, "note"),
    ({"claim_id": 1, "version": 1, "status": "confirmed", "evidence": ["javascript:alert(1)"]}, "evidence"),
    ({"claim_id": 1, "version": 1, "status": "confirmed", "extra": 1}, "extra"),
])
def test_bad_decide_requests_are_422(shared_app, body, field):
    app, tokens = shared_app
    response = decide(app.test_client(), tokens["analyst"], **body)
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_tallies_follow_every_insert_change_and_delete(app, seeded, seed_text):
    def counted(session):
        real = dict.fromkeys(("unreviewed", "confirmed", "disputed", "inconclusive"), 0)
        real.update(session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all())
        return real

    with app.app_context():
        session = db.session
        second = ingest.ingest_text(session, seed_text + "\nA second copy.")
        ids = session.scalars(select(Claim.id).order_by(Claim.id)).all()
        session.execute(update(Claim).where(Claim.id.in_(ids[:5])).values(status="confirmed"))
        session.execute(update(Claim).where(Claim.id.in_(ids[3:7])).values(status="disputed"))
        session.execute(update(Claim).where(Claim.id == ids[4]).values(status="unreviewed"))
        assert queue.status_counts(session) == counted(session)
        session.execute(delete(Document).where(Document.id == second.id))
        assert queue.status_counts(session) == counted(session)
        session.commit()
        assert queue.status_counts(db.session) == counted(db.session) and sum(counted(db.session).values()) == seeded


def test_the_tally_trigger_fires_on_a_change_of_status_not_on_a_lease(app, seeded, make_user):
    user_id = make_user("ana")[0]
    with app.app_context():
        connection = db.session.connection()
        claim_id = db.session.scalar(select(Claim.id).order_by(Claim.id).limit(1))

        if db.is_postgres():  # count the calls of trigger functions in this transaction
            connection.execute(text("SET LOCAL track_functions = 'pl'"))
        calls = text("SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions WHERE funcname LIKE 'claims_tally%'")

        def tally_trigger_work(statement) -> int:
            """PostgreSQL: how often a tally trigger ran for the statement; SQLite (whose triggers
            cannot be counted): the rows its triggers changed, the changes less the claim's own."""
            counter = calls if db.is_postgres() else text("SELECT total_changes()")
            before = connection.scalar(counter)
            connection.execute(statement)
            return connection.scalar(counter) - before - (0 if db.is_postgres() else 1)

        claim = update(Claim).where(Claim.id == claim_id)
        assert tally_trigger_work(claim.values(leased_by_id=user_id, leased_until=utcnow())) == 0
        assert tally_trigger_work(claim.values(leased_by_id=None, leased_until=None)) == 0
        assert tally_trigger_work(claim.values(status="unreviewed")) == 0  # the same status
        assert tally_trigger_work(claim.values(status="confirmed")) > 0
        assert queue.status_counts(db.session)["confirmed"] == 1
        db.session.rollback()


def test_a_document_inlines_its_first_claims_and_links_the_rest(client, editor_token, analyst_token):
    text = " ".join(f"Officials said item {i} arrived." for i in range(INLINE_CLAIMS + 30))
    created = client.post("/api/documents", json={"text": text}, headers=bearer(editor_token))
    assert created.status_code == 201 and created.get_json()["claim_count"] == INLINE_CLAIMS + 30
    body = client.get(created.headers["Location"], headers=bearer(analyst_token)).get_json()
    assert len(body["claims"]) == INLINE_CLAIMS and body["claim_count"] == INLINE_CLAIMS + 30
    rest = client.get(body["claims_next"] + "&page_size=500", headers=bearer(analyst_token)).get_json()
    assert [c["index"] for c in body["claims"] + rest] == list(range(INLINE_CLAIMS + 30))
    small = ingested(client, editor_token, {"text": "One. Two."})
    assert small["claims_next"] is None and small["claim_count"] == len(small["claims"])


def test_span_texts_are_the_documents_text_without_loading_it(client, editor_token, analyst_token):
    # A quote over three sentences: its content spans leave the claim's own sentence.
    text = ('Zarif said: "The talks went well. We agreed on the next steps. We will meet again."\n\n'
            'The minister added that more meetings were planned, according to reports.')
    document = ingested(client, editor_token, {"text": text})
    spans = [(s["start"], s["end"], s["text"]) for c in document["claims"] for a in c["attributions"]
             for s in a["content"]]
    assert spans and all(text[start:end] == piece for start, end, piece in spans)
    assert any(not (c["start"] <= s["start"] and s["end"] <= c["end"])
               for c in document["claims"] for a in c["attributions"] for s in a["content"])


def test_overview_pages_documents_and_counts_from_tallies(client, editor_token, analyst_token):
    ids = [client.post("/api/documents", json={"text": f"Report {i} said this."}, headers=bearer(editor_token))
           .get_json()["id"] for i in range(3)]
    response = client.get("/api/queue?page_size=2", headers=bearer(analyst_token))
    body = response.get_json()
    assert [d["document_id"] for d in body["documents"]] == ids[:2]
    assert body["statuses"]["unreviewed"] == 3 and response.headers["Link"] == f'</api/queue?page_size=2&after={ids[1]}>; rel="next"'
    rest = client.get(f"/api/queue?page_size=2&after={ids[1]}", headers=bearer(analyst_token))
    assert [d["document_id"] for d in rest.get_json()["documents"]] == ids[2:] and "Link" not in rest.headers


def test_ingest_extracts_before_it_takes_the_write_lock(app, client, seeded, editor_token, analyst_token, monkeypatch):
    """While an article is being extracted, a PATCH neither waits for it nor fails."""
    started, release = threading.Event(), threading.Event()
    real_extract = ingest.extraction.extract

    def slow_extract(text):
        started.set()
        release.wait(20)
        return real_extract(text)

    monkeypatch.setattr(ingest.extraction, "extract", slow_extract)
    results = []
    poster = threading.Thread(target=lambda: results.append(app.test_client().post(
        "/api/documents", json={"text": "A slow article, officials said."}, headers=bearer(editor_token))))
    poster.start()
    try:
        assert started.wait(20)
        claim = leased(client, analyst_token)
        finished = threading.Event()
        response = []

        def patch():
            response.append(client.patch(f"/api/claims/{claim['id']}", json={"status": "confirmed"},
                                         headers={**bearer(analyst_token), "If-Match": f'"{claim["id"]}-1"'}))
            finished.set()

        threading.Thread(target=patch).start()
        assert finished.wait(10), "the PATCH waited for the extraction"
        assert response[0].status_code == 200
    finally:
        release.set()
        poster.join(30)
    assert results[0].status_code == 201


def test_a_long_article_is_extracted_in_a_worker_process_with_the_same_result(app, client, editor_token, seed_text):
    from service.extraction import extract

    app.config["EXTRACT_OFFLOAD_CHARS"] = 1000  # the seed article goes to the worker process
    created = client.post("/api/documents", json={"text": seed_text}, headers=bearer(editor_token))
    assert created.status_code == 201
    expected = extract(seed_text).claims
    got = client.get(created.headers["Location"], headers=bearer(editor_token)).get_json()["claims"]
    assert [(c["start"], c["end"], c["statement"]) for c in got] == [
        (c.sentence.start, c.sentence.end, c.statement) for c in expected]
