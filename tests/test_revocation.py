"""Revocation: deactivation, token rotation, logout and token expiry cut access at once, through
API tokens and through review-page sessions alike (a cookie copied beforehand included)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from service.cli import cli
from service.db import db
from service.models import User, WebSession
from tests.conftest import bearer
from tests.test_web import csrf_of, log_in

LEASE = "/review/api/lease"


def page_session(app, token):
    """A logged-in test client, its CSRF header, and a second client holding a copy of its cookie."""
    client = app.test_client()
    assert log_in(client, token).status_code == 302
    headers = {"X-CSRF-Token": csrf_of(client.get("/review").text)}
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return client, thief, headers


def cut_off(app, token, *page_clients_and_headers):
    """Assert that the token and every page session given are refused."""
    api = app.test_client().get("/api/queue", headers=bearer(token))
    assert api.status_code == 401, api.get_json()
    for client, headers in page_clients_and_headers:
        lease = client.post(LEASE, json={}, headers=headers)
        assert lease.status_code == 401 and lease.get_json()["message"] == "Your session ended; log in again."
        assert client.get("/review").status_code == 302


def sessions_of(app, user_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WebSession).where(WebSession.user_id == user_id))


def test_a_copied_cookie_dies_with_logout(app, analyst_token):
    client, thief, headers = page_session(app, analyst_token)
    assert thief.post(LEASE, json={}, headers=headers).status_code == 200  # the copy works while logged in
    assert client.post("/logout", data={"csrf_token": headers["X-CSRF-Token"]}).status_code == 302
    response = thief.post(LEASE, json={}, headers=headers)
    assert response.status_code == 401
    assert thief.get("/review").status_code == 302
    # logout ends this session only; the token itself still works
    assert app.test_client().get("/api/queue", headers=bearer(analyst_token)).status_code == 200


def test_deactivation_cuts_token_and_sessions_and_activation_restores_the_token(app, client, make_user, admin_token):
    user_id, token = make_user("olga")
    first, thief, headers = page_session(app, token)
    second, _, second_headers = page_session(app, token)
    assert sessions_of(app, user_id) == 2
    response = client.patch(f"/api/users/{user_id}", json={"active": False}, headers=bearer(admin_token))
    assert response.status_code == 200 and response.get_json()["active"] is False
    cut_off(app, token, (first, headers), (thief, headers), (second, second_headers))
    assert sessions_of(app, user_id) == 0
    again = app.test_client()
    assert log_in(again, token).status_code == 401
    assert client.patch(f"/api/users/{user_id}", json={"active": True}, headers=bearer(admin_token)).status_code == 200
    assert client.get("/api/queue", headers=bearer(token)).status_code == 200
    assert first.get("/review").status_code == 302  # ended sessions stay ended


@pytest.mark.parametrize("by", ["admin", "self"])
def test_rotation_issues_a_working_token_and_cuts_the_old_one(app, client, make_user, admin_token, by):
    user_id, token = make_user("olga")
    page, thief, headers = page_session(app, token)
    response = client.post(f"/api/users/{user_id}/token", headers=bearer(admin_token if by == "admin" else token))
    body = response.get_json()
    assert response.status_code == 201, body
    assert (body["id"], body["name"], body["token_expires_at"]) == (user_id, "olga", None)
    assert body["token"] and body["token"] != token
    cut_off(app, token, (page, headers), (thief, headers))
    assert client.get("/api/queue", headers=bearer(body["token"])).status_code == 200
    listed = client.get("/api/users", headers=bearer(admin_token)).get_json()
    assert all("token" not in user for user in listed)  # shown once, in the rotation response only


def test_only_admins_change_users_and_rotate_other_tokens(client, make_user, admin_token):
    olga_id, olga = make_user("olga")
    ana_id, _ana = make_user("ana")
    assert client.patch(f"/api/users/{ana_id}", json={"active": False}, headers=bearer(olga)).status_code == 403
    assert client.patch(f"/api/users/{olga_id}", json={"role": "admin"}, headers=bearer(olga)).status_code == 403
    assert client.post(f"/api/users/{ana_id}/token", headers=bearer(olga)).status_code == 403
    assert client.post("/api/users/999/token", headers=bearer(olga)).status_code == 403  # no id probing
    assert client.get(f"/api/users/{olga_id}", headers=bearer(olga)).get_json()["name"] == "olga"
    assert client.get(f"/api/users/{ana_id}", headers=bearer(olga)).status_code == 403
    for response in (client.patch("/api/users/999", json={"active": False}, headers=bearer(admin_token)),
                     client.post("/api/users/999/token", headers=bearer(admin_token))):
        assert response.status_code == 404 and response.get_json()["message"] == "No user 999."


def test_a_role_change_applies_to_the_next_request(client, make_user, admin_token):
    user_id, token = make_user("olga")
    assert client.post("/api/documents", json={"text": "A sentence."}, headers=bearer(token)).status_code == 403
    response = client.patch(f"/api/users/{user_id}", json={"role": "editor"}, headers=bearer(admin_token))
    assert response.status_code == 200 and response.get_json()["role"] == "editor"
    assert client.post("/api/documents", json={"text": "A sentence."}, headers=bearer(token)).status_code == 201


def test_the_last_active_admin_cannot_be_removed(client, make_user, admin_token):
    admin_id = client.get("/api/users", headers=bearer(admin_token)).get_json()[0]["id"]
    for change in ({"active": False}, {"role": "editor"}):
        response = client.patch(f"/api/users/{admin_id}", json=change, headers=bearer(admin_token))
        assert response.status_code == 409 and "last active admin" in response.get_json()["message"]
    other_id, other = make_user("root", "admin")
    assert client.patch(f"/api/users/{admin_id}", json={"active": False}, headers=bearer(other)).status_code == 200


def test_an_expired_token_is_refused_with_a_readable_time(app, client, make_user, admin_token):
    user_id, token = make_user("olga")
    soon = (datetime.now(timezone.utc) + timedelta(days=3)).replace(microsecond=0)
    response = client.patch(f"/api/users/{user_id}", json={"token_expires_at": soon.isoformat()},
                            headers=bearer(admin_token))
    assert response.status_code == 200 and datetime.fromisoformat(response.get_json()["token_expires_at"]) == soon
    page, _, headers = page_session(app, token)
    assert client.get("/api/queue", headers=bearer(token)).status_code == 200
    assert page.post(LEASE, json={}, headers=headers).status_code == 200
    # an expiry that has passed: set directly, as if three days had gone by
    with app.app_context():
        db.session.get(User, user_id).token_expires_at = datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
        db.session.commit()
    refused = client.get("/api/queue", headers=bearer(token))
    assert refused.status_code == 401
    assert refused.get_json()["message"] == "The token expired at 2020-01-02 03:04:05 UTC; ask an admin for a new one."
    cut_off(app, token, (page, headers))
    fresh = client.post(f"/api/users/{user_id}/token", json={"token_expires_at": None}, headers=bearer(admin_token))
    assert fresh.status_code == 201 and fresh.get_json()["token_expires_at"] is None
    assert client.get("/api/queue", headers=bearer(fresh.get_json()["token"])).status_code == 200


def test_an_expiry_in_the_past_suspends_the_token_at_once(app, client, make_user, admin_token):
    user_id, token = make_user("olga")
    page, _, headers = page_session(app, token)
    response = client.patch(f"/api/users/{user_id}", json={"token_expires_at": "2001-01-01T00:00:00Z"},
                            headers=bearer(admin_token))
    assert response.status_code == 200 and response.get_json()["active"] is True
    cut_off(app, token, (page, headers))
    lifted = client.patch(f"/api/users/{user_id}", json={"token_expires_at": None}, headers=bearer(admin_token))
    assert lifted.status_code == 200 and lifted.get_json()["token_expires_at"] is None
    assert client.get("/api/queue", headers=bearer(token)).status_code == 200


def test_an_empty_change_changes_nothing(client, make_user, admin_token):
    user_id, token = make_user("olga")
    before = client.get(f"/api/users/{user_id}", headers=bearer(admin_token)).get_json()
    response = client.patch(f"/api/users/{user_id}", json={}, headers=bearer(admin_token))
    assert response.status_code == 200 and response.get_json() == before
    assert client.get("/api/queue", headers=bearer(token)).status_code == 200


def test_a_new_user_may_get_an_expiring_token(client, admin_token):
    response = client.post("/api/users", json={"name": "temp", "role": "analyst",
                                               "token_expires_at": "2999-01-01T00:00:00"}, headers=bearer(admin_token))
    assert response.status_code == 201 and response.get_json()["token_expires_at"] == "2999-01-01T00:00:00+00:00"


@pytest.mark.parametrize("body, field", [
    ({"active": "maybe"}, "active"), ({"active": None}, "active"), ({"role": "boss"}, "role"),
    ({"role": None}, "role"), ({"token_expires_at": "tomorrow"}, "token_expires_at"),
    ({"token_expires_at": "2026-02-30T00:00:00Z"}, "token_expires_at"), ({"token_expires_at": 5}, "token_expires_at"),
    ({"name": "renamed"}, "name"), ({"token_hash": "x"}, "token_hash"),
])
def test_bad_user_changes_are_422(shared_app, body, field):
    app, tokens = shared_app
    client = app.test_client()
    before = client.get("/api/users", headers=bearer(tokens["admin"])).get_json()
    analyst_id = next(user["id"] for user in before if user["role"] == "analyst")
    response = client.patch(f"/api/users/{analyst_id}", json=body, headers=bearer(tokens["admin"]))
    assert response.status_code == 422 and field in response.get_json()["errors"], response.get_json()
    assert client.get("/api/users", headers=bearer(tokens["admin"])).get_json() == before


def test_cli_deactivate_activate_rotate(app, runner, make_user, admin_token):
    user_id, token = make_user("olga")
    page, _, headers = page_session(app, token)
    client = app.test_client()
    result = runner.invoke(cli, ["users", "deactivate", "olga"])
    assert result.exit_code == 0 and "Deactivated 'olga'" in result.output
    cut_off(app, token, (page, headers))
    assert "olga\tanalyst\tinactive" in runner.invoke(cli, ["users", "list"]).output
    assert runner.invoke(cli, ["users", "activate", "olga"]).exit_code == 0
    assert client.get("/api/queue", headers=bearer(token)).status_code == 200
    page, _, headers = page_session(app, token)
    rotated = runner.invoke(cli, ["users", "rotate", "olga", "--expires-in", "30"])
    assert rotated.exit_code == 0 and "(expires 20" in rotated.output, rotated.output
    cut_off(app, token, (page, headers))
    assert client.get("/api/queue", headers=bearer(rotated.output.split()[-1])).status_code == 200


@pytest.mark.parametrize("args, message", [
    (["users", "deactivate", "nobody"], "No user named 'nobody'."),
    (["users", "rotate", "nobody"], "No user named 'nobody'."),
    (["users", "deactivate", "admin"], "admin is the last active admin"),
    (["users", "rotate", "admin", "--expires-in", "0"], "--expires-in"),
])
def test_cli_user_errors_are_one_line(runner, admin_token, args, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_deactivation_hands_the_users_leases_back_to_the_queue(client, seeded, make_user, admin_token):
    user_id, token = make_user("olga")
    _, other = make_user("pat")
    held = client.post("/api/queue/lease", json={}, headers=bearer(token)).get_json()["claim"]["id"]
    assert client.post("/api/queue/lease", json={}, headers=bearer(other)).get_json()["claim"]["id"] != held
    client.delete("/api/queue/lease", headers=bearer(other))  # pat skips his, so olga's is first again
    assert client.patch(f"/api/users/{user_id}", json={"active": False}, headers=bearer(admin_token)).status_code == 200
    leases = client.get("/api/queue", headers=bearer(admin_token)).get_json()["leases"]
    assert [lease["claim_id"] for lease in leases] == []
    assert client.post("/api/queue/lease", json={}, headers=bearer(other)).get_json()["claim"]["id"] == held
