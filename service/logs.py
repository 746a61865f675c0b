"""Logging: the access log (one line per request) and the setup the servers use.

An access line reads ``GET /api/claims/7 200 12.3 ms user=ana from=127.0.0.1``. It names the
path without its query string and never a header, so no token or cookie is ever written.
"""
from __future__ import annotations

import logging
import sys
import time

from flask import Flask, g, request

from service.config import SettingError

access = logging.getLogger("claimdesk.access")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(level: str = "INFO") -> None:
    """Log to stderr at ``level`` unless the host process (gunicorn, a test) configured logging."""
    if not isinstance(logging.getLevelName(str(level).upper()), int):
        raise SettingError(f"CLAIMDESK_LOG_LEVEL={level!r}: expected DEBUG, INFO, WARNING or ERROR")
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
        # FORMAT names no thread or process: don't look them up for every record (a third of
        # the cost of an access line).
        logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    root.setLevel(level.upper())
    # Alembic announces each of its plugins at INFO on every start; its "Running upgrade" lines stay.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def register(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_log)


def _start() -> None:
    g.access_started = time.perf_counter()


def _log(response):
    started = g.get("access_started")
    if started is not None and access.isEnabledFor(logging.INFO):
        milliseconds = (time.perf_counter() - started) * 1000
        user = getattr(g.get("user"), "name", None) or "-"
        # A record made here and handed to the logger's handlers, as access.info would, but
        # without its search of the call stack for the caller's file and line, which no access
        # line shows (a fifth of the cost of logging it).
        access.handle(access.makeRecord(
            access.name, logging.INFO, __file__, 0, "%s %s %d %.1f ms user=%s from=%s",
            (request.method, request.path, response.status_code, milliseconds, user,
             request.remote_addr or "-"), None, "_log"))
    return response
