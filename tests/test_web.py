"""The review page through Flask's test client: login, CSRF, the page's JSON, escaping."""
from __future__ import annotations

import re

import pytest

from service.db import db
from service.ingest import ingest_text
from service.users import create_user
from tests.conftest import bearer

MARKUP = "<img src=x onerror=alert(1)>"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf[-_]token" (?:content|value)="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def log_in(client, token: str):
    form = client.get("/login")
    return client.post("/login", data={"token": token, "csrf_token": csrf_of(form.text)})


@pytest.fixture
def page(client, analyst_token):
    """A logged-in client and the CSRF header its JSON calls send."""
    assert log_in(client, analyst_token).status_code == 302
    token = csrf_of(client.get("/review").text)
    return client, {"X-CSRF-Token": token}



def test_login_form_has_a_token_field_and_csrf(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert 'name="token"' in response.text and csrf_of(response.text)


def test_login_sets_a_session_and_shows_the_review_page(client, analyst_token):
    response = log_in(client, analyst_token)
    assert (response.status_code, response.headers["Location"]) == (302, "/review")
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    page = client.get("/review")
    assert page.status_code == 200 and "Signed in as <strong>ana</strong>" in page.text


@pytest.mark.parametrize("token, with_csrf, code, message", [
    ("not-a-token", True, 401, "The token matches no active user."),
    ("", True, 401, "Send an API token"),
    ("any", False, 403, "security token is missing"),
])
def test_bad_logins_are_refused(client, analyst_token, token, with_csrf, code, message):
    form = client.get("/login")
    data = {"token": token, **({"csrf_token": csrf_of(form.text)} if with_csrf else {})}
    response = client.post("/login", data=data)
    assert response.status_code == code and message in response.text
    assert client.get("/review").status_code == 302


def test_login_with_a_stolen_form_token_from_another_session_fails(app, analyst_token):
    other = app.test_client()
    stolen = csrf_of(other.get("/login").text)
    victim = app.test_client()
    victim.get("/login")
    response = victim.post("/login", data={"token": analyst_token, "csrf_token": stolen})
    assert response.status_code == 403


@pytest.mark.parametrize("path, target", [("/review", "/login"), ("/", "/review")])
def test_pages_redirect_until_logged_in(client, path, target):
    response = client.get(path)
    assert (response.status_code, response.headers["Location"]) == (302, target)


def test_logout_needs_csrf_then_ends_the_session(page):
    client, headers = page
    asked = client.get("/logout")
    assert asked.status_code == 200 and csrf_of(asked.text) == headers["X-CSRF-Token"]
    assert client.get("/review").status_code == 200  # a GET alone logs nobody out
    assert client.post("/logout").status_code == 403
    assert client.get("/review").status_code == 200
    response = client.post("/logout", data={"csrf_token": headers["X-CSRF-Token"]})
    assert (response.status_code, response.headers["Location"]) == (302, "/login")
    assert client.get("/review").status_code == 302


@pytest.mark.parametrize("path", ["/review/api/lease", "/review/api/skip", "/review/api/decide", "/review/api/undo"])
def test_page_json_needs_the_csrf_header(page, path):
    client, _ = page
    response = client.post(path, json={})
    assert response.status_code == 403 and "security token" in response.get_json()["message"]
    wrong = client.post(path, json={}, headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403


def test_page_json_needs_a_session(client):
    response = client.post("/review/api/lease", json={}, headers={"X-CSRF-Token": "x"})
    assert response.status_code == 401 and response.get_json()["message"] == "Your session ended; log in again."


def test_lease_shows_claim_paragraph_history_lease_and_progress(page, seeded):
    client, headers = page
    body = client.post("/review/api/lease", json={}, headers=headers).get_json()
    claim = body["claim"]
    assert claim["status"] == "unreviewed" and claim["text"]
    assert claim["id"] in [sibling["id"] for sibling in body["paragraph"]]
    assert body["history"] == [] and body["document"]["title"] == "Taliban in Tehran"
    assert 590 <= body["lease"]["seconds"] <= 600
    none_decided = {"decided": 0, "total": seeded}
    assert body["progress"] == {"document": none_decided, "overall": none_decided}


@pytest.mark.parametrize("status, note, credibility, code, expected", [
    ("confirmed", None, 3, 200, 3), ("inconclusive", None, 4, 200, 4), ("disputed", "wrong date", 4, 200, 4),
    ("confirmed", None, None, 200, 2), ("confirmed", None, 1, 422, "corroboration"),
    ("confirmed", None, 5, 422, "cannot have credibility 5"), ("confirmed", None, 7, 422, "credibility"),
    ("confirmed", None, "high", 422, "credibility"),
])
def test_the_page_decides_with_a_credibility(page, seeded, analyst_token, status, note, credibility, code, expected):
    client, headers = page
    first = client.post("/review/api/lease", json={}, headers=headers).get_json()["claim"]
    response = client.post("/review/api/decide", headers=headers, json={
        "claim_id": first["id"], "version": first["version"], "status": status, "note": note,
        "credibility": credibility})
    body = response.get_json()
    assert response.status_code == code, body
    if code == 200:
        assert body["decided"]["credibility"] == expected
        claim = client.get(f"/api/claims/{first['id']}", headers=bearer(analyst_token)).get_json()
        assert claim["credibility"] == expected
    else:  # refused: the claim is still the analyst's, undecided
        assert expected in (body["message"] + str(body.get("errors"))) and body["code"] == 422
        again = client.post("/review/api/lease", json={}, headers=headers).get_json()["claim"]
        assert (again["id"], again["status"], again["version"]) == (first["id"], "unreviewed", first["version"])


def test_decide_returns_the_next_claim_and_undo_takes_it_back(page, seeded, analyst_token):
    client, headers = page
    first = client.post("/review/api/lease", json={}, headers=headers).get_json()["claim"]
    decided = client.post("/review/api/decide", headers=headers, json={
        "claim_id": first["id"], "version": first["version"], "status": "confirmed"}).get_json()
    assert decided["decided"] == {"claim_id": first["id"], "version": first["version"] + 1, "status": "confirmed",
                                  "credibility": 2}
    assert decided["claim"]["id"] != first["id"]
    assert decided["progress"]["overall"] == {"decided": 1, "total": seeded}
    undone = client.post("/review/api/undo", headers=headers, json={
        "claim_id": first["id"], "version": first["version"] + 1, "status": "unreviewed"}).get_json()
    assert (undone["claim"]["id"], undone["claim"]["status"]) == (first["id"], "unreviewed")
    assert [(e["action"], e["analyst"], e["to"]) for e in undone["history"]] == [
        ("decide", "ana", "confirmed"), ("reopen", "ana", "unreviewed")]
    again = client.post("/review/api/undo", headers=headers, json={
        "claim_id": first["id"], "version": first["version"] + 1, "status": "unreviewed"})
    assert again.status_code == 412


def test_dispute_needs_a_note(page, seeded):
    client, headers = page
    claim = client.post("/review/api/lease", json={}, headers=headers).get_json()["claim"]
    response = client.post("/review/api/decide", headers=headers, json={
        "claim_id": claim["id"], "version": claim["version"], "status": "disputed", "note": " "})
    assert response.status_code == 422 and response.get_json()["errors"] == {"note": ["Required when disputing."]}


@pytest.mark.parametrize("body, field", [
    ({"version": 1, "status": "confirmed"}, "claim_id"),
    ({"claim_id": 1, "status": "confirmed"}, "version"),
    ({"claim_id": 1, "version": 1, "status": "great"}, "status"),
    ({"claim_id": "x", "version": 1, "status": "confirmed"}, "claim_id"),
    ({"claim_id": 1, "version": 1, "status": "confirmed", "extra": 1}, "extra"),
])
def test_bad_decisions_are_422(page, body, field):
    client, headers = page
    response = client.post("/review/api/decide", headers=headers, json=body)
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_skip_moves_on_and_cycles_back_to_the_oldest_skip(page, seeded):
    client, headers = page
    seen = [client.post("/review/api/lease", json={}, headers=headers).get_json()["claim"]["id"]]
    for _ in range(seeded):
        seen.append(client.post("/review/api/skip", json={}, headers=headers).get_json()["claim"]["id"])
    assert len(set(seen[:seeded])) == seeded  # every claim once before any comes back
    assert seen[seeded] == seen[0]


def test_skip_without_a_lease_is_404(page, seeded):
    client, headers = page
    response = client.post("/review/api/skip", json={}, headers=headers)
    assert response.status_code == 404 and "no lease" in response.get_json()["message"]


def test_empty_queue_says_so(page):
    client, headers = page
    body = client.post("/review/api/lease", json={}, headers=headers).get_json()
    assert body == {"claim": None, "progress": {"document": None, "overall": {"decided": 0, "total": 0}}}


def test_markup_in_names_and_claims_is_escaped(app, client):
    with app.app_context():
        _, token = create_user(db.session, MARKUP, "analyst")
        ingest_text(db.session, f"The minister said {MARKUP} was fine.", title=MARKUP)
        db.session.commit()
    log_in(client, token)
    page = client.get("/review").text
    assert MARKUP not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    headers = {"X-CSRF-Token": csrf_of(page)}
    body = client.post("/review/api/lease", json={}, headers=headers)
    assert body.mimetype == "application/json" and MARKUP in body.get_json()["claim"]["text"]


def test_no_script_or_style_comes_from_another_origin(page):
    client, _ = page
    html = client.get("/review").text
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    with client.get("/review/static/review.js") as script:
        assert script.status_code == 200 and "textContent" in script.text and "innerHTML" not in script.text
