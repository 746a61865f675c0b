"""/api/documents: ingest through the API, list and read documents, and every way input can be bad."""
from __future__ import annotations

import hashlib
import json
import threading

import pytest
import requests

from service import users
from service.db import db
from tests.conftest import bearer, serve_app


@pytest.fixture(scope="module")
def shared(shared_app):
    """(client, tokens by role) on the module's shared database, which these cases leave empty."""
    app, tokens = shared_app
    return app.test_client(), tokens


def post(client, token, body=None, **kwargs):
    response = client.post("/api/documents", json=body, headers=bearer(token), **kwargs)
    return response, response.get_json()


def test_post_stores_the_article_and_links_its_claims(client, editor_token, seed_text):
    article = {"text": seed_text, "title": "Taliban in Tehran", "url": "https://example.org/a",
               "outlet": "Example", "published": "2019-11-27"}
    response, body = post(client, editor_token, article)
    assert response.status_code == 201, body
    assert response.headers["Location"] == f"/api/documents/{body['id']}"
    assert {key: body[key] for key in ("title", "url", "outlet", "published")} == {
        key: article[key] for key in ("title", "url", "outlet", "published")}
    assert body["content_hash"] == hashlib.sha256(seed_text.encode()).hexdigest() and body["text"] == seed_text
    assert "claims" not in body and body["claims_url"] == f"/api/claims?document_id={body['id']}"
    claims = client.get(body["claims_url"] + "&page_size=500", headers=bearer(editor_token)).get_json()
    assert body["claim_count"] == len(claims) > 0
    for claim in claims:
        assert seed_text[claim["start"]:claim["end"]] == claim["text"]
        assert claim["status"] == "unreviewed" and claim["version"] == 1
    assert [claim["index"] for claim in claims] == list(range(len(claims)))


def test_admin_may_ingest_and_the_minimal_body_is_text(client, admin_token):
    response, body = post(client, admin_token, {"text": "Just one sentence."})
    assert response.status_code == 201 and body["title"] is None and body["claim_count"] == 1


def test_analysts_may_not_ingest(client, analyst_token):
    response, body = post(client, analyst_token, {"text": "A sentence."})
    assert response.status_code == 403 and body["code"] == 403 and "editor" in body["message"]


def test_the_same_text_twice_is_409_with_the_existing_id(client, editor_token, seed_text):
    first = post(client, editor_token, {"text": seed_text})[1]
    response, body = post(client, editor_token, {"text": seed_text, "title": "Again"})
    assert response.status_code == 409
    assert body["errors"]["document_id"] == first["id"] and str(first["id"]) in body["message"]


