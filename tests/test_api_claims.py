"""/api/claims: listing and filters, ETags, decisions with If-Match, leases, history, concurrency."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import requests

from service import create_app, sources
from service.db import db
from service.models import Attribution, Claim, utcnow
from tests.conftest import bearer, ingested, serve_app


@pytest.fixture
def document(client, editor_token, seed_text):
    return ingested(client, editor_token, {"text": seed_text, "title": "Seed"})


def claim_containing(document: dict, words: str) -> dict:
    return next(claim for claim in document["claims"] if words in claim["text"])


def add_attribution(app, claim: dict, source: str | None, cue: str, *, named: bool) -> None:
    """Store an attribution on ``claim`` as ingest does (real rows, offsets into the text)."""
    with app.app_context():
        row = db.session.get(Claim, claim["id"])
        text = row.document.text
        cue_start = text.index(cue, row.start)
        source_start = text.index(source, row.start) if source else None
        registered = sources.get_or_create(db.session, source, "person") if source and named else None
        db.session.add(Attribution(
            claim_id=row.id, source=registered, source_start=source_start,
            source_end=source_start + len(source) if source else None, source_text=source,
            source_kind="person", source_named=named, cue_start=cue_start, cue_end=cue_start + len(cue),
            cue_text=cue, cue_lemma=cue.lower(), content=[[cue_start + len(cue) + 1, row.end]],
            rule="test", confidence=0.5,
        ))
        db.session.commit()


def get(client, token, url, **headers):
    response = client.get(url, headers={**bearer(token), **headers})
    return response, response.get_json()


def patch(client, token, claim_id, body, etag=None):
    headers = bearer(token) | ({"If-Match": etag} if etag is not None else {})
    response = client.patch(f"/api/claims/{claim_id}", json=body, headers=headers)
    return response, response.get_json()


@pytest.fixture(scope="module")
def shared(shared_app, seed_text):
    """(client, analyst token, the seed document) on the module's shared database."""
    app, tokens = shared_app
    client = app.test_client()
    response = client.post("/api/documents", json={"text": seed_text}, headers=bearer(tokens["editor"]))
    assert response.status_code in (201, 409)
    with app.app_context():
        document_id = db.session.query(Claim.document_id).first()[0]
    document = client.get(f"/api/documents/{document_id}", headers=bearer(tokens["analyst"])).get_json()
    return client, tokens["analyst"], document


def all_claims(client, token) -> list[dict]:
    response, body = get(client, token, "/api/claims?page_size=500")
    assert response.status_code == 200
    return body


def test_list_is_paged_by_keyset_in_reading_order(client, analyst_token, document):
    response, body = get(client, analyst_token, "/api/claims?page_size=5")
    assert response.status_code == 200 and [claim["index"] for claim in body] == [0, 1, 2, 3, 4]
    following = response.headers["Link"]
    assert following == f'</api/claims?page_size=5&after={body[-1]["id"]}>; rel="next"'
    response, body = get(client, analyst_token, following[1:following.index(">")])
    assert response.status_code == 200 and [claim["index"] for claim in body] == [5, 6, 7, 8, 9]
    assert "X-Pagination" not in response.headers  # no count of the whole filter
    assert set(body[0]) >= {"id", "document_id", "index", "text", "statement", "status", "version",
                            "attributions", "updated_at"}
    last = document["claims"][-1]["id"]
    response, body = get(client, analyst_token, f"/api/claims?page_size=500&after={last - 2}")
    assert [claim["id"] for claim in body] == [last - 1, last] and "Link" not in response.headers


