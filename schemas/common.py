"""Pieces every resource shares: the strict base schema, the error body, health."""
from marshmallow import RAISE, Schema, fields


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
