"""One gate for input: the same bad values through every door — the API, the review page's JSON and
the CLI — are refused with a clear error (never a 500) and leave the database as it was.

Each case changes nothing, so the module shares one app per database (``shared_app``); the
snapshot taken before the cases is compared after each one."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from service.cli import cli
from service.db import db
from service.ingest import ingest_text
from service.models import Claim, ClaimEvent, Document, DocumentDeletion, User
from tests.conftest import bearer
from tests.test_web import csrf_of, log_in

NUL = "nul \x00 inside"
SURROGATE = "lone \ud800 surrogate"
BIG = "word " * 1_000_000  # 5 MB: over the 2 MiB request limit
ARTICLE = "Zarif said on Sunday that Iran was ready to work with the Taliban. The talks lasted two days."


@pytest.fixture(scope="module")
def gate(shared_app):
    """(app, tokens, claim id, logged-in page client, its CSRF header, snapshot function)."""
    app, tokens = shared_app
    with app.app_context():
        document = ingest_text(db.session, ARTICLE, title="Iran")
        db.session.commit()
        claim_id = document.claims[0].id
    page = app.test_client()
    assert log_in(page, tokens["analyst"]).status_code == 302
    headers = {"X-CSRF-Token": csrf_of(page.get("/review").text)}

    def snapshot():
        with app.app_context():
            counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                           for model in (Document, Claim, ClaimEvent, User, DocumentDeletion))
            claim = db.session.get(Claim, claim_id)
            return counts, claim.version, claim.status

    return app, tokens, claim_id, page, headers, snapshot


def _json(data) -> str:
    # ensure_ascii keeps a lone surrogate as its \ud800 escape: the bytes a client sends
    return json.dumps(data)


API_CASES = [
    # (id, method, path, body or raw data, content type, extra headers, status, words in the message or errors)
    ("doc-nul", "POST", "/api/documents", {"text": NUL}, None, {}, 422, "NUL"),
    ("doc-surrogate", "POST", "/api/documents", {"text": SURROGATE}, None, {}, 422, "surrogate"),
    ("doc-title-surrogate", "POST", "/api/documents", {"text": ARTICLE + " x", "title": "\udfff"}, None, {}, 422, "surrogate"),
    ("doc-javascript-url", "POST", "/api/documents", {"text": "A.", "url": "javascript:alert(1)"}, None, {}, 422, "http"),
    ("doc-data-url", "POST", "/api/documents", {"text": "A.", "url": "data:text/html,hi"}, None, {}, 422, "http"),
    ("doc-not-a-url", "POST", "/api/documents", {"text": "A.", "url": "not a url"}, None, {}, 422, "http"),
    ("doc-url-space", "POST", "/api/documents", {"text": "A.", "url": "http://a b.org/"}, None, {}, 422, "http"),
    ("doc-blank", "POST", "/api/documents", {"text": " \u3000\n"}, None, {}, 422, "white space"),
    ("doc-5mb", "POST", "/api/documents", {"text": BIG}, None, {}, 413, "2,097,152 bytes"),
    ("doc-form", "POST", "/api/documents", "text=A.", "application/x-www-form-urlencoded", {}, 415, "application/json"),
    ("doc-text-plain", "POST", "/api/documents", '{"text": "A."}', "text/plain", {}, 415, "application/json"),
    ("doc-no-type", "POST", "/api/documents", '{"text": "A."}', "", {}, 415, "application/json"),
    ("doc-bad-json", "POST", "/api/documents", '{"text": ', "application/json", {}, 400, "JSON"),
    ("user-nul", "POST", "/api/users", {"name": "a\x00b", "role": "analyst"}, None, {}, 422, "NUL"),
    ("user-surrogate", "POST", "/api/users", {"name": "\udc80", "role": "analyst"}, None, {}, 422, "surrogate"),
    ("patch-note-nul", "PATCH", "/api/claims/{id}", {"status": "confirmed", "note": NUL}, None, "etag", 422, "NUL"),
    ("patch-note-surrogate", "PATCH", "/api/claims/{id}", {"status": "confirmed", "note": SURROGATE}, None, "etag", 422, "surrogate"),
    ("patch-evidence-js", "PATCH", "/api/claims/{id}", {"status": "confirmed", "evidence": ["javascript:x"]}, None, "etag", 422, "http"),
    ("patch-note-long", "PATCH", "/api/claims/{id}", {"status": "confirmed", "note": "n" * 5001}, None, "etag", 422, "5000"),
    ("patch-form", "PATCH", "/api/claims/{id}", "status=confirmed", "application/x-www-form-urlencoded", "etag", 415, "application/json"),
    ("if-match-empty", "PATCH", "/api/claims/{id}", {"status": "confirmed"}, None, {"If-Match": '""'}, 400, "If-Match"),
    ("if-match-weak-empty", "PATCH", "/api/claims/{id}", {"status": "confirmed"}, None, {"If-Match": 'W/""'}, 400, "If-Match"),
    ("if-match-garbage", "PATCH", "/api/claims/{id}", {"status": "confirmed"}, None, {"If-Match": "garbage"}, 400, "If-Match"),
    ("if-match-other-claim", "PATCH", "/api/claims/{id}", {"status": "confirmed"}, None, {"If-Match": '"999999-1"'}, 412, "claim 999999"),
    ("if-match-star", "PATCH", "/api/claims/{id}", {"status": "confirmed"}, None, {"If-Match": "*"}, 428, "If-Match"),
    ("lease-form", "POST", "/api/queue/lease", "status=unreviewed", "application/x-www-form-urlencoded", {}, 415, "application/json"),
    ("lease-bad-status", "POST", "/api/queue/lease", {"status": "done\x00"}, None, {}, 422, "status"),
    ("claims-query-nul", "GET", "/api/claims?source=a%00b", None, None, {}, 422, "NUL"),
    ("delete-unknown", "DELETE", "/api/documents/999999", None, None, {}, 404, "999999"),
]


@pytest.mark.parametrize("case", API_CASES, ids=[case[0] for case in API_CASES])
def test_the_api_refuses_bad_input_and_stores_nothing(gate, case):
    app, tokens, claim_id, _page, _headers, snapshot = gate
    _id, method, path, body, content_type, extra, status, words = case
    before = snapshot()
    headers = {**bearer(tokens["admin"]), **({"If-Match": f'"{claim_id}-1"'} if extra == "etag" else extra)}
    data = _json(body) if isinstance(body, dict) else body
    kwargs = {"data": data, "content_type": "application/json" if content_type is None else content_type}
    if body is None:
        kwargs = {}
    response = app.test_client().open(path.replace("{id}", str(claim_id)), method=method, headers=headers, **kwargs)
    error = response.get_json()
    assert response.status_code == status, error
    assert error["code"] == status and error["status"] and error["message"]
    assert words in json.dumps(error, ensure_ascii=False), error
    assert snapshot() == before


@pytest.mark.parametrize("method, path, allowed", [
    ("TRACE", "/api/health", "GET"), ("PUT", "/api/documents", "GET, HEAD, OPTIONS, POST"),
    ("POST", "/api/claims/1", "GET, HEAD, OPTIONS, PATCH"), ("GET", "/review/api/decide", "OPTIONS, POST"),
    ("DELETE", "/api", "GET"), ("PATCH", "/api/documents/1", "DELETE, GET"),
])
def test_every_405_names_the_allowed_methods(gate, method, path, allowed):
    app, tokens, *_rest, snapshot = gate
    response = app.test_client().open(path, method=method, headers=bearer(tokens["admin"]))
    assert response.status_code == 405 and response.get_json()["code"] == 405
    for name in allowed.split(", "):
        assert name in response.headers["Allow"].split(", "), response.headers["Allow"]


PAGE_CASES = [
    # (id, path, body or raw data, content type, status, words)
    ("decide-note-nul", "/review/api/decide", {"note": NUL}, None, 422, "NUL"),
    ("decide-note-surrogate", "/review/api/decide", {"note": SURROGATE}, None, 422, "surrogate"),
    ("decide-note-long", "/review/api/decide", {"note": "n" * 5001}, None, 422, "5000"),
    ("decide-5mb", "/review/api/decide", {"note": BIG}, None, 413, "2,097,152 bytes"),
    ("decide-bad-status", "/review/api/decide", {"status": "approved"}, None, 422, "status"),
    ("decide-huge-id", "/review/api/decide", {"claim_id": 2**40}, None, 422, "claim_id"),
    ("decide-unknown-field", "/review/api/decide", {"extra": 1}, None, 422, "extra"),
    ("undo-note-nul", "/review/api/undo", {"note": NUL}, None, 422, "NUL"),
    ("decide-form", "/review/api/decide", "status=confirmed", "application/x-www-form-urlencoded", 415, "application/json"),
    ("decide-text-plain", "/review/api/decide", '{"status": "confirmed"}', "text/plain", 415, "application/json"),
    ("decide-bad-json", "/review/api/decide", '{"status": ', "application/json", 400, "JSON"),
    ("decide-a-list", "/review/api/decide", "[1, 2]", "application/json", 422, "Invalid input type"),
    ("decide-null", "/review/api/decide", "null", "application/json", 422, "Invalid input type"),
    ("decide-not-utf8", "/review/api/decide", b'{"note": "\xff"}', "application/json", 400, "JSON"),
    ("lease-bad-document", "/review/api/lease", '{"document_id": "x"}', "application/json", 422, "document_id"),
    ("skip-bad-document", "/review/api/skip", '{"document_id": -1}', "application/json", 422, "document_id"),
]


@pytest.mark.parametrize("case", PAGE_CASES, ids=[case[0] for case in PAGE_CASES])
def test_the_page_refuses_bad_input_like_the_api(gate, case):
    _app, _tokens, claim_id, page, headers, snapshot = gate
    _id, path, body, content_type, status, words = case
    before = snapshot()
    if isinstance(body, dict):
        body = _json({"claim_id": claim_id, "version": 1, "status": "confirmed", **body})
    response = page.post(path, data=body, headers=headers,
                         content_type="application/json" if content_type is None else content_type)
    error = response.get_json()
    assert response.status_code == status, error
    assert error["code"] == status and words in json.dumps(error, ensure_ascii=False), error
    assert snapshot() == before


CLI_JSONL_CASES = [
    ("javascript-url", {"text": ARTICLE + " One.", "url": "javascript:alert(1)"}, "url: Must be an http"),
    ("not-a-url", {"text": ARTICLE + " Two.", "url": "not a url"}, "url: Must be an http"),
    ("nul-text", {"text": NUL}, "text: Must not contain NUL"),
    ("surrogate-title", {"text": ARTICLE + " Three.", "title": "\ud800"}, "title: Must be valid Unicode"),
    ("long-title", {"text": ARTICLE + " Four.", "title": "t" * 501}, "title: Longer than maximum length 500"),
    ("blank-text", {"text": " \t "}, "text: Must not be empty"),
    ("five-mb", {"text": BIG}, "over the API's limit of 2,097,152 bytes"),
]


@pytest.mark.parametrize("record, message", [case[1:] for case in CLI_JSONL_CASES],
                         ids=[case[0] for case in CLI_JSONL_CASES])
def test_cli_ingest_refuses_what_the_api_refuses(gate, tmp_path, record, message):
    app, *_rest, snapshot = gate
    before = snapshot()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(cli, ["ingest", str(corpus)])
    assert result.exit_code == 2 and message in result.output, result.output
    last = result.output.strip().split("\n")[-1]
    assert last.startswith(f"claimdesk: error: {corpus}:1: ") and message in last
    assert snapshot() == before


def test_cli_ingest_checks_every_article_before_storing_any(gate, tmp_path):
    app, *_rest, snapshot = gate
    before = snapshot()
    corpus = tmp_path / "corpus.jsonl"
    good = {"text": ARTICLE + " Fine."}
    corpus.write_text("\n".join(json.dumps(r) for r in (good, good, {"text": "B.", "url": "ftp://x"})), encoding="utf-8")
    result = app.test_cli_runner().invoke(cli, ["ingest", str(corpus)])
    assert result.exit_code == 2 and f"{corpus}:3: url: Must be an http" in result.output, result.output
    assert snapshot() == before


@pytest.mark.parametrize("options, content, message", [
    ([], BIG, "over the API's limit"),
    (["--outlet", "bad\udcff"], ARTICLE + " Five.", "outlet: Must be valid Unicode"),
    (["--title", "t" * 501], ARTICLE + " Six.", "title: Longer than maximum length 500"),
    (["--published", "2019-02-30"], ARTICLE + " Seven.", "published: Not a valid date"),
], ids=["five-mb-file", "surrogate-outlet", "long-title", "bad-date"])
def test_cli_ingest_refuses_bad_text_files_and_options(gate, tmp_path, options, content, message):
    app, *_rest, snapshot = gate
    before = snapshot()
    article = tmp_path / "a.txt"
    article.write_text(content, encoding="utf-8")
    result = app.test_cli_runner().invoke(cli, ["ingest", str(article), *options])
    assert result.exit_code == 2 and message in result.output, result.output
    assert snapshot() == before


@pytest.mark.parametrize("name, message", [
    ("bad\udcff", "name: Must be valid Unicode"), ("x" * 121, "name: Length must be between 1 and 120"),
])
def test_cli_users_add_refuses_what_the_api_refuses(gate, name, message):
    app, *_rest, snapshot = gate
    before = snapshot()
    result = app.test_cli_runner().invoke(cli, ["users", "add", name])
    assert result.exit_code == 2 and message in result.output, result.output
    assert snapshot() == before