def test_filters_by_document_status_source_and_named(app, client, analyst_token, editor_token, document):
    zarif = claim_containing(document, "Zarif said")
    reports = claim_containing(document, "according to reports")
    add_attribution(app, zarif, "Zarif", "said", named=True)
    add_attribution(app, reports, None, "according to", named=False)
    other = ingested(client, editor_token, {"text": "Another article. Zarif is mentioned."})
    everything = all_claims(client, analyst_token)

    def ids(query):
        response, body = get(client, analyst_token, f"/api/claims?page_size=500&{query}")
        assert response.status_code == 200, body
        return {claim["id"] for claim in body}

    def where(predicate):
        return {claim["id"] for claim in everything if predicate(claim)}

    assert ids(f"document_id={other['id']}") == {c["id"] for c in other["claims"]}
    assert ids("named=true") == where(lambda c: any(a["source"]["named"] for a in c["attributions"]))
    assert ids("named=false") == where(lambda c: any(not a["source"]["named"] for a in c["attributions"]))
    assert zarif["id"] in ids("named=true") and reports["id"] in ids("named=false")
    assert ids("source=zarIF") == where(
        lambda c: any("zarif" in (a["source"]["text"] or "").lower() for a in c["attributions"]))
    assert zarif["id"] in ids("source=zarIF")
    assert ids("source=%25") == set()  # a LIKE wildcard is searched for literally
    etag = get(client, analyst_token, f"/api/claims/{zarif['id']}")[0].headers["ETag"]
    patch(client, analyst_token, zarif["id"], {"status": "confirmed"}, etag)
    assert ids("status=confirmed") == {zarif["id"]}
    assert ids(f"status=unreviewed&document_id={document['id']}") == {
        c["id"] for c in document["claims"]} - {zarif["id"]}


def test_attributions_show_spans_with_their_text(app, client, analyst_token, document):
    zarif = claim_containing(document, "Zarif said")
    add_attribution(app, zarif, "Zarif", "said", named=True)
    response, body = get(client, analyst_token, f"/api/claims/{zarif['id']}")
    attribution = next(a for a in body["attributions"] if a["rule"] == "test")
    assert attribution["source"]["text"] == "Zarif" and attribution["source"]["registry_id"]
    assert attribution["cue"]["text"] == "said" and attribution["cue"]["lemma"] == "said"
    assert attribution["source"]["kind"] == "person" and attribution["source"]["named"] is True
    content = attribution["content"][0]
    assert content["text"] in zarif["text"] and content["text"].endswith("Taliban.")


