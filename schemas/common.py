"""Pieces every resource shares: the strict base schema, the error body, health."""
import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate


class StrictSchema(Schema):
    """Rejects unknown fields: a typo in a client's request is an error, not a silent no-op."""

    class Meta:
        unknown = RAISE
        ordered = True


class ErrorSchema(StrictSchema):
    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP status phrase"})
    message = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "Per-field messages, when the input was at fault"})


class HealthSchema(StrictSchema):
    status = fields.String(dump_only=True)
    version = fields.String(dump_only=True)
    database = fields.String(dump_only=True)


# Patterns the OpenAPI document declares, so that what the document allows is what the server
# takes (schemathesis checks both ways). Written once for JSON Schema (ECMA regexes) and applied
# here with re.fullmatch, so "$" cannot let a trailing newline through on one side only.
_SPACE = r"\t\n\u000b\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # str.isspace
NO_NUL = r"[^\u0000]*"
NOT_BLANK = rf"[^\u0000]*[^\u0000{_SPACE}][^\u0000]*"  # no NUL and something besides white space
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = r"(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"  # 0-65535
HTTP_URL = (
    rf"[Hh][Tt][Tt][Pp][Ss]?://{_LABEL}(?:\.{_LABEL})*(?::{_PORT})?"  # a host name or IPv4; no IPv6 literals
    r"(?:[/?#][!-~]*)?"  # path, query, fragment: printable ASCII, percent-encoded beyond it
)


def anchored(pattern: str) -> str:
    """The pattern as the OpenAPI document states it (JSON Schema searches; anchors make it whole)."""
    return f"^{pattern}$"


class HttpUrl(fields.String):
    """An absolute http(s) URL in ASCII: no other scheme (javascript:, data:, file:), no spaces."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Length(max=2000))
        # No "format": "uri": the pattern alone is the contract, the same on both sides.
        metadata = {"pattern": anchored(HTTP_URL), **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not re.fullmatch(HTTP_URL, value):
            raise ValidationError("Must be an http:// or https:// URL (ASCII, no spaces).")
        return value
