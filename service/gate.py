"""The one gate for input, whatever the door: the API, the review page's JSON and the CLI.

The API loads its bodies through flask-smorest with the marshmallow schemas of ``schemas/``; the
review page and the CLI call :func:`load` with those same schemas, so a NUL, a lone surrogate, a
``javascript:`` URL or an oversized text is refused the same way everywhere, before any service
runs. :func:`register` adds the HTTP rules the API and the page share: JSON bodies only (415).
"""
from __future__ import annotations

from flask import Flask, request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from service.errors import BadInput, DomainError, RuleViolation

# The paths whose bodies are JSON; /login and /logout take HTML forms.
JSON_PATHS = ("/api/", "/review/api/")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def load(schema: Schema, data) -> dict:
    """``schema.load(data)``; a RuleViolation (422) with the per-field messages when it fails."""
    try:
        return schema.load(data)
    except ValidationError as error:
        raise InvalidFields("The request's fields are not valid; see 'errors'.", _messages(error)) from None


def json_body(schema: Schema) -> dict:
    """The request's JSON body loaded by ``schema``: 400 when it is not JSON, 422 when a field is bad.
    An empty body counts as ``{}`` (page calls without arguments)."""
    if not request.get_data(cache=True):
        return load(schema, {})
    try:
        data = request.get_json()
    except BadRequest:  # not JSON at all (the content type was checked before the view ran)
        raise BadInput("The request body is not valid JSON.", {"body": ["Invalid JSON body."]}) from None
    return load(schema, data)


def describe(error: DomainError) -> str:
    """One line for a command's stderr: the per-field messages when a schema refused the input,
    else the error's own message."""
    if not isinstance(error, InvalidFields):
        return error.message
    return "; ".join(f"{name}: {_flat(messages)}" for name, messages in error.errors.items())


def _flat(messages) -> str:
    if isinstance(messages, dict):
        return "; ".join(f"{key}: {_flat(value)}" for key, value in messages.items())
    if isinstance(messages, list):
        return " ".join(_flat(message) for message in messages)
    return str(messages)


class InvalidFields(RuleViolation):
    """A schema refused some fields (422); ``errors`` holds the messages per field."""


def _messages(error: ValidationError) -> dict:
    messages = error.messages
    return messages if isinstance(messages, dict) else {"body": messages}


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def is_json_type(mimetype: str) -> bool:
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def require_json_body() -> None:
    """A body sent to a JSON endpoint must say it is JSON: a form or text/plain body is a 415,
    not a confusing 422 "Missing data" for fields that were in fact sent."""
    if request.method not in BODY_METHODS or not request.path.startswith(JSON_PATHS) or not _has_body():
        return
    if not is_json_type(request.mimetype):
        sent = request.mimetype or "no Content-Type"
        raise UnsupportedMediaType(
            f"Send the body as JSON with 'Content-Type: application/json' (this request sent {sent})."
        )


def register(app: Flask) -> None:
    app.before_request(require_json_body)
