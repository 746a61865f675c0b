"""Pieces every resource shares: the strict base schema, the error body, health."""
import re
from collections.abc import Mapping

from marshmallow import RAISE, Schema, ValidationError, fields, missing, validate


class StrictSchema(Schema):
    """Rejects unknown fields: a typo in a client's request is an error, not a silent no-op.

    Dumps through a plan made once per schema instance (see ``_serialize``)."""

    class Meta:
        unknown = RAISE
        ordered = True

    def _serialize(self, obj, *, many=False):
        # marshmallow's own loop costs about a microsecond of look-ups per field (a path split,
        # an item then an attribute try, the default), a third of GET /api/claims/<id>. What the
        # API dumps are records (models, views, named tuples) or mappings, and no field names a
        # path, so each field's value is read with one getattr or get; its formatting is still
        # the field's own, except for plain integers and strings, which are already what JSON
        # takes. The hooks (pre_dump, post_dump) run around this in marshmallow's dump, as ever.
        if many and obj is not None:
            return [self._serialize(item) for item in obj]
        plan = self.__dict__.get("_dump_plan") or self._make_dump_plan()
        if type(obj) is dict or isinstance(obj, Mapping):
            get = obj.get
            read = lambda attribute: get(attribute, missing)  # noqa: E731
        else:
            read = lambda attribute: getattr(obj, attribute, missing)  # noqa: E731
        result = {}
        for key, name, attribute, field, plain in plan:
            if attribute is None:  # Function and Method fields compute their value from the object
                value = field.serialize(name, obj, accessor=self.get_attribute)
            else:
                value = read(attribute)
                if value is missing:
                    value = field.dump_default() if callable(field.dump_default) else field.dump_default
                    if value is missing:
                        continue
                if not (plain and type(value) is plain):
                    value = field._serialize(value, name, obj)
            if value is not missing:
                result[key] = value
        return result

    def _make_dump_plan(self) -> list:
        plan = []
        for name, field in self.dump_fields.items():
            key = field.data_key if field.data_key is not None else name
            attribute = (field.attribute or name) if field._CHECK_ATTRIBUTE else None
            plain = {fields.Integer: int, fields.String: str}.get(type(field))  # exact types: no subclass
            if plain is int and field.as_string:
                plain = None
            plan.append((key, name, attribute, field, plain))
        self._dump_plan = plan
        return plan


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
    rf"[hH][tT][tT][pP][sS]?://{_LABEL}(?:\.{_LABEL})*(?::{_PORT})?"  # any case of scheme; a host name or IPv4; no IPv6 literals
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
