"""Configuration defaults, then CLAIMDESK_* environment variables, then the mapping given to create_app."""
from __future__ import annotations

import os

ENV_PREFIX = "CLAIMDESK_"


class Defaults:
    DATABASE_URL = None  # None: SQLite file ``claimdesk.sqlite3`` in the instance folder
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # bytes; larger request bodies get 413
    LEASE_SECONDS = 600
    SECRET_KEY = None  # None: generated once and kept in the instance folder
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
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


_INT_KEYS = {"MAX_CONTENT_LENGTH", "LEASE_SECONDS", "FETCH_CONNECT_TIMEOUT", "FETCH_TIMEOUT", "FETCH_MAX_BYTES"}


def from_environment(environ=os.environ) -> dict:
    """Settings named CLAIMDESK_<KEY> in the environment, converted to their types."""
    settings = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX):]
        if not hasattr(Defaults, key) or key.startswith("TEST_"):
            continue
        settings[key] = int(value) if key in _INT_KEYS else value
    return settings
