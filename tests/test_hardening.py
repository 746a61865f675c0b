"""Every response carries the security headers; deployment settings come from CLAIMDESK_*
variables with their types; the access log has one line per request and never a token."""
from __future__ import annotations

import logging
import re

import pytest

from service import create_app
from service.config import SettingError, convert, from_environment
from service.db import db
from tests.conftest import bearer
from tests.test_web import log_in

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/health", 200), ("GET", "/login", 200), ("GET", "/review", 302),
    ("GET", "/review/static/review.js", 200), ("GET", "/review/static/review.css", 200),
    ("GET", "/api/openapi.json", 200), ("GET", "/api/claims", 401), ("GET", "/no/such/page", 404),
    ("POST", "/api/documents", 401),
])
def test_every_response_has_the_security_headers(client, method, path, status):
    with client.open(path, method=method) as response:
        pass
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in HEADERS} == HEADERS
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["default-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_pages_have_no_inline_script_or_style(client, analyst_token):
    log_in(client, analyst_token)
    for path in ("/login", "/review", "/logout"):
        html = client.get(path).text
        assert "<style" not in html and not re.search(r"\sstyle\s*=", html), path
        assert not re.search(r"\son[a-z]+\s*=", html) and "javascript:" not in html, path
        scripts = html.split("<script")[1:]
        assert scripts or path != "/review"
        assert all(' src="/review/static/' in tag.split(">")[0] for tag in scripts), path


def test_cookie_and_proxy_settings_come_from_the_environment(monkeypatch, database_url, analyst_token, caplog):
    monkeypatch.setenv("CLAIMDESK_SESSION_COOKIE_SECURE", "1")
    monkeypatch.setenv("CLAIMDESK_SESSION_COOKIE_NAME", "claimdesk_session")
    monkeypatch.setenv("CLAIMDESK_PROXY_COUNT", "1")
    monkeypatch.setenv("CLAIMDESK_HSTS_SECONDS", "31536000")
    monkeypatch.setenv("CLAIMDESK_TRUSTED_HOSTS", "localhost,desk.example")
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret"})
    try:
        client = app.test_client()
        response = log_in(client, analyst_token)
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("claimdesk_session=") and "; Secure" in cookie
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        caplog.set_level(logging.INFO, logger="claimdesk.access")
        client.get("/api/health", headers={"X-Forwarded-For": "203.0.113.9"})  # one proxy: its word is taken
        client.get("/api/health", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"})  # not further back
        assert [record.getMessage().split()[-1] for record in caplog.records] == ["from=203.0.113.9"] * 2
        assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("key, text, value", [
    ("SESSION_COOKIE_SECURE", "1", True), ("SESSION_COOKIE_SECURE", "true", True),
    ("SESSION_COOKIE_SECURE", " Yes ", True), ("SESSION_COOKIE_SECURE", "0", False),
    ("SESSION_COOKIE_SECURE", "off", False), ("AUTO_MIGRATE", "no", False),
    ("LEASE_SECONDS", "90", 90), ("MAX_CONTENT_LENGTH", " 1024 ", 1024), ("DATABASE_POOL_SIZE", "3", 3),
    ("SECRET_KEY", "s3cret", "s3cret"), ("SESSION_COOKIE_SAMESITE", "Strict", "Strict"),
    ("TRUSTED_HOSTS", "desk.example, localhost", ["desk.example", "localhost"]),
])
def test_settings_are_converted_to_their_types(key, text, value):
    assert convert(key, text) == value and type(convert(key, text)) is type(value)


@pytest.mark.parametrize("key, text, message", [
    ("SESSION_COOKIE_SECURE", "maybe", "expected 1/0, true/false"),
    ("LEASE_SECONDS", "ten", "expected a whole number"),
    ("PROXY_COUNT", "1.5", "expected a whole number"),
])
def test_bad_setting_values_are_refused_by_name(key, text, message):
    with pytest.raises(SettingError, match=f"CLAIMDESK_{key}=.*{message}"):
        from_environment({f"CLAIMDESK_{key}": text})


def test_unknown_variables_are_named_in_a_warning(caplog):
    settings = from_environment({"CLAIMDESK_SESSION_COOKIE_SECUR": "1", "CLAIMDESK_TEST_DATABASE_URL": "x",
                                 "CLAIMDESK_THREADS": "4", "CLAIMDESK_LEASE_SECONDS": "60", "OTHER": "1"})
    assert settings == {"LEASE_SECONDS": 60}
    assert [record.getMessage() for record in caplog.records] == [
        "Ignoring CLAIMDESK_SESSION_COOKIE_SECUR: claimdesk has no setting SESSION_COOKIE_SECUR."]


def test_the_access_log_has_one_line_per_request_and_no_token(client, admin_token, caplog):
    caplog.set_level(logging.INFO, logger="claimdesk.access")
    client.get("/api/users?page=1", headers=bearer(admin_token))
    client.get("/api/claims", headers=bearer("not-" + admin_token))
    client.get("/login")
    lines = [record.getMessage() for record in caplog.records if record.name == "claimdesk.access"]
    assert len(lines) == 3, lines
    assert [line.split()[:3] for line in lines] == [["GET", "/api/users", "200"], ["GET", "/api/claims", "401"],
                                                   ["GET", "/login", "200"]]
    assert [line.split()[5] for line in lines] == ["user=admin", "user=-", "user=-"]
    assert all(float(line.split()[3]) >= 0 and line.split()[4] == "ms" for line in lines)
    assert all(admin_token not in line and "page=" not in line for line in caplog.text.splitlines())


def test_a_bad_log_level_is_refused_by_name():
    from service.logs import configure

    with pytest.raises(SettingError, match="CLAIMDESK_LOG_LEVEL='LOUD': expected DEBUG, INFO"):
        configure("LOUD")
