"""Configuration defaults, then CLAIMDESK_* environment variables, then the mapping given to create_app."""
from __future__ import annotations

import os

ENV_PREFIX = "CLAIMDESK_"


class Defaults:
    DATABASE_URL = None  # None: SQLite file ``claimdesk.sqlite3`` in the instance folder
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # bytes; larger request bodies get 413
    LEASE_SECONDS = 600
    DB_POOL_SIZE = None  # PostgreSQL connections per process; None: one per server thread
    EXTRACT_PROCESSES = 1  # worker processes that extract long articles (0: extract in the thread)
    EXTRACT_OFFLOAD_CHARS = 100_000  # articles at least this long are extracted in a worker process
    SECRET_KEY = None  # None: generated once and kept in the instance folder
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    JSON_SORT_KEYS = False

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


_INT_KEYS = {"MAX_CONTENT_LENGTH", "LEASE_SECONDS", "DB_POOL_SIZE", "EXTRACT_PROCESSES", "EXTRACT_OFFLOAD_CHARS"}


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
