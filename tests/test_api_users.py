"""/api/users: admins list and create users; the new token works at once; others are refused."""
from __future__ import annotations

import pytest

from tests.conftest import bearer


def test_admin_creates_a_user_whose_token_works(client, admin_token):
    response = client.post("/api/users", json={"name": "Nadia", "role": "editor"}, headers=bearer(admin_token))
    body = response.get_json()
    assert response.status_code == 201, body
    assert body["name"] == "Nadia" and body["role"] == "editor" and body["active"] is True and body["token"]
    ingest = client.post("/api/documents", json={"text": "A sentence."}, headers=bearer(body["token"]))
    assert ingest.status_code == 201


def test_admin_lists_users_without_tokens(client, admin_token, analyst_token):
    response = client.get("/api/users", headers=bearer(admin_token))
    body = response.get_json()
    assert response.status_code == 200
    assert [(u["name"], u["role"]) for u in body] == [("admin", "admin"), ("ana", "analyst")]
    assert all("token" not in u and "token_hash" not in u for u in body)


def test_a_taken_name_is_409(client, admin_token):
    response = client.post("/api/users", json={"name": "admin", "role": "analyst"}, headers=bearer(admin_token))
    assert response.status_code == 409 and response.get_json()["code"] == 409


@pytest.mark.parametrize("body, field", [
    ({"name": "x"}, "role"), ({"role": "analyst"}, "name"), ({"name": "x", "role": "boss"}, "role"),
    ({"name": "", "role": "analyst"}, "name"), ({"name": "   ", "role": "analyst"}, "name"),
    ({"name": "n" * 121, "role": "analyst"}, "name"), ({"name": 7, "role": "analyst"}, "name"),
    ({"name": "x", "role": "analyst", "token": "mine"}, "token"), ({"name": "a\x00", "role": "analyst"}, "name"),
])
def test_bad_users_are_422(shared_app, body, field):
    app, tokens = shared_app
    client = app.test_client()
    response = client.post("/api/users", json=body, headers=bearer(tokens["admin"]))
    error = response.get_json()
    assert response.status_code == 422, error
    assert field in error["errors"]
    assert len(client.get("/api/users", headers=bearer(tokens["admin"])).get_json()) == len(tokens)


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_only_admins_manage_users(client, make_user, role):
    token = make_user("someone", role)[1]
    for response in (client.get("/api/users", headers=bearer(token)),
                     client.post("/api/users", json={"name": "x", "role": "admin"}, headers=bearer(token))):
        assert response.status_code == 403 and response.get_json()["code"] == 403


def test_a_deeply_nested_body_is_400(client, admin_token):
    response = client.post("/api/users", data="[" * 100_000 + "]" * 100_000, content_type="application/json",
                           headers=bearer(admin_token))
    assert response.status_code == 400 and response.get_json()["code"] == 400


def test_users_need_a_token(client):
    response = client.get("/api/users")
    assert response.status_code == 401 and response.get_json()["code"] == 401
