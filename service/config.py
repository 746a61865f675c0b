"""Configuration defaults, then CLAIMDESK_* environment variables, then the mapping given to create_app."""
from __future__ import annotations

import logging
import os

ENV_PREFIX = "CLAIMDESK_"


class Defaults:
    DATABASE_URL = None  # None: SQLite file ``claimdesk.sqlite3`` in the instance folder
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # bytes; larger request bodies get 413
    LEASE_SECONDS = 600
    SESSION_SECONDS = 12 * 3600  # a review-page login lasts at most this long
    EXTRACT_PROCESSES = 1  # worker processes that extract long articles (0: extract in the thread)
    EXTRACT_OFFLOAD_CHARS = 100_000  # articles at least this long are extracted in a worker process
    SECRET_KEY = None  # None: generated once and kept in the instance folder
    AUTO_MIGRATE = True  # bring the schema up to date when the app starts
    # PostgreSQL connections kept per process (gunicorn: per worker). 0: one per server thread
    # (``claimdesk serve --threads``; 8 where the app cannot know its threads, e.g. under gunicorn).
    DATABASE_POOL_SIZE = 0
    DATABASE_MAX_OVERFLOW = 2  # extra connections per process under bursts (opened and closed each time)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # True behind TLS: the browser sends the cookie over HTTPS only
    SESSION_COOKIE_NAME = "session"
    SESSION_COOKIE_DOMAIN = None
    SERVER_NAME = None
    TRUSTED_HOSTS = None  # e.g. "claimdesk.example.org,localhost": other Host headers get 400
    APPLICATION_ROOT = "/"
    PREFERRED_URL_SCHEME = "http"
    PROXY_COUNT = 0  # reverse proxies in front whose X-Forwarded-* headers are trusted
    HSTS_SECONDS = 0  # >0 behind TLS: Strict-Transport-Security max-age
    CONTENT_SECURITY_POLICY = None  # None: service.middleware's policy
    REFERRER_POLICY = "same-origin"
    LOG_LEVEL = "INFO"
    JSON_SORT_KEYS = False

    # Ingest by URL (service.fetch): private hosts or networks a desk's intranet may be fetched
    # from ("wiki.intranet, 10.20.0.0/16"); everything else must be a public address.
    FETCH_ALLOW = ""
    FETCH_CONNECT_TIMEOUT = 5  # seconds
    FETCH_TIMEOUT = 20  # seconds for the whole fetch, redirects included
    FETCH_MAX_BYTES = 5 * 1024 * 1024

    # Exports (service.exports): who publishes the ClaimReviews, and where reviews are public.
    EXPORT_ORGANIZATION = "claimdesk"
    EXPORT_ORGANIZATION_URL = None
    PUBLIC_BASE_URL = None  # e.g. https://factcheck.example/ ; ClaimReview url = <base>claims/<id>

    API_TITLE = "claimdesk"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "info": {"description": "Claims and their attributed sources, extracted from news and reviewed by analysts."},
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
    }


# Read by ``claimdesk serve`` (options with these environment variables), not by the app.
SERVER_KEYS = {"HOST", "PORT", "THREADS", "CONNECTION_LIMIT", "CHANNEL_TIMEOUT"}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingError(ValueError):
    """A CLAIMDESK_* variable whose value does not fit its setting."""


_LIST_KEYS = {"TRUSTED_HOSTS"}


def convert(key: str, value: str):
    """The environment's text as the type of the setting's default: bool, int or text (a list,
    comma-separated, for the settings that take several values)."""
    default = getattr(Defaults, key)
    if key in _LIST_KEYS:
        return [item.strip() for item in value.split(",") if item.strip()] or None
    if isinstance(default, bool):
        if value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise SettingError(f"{ENV_PREFIX}{key}={value!r}: expected 1/0, true/false, yes/no or on/off")
    if isinstance(default, int):
        try:
            return int(value.strip())
        except ValueError:
            raise SettingError(f"{ENV_PREFIX}{key}={value!r}: expected a whole number") from None
    return value


def from_environment(environ=os.environ) -> dict:
    """Settings named CLAIMDESK_<KEY> in the environment, converted to their types."""
    settings = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX):]
        if key.startswith("TEST_") or key in SERVER_KEYS:
            continue
        if not hasattr(Defaults, key) or key.startswith("_"):
            logging.getLogger("claimdesk").warning("Ignoring %s: claimdesk has no setting %s.", name, key)
            continue
        settings[key] = convert(key, value)
    return settings