def test_two_concurrent_posts_of_one_text_store_it_once(app, editor_token, seed_text):
    results = []
    with serve_app(app) as base:
        barrier = threading.Barrier(3)

        def post_seed():
            with requests.Session() as http:
                barrier.wait()
                response = http.post(f"{base}/api/documents", json={"text": seed_text}, headers=bearer(editor_token))
                results.append((response.status_code, response.json()))

        threads = [threading.Thread(target=post_seed) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(code for code, _ in results) == [201, 409, 409], results
    stored = next(body["id"] for code, body in results if code == 201)
    assert all(body["errors"]["document_id"] == stored for code, body in results if code == 409)


def test_list_is_paged_newest_first(client, editor_token, analyst_token):
    ids = [post(client, editor_token, {"text": f"Article number {i}."})[1]["id"] for i in range(3)]
    response = client.get("/api/documents?page_size=2", headers=bearer(analyst_token))
    body = response.get_json()
    assert response.status_code == 200 and [d["id"] for d in body] == ids[::-1][:2]
    assert body[0]["claim_count"] == 1 and "text" not in body[0]
    assert response.headers["Link"] == f'</api/documents?page_size=2&after={ids[1]}>; rel="next"'
    response = client.get(f"/api/documents?page_size=2&after={ids[1]}", headers=bearer(analyst_token))
    assert [d["id"] for d in response.get_json()] == ids[:1] and "Link" not in response.headers
    response = client.get(f"/api/documents?after={ids[0]}", headers=bearer(analyst_token))
    assert response.status_code == 200 and response.get_json() == []


def test_get_returns_text_and_claims(client, editor_token, analyst_token, seed_text):
    created = post(client, editor_token, {"text": seed_text})[1]
    response = client.get(f"/api/documents/{created['id']}", headers=bearer(analyst_token))
    body = response.get_json()
    assert response.status_code == 200 and body["text"] == seed_text
    listed = client.get(created["claims_url"], headers=bearer(analyst_token)).get_json()
    assert [c["id"] for c in body["claims"]] == [c["id"] for c in listed] and len(listed) == created["claim_count"]
    assert {key: body[key] for key in created if key != "claims_url"} == {k: v for k, v in created.items() if k != "claims_url"}


@pytest.mark.parametrize("document_id", ["0", "12345", "99999999999999999999", "abc", "-1"])
def test_unknown_documents_are_404(shared, document_id):
    client, analyst_token = shared[0], shared[1]["analyst"]
    response = client.get(f"/api/documents/{document_id}", headers=bearer(analyst_token))
    assert response.status_code == 404 and response.get_json()["code"] == 404


@pytest.mark.parametrize("body, field", [
    ({}, "text"), ({"text": ""}, "text"), ({"text": "   \n "}, "text"), ({"text": 5}, "text"),
    ({"text": None}, "text"), ({"text": ["a"]}, "text"), ({"text": "ok.", "title": 3}, "title"),
    ({"text": "ok.", "title": "t" * 501}, "title"), ({"text": "ok.", "url": "not a url"}, "url"),
    ({"text": "ok.", "url": "ftp://example.org/x"}, "url"), ({"text": "ok.", "published": "27/11/2019"}, "published"),
    ({"text": "ok.", "published": "2019-02-30"}, "published"), ({"text": "ok.", "outlet": {"a": 1}}, "outlet"),
    ({"text": "ok.", "author": "me"}, "author"), ({"text": "x" * 1_000_001}, "text"),
    ({"text": "nul \x00 inside."}, "text"), ({"text": "ok.", "outlet": "a\x00"}, "outlet"),
])
def test_bad_fields_are_422_and_store_nothing(shared, body, field):
    client, editor_token = shared[0], shared[1]["editor"]
    response, error = post(client, editor_token, body)
    assert response.status_code == 422, error
    assert error["code"] == 422 and error["status"] == "Unprocessable Entity" and field in error["errors"]
    assert client.get("/api/documents", headers=bearer(editor_token)).get_json() == []


@pytest.mark.parametrize("data, content_type, status", [
    ("{bad json", "application/json", 400),
    ('["a list"]', "application/json", 422),
    ('"a string"', "application/json", 422),
    ("null", "application/json", 422),
    ("text=hello", "application/x-www-form-urlencoded", 415),
    ('{"text": "A."}', "text/plain", 415),
    ("", "application/json", 422),
    (b"\xff\xfe\x00", "application/json", 400),
    ("[" * 100_000 + "]" * 100_000, "application/json", 400),
    ('{"text": ' + "{" * 50_000 + "}" * 50_000 + "}", "application/json", 400),
    ('{"text": "lone \\ud800 surrogate"}', "application/json", 422),
    ('{"text": "ok.", "title": "\\udfff"}', "application/json", 422),
])
def test_malformed_bodies_get_the_error_shape(shared, data, content_type, status):
    client, editor_token = shared[0], shared[1]["editor"]
    response = client.post("/api/documents", data=data, content_type=content_type, headers=bearer(editor_token))
    body = response.get_json()
    assert response.status_code == status, body
    assert body["code"] == status and body["status"] and body["message"]
    assert client.get("/api/documents", headers=bearer(editor_token)).get_json() == []


def test_a_body_over_the_limit_is_413(client, editor_token):
    huge = json.dumps({"text": "word " * 500_000})  # 2.5 MB, over MAX_CONTENT_LENGTH
    response = client.post("/api/documents", data=huge, content_type="application/json", headers=bearer(editor_token))
    body = response.get_json()
    assert response.status_code == 413 and body["code"] == 413 and body["status"] == "Request Entity Too Large"


def test_413_reaches_a_client_of_the_real_server(app, editor_token):
    huge = json.dumps({"text": "word " * 500_000})
    with serve_app(app) as base, requests.Session() as http:
        response = http.post(f"{base}/api/documents", data=huge, timeout=30,
                             headers={**bearer(editor_token), "Content-Type": "application/json"})
        assert response.status_code == 413 and response.json()["code"] == 413
        assert http.get(f"{base}/api/documents", headers=bearer(editor_token), timeout=30).json() == []


@pytest.mark.parametrize("query, field", [
    ("page=2", "page"), ("after=-1", "after"), ("page_size=201", "page_size"), ("page_size=abc", "page_size"),
])
def test_bad_paging_is_422(shared, query, field):
    client, analyst_token = shared[0], shared[1]["analyst"]
    response = client.get(f"/api/documents?{query}", headers=bearer(analyst_token))
    assert response.status_code == 422 and field in response.get_json()["errors"]


@pytest.mark.parametrize("method, url", [("get", "/api/documents"), ("post", "/api/documents"),
                                         ("get", "/api/documents/1")])
def test_documents_need_a_token(shared, method, url):
    client = shared[0]
    response = getattr(client, method)(url, json={"text": "A."} if method == "post" else None)
    assert response.status_code == 401 and response.get_json()["code"] == 401


def test_unsupported_method_is_405_with_the_error_shape(client, editor_token):
    response = client.delete("/api/documents", headers=bearer(editor_token))
    assert response.status_code == 405 and response.get_json()["code"] == 405


def test_the_session_that_takes_over_the_authentication_connection_commits_its_transaction(app, editor_token):
    # POST /api/documents authenticates on a bare connection, then ends that transaction through
    # the session, so that no write lock is held while the article is extracted.
    with app.test_request_context("/api/documents", method="POST", headers=bearer(editor_token)):
        connection = db.connection()
        users.authenticate(connection, editor_token)
        assert connection.in_transaction()
        db.session.commit()
        assert not connection.in_transaction() and db.connection() is connection
