"""What a newcomer meets: GET /api's links, the API reference page, one content hash whatever the
door, and deleting a document with its audit record."""
from __future__ import annotations

import hashlib
import unicodedata

import pytest

from service.cli import cli
from tests.conftest import bearer, ingested

ARTICLE = "Zarif said on Sunday that Iran was ready to work with the Taliban. The talks lasted two days."


def post(client, token, body):
    response = client.post("/api/documents", json=body, headers=bearer(token))
    return response, response.get_json()


@pytest.fixture(scope="module")
def shared(shared_app):
    app, tokens = shared_app
    return app.test_client(), tokens["analyst"]


def test_api_lists_its_links_and_every_link_answers(shared):
    client, analyst_token = shared
    response = client.get("/api")
    assert response.status_code == 200
    links = response.get_json()["links"]
    assert {"health", "documents", "claims", "queue", "lease", "users", "openapi", "reference"} <= set(links)
    assert links["lease"] == {"href": "/api/queue/lease", "methods": ["DELETE", "POST"]}
    for name, link in links.items():
        if "GET" in link["methods"]:
            answer = client.get(link["href"], headers=bearer(analyst_token))
            assert answer.status_code in (200, 302, 403), (name, link, answer.status_code)  # 302: to login
            answer.close()


def test_the_reference_page_serves_its_assets_from_the_instance(shared):
    client, _token = shared
    page = client.get("/api/docs")
    assert page.status_code == 200 and "<script>" not in page.text and "style=" not in page.text
    assert "//" not in page.text.replace("<!doctype html>", "").split("<body")[0].replace("http-equiv", "")
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        with client.get(f"/api/docs/swagger-ui/{asset}") as response:
            assert response.status_code == 200 and len(response.data) > 10_000 and asset in page.text
    with client.get("/api/docs/swagger-ui/index.html") as response:  # only the files the page uses
        assert response.status_code == 404


@pytest.mark.parametrize("variant", ["  ", "\n\n", " \t\n", "\u00a0"])
def test_edge_white_space_makes_no_new_article(client, editor_token, variant):
    first = post(client, editor_token, {"text": ARTICLE})[1]
    response, body = post(client, editor_token, {"text": variant + ARTICLE + variant})
    assert response.status_code == 409 and body["errors"]["document_id"] == first["id"]
    assert first["content_hash"] == hashlib.sha256(ARTICLE.encode()).hexdigest()


def test_composed_and_decomposed_accents_are_one_article(client, editor_token):
    composed = "Le ministre a déclaré que l'accord était signé."
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    first = post(client, editor_token, {"text": decomposed})[1]
    assert first["text"] == composed  # stored in NFC, so offsets match what the API returns
    assert post(client, editor_token, {"text": composed})[0].status_code == 409


def test_the_cli_and_the_api_hash_alike(runner, client, editor_token, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(unicodedata.normalize("NFD", "Le ministre a déclaré la paix.") + "\n\n", encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(article)]).exit_code == 0
    response, body = post(client, editor_token, {"text": "Le ministre a déclaré la paix.  "})
    assert response.status_code == 409, body


def test_deleting_a_document_removes_it_and_its_claims_and_keeps_an_audit_record(
        client, editor_token, analyst_token, admin_token):
    keep = post(client, editor_token, {"text": "The mayor said the bridge would reopen."})[1]
    gone = ingested(client, editor_token, {"text": ARTICLE, "title": "Mistake"})
    claim_id = gone["claims"][0]["id"]
    decided = client.patch(f"/api/claims/{claim_id}", json={"status": "confirmed"},
                           headers={**bearer(analyst_token), "If-Match": f'"{claim_id}-1"'})
    assert decided.status_code == 200
    leased = client.post("/api/queue/lease", json={"document_id": gone["id"]}, headers=bearer(analyst_token))
    assert leased.status_code == 200

    response = client.delete(f"/api/documents/{gone['id']}", headers=bearer(editor_token))
    assert response.status_code == 204 and response.data == b""

    analyst = bearer(analyst_token)
    assert client.get(f"/api/documents/{gone['id']}", headers=analyst).status_code == 404
    assert client.get(f"/api/claims/{claim_id}", headers=analyst).status_code == 404
    assert [d["id"] for d in client.get("/api/documents", headers=analyst).get_json()] == [keep["id"]]
    assert {c["document_id"] for c in client.get("/api/claims", headers=analyst).get_json()} == {keep["id"]}
    overview = client.get("/api/queue", headers=analyst).get_json()
    assert overview["leases"] == [] and sum(overview["statuses"].values()) == keep["claim_count"]
    next_claim = client.post("/api/queue/lease", json={}, headers=analyst).get_json()["claim"]
    assert next_claim["document_id"] == keep["id"]

    [record] = client.get("/api/documents/deletions", headers=bearer(admin_token)).get_json()
    assert record["document_id"] == gone["id"] and record["title"] == "Mistake"
    assert record["deleted_by"] == "eddie" and record["deleted_at"].endswith("+00:00")
    assert record["claim_count"] == gone["claim_count"] and record["content_hash"] == gone["content_hash"]
    assert record["decisions"] == [{"index": 0, "status": "confirmed", "version": 2}]
    # the text is free again: posting it once more is a new document, not a 409
    assert post(client, editor_token, {"text": ARTICLE})[0].status_code == 201


@pytest.mark.parametrize("who, status", [("analyst", 403), (None, 401)])
def test_only_editors_and_admins_delete(client, editor_token, analyst_token, who, status):
    document = post(client, editor_token, {"text": ARTICLE})[1]
    headers = bearer(analyst_token) if who == "analyst" else {}
    response = client.delete(f"/api/documents/{document['id']}", headers=headers)
    assert response.status_code == status and response.get_json()["code"] == status
    assert client.get(f"/api/documents/{document['id']}", headers=bearer(analyst_token)).status_code == 200
    assert client.get("/api/documents/deletions", headers=bearer(editor_token)).get_json() == []


def test_deleting_twice_is_404_and_audited_once(client, admin_token):
    document = post(client, admin_token, {"text": ARTICLE})[1]
    assert client.delete(f"/api/documents/{document['id']}", headers=bearer(admin_token)).status_code == 204
    again = client.delete(f"/api/documents/{document['id']}", headers=bearer(admin_token))
    assert again.status_code == 404 and again.get_json()["code"] == 404
    assert len(client.get("/api/documents/deletions", headers=bearer(admin_token)).get_json()) == 1