def test_get_has_etag_and_honours_if_none_match(client, analyst_token, document):
    claim = document["claims"][0]
    response, body = get(client, analyst_token, f"/api/claims/{claim['id']}")
    assert response.status_code == 200 and body["id"] == claim["id"] and body["version"] == 1
    assert response.headers["ETag"] == f'"{claim["id"]}-1"'
    again = client.get(f"/api/claims/{claim['id']}",
                       headers={**bearer(analyst_token), "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_decision_changes_status_version_etag_and_history(client, analyst_token, document):
    claim_id = document["claims"][3]["id"]
    etag = get(client, analyst_token, f"/api/claims/{claim_id}")[0].headers["ETag"]
    response, body = patch(client, analyst_token, claim_id,
                           {"status": "disputed", "note": "Wrong date", "evidence": ["https://example.org/a"]}, etag)
    assert response.status_code == 200, body
    assert body["status"] == "disputed" and body["version"] == 2
    assert response.headers["ETag"] == f'"{claim_id}-2"' != etag
    response, body = patch(client, analyst_token, claim_id, {"status": "inconclusive"}, response.headers["ETag"])
    assert response.status_code == 200 and body["version"] == 3
    response, history = get(client, analyst_token, f"/api/claims/{claim_id}/history")
    assert response.status_code == 200
    assert [(e["from"], e["to"], e["version"], e["action"]) for e in history] == [
        ("unreviewed", "disputed", 2, "decide"), ("disputed", "inconclusive", 3, "decide")]
    assert history[0]["analyst"] == "ana" and history[0]["note"] == "Wrong date"
    assert history[0]["evidence"] == ["https://example.org/a"] and history[0]["at"].endswith("+00:00")


def test_same_status_without_note_is_a_no_op_and_with_note_an_annotation(client, analyst_token, document):
    claim_id = document["claims"][0]["id"]
    response, body = patch(client, analyst_token, claim_id, {"status": "unreviewed"}, f'"{claim_id}-1"')
    assert response.status_code == 200 and body["version"] == 1
    assert response.headers["ETag"] == f'"{claim_id}-1"'
    assert get(client, analyst_token, f"/api/claims/{claim_id}/history")[1] == []
    response, body = patch(client, analyst_token, claim_id, {"status": "unreviewed", "note": "Checked the wire copy"},
                           f'"{claim_id}-1"')
    assert response.status_code == 200 and body["version"] == 2
    history = get(client, analyst_token, f"/api/claims/{claim_id}/history")[1]
    assert [(e["action"], e["note"]) for e in history] == [("annotate", "Checked the wire copy")]


def test_reopen_is_recorded(client, analyst_token, document):
    claim_id = document["claims"][0]["id"]
    patch(client, analyst_token, claim_id, {"status": "confirmed"}, f'"{claim_id}-1"')
    response, body = patch(client, analyst_token, claim_id, {"status": "unreviewed"}, f'"{claim_id}-2"')
    assert response.status_code == 200 and body["status"] == "unreviewed"
    assert get(client, analyst_token, f"/api/claims/{claim_id}/history")[1][-1]["action"] == "reopen"


@pytest.mark.parametrize("if_match, status, message", [
    (None, 428, "Send the claim's ETag in If-Match"), ("*", 428, "Send the claim's ETag in If-Match"),
    ('"{id}-2"', 412, "has changed since you read it"), ('"{id}-0"', 412, "has changed since you read it"),
    ('"999999-1"', 412, "ETag of claim 999999, not of claim {id}"),
    ('"999999-1", W/"999998-1"', 412, "not of claim {id}"),
    ("", 400, "If-Match"), ('""', 400, "If-Match"), ('W/""', 400, "If-Match"), ("garbage", 400, "If-Match"),
    ('"x"', 400, "If-Match"), ('"x", "{id}-1"', 400, "If-Match"), ('"{id}-1', 400, "If-Match"),
    ('"{id}-99999999999999999999"', 400, "If-Match"), ("W/", 400, "If-Match"),
])
def test_if_match_refused(shared, if_match, status, message):
    # Refused cases change nothing, so they share one database (the claim stays at version 1).
    client, analyst_token, document = shared
    claim_id = document["claims"][0]["id"]
    etag = if_match.replace("{id}", str(claim_id)) if if_match is not None else None
    response, body = patch(client, analyst_token, claim_id, {"status": "confirmed"}, etag)
    assert response.status_code == status, body
    assert body["code"] == status and message.replace("{id}", str(claim_id)) in body["message"]
    assert get(client, analyst_token, f"/api/claims/{claim_id}")[1]["version"] == 1


@pytest.mark.parametrize("if_match", ['W/"{id}-1"', '"999999-1", "{id}-1"', '"{id}-1",W/"{id}-7"'])
def test_if_match_accepted(client, analyst_token, document, if_match):
    claim_id = document["claims"][0]["id"]
    response, body = patch(client, analyst_token, claim_id, {"status": "confirmed"},
                           if_match.replace("{id}", str(claim_id)))
    assert response.status_code == 200 and body["version"] == 2, body


def test_a_bad_if_match_on_an_unknown_claim_is_404(shared):
    client, analyst_token, _document = shared
    response, body = patch(client, analyst_token, 999999, {"status": "confirmed"}, "garbage")
    assert response.status_code == 404 and body["code"] == 404


def test_stale_etag_after_someone_else_decided(client, analyst_token, make_user, document):
    other = make_user("bea")[1]
    claim_id = document["claims"][0]["id"]
    etag = get(client, analyst_token, f"/api/claims/{claim_id}")[0].headers["ETag"]
    assert patch(client, other, claim_id, {"status": "confirmed"}, etag)[0].status_code == 200
    response, body = patch(client, analyst_token, claim_id, {"status": "disputed", "note": "No"}, etag)
    assert response.status_code == 412 and "version 2" in body["message"]


@pytest.mark.parametrize("body, field", [
    ({"status": "disputed"}, "note"),
    ({"status": "disputed", "note": "   "}, "note"),
    ({"status": "fake"}, "status"),
    ({}, "status"),
    ({"status": 3}, "status"),
    ({"status": "confirmed", "evidence": ["not a url"]}, "evidence"),
    ({"status": "confirmed", "evidence": ["javascript:alert(1)"]}, "evidence"),
    ({"status": "confirmed", "evidence": "https://example.org"}, "evidence"),
    ({"status": "confirmed", "evidence": ["https://example.org"] * 21}, "evidence"),
    ({"status": "confirmed", "note": "x" * 5001}, "note"),
    ({"status": "confirmed", "version": 3}, "version"),
    ({"status": "disputed", "note": "nul\x00"}, "note"),
    ({"status": "disputed", "note": "\ud800"}, "note"),
])
def test_bad_decisions_are_422_and_change_nothing(shared, body, field):
    client, analyst_token, document = shared
    claim_id = document["claims"][0]["id"]
    response, error = patch(client, analyst_token, claim_id, body, f'"{claim_id}-1"')
    assert response.status_code == 422, error
    assert error["code"] == 422 and field in error["errors"]
    assert get(client, analyst_token, f"/api/claims/{claim_id}")[1]["version"] == 1


def _lease(app, claim_id, user_name, seconds=300):
    from service.models import User

    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        claim.leased_by_id = db.session.query(User).filter_by(name=user_name).one().id
        claim.leased_until = utcnow() + timedelta(seconds=seconds)
        db.session.commit()


def test_another_analysts_live_lease_blocks_a_decision(app, client, analyst_token, make_user, document):
    make_user("bea")
    claim_id = document["claims"][0]["id"]
    _lease(app, claim_id, "bea")
    response, body = patch(client, analyst_token, claim_id, {"status": "confirmed"}, f'"{claim_id}-1"')
    assert response.status_code == 409 and "bea" in body["message"]
    assert get(client, analyst_token, f"/api/claims/{claim_id}")[1]["version"] == 1


def test_expired_or_own_lease_allows_and_is_released(app, client, analyst_token, make_user, document):
    make_user("bea")
    first, second = document["claims"][0]["id"], document["claims"][1]["id"]
    _lease(app, first, "bea", seconds=-1)
    _lease(app, second, "ana")
    for claim_id in (first, second):
        response, body = patch(client, analyst_token, claim_id, {"status": "confirmed"}, f'"{claim_id}-1"')
        assert response.status_code == 200, body
        with app.app_context():
            assert db.session.get(Claim, claim_id).leased_by_id is None


def test_admin_takes_over_a_live_lease(app, client, admin_token, document):
    claim_id = document["claims"][0]["id"]
    _lease(app, claim_id, "eddie")
    response, body = patch(client, admin_token, claim_id, {"status": "confirmed"}, f'"{claim_id}-1"')
    assert response.status_code == 200, body
    history = get(client, admin_token, f"/api/claims/{claim_id}/history")[1]
    assert [(e["action"], e["analyst"]) for e in history] == [("takeover", "admin")]
    with app.app_context():
        assert db.session.get(Claim, claim_id).leased_by_id is None


@pytest.mark.parametrize("url", [
    "/api/claims/0", "/api/claims/999999", "/api/claims/99999999999999999999", "/api/claims/abc",
    "/api/claims/-1", "/api/claims/999999/history", "/api/claims/99999999999999999999/history",
])
def test_unknown_claims_are_404(shared, url):
    client, analyst_token, _document = shared
    response, body = get(client, analyst_token, url)
    assert response.status_code == 404 and body["code"] == 404 and body["message"]
    response = client.patch(url.removesuffix("/history"), json={"status": "confirmed"},
                            headers={**bearer(analyst_token), "If-Match": '"1-1"'})
    assert response.status_code in (404, 405) and response.get_json()["code"] == response.status_code


@pytest.mark.parametrize("query, field", [
    ("page=2", "page"), ("after=-3", "after"), ("after=x", "after"), ("page_size=0", "page_size"),
    ("page_size=501", "page_size"), ("page_size=10000000000000000000000", "page_size"),
    ("document_id=abc", "document_id"), ("document_id=0", "document_id"),
    ("document_id=99999999999999999999", "document_id"), ("status=bogus", "status"),
    ("named=maybe", "named"), ("source=", "source"),
])
def test_bad_queries_are_422(shared, query, field):
    client, analyst_token, _document = shared
    response, body = get(client, analyst_token, f"/api/claims?{query}")
    assert response.status_code == 422, body
    assert body["code"] == 422 and field in body["errors"]


def test_a_deeply_nested_decision_is_400(client, analyst_token, document):
    claim_id = document["claims"][0]["id"]
    response = client.patch(f"/api/claims/{claim_id}", data="[" * 100_000 + "]" * 100_000,
                            content_type="application/json", headers={**bearer(analyst_token), "If-Match": f'"{claim_id}-1"'})
    assert response.status_code == 400 and response.get_json()["code"] == 400


def test_a_page_past_the_end_is_empty(client, analyst_token, document):
    for after in (document["claims"][-1]["id"], 2**31 - 1):
        response, body = get(client, analyst_token, f"/api/claims?after={after}&page_size=500")
        assert response.status_code == 200 and body == [] and "Link" not in response.headers
    response, body = get(client, analyst_token, "/api/claims?after=99999999999")
    assert response.status_code == 422 and "after" in body["errors"]


@pytest.mark.parametrize("method, url", [
    ("get", "/api/claims"), ("get", "/api/claims/1"), ("patch", "/api/claims/1"), ("get", "/api/claims/1/history"),
])
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_claims_need_a_valid_token(shared, method, url, token):
    client = shared[0]
    headers = bearer(token) if token else {}
    response = getattr(client, method)(url, headers=headers, json={"status": "confirmed"} if method == "patch" else None)
    assert response.status_code == 401 and response.get_json()["code"] == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_two_concurrent_patches_with_one_etag_one_wins(app, make_user, seed_text):
    """Through a real waitress server: of two analysts who read version 1, exactly one wins."""
    editor = make_user("ed", "editor")[1]
    tokens = [make_user(name)[1] for name in ("ana", "bea")]
    with serve_app(app) as base, requests.Session() as setup:
        created = setup.post(f"{base}/api/documents", json={"text": seed_text}, headers=bearer(editor))
        claim_ids = [claim["id"] for claim in setup.get(base + created.headers["Location"],
                                                        headers=bearer(editor)).json()["claims"][:4]]
        for claim_id in claim_ids:
            barrier = threading.Barrier(2)
            results = []

            def decide(token, status):
                with requests.Session() as http:
                    barrier.wait()
                    response = http.patch(f"{base}/api/claims/{claim_id}", headers={
                        **bearer(token), "If-Match": f'"{claim_id}-1"'}, json={"status": status, "note": status})
                    results.append((response.status_code, response.json()))

            threads = [threading.Thread(target=decide, args=pair)
                       for pair in zip(tokens, ("confirmed", "disputed"))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(code for code, _ in results) == [200, 412], results
            winner = next(body for code, body in results if code == 200)
            history = setup.get(f"{base}/api/claims/{claim_id}/history", headers=bearer(editor)).json()
            assert [(e["to"], e["version"]) for e in history] == [(winner["status"], 2)]


def test_a_new_app_on_the_same_database_sees_the_decision(app, database_url, client, analyst_token, document):
    claim_id = document["claims"][2]["id"]
    response, _ = patch(client, analyst_token, claim_id, {"status": "confirmed", "note": "Wire copy"}, f'"{claim_id}-1"')
    assert response.status_code == 200
    restarted = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "other"})
    try:
        again = restarted.test_client()
        response, body = get(again, analyst_token, f"/api/claims/{claim_id}")
        assert response.status_code == 200 and body["status"] == "confirmed" and body["version"] == 2
        assert get(again, analyst_token, f"/api/claims/{claim_id}/history")[1][0]["note"] == "Wire copy"
    finally:
        with restarted.app_context():
            db.engine.dispose()
