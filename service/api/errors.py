"""One error shape for every response: ``{code, status, message, errors}``.

Domain errors are mapped to status codes here, in one table, so services never mention HTTP.
"""
from __future__ import annotations

from http import HTTPStatus

from flask import current_app
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from service import errors

LOCATIONS = {"json", "query", "headers", "form", "view_args", "files"}

STATUS_OF = {
    errors.NotFound: 404,
    errors.Unauthenticated: 401,
    errors.PermissionDenied: 403,
    errors.Conflict: 409,
    errors.StaleVersion: 412,
    errors.VersionRequired: 428,
    errors.RuleViolation: 422,
    errors.BadInput: 400,
    errors.FetchFailed: 502,
}


def error_body(code: int, message: str | None = None, details: dict | None = None) -> dict:
    status = HTTPStatus(code)
    body = {"code": code, "status": status.phrase, "message": message or status.description}
    if details:
        body["errors"] = details
    return body


def status_of(error: errors.DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 400


def handle_domain_error(error: errors.DomainError):
    code = status_of(error)
    headers = {"WWW-Authenticate": "Bearer"} if code == 401 else {}
    return error_body(code, error.message, error.errors), code, headers


def handle_http_exception(error: HTTPException):
    # webargs puts per-field messages in error.data["messages"], keyed by location
    data = getattr(error, "data", None) or {}
    details = data.get("messages")
    if isinstance(details, dict) and set(details) <= LOCATIONS:
        details = details.get("json") or details.get("query") or details
    if isinstance(details, list):  # a message about the body as a whole ("Invalid JSON body.")
        details = {"body": details}
    message = data.get("message") or error.description
    if error.code == 422 and not data.get("message"):
        message = "The request's fields are not valid; see 'errors'."
    elif error.code == 400 and details and not data.get("message"):
        message = "The request body could not be read; see 'errors'."
    elif error.code == 413:
        message = too_large_message(current_app.config.get("MAX_CONTENT_LENGTH"))
    headers = dict(data.get("headers") or {})
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))  # RFC 9110: a 405 names what is allowed
    return error_body(error.code or 500, message, details), error.code or 500, headers


def too_large_message(limit: int | None) -> str:
    if not limit:
        return "The request body is too large."
    return (f"The request body is larger than the limit of {limit:,} bytes ({limit / 1048576:.1f} MiB); "
            "send a smaller article or split it.")


def handle_too_deep(_error: RecursionError):
    # Python's JSON parser recurses: a body of a million "[" must be a 400, not a 500.
    return error_body(400, "The JSON body is nested too deeply."), 400


def handle_database_error(error: DBAPIError):
    # Connections are not pinged before use (a round trip per request): after a database restart
    # the first statement on a pooled connection fails, and SQLAlchemy then renews the whole pool.
    # Nothing was written, so the client may simply retry: a 503, not an unexplained 500.
    if not error.connection_invalidated:
        return handle_unexpected(error)
    current_app.logger.warning("Database connection lost; the pool was renewed: %s", error.orig)
    return error_body(503, "The connection to the database was lost and has been renewed; nothing was "
                           "changed. Retry the request."), 503, {"Retry-After": "1"}


def handle_unexpected(error: Exception):
    current_app.logger.exception("Unhandled error")
    return error_body(500, "The server met an unexpected error; nothing was changed."), 500


def register(app, api) -> None:
    from service import gate

    gate.register(app)
    app.register_error_handler(errors.DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(RecursionError, handle_too_deep)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)
