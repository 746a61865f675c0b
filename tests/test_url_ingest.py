"""POST /api/documents with a URL: the page fetched from the tests' own loopback server (admitted by
the allow-list), read and stored; duplicates, refusals and failures; no write lock while fetching."""
from __future__ import annotations

import threading
import time

import pytest

from service.db import db
from service.users import create_user
from tests.conftest import bearer
from tests.loopback import EXPECTED, serving


@pytest.fixture(scope="module")
def site():
    with serving() as server:
        yield server


@pytest.fixture
def allowed(app):
    app.config["FETCH_ALLOW"] = "127.0.0.1"
    return app


def post_url(client, token, url, **extra):
    response = client.post("/api/documents", json={"url": url, **extra}, headers=bearer(token))
    return response, response.get_json()


def test_a_url_is_fetched_read_and_stored(allowed, client, editor_token, site):
    final = f"{site.base}/pages/harbour-strike.html"
    asked = f"{site.base}/redirect?status=301&to=/pages/harbour-strike.html"
    started = time.time()
    response, body = post_url(client, editor_token, asked)
    assert response.status_code == 201, body
    expected = EXPECTED["harbour-strike.html"]
    assert (body["title"], body["published"], body["outlet"], body["author"]) == (
        expected["title"], expected["published"], expected["outlet"], expected["author"])
    assert (body["url"], body["final_url"]) == (asked, final)
    assert body["text"].startswith(expected["first"]) and body["text"].endswith(expected["last"])
    assert "Related stories" not in body["text"] and body["claim_count"] > 0
    stored = client.get(response.headers["Location"], headers=bearer(editor_token)).get_json()
    assert any(c["attributions"] for c in stored["claims"])  # "said Ilse Brandt", "according to ..."
    fetched = body["fetched_at"]
    assert fetched.endswith("+00:00") and time.strftime("%Y-%m-%d", time.gmtime(started)) in fetched
    listed = client.get("/api/documents", headers=bearer(editor_token)).get_json()
    assert [(d["id"], d["final_url"]) for d in listed] == [(body["id"], final)]


def test_given_metadata_wins_over_the_page(allowed, client, editor_token, site):
    response, body = post_url(client, editor_token, f"{site.base}/pages/clinic-report.html",
                              title="Clinics", outlet="Courier", published="2025-11-03")
    assert response.status_code == 201, body
    assert (body["title"], body["outlet"], body["published"], body["author"]) == (
        "Clinics", "Courier", "2025-11-03", "Dan Okafor")


def test_the_same_url_twice_is_409_with_the_first_id_and_no_second_fetch(allowed, client, editor_token, site):
    url = f"{site.base}/pages/council-budget.xhtml"
    first = post_url(client, editor_token, url)[1]
    fetches = len(site.hits)
    for again in (url, url.replace("http://127.0.0.1", "HTTP://127.0.0.1") + "#section"):
        response, body = post_url(client, editor_token, again)
        assert response.status_code == 409 and body["errors"]["document_id"] == first["id"], body
    assert len(site.hits) == fetches
    # a new address that redirects to a stored page is found out once the redirect is followed
    response, body = post_url(client, editor_token, f"{site.base}/redirect?to=/pages/council-budget.xhtml")
    assert response.status_code == 409 and body["errors"]["document_id"] == first["id"]
    assert len(client.get("/api/documents", headers=bearer(editor_token)).get_json()) == 1


@pytest.mark.parametrize("path, allow, status, words", [
    ("/pages/harbour-strike.html", "", 422, "loopback"),  # no allow-list: the loopback server is refused
    ("/redirect?to=http://10.0.0.1/", "127.0.0.1", 422, "private"),
    ("/status/404", "127.0.0.1", 502, "404"),
    ("/image", "127.0.0.1", 502, "image/png"),
    ("/big", "127.0.0.1", 502, "larger than 5 MB"),
])
def test_refused_and_failed_fetches_get_one_error_and_store_nothing(app, client, editor_token, site,
                                                                    path, allow, status, words):
    app.config["FETCH_ALLOW"] = allow
    response, body = post_url(client, editor_token, site.base + path)
    assert response.status_code == status, body
    assert body["code"] == status and words in body["message"] and body["errors"]["url"]
    assert client.get("/api/documents", headers=bearer(editor_token)).get_json() == []


def test_no_write_lock_is_held_while_a_site_is_slow(allowed, client, editor_token, site):
    site.release.clear()
    site.held.clear()
    result = {}
    posting = threading.Thread(target=lambda: result.update(
        response=post_url(client, editor_token, f"{site.base}/hold")))
    posting.start()
    try:
        assert site.held.wait(10), "the fetch never reached the site"
        started = time.monotonic()
        with allowed.app_context():  # another analyst's write while the fetch waits on the site
            create_user(db.session, "other", "analyst")
            db.session.commit()
        assert time.monotonic() - started < 5
    finally:
        site.release.set()
        posting.join(30)
    assert result["response"][0].status_code == 201, result["response"][1]
